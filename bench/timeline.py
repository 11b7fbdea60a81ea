"""First requests to a query's timeline and to other pages (#26 req 3: < 300 ms at 251,287 cables).

For each query (default: a common word, a rare word, a filter) a new process opens the archive and
its first request to `/timeline?q=…`, then to `/api/timeline?q=…`, is timed in-process (FastAPI's
TestClient: wall and CPU time); then a new `cablebase serve` answers the same two first requests
over HTTP (wall time, from the moment it answers). `--before-src`/`--before-db` name another
commit's source tree and its archive (a schema it reads): each measurement is then made with both,
alternately (before, after, before, after…), and the table gives both and their ratio. `--url`
times other pages' first requests the same way (`--url /entity/33 --url '/?q=government&facets=1'`),
each in a process and a server of its own; `--no-timelines` times only those.

    flock /work/bench.lock nice -n -5 .venv/bin/python bench/timeline.py --db a251k-new.db \\
        --before-src /tmp/old/src --before-db a251k-old.db
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import quote

import httpx

from common import ROOT, report

QUERIES = ("iran", "voinovich", "tag:PREL from:2008 to:2009")
PAGES = ("/timeline?q=", "/api/timeline?q=")

_IN_PROCESS = """
import json, sys, time
from fastapi.testclient import TestClient
from cablebase.web.app import create_app
with TestClient(create_app(sys.argv[1]), base_url="http://127.0.0.1:8000") as client:
    out = []
    for url in sys.argv[2:]:
        wall, cpu = time.perf_counter(), time.process_time()
        answer = client.get(url)
        out.append([url, answer.status_code, (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000])
print(json.dumps(out))
"""


def in_process(src: Path, db: Path, urls: list[str]) -> list[tuple[float, float]]:
    """(wall ms, CPU ms) of each url's first request in a new process running the code in `src`."""
    done = subprocess.run([sys.executable, "-c", _IN_PROCESS, str(db), *urls], capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(src)}, check=True)
    answers = json.loads(done.stdout.strip().splitlines()[-1])
    assert all(status == 200 for _, status, _, _ in answers), answers
    return [(wall, cpu) for _, _, wall, cpu in answers]


def over_http(src: Path, db: Path, urls: list[str]) -> list[float]:
    """Wall ms of each url's first request to a new `cablebase serve` running the code in `src`."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    server = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                              env={**os.environ, "PYTHONPATH": str(src)})
    base = f"http://127.0.0.1:{port}"
    try:
        while True:
            if server.poll() is not None:
                raise SystemExit(f"cablebase serve stopped with exit code {server.returncode}")
            try:
                httpx.get(base + "/api/openapi.json", timeout=1)  # cheap: warms nothing the pages use
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        times = []
        with httpx.Client(base_url=base, timeout=120) as client:
            for url in urls:
                start = time.perf_counter()
                client.get(url).raise_for_status()
                times.append((time.perf_counter() - start) * 1000)
        return times
    finally:
        server.terminate()
        server.wait()


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="the archive")
    ap.add_argument("--src", type=Path, default=ROOT / "src", help="the source tree measured (default: this one's)")
    ap.add_argument("--before-src", type=Path, help="another source tree, measured alternately with --src")
    ap.add_argument("--before-db", type=Path, help="its archive (default: --db)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--query", action="append", help="a query (repeatable; default: %s)" % ", ".join(QUERIES))
    ap.add_argument("--url", action="append", default=[], help="another page whose first request is timed (repeatable)")
    ap.add_argument("--no-timelines", action="store_true", help="only the --url pages")
    args = ap.parse_args()
    versions = {"after": (args.src, args.db)}
    if args.before_src:
        versions = {"before": (args.before_src, args.before_db or args.db), **versions}
    samples: dict[tuple, list[float]] = {}
    groups = [] if args.no_timelines else [(query, [page + quote(query) for page in PAGES])
                                           for query in args.query or QUERIES]
    groups += [("", [url]) for url in args.url]
    for _ in range(args.runs):
        for query, urls in groups:
            for version, (src, db) in versions.items():
                for url, (wall, cpu) in zip(urls, in_process(src, db, urls)):
                    samples.setdefault((query, url, "in-process wall", version), []).append(wall)
                    samples.setdefault((query, url, "in-process CPU", version), []).append(cpu)
                for url, wall in zip(urls, over_http(src, db, urls)):
                    samples.setdefault((query, url, "HTTP wall", version), []).append(wall)
    rows = []
    for (query, url, what, version), ms in samples.items():
        if version != "after":
            continue
        row = {"query": query, "page": url.split("?")[0] if query else url, "measure": what, "after_ms": _spread(ms)}
        if "before" in versions:
            before = samples[(query, url, what, "before")]
            row.update(before_ms=_spread(before), ratio=round(statistics.median(ms) / statistics.median(before), 3))
        rows.append(row)
    report("timeline", rows, {"queries": [q for q, _ in groups if q], "urls": args.url, "runs": args.runs,
                              "load_after": os.getloadavg()})


def _spread(ms: list[float]) -> str:
    """min–max (median) of a few timings, in ms."""
    return f"{min(ms):,.0f}–{max(ms):,.0f} ({statistics.median(ms):,.0f})"


if __name__ == "__main__":
    main()
