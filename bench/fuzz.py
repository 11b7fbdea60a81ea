"""Coverage-guided fuzzing of the parser and the query language with atheris, for a bounded time;
and the parser timed on long adversarial lines (runs of spaces, dots, dashes, capitals... in each
field of a cable), which random mutation rarely builds, to catch patterns that backtrack.

    python bench/fuzz.py --target parse --seconds 120
    python bench/fuzz.py --target query --seconds 60
    python bench/fuzz.py --target lines [--length 20000]

Any exception other than the documented ParseError / QueryError is a defect: atheris stops and
prints the input. Real cables from the corpus seed the parser's corpus. libFuzzer prints the
figures at the end: stat::number_of_executed_units is the number of inputs tried. (pip install 'atheris>=3')
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

import atheris

# Instrumented first: atheris sees only the modules imported inside this block, and `common`
# imports the store, which imports the whole parser (imported before, the parser ran blind:
# libFuzzer found no coverage and mutated a one-byte input). Needs atheris 3: the bytecode that
# atheris 2.3 writes for the CSV reader's `yield from` crashes CPython 3.11.
with atheris.instrument_imports(include=["cablebase"]):
    from cablebase.analysis import analyse
    from cablebase.parse import ParseError, parse_bytes, parse_text
    from cablebase.search.filters import compile_query
    from cablebase.errors import QueryError
    from cablebase.search.query import parse_query

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


FILLERS = {"spaces": " ", "dots": ".", "dashes": "- ", "capitals": "AB ", "X": "X", "letters": "a", "digits": "1",
           "parentheses": "(", "slashes": "/", "commas": "A, ", "speakers": "Karzai said ", "possessives": "Embassy X's ",
           "ands": "Ministry and ", "titles": "Minister ", "dates": "June 16, ", "AND lists": " AND ",
           "markings": "(SBU) ", "paragraphs": "\n\n1. (U) x\n", "comments": "Comment: "}
TEMPLATE = ("R 071344Z JAN 10 {f}\nFM AMEMBASSY ALMATY {f}\nTO SECSTATE WASHDC 1914 {f}\nINFO AMEMBASSY MOSCOW {f}\n\n"
            "UNCLAS SECTION 01 OF 02 ALMATY 002058\n\nSIPDIS\n\nSTATE FOR EUR/CACEN (JMUDGE) {f}\n\n"
            "E.O. 12958: N/A {f}\nTAGS: PGOV PHUM {f}\nSUBJECT: KAZAKHSTAN: A SUBJECT {f}\n\nREF: A. ALMATY 1854 {f}\n\n"
            "Classified By: Ambassador John Ordway {f}\n\n1. (SBU) Summary: the text {f} goes on. End summary.\n\n"
            "2. (C) Comment: more {f} text. End comment.\n\nASQUINO {f}\n")


def adversarial_lines(length: int) -> None:
    """Parse and analyse a cable whose every field carries a long run of each filler; print the slowest."""
    timings = []
    for name, unit in FILLERS.items():
        filler = "A" + unit * (length // len(unit)) + "B"
        start = time.perf_counter()
        try:
            analyse(parse_text(TEMPLATE.replace("{f}", filler), year=2005))
        except ParseError:
            pass
        timings.append((time.perf_counter() - start, name))
    for seconds, name in sorted(timings, reverse=True):
        print(f"{name:12s} {seconds * 1000:9.1f} ms")
    print(json.dumps({"benchmark": "adversarial lines", "length": length,
                      "slowest_ms": round(max(timings)[0] * 1000, 1), "filler": max(timings)[1]}))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--target", choices=["parse", "query", "lines"], default="parse")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--length", type=int, default=20000, help="characters of each adversarial run (--target lines)")
    args = ap.parse_args()
    if args.target == "lines":
        adversarial_lines(args.length)
        return
    corpus = seeds(args.target)
    target = fuzz_parse if args.target == "parse" else fuzz_query
    atheris.Setup([sys.argv[0], str(corpus), f"-max_total_time={args.seconds}", "-max_len=30000",
                   "-rss_limit_mb=2048", "-print_final_stats=1"], target)
    atheris.Fuzz()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
