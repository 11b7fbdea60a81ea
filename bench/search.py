"""Search latency: p50/p95/p99 for a fixed query mix, in-process and over HTTP (concurrency 1
and 8), the cable page, and the reading room's other pages (browse, most-cited, entity, timeline,
actions, stats, thread: first request and repeats), on an archive (built from a generated corpus
if none is given).

    python bench/search.py [--db archive.db | --cables 25000] [--rounds 20]
"""

from __future__ import annotations

import argparse
import random
import socket
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
from common import ROOT, percentile, report

from cablebase.store.search import search
from cablebase.store import connect
from cablebase.store.stats import BROWSE

MIX = {
    "rare word": "Kiselyov OR Tsvangirai OR Dezcallar",
    "common word": "government",
    "phrase": '"human rights"',
    "prefix": "nucl*",
    "filter only": "class:secret from:2008",
    "filter + words": "iran sanctions origin:STATE",
    "boolean": "(iran OR syria) -nuclear",
    "empty (all, facets)": "",
}


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def _row(kind: str, name: str, samples: list[float], concurrency: int = 1) -> dict:
    return {"where": kind, "query": name, "concurrency": concurrency, "n": len(samples),
            "p50_ms": round(percentile(samples, 50), 1), "p95_ms": round(percentile(samples, 95), 1),
            "p99_ms": round(percentile(samples, 99), 1)}


def mix_samples(conn, rounds: int) -> dict[str, list[float]]:
    """In-process latencies (ms) of each query of the mix, `rounds` each after one warm-up search."""
    samples = {}
    for name, q in MIX.items():
        search(conn, q)  # warm
        samples[name] = [_timed(lambda: search(conn, q)) for _ in range(rounds)]
    return samples


def _pages(conn) -> dict[str, str]:
    """The other pages, each with the archive's heaviest argument (most-named entity, most-cited cable)."""
    entity = conn.execute("SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    cited = conn.execute("SELECT c.key FROM refs r JOIN cables c ON c.key = r.cited_id AND c.is_current = 1 "
                         "GROUP BY c.key ORDER BY count(*) DESC LIMIT 1").fetchone()
    pages = {name: f"/browse/{name}" for name in BROWSE}
    pages.update({"most cited": "/most-cited", "most cited by a query": "/most-cited?q=iran",
                  "entity search": "/api/entities?name=an", "timeline of a query": "/timeline?q=iran",
                  "actions": "/actions", "stats": "/api/stats"})
    if entity:
        pages["entity (most named)"] = f"/entity/{entity[0]}"
    if cited:
        pages["thread (most cited)"] = f"/cable/{cited[0]}/thread"
    return pages


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path)
    ap.add_argument("--cables", type=int, default=25000)
    ap.add_argument("--rounds", type=int, default=20)
    args = ap.parse_args()
    db = args.db
    if db is None:
        tmp = Path(tempfile.gettempdir()) / "cablebase-bench"
        tmp.mkdir(exist_ok=True)
        db = tmp / f"archive-{args.cables}.db"
        if not db.exists():
            subprocess.run([sys.executable, str(ROOT / "bench" / "ingest.py"), "--sizes", str(args.cables)], check=True)
    conn = connect(db, readonly=True)
    total = conn.execute("SELECT count(*) FROM cables WHERE is_current = 1").fetchone()[0]
    ids = [r[0] for r in conn.execute("SELECT key FROM cables WHERE is_current = 1 ORDER BY random() LIMIT 200")]
    rows = []
    pooled: list[float] = []
    for name, samples in mix_samples(conn, args.rounds).items():
        pooled += samples
        rows.append(_row("in-process", name, samples))
    rows.append(_row("in-process", "whole mix", pooled))
    port = _port()
    server = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(db), "--port", str(port)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                httpx.get(base + "/api/openapi.json", timeout=1)  # cheap: the probe must not load the server
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        with httpx.Client(base_url=base, timeout=30) as client:
            for concurrency in (1, 8):
                pooled = []
                for name, q in MIX.items():
                    calls = [q] * args.rounds * concurrency
                    with ThreadPoolExecutor(concurrency) as pool:
                        samples = list(pool.map(lambda qq: _timed(lambda: client.get("/api/search", params={"q": qq})
                                                                  .raise_for_status()), calls))
                    pooled += samples
                    rows.append(_row("http", name, samples, concurrency))
                rows.append(_row("http", "whole mix", pooled, concurrency))
                picks = [random.Random(i).choice(ids) for i in range(max(200, args.rounds * concurrency))]
                with ThreadPoolExecutor(concurrency) as pool:
                    pages = list(pool.map(lambda i: _timed(lambda: client.get(f"/cable/{i}").raise_for_status()), picks))
                rows.append(_row("http", "cable page", pages, concurrency))
            for name, url in _pages(conn).items():  # one at a time; the first request may fill caches
                first = _timed(lambda: client.get(url).raise_for_status())
                samples = [_timed(lambda: client.get(url).raise_for_status()) for _ in range(args.rounds)]
                rows.append({**_row("http", f"page: {name}", samples), "first_ms": round(first, 1)})
    finally:
        server.terminate()
        server.wait()
    report("search", rows, {"archive": str(db), "cables": total,
                            "targets": {"search_p95_ms": 100, "cable_page_ms": 20}})


if __name__ == "__main__":
    main()
