"""Interleaved A/B of search latency: the classes of bench/search.py timed alternately by two versions
of the code (two source trees, e.g. a `git worktree` of main and this one), each in a long-lived
process of its own, on one archive. On a shared machine only such ratios mean anything.

    git worktree add --detach /tmp/base main
    python bench/search_ab.py --db archive.db --a /tmp/base/src --b src [--rounds 5] [--passes 4]

`search` times `Reader.search(..., facets=False)` (the page of hits and the total); `full` the
search with its facets and monthly histogram (what the HTML search page shows); `facets` the facets
asked for apart (`Reader.facets`: what `/api/facets` and the search page's script ask for; the
answers compared are the total, every facet's counts, the months and the sample's size); `timeline`
the first page of the query's timeline (`Reader.query_timeline`, 50 entries; the answers compared
are its entries' cables, sentences and dates). Each row gives the
median wall time and the median CPU time of the searching process (all its threads: what a search
costs a loaded machine, and steadier than wall time when other work shares the cores).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
from pathlib import Path

from common import report
from search import CASES

WORKER = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
from cablebase.reader import Reader
reader = Reader.open(sys.argv[2])
for line in sys.stdin:
    job = json.loads(line)
    def run():
        if job["mode"] == "facets":
            return reader.facets(job["query"])
        if job["mode"] == "timeline":
            return reader.query_timeline(job["query"])
        return reader.search(job["query"], sort=job["sort"], page=job["page"], facets=job["mode"] == "full")
    run()  # warm
    times, cpu = [], []
    for _ in range(job["rounds"]):
        start, start_cpu = time.perf_counter(), time.process_time()
        result = run()
        times.append((time.perf_counter() - start) * 1000)
        cpu.append((time.process_time() - start_cpu) * 1000)
    if job["mode"] == "timeline":
        total, answer = len(result), [(e["reference_id"], e["sentence"], [d["date"] for d in e["dates"]]) for e in result]
    elif job["mode"] == "facets":
        total, answer = result.total, [sorted((k, [(v.value, v.count) for v in vs]) for k, vs in result.facets.items()),
                                       result.months, result.sampled]
    else:
        total, answer = result.total, [h.reference_id for h in result.hits]
    print(json.dumps({"times": times, "cpu": cpu, "total": total, "ids": answer}), flush=True)
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--a", type=Path, required=True, help="source tree A (its src/ directory)")
    ap.add_argument("--b", type=Path, required=True, help="source tree B")
    ap.add_argument("--rounds", type=int, default=5, help="timed searches per class, version and pass")
    ap.add_argument("--passes", type=int, default=4, help="alternations of the two versions")
    ap.add_argument("--only", help="only the classes whose name contains this")
    ap.add_argument("--modes", default="search,full", help="of search, full, facets, timeline (comma-separated)")
    args = ap.parse_args()
    workers = {side: subprocess.Popen([sys.executable, "-c", WORKER, str(tree.resolve()), str(args.db)],
                                      stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
               for side, tree in (("a", args.a), ("b", args.b))}
    cases = [c for c in CASES if not args.only or args.only in c.name]
    times: dict = {}
    same: dict = {}
    for number in range(args.passes):
        for mode in args.modes.split(","):
            for case in cases:
                job = json.dumps({"query": case.query, "sort": case.sort, "page": case.page,
                                  "mode": mode, "rounds": args.rounds})
                answers = {}
                for side in ("ab" if number % 2 == 0 else "ba"):
                    worker = workers[side]
                    worker.stdin.write(job + "\n")
                    worker.stdin.flush()
                    got = json.loads(worker.stdout.readline())
                    times.setdefault((mode, case.name, side), []).extend(got["times"])
                    times.setdefault((mode, case.name, side, "cpu"), []).extend(got["cpu"])
                    answers[side] = (got["total"], got["ids"])
                same[(mode, case.name)] = same.get((mode, case.name), True) and answers["a"] == answers["b"]
    for worker in workers.values():
        worker.stdin.close()
        worker.wait()
    rows = []
    for mode in args.modes.split(","):
        for case in cases:
            a, b = (statistics.median(times[(mode, case.name, side)]) for side in "ab")
            a_cpu, b_cpu = (statistics.median(times[(mode, case.name, side, "cpu")]) for side in "ab")
            rows.append({"mode": mode, "class": case.name, "a_p50_ms": round(a, 1), "b_p50_ms": round(b, 1),
                         "b_over_a": round(b / a, 2), "a_cpu_ms": round(a_cpu, 1), "b_cpu_ms": round(b_cpu, 1),
                         "b_over_a_cpu": round(b_cpu / max(a_cpu, 0.01), 2), "same_answers": same[(mode, case.name)]})
    report("search-ab", rows, {"a": str(args.a), "b": str(args.b), "archive": str(args.db)})


if __name__ == "__main__":
    main()
