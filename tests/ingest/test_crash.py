"""kill -9 a real ingest at several points, on each backend: the archive stays consistent (as
`cablebase check` sees it) and a re-run completes it; two ingests at once; readers see one
consistent snapshot while an ingest writes."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import psycopg
import pytest

from cablebase.errors import SchemaError
from cablebase.reader import Reader
from cablebase.store import is_url, open_archive
from cablebase.store import check_archive
from cablebase.store.driver import sqlite3
from cablebase.store.transfer import INDEXED

CLI = [sys.executable, "-m", "cablebase.cli"]


def _count(db: str) -> int:
    """Cables stored so far (0 before the schema exists), read without taking any lock."""
    try:
        if is_url(db):
            with psycopg.connect(db, connect_timeout=5) as conn:
                return conn.execute("SELECT count(*) FROM cables").fetchone()[0]
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return conn.execute("SELECT count(*) FROM cables").fetchone()[0]
        finally:
            conn.close()
    except (sqlite3.Error, psycopg.Error):  # killed before the schema was created
        return 0


def _children(pid: int) -> list[int]:
    out = []
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as fh:
            out += [int(c) for c in fh.read().split()]
    return out


def _consistent(db: str) -> None:
    """Everything `cablebase check` checks is sound, but the runs a kill interrupted."""
    if not is_url(db) and not os.path.exists(db):
        return  # killed before the file was made
    try:
        report = check_archive(db)
    except SchemaError:
        return  # killed before the schema was created: an empty database
    if report.findings[0].check == "schema version" and report.findings[0].detail.startswith("schema 0"):
        return  # (PostgreSQL: likewise)
    wrong = [f for f in report.findings if not f.ok and f.check != "ingest runs"]
    assert not wrong, wrong


@pytest.fixture(params=["sqlite", "postgresql"])
def target(request, tmp_path) -> str:
    """A new archive on each backend: a file name, then an empty database's URL."""
    return str(tmp_path / "crash.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")


def _ingest(db: str, workers: int = 1, corpus=None) -> list[str]:
    return CLI + ["ingest", str(corpus / "cables-dev.csv"), "--db", db, "--workers", str(workers), "--quiet"]


@pytest.mark.slow
def test_kill_and_resume(target, corpus):
    args = _ingest(target, corpus=corpus)
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    kills = []
    for threshold in (0, 256, 512, 768):
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 120
        while proc.poll() is None and time.monotonic() < deadline:
            if threshold == 0 or _count(target) >= threshold:
                break
            time.sleep(0.02)
        if threshold == 0:
            time.sleep(0.5)  # mid-start: schema creation or first batch
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            proc.wait()
            kills.append(_count(target))
        _consistent(target)
    assert len(kills) >= 2, f"the ingest finished before it could be killed: {kills}"
    assert kills == sorted(kills)
    done = subprocess.run(args, env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    _consistent(target)
    with open_archive(target, readonly=True) as archive:
        assert archive.table_counts()["cables"] == 944
        statuses = [run["status"] for run in reversed(archive.runs())]
    assert statuses[-1] == "done" and "interrupted" in statuses


def test_two_ingests_at_once_and_readers_see_one_snapshot(target, corpus):
    args = _ingest(target, corpus=corpus)
    first = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen, checked_second = [], False
    try:
        while first.poll() is None or not seen:
            if _count(target) == 0:
                time.sleep(0.02)
                continue
            if not checked_second:
                second = subprocess.run(args, capture_output=True, text=True)
                checked_second = True
                if first.poll() is None:  # still writing: the second must have been refused
                    assert second.returncode == 2 and "another ingest is writing" in second.stderr
            with Reader.open(target) as reader:
                counts = reader.archive.table_counts()  # one snapshot
                assert counts["cables"] == counts[INDEXED] <= counts["sources"]  # every stored cable fully indexed
                assert reader.search("", per_page=1).total >= counts["cables"]
            seen.append(counts["cables"])
    finally:
        first.wait()
    assert first.returncode == 0 and len(seen) >= 2
    assert seen == sorted(seen)
    _consistent(target)
    assert _count(target) == 944


def test_killed_ingest_with_workers_leaves_no_lock(tmp_path, corpus):
    """Worker processes of a killed ingest must not keep the archive file locked (found by bench/crash.py;
    on PostgreSQL the writer's lock is the session's, released when it dies)."""
    db = str(tmp_path / "w.db")
    args = _ingest(db, workers=2, corpus=corpus)
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
