"""A real cablebase server on loopback, over an archive of the corpus plus a hostile cable."""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest

import pgserver
from cablebase.ingest import ingest
from pgserver import BACKENDS

FIXTURES = Path(__file__).parents[1] / "fixtures"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def unused_port() -> int:
    return free_port()


@pytest.fixture(scope="session")
def web_db(corpus_db, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("web") / "web.db"
    shutil.copy(corpus_db, db)
    summary = ingest([str(FIXTURES / "10EVILPOST1.txt")], db, workers=1)
    assert summary.new == 1
    return db


@pytest.fixture(scope="session")
def web_pg(web_db, pg_server):
    """The web archive copied into PostgreSQL (`cablebase copy`); its URL."""
    with pgserver.scratch_database(pg_server, "cablebase_web", copy_of=web_db) as url:
        yield url


@contextmanager
def serving(db: Path | str, workers: int = 1) -> Iterator[subprocess.Popen]:
    """A real `cablebase serve` (of `workers` processes) on a free loopback port over `db`; yields
    the server process, its base URL as `.base`. The server and its worker processes are one
    process group, stopped together."""
    port = free_port()
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(db), "--port", str(port),
                             "--workers", str(workers)], stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    proc.base = base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + (90 if workers == 1 else 300)  # a shared, loaded machine starts Python slowly
    try:
        while not _answers(base):
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                raise RuntimeError("server did not start: " + log.read().decode(errors="replace"))
            time.sleep(0.1)
        yield proc
    finally:
        for sig in (signal.SIGTERM, signal.SIGKILL):
            try:
                os.killpg(proc.pid, sig)  # the server and any worker processes it started
                proc.wait(timeout=30)
                break
            except ProcessLookupError:
                break
            except subprocess.TimeoutExpired:
                continue
        log.close()


def _answers(base: str) -> bool:
    try:
        return httpx.get(base + "/api/stats", timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


@pytest.fixture(scope="session")
def serve():
    """`serving`, for a test that starts a server of its own."""
    return serving


@pytest.fixture(scope="session")
def server(web_db):
    """The server over the SQLite archive (the browser tests' own)."""
    with serving(web_db) as proc:
        yield proc.base


@pytest.fixture(scope="session", params=BACKENDS)
def served(request, web_db):
    """The server over the same archive on each backend in turn: the SQLite file, then its copy in
    PostgreSQL."""
    if request.param == "sqlite":
        yield request.getfixturevalue("server")
        return
    with serving(request.getfixturevalue("web_pg")) as proc:
        yield proc.base


@pytest.fixture(scope="session")
def scored_server(tmp_path_factory):
    """A server over the package's sample, scored by `cablebase review --score` (the shipped model)."""
    from importlib import resources

    db = tmp_path_factory.mktemp("scored") / "sample.db"
    ingest([str(resources.files("cablebase.data").joinpath("sample"))], db, workers=1)
    scored = subprocess.run([sys.executable, "-m", "cablebase.cli", "review", "--score", "--db", str(db)],
                            capture_output=True, text=True)
    assert scored.returncode == 0 and "scored 39 cables" in scored.stderr, scored.stderr
    with serving(db) as proc:
        yield proc.base


@pytest.fixture(scope="session")
def client(served):
    """An HTTP client of the server on each backend in turn."""
    with httpx.Client(base_url=served, timeout=30) as c:
        yield c
