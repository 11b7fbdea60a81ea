"""The PostgreSQL test server itself: each test gets an empty database of its own."""

from __future__ import annotations

import psycopg


def test_fresh_database_is_empty_and_utf8(pg_url):
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone()[0] == 0
        assert conn.execute("SHOW server_encoding").fetchone()[0] == "UTF8"
        conn.execute("CREATE TABLE left_behind (x int)")


def test_databases_do_not_share_tables(pg_url, pg_server):
    with psycopg.connect(pg_url) as conn:
        assert conn.execute("SELECT to_regclass('left_behind')").fetchone()[0] is None
    with psycopg.connect(pg_server) as conn:  # the test's database is listed while it runs
        names = {r[0] for r in conn.execute("SELECT datname FROM pg_database")}
    assert pg_url.rsplit("/", 1)[1].split("?")[0] in names
