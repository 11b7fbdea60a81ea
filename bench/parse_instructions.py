"""Instructions a parsed HTML page executes, counted by valgrind (cachegrind), for this checkout
and optionally another (say main's): a load-independent A/B of a parser change, where timings on
a shared machine move by more than the change.

    python bench/parse_instructions.py [/work/main/src] [--every 3] [--passes 1]

Each checkout runs twice under `valgrind --tool=cachegrind`: a warm-up pass (imports, caches) alone,
over the pages after every `every`th dev page, and the warm-up plus `passes` counted passes over every
`every`th page; the difference over the pages parsed is the figure (start-up and warm-up cancel out).
The warm-up reads other pages than those counted, so a cache keyed by a line's text serves the counted
pass only with what other cables share (as in an archive of unseen cables), not with the same lines again.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

from common import CORPUS

_PARSE = """
import sys
from pathlib import Path
from cablebase.parse import parse_file
every, passes = int(sys.argv[2]), int(sys.argv[3])
pages = sorted(str(p) for p in Path(sys.argv[1]).glob("cablegate-html/*/*/*.html"))
warm, files = pages[1::every], pages[::every]  # warmed up on other pages: no cache holds a counted page's lines
for f in warm + files * passes:
    for _ in parse_file(f):
        pass
print(len(files))
"""


def instructions(src: str, every: int, passes: int) -> tuple[int, int]:
    """(instructions executed by the python process, pages parsed per pass)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "cachegrind.out"
        done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}",
                               sys.executable, "-c", _PARSE, str(CORPUS), str(every), str(passes)],
                              env=dict(os.environ, PYTHONPATH=src, PYTHONHASHSEED="0"),  # (the same run twice: the same count)
                              capture_output=True, text=True, check=True)
        summary = re.search(r"^summary: (\d+)", out.read_text(), re.M)
        assert summary, done.stderr
        return int(summary.group(1)), int(done.stdout.split()[-1])


def per_page(src: str, every: int, passes: int) -> float:
    """Instructions a page: the counted passes alone (the warm-up-only run subtracted)."""
    warm, pages = instructions(src, every, 0)
    total, _ = instructions(src, every, passes)
    return (total - warm) / (passes * pages)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("baseline", nargs="?", help="the src/ directory of a checkout to compare with")
    ap.add_argument("--this", default=str(Path(__file__).resolve().parents[1] / "src"),
                    help="the src/ directory measured (default: this checkout's)")
    ap.add_argument("--every", type=int, default=3, help="every Nth dev page is parsed (default 3: 315 pages)")
    ap.add_argument("--passes", type=int, default=1, help="counted passes over those pages")
    args = ap.parse_args()
    this = per_page(args.this, args.every, args.passes)
    print(f"this     {this / 1e6:.3f}M instructions an HTML page ({args.this})")
    if args.baseline:
        base = per_page(args.baseline, args.every, args.passes)
        print(f"baseline {base / 1e6:.3f}M instructions an HTML page ({args.baseline})")
        print(f"ratio this/baseline {this / base:.4f}")


if __name__ == "__main__":
    main()
