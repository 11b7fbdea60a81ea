"""Parse speed: cables/s and MB/s for each input form of the dev corpus, one core and all cores.

    python bench/parse.py [--repeat N]
"""

from __future__ import annotations

import argparse
import os
import time
from concurrent.futures import ProcessPoolExecutor

from common import CORPUS, report

from cablebase.parse import parse_file


def _files(form: str) -> list[str]:
    if form == "html":
        return sorted(str(p) for p in CORPUS.glob("cablegate-html/*/*/*.html"))
    if form == "csv":
        return [str(CORPUS / "cables-dev.csv")]
    return sorted(str(p) for p in CORPUS.glob("cablegate-txt/*.txt"))


def _parse_all(files: list[str]) -> int:
    return sum(1 for f in files for _ in parse_file(f))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=2, help="passes over each form (best is kept)")
    args = ap.parse_args()
    rows = []
    cores = os.cpu_count() or 1
    for form in ("html", "csv", "txt"):
        files = _files(form)
        size = sum(os.path.getsize(f) for f in files) / 1e6
        best = None
        for _ in range(args.repeat):
            t = time.perf_counter()
            n = _parse_all(files)
            dt = time.perf_counter() - t
            best = dt if best is None or dt < best else best
        rows.append({"form": form, "processes": 1, "cables": n, "MB": round(size, 1),
                     "cables_per_s": round(n / best), "MB_per_s": round(size / best, 2)})
        if form != "csv":  # one CSV file cannot be split across processes by file
            chunks = [files[i::cores] for i in range(cores)]
            t = time.perf_counter()
            with ProcessPoolExecutor(cores) as pool:
                n = sum(pool.map(_parse_all, chunks))
            dt = time.perf_counter() - t
            rows.append({"form": form, "processes": cores, "cables": n, "MB": round(size, 1),
                         "cables_per_s": round(n / dt), "MB_per_s": round(size / dt, 2)})
    report("parse", rows, {"target_cables_per_s_per_core": 1500})


if __name__ == "__main__":
    main()
