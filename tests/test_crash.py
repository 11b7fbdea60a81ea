"""kill -9 a real ingest at several points; the archive stays consistent and a re-run completes it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import pytest

from cablebase.store.driver import sqlite3

CLI = [sys.executable, "-m", "cablebase.cli"]


def _count(db) -> int:
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM cables").fetchone()[0]
        finally:
            conn.close()
    except sqlite3.Error:
        return 0


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            out += [int(c) for c in fh.read().split()]
    return out


def _consistent(db) -> None:
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    if conn.execute("PRAGMA user_version").fetchone()[0] == 0:
        return  # killed before the schema was created: an empty database
    conn.execute("INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')")
    conn.execute("INSERT INTO cables_prefix(cables_prefix) VALUES ('integrity-check')")
    assert conn.execute("SELECT count(*) - count(DISTINCT key) FROM cables").fetchone()[0] == 0
    # no orphan parts: every paragraph and reference belongs to a stored cable
    assert conn.execute("SELECT count(*) FROM paragraphs WHERE cable_id NOT IN (SELECT id FROM cables)").fetchone()[0] == 0
    assert conn.execute("SELECT count(*) FROM cables c WHERE NOT EXISTS "
                        "(SELECT 1 FROM sources s WHERE s.cable_id = c.id)").fetchone()[0] == 0
    conn.close()


@pytest.mark.slow
def test_kill_and_resume(tmp_path, corpus):
    db = tmp_path / "k.db"
    args = CLI + ["ingest", str(corpus / "cables-dev.csv"), "--db", str(db), "--workers", "1", "--quiet"]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    kills = []
    for threshold in (0, 256, 512, 768):
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            if threshold == 0 or _count(db) >= threshold:
                break
            time.sleep(0.01)
        if threshold == 0:
            time.sleep(0.3)  # mid-start: schema creation or first batch
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills.append(_count(db))
        _consistent(db)
    assert len(kills) >= 3, f"the ingest finished before it could be killed: {kills}"
    assert kills == sorted(kills)
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    _consistent(db)
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM cables").fetchone()[0] == 944
    statuses = [r[0] for r in conn.execute("SELECT status FROM runs ORDER BY id")]
    assert statuses[-1] == "done" and "interrupted" in statuses


def test_two_ingests_at_once(tmp_path, corpus):
    db = tmp_path / "two.db"
    args = CLI + ["ingest", str(corpus / "cables-dev.csv"), "--db", str(db), "--workers", "1", "--quiet"]
    first = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 30
        while _count(db) == 0 and time.monotonic() < deadline and first.poll() is None:
            time.sleep(0.01)
        second = subprocess.run(args, capture_output=True, text=True)
        if first.poll() is None:
            assert second.returncode == 2
            assert "another ingest is writing" in second.stderr
    finally:
        first.wait()
    assert first.returncode == 0
    _consistent(db)
    assert _count(db) == 944


def test_readers_see_consistent_data_during_an_ingest(tmp_path, corpus):
    from cablebase.store.search import search
    from cablebase.store import connect

    db = tmp_path / "r.db"
    args = CLI + ["ingest", str(corpus / "cables-dev.csv"), "--db", str(db), "--workers", "1", "--quiet"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen, checks = [], 0
    try:
        while proc.poll() is None or checks == 0:
            if _count(db) == 0:
                time.sleep(0.01)
                continue
            conn = connect(db, readonly=True)
            current, indexed, parts = conn.execute(
                "SELECT (SELECT count(*) FROM cables WHERE is_current = 1), (SELECT count(*) FROM cables_fts_docsize),"
                " (SELECT count(DISTINCT cable_id) FROM sources)").fetchone()
            assert current == indexed == parts  # one snapshot: every stored cable fully indexed
            result = search(conn, "", per_page=1)
            assert result.total >= current
            seen.append(current)
            conn.close()
            checks += 1
    finally:
        proc.wait()
    assert proc.returncode == 0 and checks >= 3
    assert seen == sorted(seen)


def test_killed_ingest_with_workers_leaves_no_lock(tmp_path, corpus):
    """Worker processes of a killed ingest must not keep the archive locked (found by bench/crash.py)."""
    db = tmp_path / "w.db"
    args = CLI + ["ingest", str(corpus / "cables-dev.csv"), "--db", str(db), "--workers", "2", "--quiet"]
    proc = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 60
    while _count(db) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    workers = _children(proc.pid)
    assert workers, "the ingest should have started worker processes"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    deadline = time.monotonic() + 10
    while any(os.path.exists(f"/proc/{w}") for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(os.path.exists(f"/proc/{w}") for w in workers), "orphaned workers survived the ingest"
    again = subprocess.run(args, capture_output=True, text=True)
    assert again.returncode == 0, again.stderr
    _consistent(db)
    assert _count(db) == 944
