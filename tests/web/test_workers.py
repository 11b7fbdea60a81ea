"""`serve --workers N`: N server processes answer on one port, each with its own connections."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor

import httpx


def test_two_server_processes_answer_on_one_port(web_db, unused_port):
    port = unused_port
    proc = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(web_db), "--port", str(port),
                             "--workers", "2"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 240  # worker processes are spawned: slow on a loaded machine
        while time.monotonic() < deadline:
            try:
                if httpx.get(base + "/api/stats", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            proc.terminate()
            raise AssertionError("the server did not start: " + proc.communicate(timeout=30)[0].decode(errors="replace"))
        workers = [int(c) for t in os.listdir(f"/proc/{proc.pid}/task")
                   for c in open(f"/proc/{proc.pid}/task/{t}/children").read().split()]
        assert len([w for w in workers if "cablebase" in open(f"/proc/{w}/cmdline").read()
                    or "multiprocessing" in open(f"/proc/{w}/cmdline").read()]) >= 2
        with ThreadPoolExecutor(8) as pool:
            totals = list(pool.map(lambda _: httpx.get(base + "/api/search", params={"q": "iran"}, timeout=60)
                                   .json()["total"], range(16)))
        assert len(set(totals)) == 1 and totals[0] > 100  # every process answers alike
    finally:
        proc.terminate()
        proc.wait(timeout=30)
