"""SQLite and PostgreSQL side by side, in one run: ingest of a generated corpus (time, peak memory
of the ingest process, size on disk), the same ingest with parsing and analysis on a local Dask
cluster of 1 and 2 workers (into PostgreSQL: the ratio), and search latency over the query mix of
bench/search.py (p50/p95 with facets) on both backends, then the same mix from 32 threads at once
(p95 and errors).

    python bench/backends.py [--cables 2000] [--rounds 10] [--concurrency 32]

PostgreSQL is the server that `$CABLEBASE_TEST_PG` names, or a throwaway cluster started here
(tests/pgserver.py). Figures are ratios within one run: compare nothing across machines.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from common import ROOT, percentile, report

sys.path.insert(0, str(ROOT / "tests"))
import pgserver  # noqa: E402
from search import MIX  # noqa: E402

from cablebase.ingest import ingest  # noqa: E402
from cablebase.store import open_archive  # noqa: E402


def _ingest(corpus: Path, db, result: dict, cluster: str | None = None) -> None:
    """Ingest in a child process (peak memory is the child's own), recording time and peak RSS."""
    def run(queue) -> None:
        started = time.perf_counter()
        summary = ingest([str(corpus)], db, cluster=cluster)
        queue.put((time.perf_counter() - started, summary.new,
                   resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))

    queue = multiprocessing.get_context("fork").Queue()
    child = multiprocessing.get_context("fork").Process(target=run, args=(queue,))
    child.start()
    seconds, new, peak = queue.get()
    child.join()
    result.update(seconds=round(seconds, 1), cables=new, peak_mb=round(peak))


def _size_mb(db) -> float:
    if isinstance(db, Path):
        return round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6, 1)
    import psycopg

    with psycopg.connect(db) as conn:
        return round(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1e6, 1)


def _latencies(db, rounds: int) -> dict[str, list[float]]:
    archive = open_archive(db, readonly=True)
    out = {}
    for name, query in MIX.items():
        archive.search(query)  # warm
        samples = []
        for _ in range(rounds):
            started = time.perf_counter()
            archive.search(query)
            samples.append((time.perf_counter() - started) * 1000)
        out[name] = samples
    archive.close()
    return out


def _concurrent(db, concurrency: int, rounds: int) -> tuple[list[float], int]:
    """The mix from `concurrency` threads, each with its own connection: latencies and errors."""
    def worker(_: int) -> tuple[list[float], int]:
        archive, samples, errors = open_archive(db, readonly=True), [], 0
        for _ in range(rounds):
            for query in MIX.values():
                started = time.perf_counter()
                try:
                    archive.search(query)
                except Exception:  # counted: the figure is how many fail under load
                    errors += 1
                samples.append((time.perf_counter() - started) * 1000)
        archive.close()
        return samples, errors

    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, range(concurrency)))
    return [s for r in results for s in r[0]], sum(r[1] for r in results)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cables", type=int, default=2000)
    ap.add_argument("--rounds", type=int, default=10)
    ap.add_argument("--concurrency", type=int, default=32)
    args = ap.parse_args()
    rows: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp, pgserver.test_server() as server:
        corpus = Path(tmp) / "cables.csv"
        os.system(f"{sys.executable} {ROOT / 'bench' / 'gen_corpus.py'} --cables {args.cables} {corpus}")
        sqlite_db = Path(tmp) / "bench.db"
        backends = {"sqlite": sqlite_db, "postgresql": pgserver.create_database(server, "bench_backends")}
        for name, db in backends.items():
            result: dict = {"what": "ingest", "backend": name}
            _ingest(corpus, db, result)
            result["size_mb"] = _size_mb(db)
            rows.append(result)
        for workers in (1, 2):
            db = pgserver.create_database(server, f"bench_dask_{workers}")
            result = {"what": f"ingest, Dask local:{workers}", "backend": "postgresql"}
            _ingest(corpus, db, result, cluster=f"local:{workers}")
            rows.append(result)
        for name, db in backends.items():
            for query, samples in _latencies(db, args.rounds).items():
                rows.append({"what": f"search: {query}", "backend": name, "p50_ms": round(percentile(samples, 50), 1),
                             "p95_ms": round(percentile(samples, 95), 1)})
            samples, errors = _concurrent(db, args.concurrency, max(1, args.rounds // 5))
            rows.append({"what": f"search mix x{args.concurrency} threads", "backend": name,
                         "p50_ms": round(percentile(samples, 50), 1), "p95_ms": round(percentile(samples, 95), 1),
                         "errors": errors})
    report("backends", rows, {"cables": args.cables})


if __name__ == "__main__":
    main()
