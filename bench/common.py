"""Shared by the benchmarks: machine facts, a results table, and JSON under bench/results/."""

from __future__ import annotations

import json
import os
import platform
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

import httpx

from cablebase.store.driver import sqlite3

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "bench" / "results"
CORPUS = Path(os.environ.get("CABLEBASE_CORPUS", ROOT.parent / "shared" / "corpus"))
sys.path.insert(0, str(ROOT / "src"))


def machine() -> dict:
    """Facts that make figures comparable, with the machine's speed when they were taken. The
    interpreter is named: builds of one Python version differ by 10-25 % (docs/performance.md)."""
    return {"cores": os.cpu_count(), "python": platform.python_version(),
            "python_executable": os.path.realpath(sys.executable), "sqlite": sqlite3.sqlite_version,
            "platform": platform.platform(), "when": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
            "python_loop_ms": python_loop_ms()}


def python_loop_ms() -> float:
    """Best of three timings of a fixed pure-Python loop on one core: the machine's (and the
    interpreter's) speed at the time of a run. On a shared host it varies (this one has taken 170
    to 560 ms within an hour), and every other figure moves with it."""
    best = float("inf")
    for _ in range(3):
        start = time.perf_counter()
        total = 0
        for i in range(5_000_000):
            total += i
        best = min(best, time.perf_counter() - start)
    return round(best * 1000, 1)


def report(name: str, rows: list[dict], extra: dict | None = None) -> Path:
    """Print rows as an aligned table and as JSON; write bench/results/<name>-<time>.json."""
    if rows:
        cols = list(dict.fromkeys(c for r in rows for c in r))
        widths = {c: max(len(c), *(len(_fmt(r.get(c))) for r in rows)) for c in cols}
        print("  ".join(c.ljust(widths[c]) for c in cols))
        for r in rows:
            print("  ".join(_fmt(r.get(c)).ljust(widths[c]) for c in cols))
    data = {"benchmark": name, "machine": machine(), "rows": rows, **(extra or {})}
    print(json.dumps(data))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / f"{name}-{time.strftime('%Y%m%d-%H%M%S')}.json"
    out.write_text(json.dumps(data, indent=2))
    return out


def _fmt(value) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def percentile(values: list[float], p: float) -> float:
    """The p-th percentile (nearest rank) of a list of values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(p / 100 * len(ordered) + 0.5) - 1))]


@contextmanager
def serving(db: Path, probe: str = "/api/openapi.json") -> Iterator[tuple[str, subprocess.Popen]]:
    """A `cablebase serve` over `db` on a free loopback port, once it answers `probe`: (base URL, process)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    proc = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(db), "--port", str(port)],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 120
    try:
        while not _answers(base + probe):
            if time.monotonic() > deadline or proc.poll() is not None:
                raise RuntimeError(f"cablebase serve --db {db} did not start")
            time.sleep(0.1)
        yield base, proc
    finally:
        proc.terminate()
        proc.wait()


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False
