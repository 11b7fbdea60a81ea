"""The SQLite library: the bundled recent one where pysqlite3-binary has a wheel, and the same one
that Datasette uses."""

from __future__ import annotations

import platform
import subprocess
import sys

import pytest

from cablebase.store.driver import sqlite3


@pytest.mark.skipif(not (sys.platform == "linux" and platform.machine() == "x86_64"),
                    reason="pysqlite3-binary is a dependency on x86-64 Linux only")
def test_the_bundled_recent_sqlite_is_used_where_it_is_a_dependency():
    assert sqlite3.__name__ == "pysqlite3.dbapi2"
    assert sqlite3.sqlite_version_info >= (3, 51)


def test_datasette_runs_on_the_same_library():
    from datasette.utils import sqlite as datasette_sqlite

    assert datasette_sqlite.sqlite3.sqlite_version == sqlite3.sqlite_version
    conn = datasette_sqlite.sqlite3.connect(":memory:")
    assert isinstance(conn, sqlite3.Connection)


def test_python_s_own_sqlite3_runs_cablebase_where_pysqlite3_is_missing(tmp_path, seed_path):
    """Other platforms have no pysqlite3-binary wheel: the same code runs on the standard library."""
    script = f"""
import sys
sys.modules["pysqlite3"] = None  # as if it were not installed
from cablebase.ingest import ingest
from cablebase.store.search import search
from cablebase.store import connect
from cablebase.store.driver import sqlite3
assert sqlite3.__name__ == "sqlite3", sqlite3.__name__
ingest([{str(seed_path)!r}], {str(tmp_path / "a.db")!r}, workers=1)
result = search(connect({str(tmp_path / "a.db")!r}, readonly=True), "Mazhilis")
print(result.total, result.hits[0].reference_id, "<mark>" in result.hits[0].snippet)
"""
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True).stdout
    assert out.split() == ["1", "05ALMATY2058", "True"]
