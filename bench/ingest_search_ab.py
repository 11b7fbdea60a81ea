"""Ingest and search speed of this checkout against another one (an older main, say), interleaved in
one run: each round, each checkout ingests the dev corpus (cables.csv dump, HTML pages, text files,
the seed; one worker) into a fresh archive and then runs the search mix of bench/search.py on it.
Times are CPU seconds of the process and its workers (a shared machine's other work is not counted);
the ratios are of each checkout's best round (below 1: this checkout is faster).

    python bench/ingest_search_ab.py /path/to/other/checkout/src [--rounds 3] [--searches 20]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

from common import CORPUS
from search import MIX

_TIMED = """
import json, resource, sys, tempfile, time
from pathlib import Path
from cablebase.ingest import ingest
try:
    from cablebase.store.search import search  # the storage layer's search (after the refactor)
except ImportError:
    from cablebase.search.engine import search
from cablebase.store import connect

def cpu():
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime

corpus, queries, rounds = Path(sys.argv[1]), json.loads(sys.argv[2]), int(sys.argv[3])
db = Path(tempfile.mkdtemp()) / "ab.db"
start = cpu()
summary = ingest([str(corpus)], db, workers=1)
ingest_s = cpu() - start
conn = connect(db, readonly=True)
for q in queries:
    search(conn, q)  # warm: caches, the query's pages
start = cpu()
for _ in range(rounds):
    for q in queries:
        search(conn, q)
print(json.dumps({"cables": summary.new, "ingest_s": ingest_s, "search_ms": 1000 * (cpu() - start) / (rounds * len(queries))}))
"""


def measure(src: str, searches: int) -> dict:
    env = dict(os.environ, PYTHONPATH=src)
    out = subprocess.run([sys.executable, "-c", _TIMED, str(CORPUS), json.dumps(list(MIX.values())), str(searches)],
                         env=env, capture_output=True, text=True, check=True).stdout
    return json.loads(out.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("baseline", help="the src/ directory of the checkout to compare with")
    ap.add_argument("--this", default=str(Path(__file__).resolve().parents[1] / "src"),
                    help="the src/ directory measured against it (default: this checkout's)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--searches", type=int, default=20, help="times the search mix is run per round")
    args = ap.parse_args()
    here = args.this
    best: dict[str, dict] = {}
    for n in range(args.rounds):
        for name, src in (("this", here), ("baseline", args.baseline)) if n % 2 == 0 else \
                (("baseline", args.baseline), ("this", here)):
            got = measure(src, args.searches)
            kept = best.setdefault(name, got)
            best[name] = {key: min(kept[key], got[key]) for key in got}
            print(f"round {n + 1}: {name:8s} {got['cables']} cables ingested in {got['ingest_s']:.2f} CPU s, "
                  f"search mix {got['search_ms']:.2f} CPU ms/query", flush=True)
    this, base = best["this"], best["baseline"]
    print(f"best: ingest this {this['ingest_s']:.2f} s, baseline {base['ingest_s']:.2f} s, "
          f"ratio {this['ingest_s'] / base['ingest_s']:.3f}; search this {this['search_ms']:.2f} ms, "
          f"baseline {base['search_ms']:.2f} ms, ratio {this['search_ms'] / base['search_ms']:.3f}")


if __name__ == "__main__":
    main()
