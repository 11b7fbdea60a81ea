"""The crash tests of tests/test_crash.py against a PostgreSQL archive: kill -9 a real ingest at
several points, the archive stays consistent and a re-run completes it; two ingests at once; readers
see one consistent snapshot while an ingest writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest

CLI = [sys.executable, "-m", "cablebase.cli"]


def _count(url: str) -> int:
    try:
        with psycopg.connect(url, connect_timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM cables").fetchone()[0]
    except psycopg.Error:  # killed before the schema was created
        return 0


def _consistent(url: str) -> None:
    with psycopg.connect(url) as conn:
        one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
        if one("SELECT to_regclass('cablebase_schema')") is None:
            return  # killed before the schema was created
        assert one("SELECT count(*) - count(DISTINCT key) FROM cables") == 0
        assert one("SELECT count(*) FROM cables WHERE is_current = 1") == one("SELECT count(*) FROM search_text")
        assert one("SELECT count(*) FROM search_text t JOIN cables c ON c.id = t.id WHERE c.is_current = 0") == 0
        assert one("SELECT count(*) FROM cables c WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.cable_id = c.id)") == 0
        # the word counts follow the index exactly (statement triggers, in each batch's transaction)
        assert one("""SELECT count(*) FROM (SELECT w.lexeme, count(*) AS n FROM search_text, unnest(words) w
                      GROUP BY w.lexeme) actual FULL JOIN (SELECT * FROM cable_words WHERE cables > 0) kept
                      ON kept.word = actual.lexeme WHERE kept.cables IS DISTINCT FROM actual.n""") == 0


@pytest.mark.slow
def test_kill_and_resume(pg_url, corpus):
    args = CLI + ["ingest", str(corpus / "cables-dev.csv"), "--db", pg_url, "--workers", "1", "--quiet"]
    kills = []
    for threshold in (0, 256, 512):
        proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if threshold == 0 or _count(pg_url) >= threshold:
                break
            time.sleep(0.05)
        if threshold == 0:
            time.sleep(1.0)  # mid-start: schema creation or first batch
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills.append(_count(pg_url))
        _consistent(pg_url)
    assert len(kills) >= 2, f"the ingest finished before it could be killed: {kills}"
    assert kills == sorted(kills)
    done = subprocess.run(args, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    _consistent(pg_url)
    assert _count(pg_url) == 944
    with psycopg.connect(pg_url) as conn:
        statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses[-1] == "done" and "interrupted" in statuses


def test_two_ingests_at_once_and_readers_see_one_snapshot(pg_url, corpus):
    from cablebase.search import search

    args = CLI + ["ingest", str(corpus / "cables-dev.csv"), "--db", pg_url, "--workers", "1", "--quiet"]
    first = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen, checked_second = [], False
    try:
        while first.poll() is None or not seen:
            if _count(pg_url) == 0:
                time.sleep(0.05)
                continue
            if not checked_second:
                second = subprocess.run(args, capture_output=True, text=True)
                checked_second = True
                if first.poll() is None:  # still writing: the second must have been refused
                    assert second.returncode == 2 and "another ingest is writing" in second.stderr
            with psycopg.connect(pg_url) as conn, conn.transaction():
                conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
                current, indexed, sourced = conn.execute(
                    "SELECT (SELECT count(*) FROM cables WHERE is_current = 1), (SELECT count(*) FROM search_text), "
                    "(SELECT count(DISTINCT cable_id) FROM sources)").fetchone()
                assert current == indexed == sourced  # every stored cable fully indexed
                assert search(conn, "", per_page=1).total == current
                seen.append(current)
    finally:
        first.wait()
    assert first.returncode == 0
    assert seen == sorted(seen)
    _consistent(pg_url)
    assert _count(pg_url) == 944
