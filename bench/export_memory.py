"""Peak memory of exporting a whole archive, at two (or more) archive sizes: flat, or growing with the result?

    python bench/export_memory.py --db small.db --db large.db [--formats csv,jsonl,parquet]

Make the archives with `bench/gen_corpus.py --cables N` and `cablebase ingest` (e.g. 2,000 and 12,800 cables).
For each archive and format, two runs: `cablebase export` in a child process writing to /dev/null, and a
`cablebase serve` whose /api/export download is read to the end. A thread (or this script, for the server)
samples /proc/PID/status every 5 ms. Reported: the cables exported (or MB sent), the peak anonymous RSS (the process's
own memory: what must stay flat) and the peak file-backed RSS (pages of the archive file mapped in by SQLite's
mmap: the operating system's page cache, shared and given back under pressure), then the ratio of the largest
archive's anonymous peak to the smallest's. Figures on a shared machine move; the ratio is what to read.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx
from common import report, serving

_CHILD = """
import sys, threading, time
from cablebase.reader import Reader
peak = {"RssAnon": 0, "RssFile": 0}
def sample():
    while True:
        with open("/proc/self/status") as fh:
            for line in fh:
                key = line.split(":")[0]
                if key in peak:
                    peak[key] = max(peak[key], int(line.split()[1]))
        time.sleep(0.005)
threading.Thread(target=sample, daemon=True).start()
with Reader.open(sys.argv[1]) as reader, open("/dev/null", "wb" if sys.argv[2] == "parquet" else "w") as out:
    n = reader.export(sys.argv[2], out)
time.sleep(0.02)
print(n, peak["RssAnon"], peak["RssFile"])
"""


def status_kb(pid: int) -> dict[str, int]:
    with open(f"/proc/{pid}/status") as fh:
        return {line.split(":")[0]: int(line.split()[1]) for line in fh if line.startswith(("RssAnon", "RssFile"))}


def cli_export(db: Path, fmt: str) -> tuple[int, int, int]:
    """(cables exported, peak anonymous KB, peak file-backed KB) of `Reader.export` in a child process."""
    out = subprocess.run([sys.executable, "-c", _CHILD, str(db), fmt], capture_output=True, text=True, check=True)
    cables, anon, file = map(int, out.stdout.split())
    return cables, anon, file


def api_export(db: Path, fmt: str) -> tuple[int, int, int]:
    """(bytes downloaded, peak anonymous KB, peak file-backed KB of the server) of one /api/export."""
    with serving(db) as (base, server):
        peak = status_kb(server.pid)
        stop = threading.Event()

        def sample() -> None:
            while not stop.is_set():
                for key, kb in status_kb(server.pid).items():
                    peak[key] = max(peak[key], kb)
                time.sleep(0.005)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        size = 0
        with httpx.stream("GET", base + "/api/export", params={"format": fmt}, timeout=600) as response:
            for chunk in response.iter_bytes():
                size += len(chunk)
        stop.set()
        sampler.join()
        return size, peak["RssAnon"], peak["RssFile"]


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--db", type=Path, action="append", required=True, help="an archive (give two or more sizes)")
    ap.add_argument("--formats", default="csv,jsonl,parquet")
    args = ap.parse_args()
    rows: list[dict] = []
    for fmt in args.formats.split(","):
        for way, run in (("cablebase export", cli_export), ("/api/export", api_export)):
            peaks = []
            for db in args.db:
                out, anon, file = run(db, fmt)
                peaks.append(anon)
                rows.append({"format": fmt, "way": way, "archive": db.name,
                             **({"cables": out} if run is cli_export else {"MB sent": round(out / 2 ** 20)}),
                             "peak anon MB": round(anon / 1024), "peak file MB": round(file / 1024)})
                print(rows[-1], flush=True)
            rows.append({"format": fmt, "way": way, "archive": "largest/smallest anon peak",
                         "peak anon MB": round(peaks[-1] / peaks[0], 2)})
    report("export_memory", rows)

if __name__ == "__main__":
    main()
