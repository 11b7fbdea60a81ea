"""The SQLite library: the bundled recent one where pysqlite3-binary has a wheel, and the same one
that Datasette uses."""

from __future__ import annotations

import platform
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
