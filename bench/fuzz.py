"""Coverage-guided fuzzing of the parser and the query language with atheris, for a bounded time;
and the parser timed on long adversarial lines (runs of spaces, dots, dashes, capitals... in each
field of a cable), which random mutation rarely builds, to catch patterns that backtrack.

    python bench/fuzz.py --target parse --seconds 120
    python bench/fuzz.py --target query --seconds 60
    python bench/fuzz.py --target csv --seconds 600       # the CSV stream reader
    python bench/fuzz.py --target members --seconds 600   # zip / tar / tar.gz members, as ingest reads them
    python bench/fuzz.py --target lines [--length 20000]

Any exception other than the documented ParseError / QueryError is a defect: atheris stops and
prints the input. Real cables from the corpus seed the parser's corpus. libFuzzer prints the
figures at the end: stat::number_of_executed_units is the number of inputs tried. (pip install 'atheris>=3')
"""

from __future__ import annotations

import argparse
import gzip
import io
import json
import os
import sys
import tarfile
import tempfile
import zipfile
import time
from pathlib import Path

import atheris

# Instrumented first: atheris sees only the modules imported inside this block, and `common`
# imports the store, which imports the whole parser (imported before, the parser ran blind:
# libFuzzer found no coverage and mutated a one-byte input). Needs atheris 3: the bytecode that
# atheris 2.3 writes for the CSV reader's `yield from` crashes CPython 3.11.
with atheris.instrument_imports(include=["cablebase"]):
    from cablebase.analysis import analyse
    from cablebase.ingest import Progress, _units
    from cablebase.parse import Unit, csvdump
    from cablebase.parse.decode import open_stream
    from cablebase.parse import ParseError, parse_bytes, parse_text
    from cablebase.store.compile import compile_query
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


def fuzz_csv(data: bytes) -> None:
    """The CSV stream reader on any bytes (gzip-compressed and cut short when the first byte says
    so), read in chunks of 1-64 bytes with a small record limit: numbered results in order, each
    a row of 8 strings or a ParseError."""
    if len(data) < 3:
        return
    csvdump._CHUNK = 1 + data[0] % 64
    payload = data[3:]
    if data[1] & 1:
        packed = gzip.compress(payload)
        payload = packed[:len(packed) * data[2] // 255 or None]
    stream, _gzipped = open_stream(io.BufferedReader(io.BytesIO(payload)))
    last = 0
    for number, row in csvdump.iter_rows(stream, limit=32 + data[2] * 8):
        assert number > last
        last = number
        assert isinstance(row, ParseError) or len(row) == 8 and all(isinstance(f, str) for f in row)


MEMBER_KINDS = [".zip", ".tar", ".tar.gz", ".tgz"]
WORK = Path(tempfile.mkdtemp(prefix="fuzz-members-work-"))


def fuzz_members(data: bytes) -> None:
    """The archive-member reader as ingest runs it (walking the archive, opening each member,
    cutting it into units): any bytes under a zip or tar name give units or ParseErrors."""
    path = WORK / f"input{MEMBER_KINDS[data[0] % len(MEMBER_KINDS)] if data else '.zip'}"
    path.write_bytes(data[1:])
    for unit in _units([str(path)], Progress()):
        assert isinstance(unit, (Unit, ParseError))


def _member_seeds(d: Path) -> None:
    cable = (CORPUS / "seed" / "05ALMATY2058.txt").read_bytes()[:1500]
    rows = (CORPUS / "cables-dev.csv").read_bytes()[:1500]
    members = {"a/05ALMATY2058.txt": cable, "dump.csv": rows, "x.txt.gz": gzip.compress(cable[:800])}
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, body in members.items():
            zf.writestr(name, body)
    (d / "seed-zip").write_bytes(bytes([0]) + out.getvalue())
    for i, mode in ((1, "w"), (2, "w:gz")):
        out = io.BytesIO()
        with tarfile.open(fileobj=out, mode=mode) as tf:
            for name, body in members.items():
                info = tarfile.TarInfo(name)
                info.size = len(body)
                tf.addfile(info, io.BytesIO(body))
        (d / f"seed-tar{i}").write_bytes(bytes([i]) + out.getvalue())


def seeds(target: str) -> Path:
    d = Path(tempfile.mkdtemp(prefix=f"fuzz-{target}-"))
    if target == "members":
        _member_seeds(d)
    elif target == "csv":
        dump = (CORPUS / "cables-dev.csv").read_bytes()
        for i, cut in enumerate((1500, 3000, 4000)):
            (d / f"seed{i}").write_bytes(bytes([i * 7, i, 200]) + dump[:cut])
        (d / "seed-quote").write_bytes(bytes([5, 0, 255]) + dump[:4000].replace(b"SUBJECT:", b'SUBJECT: "SO', 1))
    elif target == "parse":
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
    ap.add_argument("--target", choices=["parse", "query", "csv", "members", "lines"], default="parse")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--length", type=int, default=20000, help="characters of each adversarial run (--target lines)")
    args = ap.parse_args()
    if args.target == "lines":
        adversarial_lines(args.length)
        return
    corpus = seeds(args.target)
    target = {"parse": fuzz_parse, "query": fuzz_query, "csv": fuzz_csv, "members": fuzz_members}[args.target]
    atheris.Setup([sys.argv[0], str(corpus), f"-max_total_time={args.seconds}",
                   f"-max_len={30000 if args.target == 'parse' else 4096}",
                   "-rss_limit_mb=2048", "-print_final_stats=1"], target)
    atheris.Fuzz()


if __name__ == "__main__":
    os.environ.setdefault("PYTHONHASHSEED", "0")
    main()
