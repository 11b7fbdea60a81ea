"""Parse speed: cables/s and MB/s for each input form of the dev corpus, one core and all cores,
for the parser alone (`cablebase parse`) and with the analysis stage that ingest adds (people,
organisations, dated events). Every pass starts with cablebase's caches empty, so that a page's
lines cached by the pass before are not counted as free: each pass meets the pages as new cables.

    python bench/parse.py [--repeat N] [--min-seconds S] [--tries T]
"""

from __future__ import annotations

import argparse
import functools
import inspect
import multiprocessing
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from common import CORPUS, report

from cablebase.analysis import analyse
from cablebase.parse import Cable, parse_file


def _files(form: str) -> list[str]:
    if form == "html":
        return sorted(str(p) for p in CORPUS.glob("cablegate-html/*/*/*.html"))
    if form == "csv":
        return [str(CORPUS / "cables-dev.csv")]
    return sorted(str(p) for p in CORPUS.glob("cablegate-txt/*.txt"))


def _caches() -> list:
    """cablebase's memos keyed on what they are given (`functools.lru_cache` of a function with a
    required argument) in the modules imported so far; data files loaded once (no argument needed) stay."""
    return list({id(f): f for name, module in list(sys.modules.items()) if name.startswith("cablebase")
                 for f in vars(module).values() if isinstance(f, functools._lru_cache_wrapper)
                 and any(p.default is p.empty for p in inspect.signature(f.__wrapped__).parameters.values())}.values())


def _parse_all(files: list[str], analysed: bool = False) -> int:
    for cached in _caches():
        cached.cache_clear()
    n = 0
    for f in files:
        for result in parse_file(f):
            if analysed and isinstance(result, Cable):
                analyse(result)
            n += 1
    return n


def _split_csv(path: str, parts: int, tmp: Path) -> list[list[str]]:
    """The dump cut into `parts` files of whole rows, one per process (made before timing)."""
    from cablebase.parse.csvdump import iter_rows
    import csv

    outs = [open(tmp / f"part{i}.csv", "w", encoding="utf-8", newline="") for i in range(parts)]
    with open(path, "rb") as fh:
        for number, row in iter_rows(fh):
            csv.writer(outs[number % parts], quoting=csv.QUOTE_ALL, lineterminator="\n").writerow(row)
    for out in outs:
        out.close()
    return [[out.name] for out in outs]


def _timed(fn, *args) -> tuple[int, float]:
    t = time.perf_counter()
    n = fn(*args)
    return n, time.perf_counter() - t


def _best(repeat: int, min_seconds: float, fn, *args) -> tuple[int, float]:
    """The fastest of at least `repeat` passes, more until `min_seconds` have gone (a small form
    takes milliseconds a pass: one slow moment of the machine would be its only figure)."""
    runs = [_timed(fn, *args)]
    while len(runs) < repeat or sum(dt for _, dt in runs) < min_seconds:
        runs.append(_timed(fn, *args))
    return min(runs, key=lambda r: r[1])


def _in_fresh_processes(tries: int, repeat: int, min_seconds: float, files: list[str],
                        analysed: bool) -> list[tuple[int, float]]:
    """`_best` in `tries` new interpreters one after the other: the best comes from a longer
    stretch of time (this machine's speed moves 15-25 % within seconds; docs/performance.md)."""
    spawn = multiprocessing.get_context("spawn")
    out = []
    for _ in range(tries):
        with ProcessPoolExecutor(1, mp_context=spawn) as one:
            out.append(one.submit(_best, repeat, min_seconds, _parse_all, files, analysed).result())
    return out


def _pooled(pool: ProcessPoolExecutor, chunks: list, analysed: bool) -> int:
    return sum(pool.map(_parse_all, chunks, [analysed] * len(chunks)))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--repeat", type=int, default=5,
                    help="passes over each form, one process (the best is kept: this machine's speed varies "
                         "within minutes, and a slow minute only ever slows a pass down)")
    ap.add_argument("--min-seconds", type=float, default=3.0,
                    help="more passes until each figure has taken this long (the text form is 40 files)")
    ap.add_argument("--tries", type=int, default=3,
                    help="fresh interpreters each one-core figure is measured in (the best is kept, all are listed)")
    args = ap.parse_args()
    rows = []
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory() as tmp:
        for form in ("html", "csv", "txt"):
            files = _files(form)
            size = sum(os.path.getsize(f) for f in files) / 1e6
            chunks = _split_csv(files[0], cores, Path(tmp)) if form == "csv" else [files[i::cores] for i in range(cores)]
            for analysed in (False, True):
                stage = "parse+analyse" if analysed else "parse"
                tried = _in_fresh_processes(args.tries, args.repeat, args.min_seconds, files, analysed)
                n, best = min(tried, key=lambda r: r[1])
                rows.append({"form": form, "stage": stage, "processes": 1, "cables": n, "MB": round(size, 1),
                             "cables_per_s": round(n / best), "MB_per_s": round(size / best, 2),
                             "per_process": [round(n / dt) for n, dt in tried]})
                with ProcessPoolExecutor(cores) as pool:
                    _pooled(pool, chunks, analysed)  # workers started and warm before timing
                    n, dt = _best(args.repeat, args.min_seconds, _pooled, pool, chunks, analysed)
                rows.append({"form": form, "stage": stage, "processes": cores, "cables": n, "MB": round(size, 1),
                             "cables_per_s": round(n / dt), "MB_per_s": round(size / dt, 2)})
    report("parse", rows, {"target_cables_per_s_per_core": 1500})


if __name__ == "__main__":
    main()
