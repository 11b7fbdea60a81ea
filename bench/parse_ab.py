"""Parse speed of this checkout against another one (say main's), interleaved in one run on one
core: HTML pages per second of each (per second of the process's CPU time, which a shared
machine's other work does not count in), round after round, and the ratio of their best rounds.
`--analyse`: parse and analysis (people, organisations, dates), as ingest runs them.

    python bench/parse_ab.py /work/main/src [--rounds N] [--analyse]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

from common import CORPUS

_TIMED = """
import sys, time
from pathlib import Path
from cablebase.analysis import analyse
from cablebase.parse import parse_file
files = sorted(str(p) for p in Path(sys.argv[1]).glob("cablegate-html/*/*/*.html"))
step = analyse if sys.argv[2] == "analyse" else (lambda cable: cable)
for f in files[:50]:
    [step(c) for c in parse_file(f)]  # warm: imports, caches
start = time.process_time()
n = sum(1 for f in files for c in parse_file(f) if step(c))
print(n / (time.process_time() - start))
"""


def pages_per_second(src: str, analysed: bool) -> float:
    env = dict(os.environ, PYTHONPATH=src)
    out = subprocess.run([sys.executable, "-c", _TIMED, str(CORPUS), "analyse" if analysed else "parse"], env=env,
                         capture_output=True, text=True, check=True).stdout
    return float(out.strip())


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("baseline", help="the src/ directory of the checkout to compare with")
    ap.add_argument("--this", default=str(Path(__file__).resolve().parents[1] / "src"),
                    help="the src/ directory measured against it (default: this checkout's)")
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--analyse", action="store_true", help="time parse and analysis, not parse alone")
    args = ap.parse_args()
    here = args.this
    best = {"this": 0.0, "baseline": 0.0}
    for n in range(args.rounds):
        for name, src in (("this", here), ("baseline", args.baseline)) if n % 2 == 0 else \
                (("baseline", args.baseline), ("this", here)):
            rate = pages_per_second(src, args.analyse)
            best[name] = max(best[name], rate)
            print(f"round {n + 1}: {name:8s} {rate:7.0f} HTML pages/s", flush=True)
    print(f"best: this {best['this']:.0f} pages/s, baseline {best['baseline']:.0f} pages/s, "
          f"ratio {best['this'] / best['baseline']:.3f}")


if __name__ == "__main__":
    main()
