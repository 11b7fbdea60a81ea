"""Coverage-guided fuzzing of the parser and the query language with atheris, for a bounded time.

    python bench/fuzz.py --target parse --seconds 120
    python bench/fuzz.py --target query --seconds 60

Any exception other than the documented ParseError / QueryError is a defect: atheris stops and
prints the input. Real cables from the corpus seed the parser's corpus. libFuzzer prints the
figures at the end: stat::number_of_executed_units is the number of inputs tried. (pip install 'atheris>=3')
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

import atheris

# Instrumented first: atheris sees only the modules imported inside this block, and `common`
# imports the store, which imports the whole parser (imported before, the parser ran blind:
# libFuzzer found no coverage and mutated a one-byte input). Needs atheris 3: the bytecode that
# atheris 2.3 writes for the CSV reader's `yield from` crashes CPython 3.11.
with atheris.instrument_imports(include=["cablebase"]):
    from cablebase.parse import parse_bytes
    from cablebase.search.filters import compile_query
    from cablebase.search.query import QueryError, parse_query

from common import CORPUS  # noqa: E402

NAMES = ["x.txt", "x.html", "x.csv", "05ALMATY2058.txt", "x.txt.gz"]


def fuzz_parse(data: bytes) -> None:
    name = NAMES[data[0] % len(NAMES)] if data else "x.txt"
    for result in parse_bytes(data[1:], name):
        assert result is not None


def fuzz_query(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(400)
    try:
        compile_query(parse_query(text))
    except QueryError:
        pass


def seeds(target: str) -> Path:
    d = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    if target == "parse":
        files = sorted(CORPUS.glob("cablegate-txt/*.txt"))[:10] + sorted(CORPUS.glob("cablegate-html/2005/*/*.html"))[:5]
        for i, f in enumerate(files + [CORPUS / "seed" / "05ALMATY2058.txt"]):
            (d / f"seed{i}").write_bytes(bytes([i % len(NAMES)]) + f.read_bytes()[:20000])
    else:
        for i, q in enumerate(['iran "nuclear program" origin:ANKARA', "(a OR b) -c from:2005-05", "tag:PGOV nazar*"]):
            (d / f"seed{i}").write_bytes(q.encode())
    return d


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--target", choices=["parse", "query"], default="parse")
    ap.add_argument("--seconds", type=int, default=60)
    args = ap.parse_args()
    corpus = seeds(args.target)
    target = fuzz_parse if args.target == "parse" else fuzz_query
    atheris.Setup([sys.argv[0], str(corpus), f"-max_total_time={args.seconds}", "-max_len=30000",
                   "-rss_limit_mb=2048", "-print_final_stats=1"], target)
    atheris.Fuzz()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
