"""SQLite and PostgreSQL side by side, in one run (#23's requirement 8): ingest of the same generated
cables into each (time, CPU, peak memory of the ingest process, size), interleaved over --ingest-rounds
rounds; the same ingest with parsing and analysis on a local Dask cluster of 1 and 2 workers (the
ratio); search latency over the query mix of bench/search.py with facets (p50/p95) on both; then the
mix from --concurrency threads at once on both (p50/p95 and errors).

    python bench/backends.py --size 1000000                      # the whole run (req 8), one command
    python bench/backends.py --size 10000 --ingest-rounds 2      # a check of it, at a small size

--corpus reuses a generated CSV (e.g. /work/bench-data/cables-25000.csv) instead of generating
--size cables; --only runs some parts (ingest, dask, search, load); --one-at-a-time searches each
backend's archive as soon as it is ingested and then drops it (half the disk at the peak);
--searched DB searches and loads an archive already made (one an interrupted run left). PostgreSQL is the server
`$CABLEBASE_TEST_PG` names, else a throwaway cluster started here with PostgreSQL's durable defaults
(fsync on: what a production server does). Each archive is dropped once its figures are taken but
the last round's two, which the searches use; the corpus, the SQLite files and the throwaway cluster
are made in $TMPDIR (at 1M cables: ~7 GB of CSV, ~13 GB of SQLite, ~40 GB of PostgreSQL at the
peak). Figures are ratios within one run: compare nothing across machines, and say when the
machine was shared.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from queue import Empty
from urllib.parse import parse_qs, urlsplit

from common import ROOT, percentile, report

sys.path.insert(0, str(ROOT / "tests"))
import pgserver  # noqa: E402
from search import MIX  # noqa: E402

from cablebase.ingest import ingest  # noqa: E402
from cablebase.store import open_archive  # noqa: E402
from cablebase.store.postgres.archive import is_url  # noqa: E402

PARTS = ("ingest", "dask", "search", "load")


def _ingest(corpus: Path, db, cluster: str | None = None) -> dict:
    """Ingest in a child process (peak memory is the child's own): wall and CPU time, peak RSS."""
    def run(queue) -> None:
        started, cpu = time.perf_counter(), time.process_time()
        summary = ingest([str(corpus)], db, cluster=cluster)
        usage = resource.getrusage(resource.RUSAGE_SELF)
        children = resource.getrusage(resource.RUSAGE_CHILDREN)  # the parsing workers
        queue.put((time.perf_counter() - started, usage.ru_utime + usage.ru_stime - cpu,
                   children.ru_utime + children.ru_stime, summary.new, usage.ru_maxrss / 1024))

    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=run, args=(queue,))
    child.start()
    while True:  # (a child that dies, its traceback on stderr, sends nothing: do not wait for it forever)
        try:
            seconds, writer_cpu, workers_cpu, new, peak = queue.get(timeout=10)
            break
        except Empty:
            if not child.is_alive():
                raise RuntimeError(f"the ingest process ended without its figures (exit code {child.exitcode})")
    child.join()
    return {"seconds": round(seconds, 1), "writer_cpu_s": round(writer_cpu, 1), "workers_cpu_s": round(workers_cpu, 1),
            "cables": new, "peak_mb": round(peak), "size_mb": _size_mb(db)}


def _size_mb(db) -> float:
    if isinstance(db, Path):
        return round(sum(p.stat().st_size for p in db.parent.glob(db.name + "*")) / 1e6, 1)
    import psycopg

    with psycopg.connect(db) as conn:
        return round(conn.execute("SELECT pg_database_size(current_database())").fetchone()[0] / 1e6, 1)


def _server_cpu_s(server: str) -> float | None:
    """CPU seconds spent so far by the throwaway cluster's processes (its postmaster, the children it
    has reaped, such as each closed connection's backend, and those still running); None for a
    server named by $CABLEBASE_TEST_PG. A PostgreSQL ingest's GIN and COPY work is done there."""
    host = parse_qs(urlsplit(server).query).get("host")
    if os.environ.get(pgserver.ENV) or not host:
        return None
    postmaster = int((Path(host[0]) / "data" / "postmaster.pid").read_text().split()[0])
    total = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue  # a process that ended meanwhile
        if int(stat.parent.name) == postmaster:
            total += sum(int(f) for f in fields[11:15])  # utime, stime, and its reaped children's
        elif int(fields[1]) == postmaster:
            total += int(fields[11]) + int(fields[12])
    return total / os.sysconf("SC_CLK_TCK")


def _add(rows: list[dict], row: dict) -> None:
    """Keep a row of figures, and print it at once (a long run shows what it has measured so far)."""
    rows.append(row)
    print(json.dumps(row), flush=True)


def _drop(server: str, db: object) -> None:
    """Free an archive's disk once its figures are taken (at 1M cables each holds tens of GB)."""
    if isinstance(db, Path):
        for path in db.parent.glob(db.name + "*"):
            path.unlink()
    else:
        pgserver.drop_database(server, urlsplit(str(db)).path.lstrip("/"))


def _latencies(db, rounds: int) -> dict[str, list[float]]:
    """Each query of the mix with facets, `rounds` times after one warm-up search: ms."""
    out = {}
    with open_archive(db, readonly=True) as archive:
        for name, query in MIX.items():
            archive.search(query)  # warm
            samples = []
            for _ in range(rounds):
                started = time.perf_counter()
                archive.search(query)
                samples.append((time.perf_counter() - started) * 1000)
            out[name] = samples
    return out


def _concurrent(db, concurrency: int, rounds: int) -> tuple[list[float], int]:
    """The mix from `concurrency` threads, each with its own connection: latencies and errors."""
    def worker(_: int) -> tuple[list[float], int]:
        samples, errors = [], 0
        with open_archive(db, readonly=True) as archive:
            for _ in range(rounds):
                for query in MIX.values():
                    started = time.perf_counter()
                    try:
                        archive.search(query)
                    except Exception:  # counted: the figure is how many fail under load
                        errors += 1
                    samples.append((time.perf_counter() - started) * 1000)
        return samples, errors

    with ThreadPoolExecutor(concurrency) as pool:
        results = list(pool.map(worker, range(concurrency)))
    return [s for r in results for s in r[0]], sum(r[1] for r in results)


def _read_figures(rows: list[dict], name: str, db: object, args: argparse.Namespace) -> None:
    """The search and load parts on one backend's archive."""
    if "search" in args.only:
        every: list[float] = []
        for query, samples in _latencies(db, args.rounds).items():
            every += samples
            _add(rows, {"what": f"search: {query}", "backend": name, "p50_ms": round(percentile(samples, 50), 1),
                         "p95_ms": round(percentile(samples, 95), 1)})
        _add(rows, {"what": "search: the whole mix", "backend": name, "p50_ms": round(percentile(every, 50), 1),
                     "p95_ms": round(percentile(every, 95), 1)})
    if "load" in args.only:
        samples, errors = _concurrent(db, args.concurrency, max(1, args.rounds // 5))
        _add(rows, {"what": f"search mix x{args.concurrency} threads", "backend": name,
                     "p50_ms": round(percentile(samples, 50), 1), "p95_ms": round(percentile(samples, 95), 1),
                     "errors": errors})


def _corpus(args: argparse.Namespace, tmp: str) -> Path:
    if args.corpus:
        return args.corpus
    corpus = Path(tmp) / "cables.csv"
    subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--cables", str(args.size), str(corpus)],
                   check=True)
    return corpus


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", type=int, default=2000, help="cables to generate (default 2000)")
    ap.add_argument("--corpus", type=Path, help="a generated CSV to use instead of generating --size cables")
    ap.add_argument("--ingest-rounds", type=int, default=1, help="interleaved ingest rounds (SQLite, PostgreSQL)")
    ap.add_argument("--rounds", type=int, default=10, help="searches of each query of the mix")
    ap.add_argument("--concurrency", type=int, default=32)
    ap.add_argument("--one-at-a-time", action="store_true",
                    help="search each backend's archive right after its ingest, then drop it (a disk that cannot "
                         "hold both at 1M)")
    ap.add_argument("--searched", help="search and load this archive (a file or a PostgreSQL URL) instead of "
                                       "ingesting: e.g. one an interrupted run left")
    ap.add_argument("--only", nargs="+", choices=PARTS, default=list(PARTS), help="the parts to run")
    args = ap.parse_args()
    rows: list[dict] = []
    if args.searched:
        _read_figures(rows, "postgresql" if is_url(args.searched) else "sqlite",
                      args.searched if is_url(args.searched) else Path(args.searched), args)
        report("backends", rows, {"searched": args.searched})
        return
    with tempfile.TemporaryDirectory() as tmp, pgserver.test_server(durable=True) as server:
        corpus = _corpus(args, tmp)
        kinds = ("postgresql", "sqlite")  # PostgreSQL first: a 1M run cut short keeps its (new) figures
        kept: dict[str, object] = {}
        rounds = args.ingest_rounds if {"ingest", "search", "load"} & set(args.only) else 0
        for round_ in range(1, rounds + 1):  # interleaved: the machine's load falls on every kind alike
            for number, kind in enumerate(kinds):
                db: object = Path(tmp) / f"bench-{round_}.db" if kind == "sqlite" else \
                    pgserver.create_database(server, f"bench_{number}_{round_}")
                before = _server_cpu_s(server)
                result = _ingest(corpus, db)
                after = _server_cpu_s(server)
                if kind != "sqlite" and before is not None:
                    result["server_cpu_s"] = round(after - before, 1)
                result["cpu_s"] = round(result["writer_cpu_s"] + result["workers_cpu_s"] + result.get("server_cpu_s", 0), 1)
                _add(rows, {"what": f"ingest, round {round_}", "backend": kind, **result})
                if kind in kept:  # the last round's archives are searched: the earlier ones free their disk
                    _drop(server, kept[kind])
                kept[kind] = db
                if args.one_at_a_time and round_ == rounds:  # searched now, then its disk freed for the next
                    _read_figures(rows, kind, kept.pop(kind), args)
                    _drop(server, db)
        ingests = [r for r in rows if r["what"].startswith("ingest")]
        for figure in ("seconds", "cpu_s") if ingests else ():  # wall time; CPU time of every process (what a shared machine spoils least)
            ratio = sum(r[figure] for r in ingests if r["backend"] == "postgresql") / \
                max(0.1, sum(r[figure] for r in ingests if r["backend"] == "sqlite"))
            _add(rows, {"what": f"ingest {figure} / SQLite's", "backend": "postgresql", "ratio": round(ratio, 2)})
        if "dask" in args.only:
            dask = {}
            for workers in (1, 2):
                db = pgserver.create_database(server, f"bench_dask_{workers}")
                dask[workers] = _ingest(corpus, db, cluster=f"local:{workers}")
                _add(rows, {"what": f"ingest, Dask local:{workers}", "backend": "postgresql", **dask[workers]})
                _drop(server, db)
            _add(rows, {"what": "Dask: 2 workers' time / 1's", "backend": "postgresql",
                         "ratio": round(dask[2]["seconds"] / max(0.1, dask[1]["seconds"]), 2)})
        for name, db in kept.items():
            _read_figures(rows, name, db, args)
    report("backends", rows, {"size": args.size if not args.corpus else str(args.corpus),
                              "ingest_rounds": args.ingest_rounds})


if __name__ == "__main__":
    main()
