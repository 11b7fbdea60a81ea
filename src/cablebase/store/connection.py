"""Connections to an archive file: opened for writing (created and migrated) or read-only (memory-
mapped), per-thread readers for the search's worker threads."""

from __future__ import annotations

import os
import threading
from pathlib import Path
from urllib.parse import quote

from ..errors import SchemaError
from . import bodies, ranking
from .driver import sqlite3
from .schema import SCHEMA_VERSION, migrate

DEFAULT_DB = "cables.db"
CANTOPEN = 14  # SQLITE_CANTOPEN: the file, or the files beside it, cannot be opened
NOTADB = 26  # SQLITE_NOTADB: the file does not start as a SQLite database does


def connect(path: str | os.PathLike, readonly: bool = False) -> sqlite3.Connection:
    """Open an archive file (creating and migrating it unless `readonly`).

    A read-only open of an archive written by an older cablebase upgrades it first (reads rely on
    the current schema's indexes). SchemaError if it cannot be, or if the file is not an archive:
    another application's SQLite database is refused before anything is written to it."""
    if readonly:
        conn = open_readonly(path)
        found = schema_of(conn, path)
        if found != SCHEMA_VERSION:
            conn.close()
            if found > SCHEMA_VERSION:
                raise SchemaError(f"archive schema version {found} is newer than this cablebase ({SCHEMA_VERSION})")
            try:
                connect(path).close()
            except sqlite3.OperationalError as exc:
                raise SchemaError(f"{path} was written by an older cablebase (schema {found}) and cannot be "
                                  f"upgraded here ({exc}); open it once where it is writable") from None
            conn = open_readonly(path)
    else:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            peek = open_readonly(path)
            try:
                schema_of(peek, path, empty_ok=True)
            finally:
                peek.close()
        conn = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
        _prepare(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    return conn


def schema_of(conn: sqlite3.Connection, path: str | os.PathLike, empty_ok: bool = False) -> int:
    """The schema version of the archive on `conn`; SchemaError if the file is not a SQLite database,
    or is one that is not a cablebase archive (unless it is an empty database and `empty_ok`)."""
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) != NOTADB:
            raise  # a damaged file: said as such by the caller
        raise SchemaError(f"{path} is not a SQLite database ({exc})") from None
    if found > 0 and "cables" in tables or empty_ok and found == 0 and not tables:
        return found
    held = f" (it holds {', '.join(tables[:5])}{'…' if len(tables) > 5 else ''})" if tables else ""
    raise SchemaError(f"{path} is not a cablebase archive{held}: it is left as it is")


_READERS = threading.local()
READ_MMAP_BYTES = 1 << 40
"""How much of the archive file read-only connections map into memory (all of it, up to 1 TB):
they read pages straight from the operating system's file cache, shared by every connection,
instead of copying them into each connection's own page cache (2 MB by default: a server
thread's connection would keep re-reading the index pages a search needs)."""
WORKER_CACHE_KB = 65536
"""Page cache of each worker thread's connection (SQLite's default is 2 MB): the counts, facets and
rankings made there seek the same index pages search after search. Two such threads: ≤ 128 MB an archive."""


def database_file(conn: sqlite3.Connection) -> str | None:
    """The file `conn` has open; None for an in-memory database."""
    return conn.execute("PRAGMA database_list").fetchone()[2] or None


def thread_reader(path: str) -> sqlite3.Connection:
    """A read-only connection to the archive at `path` owned by the calling thread, kept for reuse
    (worker threads use it to run part of a query on another core). It is opened again when the
    file at `path` is a new one; a thread keeps at most four open."""
    opened: dict[str, tuple[sqlite3.Connection, tuple[int, int]]] = _READERS.__dict__.setdefault("conns", {})
    stat = os.stat(path)
    conn, identity = opened.pop(path, (None, None))
    if conn is not None and identity != (stat.st_dev, stat.st_ino):
        conn.close()
        conn = None
    while len(opened) >= 4:
        opened.pop(next(iter(opened)))[0].close()
    if conn is None:
        conn = open_readonly(path)
        conn.execute(f"PRAGMA cache_size = -{WORKER_CACHE_KB}")
    opened[path] = (conn, (stat.st_dev, stat.st_ino))  # most recent last
    return conn


def open_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    """A read-only connection. On read-only media, where SQLite cannot make the shared-memory file
    a WAL archive needs, the file is opened as immutable — when no write-ahead log is pending
    beside it, which it would not see."""
    resolved = Path(path).resolve()
    conn = _readonly_connection(f"file:{quote(str(resolved))}?mode=ro")
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # SQLite opens the file lazily
    except sqlite3.DatabaseError as exc:
        conn.close()
        wal = Path(f"{resolved}-wal")
        if getattr(exc, "sqlite_errorcode", None) == NOTADB:
            raise SchemaError(f"{path} is not a SQLite database ({exc})") from None
        if getattr(exc, "sqlite_errorcode", None) != CANTOPEN or not resolved.exists():
            raise
        if wal.exists() and wal.stat().st_size > 0:
            raise SchemaError(f"{path} cannot be read here: its write-ahead log ({wal.name}) holds changes not yet "
                              "in the archive and this place is read-only; open it once where it is writable")
        conn = _readonly_connection(f"file:{quote(str(resolved))}?immutable=1")
    return conn


def _readonly_connection(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    _prepare(conn)
    conn.execute("PRAGMA query_only = ON")
    conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
    return conn


def _prepare(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    bodies.register(conn)
    ranking.sized(conn)  # every connection of one process scores alike: a search shares its work among them
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")


def is_current(conn: sqlite3.Connection, key: str) -> bool:
    """Whether the archive on `conn` holds a current version of the cable `key`."""
    return conn.execute("SELECT 1 FROM cables WHERE key = ? AND is_current = 1", (key,)).fetchone() is not None
