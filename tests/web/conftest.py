"""A real cablebase server on loopback, over an archive of the corpus plus a hostile cable."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx
import pytest

from cablebase.ingest import ingest

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


@contextmanager
def serving(db: Path) -> Iterator[str]:
    """A real `cablebase serve` on a free loopback port over `db`; yields its base URL."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 90  # a shared, loaded machine can take long to start Python
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stats", timeout=1).status_code == 200:
                break
        except httpx.HTTPError:
            time.sleep(0.1)
    else:
        proc.kill()
        raise RuntimeError("server did not start: " + proc.stdout.read().decode(errors="replace"))
    yield base
    proc.terminate()
    proc.wait(timeout=10)


@pytest.fixture(scope="session")
def server(web_db):
    with serving(web_db) as base:
        yield base


@pytest.fixture(scope="session")
def scored_server(tmp_path_factory):
    """A server over the package's sample, scored by `cablebase review --score` (the shipped model)."""
    from importlib import resources

    db = tmp_path_factory.mktemp("scored") / "sample.db"
    ingest([str(resources.files("cablebase.data").joinpath("sample"))], db, workers=1)
    scored = subprocess.run([sys.executable, "-m", "cablebase.cli", "review", "--score", "--db", str(db)],
                            capture_output=True, text=True)
    assert scored.returncode == 0 and "scored 39 cables" in scored.stderr, scored.stderr
    with serving(db) as base:
        yield base


@pytest.fixture(scope="session")
def client(server):
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c


@pytest.fixture
def serve():
    """`serving(db)`, for a test that builds its own archive."""
    return serving
