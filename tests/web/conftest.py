"""A real cablebase server on loopback, over an archive of the corpus plus a hostile cable."""

from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest

from cablebase.ingest import ingest

FIXTURES = Path(__file__).parents[1] / "fixtures"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="session")
def web_db(corpus_db, tmp_path_factory) -> Path:
    db = tmp_path_factory.mktemp("web") / "web.db"
    shutil.copy(corpus_db, db)
    summary = ingest([str(FIXTURES / "10EVILPOST1.txt")], db, workers=1)
    assert summary.new == 1
    return db


@pytest.fixture(scope="session")
def server(web_db):
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(web_db), "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120  # a busy machine (parallel suites) can take a while to start a server
    while time.monotonic() < deadline:
        try:
            if httpx.get(base + "/api/stats", timeout=5).status_code == 200:
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
def client(server):
    with httpx.Client(base_url=server, timeout=30) as c:
        yield c
