"""The SQLite library cablebase runs on.

Where `pysqlite3-binary` is installed (a dependency on x86-64 Linux) this is its `dbapi2` module,
which bundles a recent SQLite: its FTS5 ranks a common word about 1.5× faster than the SQLite 3.40
that Python links on Debian 12. Elsewhere it is Python's own `sqlite3`, with the same API. Every
module opens archives through this one, so a process never runs two SQLite libraries on one file
(their POSIX locks would not see each other). Datasette makes the same choice.
"""

from __future__ import annotations

try:
    from pysqlite3 import dbapi2 as sqlite3
except ImportError:  # no wheel for this platform: the standard library's
    import sqlite3  # type: ignore[no-redef]

__all__ = ["sqlite3"]
