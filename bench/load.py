"""Bounded load test on loopback: search and cable pages at concurrency 1, 8 and 32.

    python bench/load.py --db archive.db [--seconds 60]

Reports requests/s, p50/p95 latency, errors and the server's memory before and after.
Traffic goes only to 127.0.0.1; every loop is bounded in time.
"""

from __future__ import annotations

import argparse
import random
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from common import percentile, report

QUERIES = ["iran", '"human rights"', "nucl*", "class:secret from:2008", "government -iran", "tag:PREL origin:STATE"]


def rss_mb(pid: int) -> float:
    with open(f"/proc/{pid}/status") as fh:
        return next(int(line.split()[1]) for line in fh if line.startswith("VmRSS:")) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--seconds", type=int, default=60)
    args = ap.parse_args()
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(args.db), "--port",
                               str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            ids = [h["reference_id"] for h in httpx.get(base + "/api/search?per_page=200&sort=date", timeout=2)
                   .json()["hits"]]
            break
        except httpx.HTTPError:
            time.sleep(0.1)
    rows = []
    try:
        rss_start = rss_mb(server.pid)
        for concurrency in (1, 8, 32):
            latencies: list[float] = []
            errors = [0]
            stop = time.monotonic() + args.seconds
            lock = threading.Lock()

            def worker(seed: int) -> None:
                rng = random.Random(seed)
                with httpx.Client(base_url=base, timeout=30) as client:
                    while time.monotonic() < stop:
                        url = (f"/api/search?q={rng.choice(QUERIES)}" if rng.random() < 0.5
                               else f"/cable/{rng.choice(ids)}")
                        t = time.perf_counter()
                        try:
                            ok = client.get(url).status_code == 200
                        except httpx.HTTPError:
                            ok = False
                        with lock:
                            latencies.append((time.perf_counter() - t) * 1000)
                            errors[0] += not ok

            threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            rows.append({"concurrency": concurrency, "seconds": args.seconds, "requests": len(latencies),
                         "req_per_s": round(len(latencies) / args.seconds, 1),
                         "p50_ms": round(percentile(latencies, 50), 1), "p95_ms": round(percentile(latencies, 95), 1),
                         "errors": errors[0], "server_rss_MB": round(rss_mb(server.pid))})
    finally:
        server.terminate()
        server.wait()
    report("load", rows, {"server_rss_start_MB": round(rss_start)})


if __name__ == "__main__":
    main()
