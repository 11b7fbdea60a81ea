"""`cablebase check` and what every command says of a damaged archive file: real files, real
`cablebase` processes."""

from __future__ import annotations

import re
import shutil
import sqlite3 as stdlib_sqlite3
import subprocess
import sys
import time
from contextlib import closing

import httpx
import pytest
from web.conftest import free_port

from cablebase.ingest import ingest
from cablebase.store import check_archive
from cablebase.store.driver import sqlite3

CLI = [sys.executable, "-m", "cablebase.cli"]


def run(*args) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def sound(tmp_path_factory, corpus):
    db = tmp_path_factory.mktemp("check") / "sound.db"
    ingest([str(corpus / "cablegate-txt")], db, workers=1)
    return db


def test_a_sound_archive_passes(sound):
    r = run("check", "--db", sound)
    assert r.returncode == 0, r.stdout + r.stderr
    assert "FAIL" not in r.stdout and "is sound" in r.stdout
    assert "full-text index cables_fts: ok" in r.stdout


def test_overwritten_bytes_are_found_and_every_command_says_so(sound, tmp_path):
    db = tmp_path / "damaged.db"
    shutil.copy(sound, db)
    # junk over every leaf page of the cables and of their text index (Python's own SQLite has the
    # dbstat table, pysqlite3's has not); the schema and the inner pages stay whole however the schema grows
    with closing(stdlib_sqlite3.connect(db)) as conn:
        page_size = conn.execute("PRAGMA page_size").fetchone()[0]
        pages = [n for (n,) in conn.execute("SELECT pageno FROM dbstat WHERE pagetype = 'leaf'"
                                            " AND name IN ('cables', 'cables_fts_data')")]
    assert len(pages) > 20
    with open(db, "r+b") as fh:
        for page in pages:
            fh.seek((page - 1) * page_size)
            fh.write(b"\xde\xad\xbe\xef" * (page_size // 4))
    report = check_archive(db)
    assert report.damaged and not report.ok
    r = run("check", "--db", db)
    assert r.returncode == 4 and "FAIL" in r.stdout and "rebuild it" in r.stdout
    exported = run("export", "--format", "jsonl", "--db", db)
    assert exported.returncode == 4 and "Traceback" not in exported.stderr
    (line,) = exported.stderr.strip().splitlines()
    assert line.startswith(f"error: {db} is damaged (") and "cablebase check" in line
    searched = run("search", "the", "--db", db)  # a common word reads the damaged pages
    assert searched.returncode == 4 and len(searched.stderr.strip().splitlines()) == 1
    port = free_port()
    proc = subprocess.Popen(CLI + ["serve", "--db", str(db), "--port", str(port)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    try:
        for _ in range(300):
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/search?q=the", timeout=30)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert response.status_code == 500 and response.json()["error"]["code"] == "damaged_archive"
        page = httpx.get(f"http://127.0.0.1:{port}/?q=the", timeout=30)
        assert page.status_code == 500 and "the archive file is damaged" in page.text
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_an_interrupted_run_is_repaired_by_ingesting_again(sound, tmp_path):
    db = tmp_path / "interrupted.db"
    shutil.copy(sound, db)
    conn = sqlite3.connect(db)
    conn.execute("UPDATE runs SET status = 'interrupted'")
    conn.commit()
    conn.close()
    r = run("check", "--db", db)
    assert r.returncode == 1 and "running the same ingest" in r.stdout + r.stderr
    assert not check_archive(db).damaged


def test_a_database_of_another_application_is_not_an_archive(tmp_path):
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE notes (x)").connection.commit()
    r = run("check", "--db", other)
    assert r.returncode == 2 and "not a cablebase archive (it holds notes)" in r.stderr


def test_a_missing_or_wrong_index_in_postgresql_is_found(pg_url, seed_path):
    """`check` on PostgreSQL looks for every index the schema makes, the GIN full-text ones too, and
    says how to make one again; made again, the archive is sound."""
    import psycopg

    from cablebase.parse import parse_text
    from cablebase.store import PostgresArchive
    from cablebase.store.postgres.schema import expected_indexes

    with PostgresArchive(pg_url) as archive:
        archive.add([parse_text(seed_path.read_text(), path="05ALMATY2058.txt")])
    sound = check_archive(pg_url)
    assert sound.ok, [f for f in sound.findings if not f.ok]
    indexes = next(f for f in sound.findings if f.check == "indexes")
    assert indexes.detail == f"all {len(expected_indexes())} present and valid (3 GIN)"
    with psycopg.connect(pg_url, autocommit=True) as conn:
        conn.execute("DROP INDEX search_text_fts")
        conn.execute("DROP INDEX cables_year")
        conn.execute("CREATE INDEX cables_year ON cables USING hash (year)")
    report = check_archive(pg_url)
    indexes = next(f for f in report.findings if f.check == "indexes")
    assert not indexes.ok and not report.ok
    assert "search_text_fts is missing (make it again: DROP INDEX IF EXISTS search_text_fts; " \
           "CREATE INDEX search_text_fts ON search_text USING gin (fts);)" in indexes.detail
    assert "cables_year is a hash index on cables, not btree on cables" in indexes.detail
    with psycopg.connect(pg_url, autocommit=True) as conn:  # the statements the detail gives
        for statement in re.findall(r"\(make it again: (.*?;)\)", indexes.detail):
            conn.execute(statement)
    assert check_archive(pg_url).ok
