"""The SQLite library's share of search latency: the in-process query mix of bench/search.py run
by the bundled recent SQLite (pysqlite3-binary) and by the one Python links, alternately in child
processes on the same archive, so both see the same machine speed.

    python bench/sqlite_versions.py --db archive.db [--rounds 10] [--passes 3]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

from common import percentile, report

_CHILD = """
import json, sys
if sys.argv[2] == "stdlib":
    sys.modules["pysqlite3"] = None  # the driver falls back to Python's own sqlite3
sys.path.insert(0, sys.argv[4])
from search import mix_samples
from cablebase.store import connect
from cablebase.store.driver import sqlite3
samples = mix_samples(connect(sys.argv[1], readonly=True), int(sys.argv[3]))
print(json.dumps({"sqlite": sqlite3.sqlite_version, "samples": samples}))
"""


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--db", type=Path, required=True)
    ap.add_argument("--rounds", type=int, default=10, help="timed searches per query and pass")
    ap.add_argument("--passes", type=int, default=3, help="alternations of the two libraries")
    args = ap.parse_args()
    bench = str(Path(__file__).resolve().parent)
    pooled: dict[str, dict[str, list[float]]] = {"bundled": {}, "stdlib": {}}
    versions = {}
    for _ in range(args.passes):
        for library in pooled:
            out = subprocess.run([sys.executable, "-c", _CHILD, str(args.db), library, str(args.rounds), bench],
                                 check=True, capture_output=True, text=True).stdout
            data = json.loads(out)
            versions[library] = data["sqlite"]
            for name, samples in data["samples"].items():
                pooled[library].setdefault(name, []).extend(samples)
            time.sleep(1)
    rows = []
    for name in [*pooled["bundled"], "whole mix"]:
        row: dict = {"query": name}
        for library, by_query in pooled.items():
            samples = sum(by_query.values(), []) if name == "whole mix" else by_query[name]
            row[f"p50 {versions[library]}"] = round(percentile(samples, 50), 1)
            row[f"p95 {versions[library]}"] = round(percentile(samples, 95), 1)
        p95 = [v for k, v in row.items() if k.startswith("p95")]
        row["p95_ratio"] = round(p95[1] / p95[0], 2)  # how many times slower the stdlib's SQLite is
        rows.append(row)
    report("sqlite-versions", rows, {"archive": str(args.db), "versions": versions})


if __name__ == "__main__":
    main()
