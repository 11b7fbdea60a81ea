"""`serve --workers N`: N server processes answer on one port, each with its own connections, over
an SQLite file or a PostgreSQL database alike."""

from __future__ import annotations

import os
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest
from pgserver import BACKENDS


@pytest.mark.parametrize("backend", BACKENDS)
def test_two_server_processes_answer_on_one_port(request, serve, web_db, backend):
    db = web_db if backend == "sqlite" else request.getfixturevalue("web_pg")
    with serve(db, workers=2) as proc:
        workers = [int(c) for t in os.listdir(f"/proc/{proc.pid}/task")
                   for c in open(f"/proc/{proc.pid}/task/{t}/children").read().split()]
        assert len([w for w in workers if "cablebase" in open(f"/proc/{w}/cmdline").read()
                    or "multiprocessing" in open(f"/proc/{w}/cmdline").read()]) >= 2
        with ThreadPoolExecutor(8) as pool:
            totals = list(pool.map(lambda _: httpx.get(proc.base + "/api/search", params={"q": "iran"}, timeout=60)
                                   .json()["total"], range(16)))
        assert len(set(totals)) == 1 and totals[0] > 100  # every process answers alike
