"""Search latency by query class (#26), against a plain FTS5 table built from the same CSV.

Every class of query a user types (rare and common words, phrases, prefixes, ORs and NOTs, a word
with each field filter, filters alone, date sorts, deep pages, everything) is timed in-process
(`Reader.search`: the page of 20 hits and the exact total; the facets and monthly histogram, asked
for apart, as the search page and `/api/facets` do) and over HTTP at 1 and 8 concurrent clients
(`/api/search?facets=false`, `/api/facets`), with p50/p95. The secondary pages (statistics,
most-cited, timelines, entities, browse lists, actions, threads, the cable page, the HTML search
page) are timed over HTTP, with their first request after the server started.

The baseline is what a user would build instead: the same CSV loaded with `sqlite-utils insert
--csv` and `sqlite-utils enable-fts` on the body, searched with sqlite-utils' own search SQL
(`Table.search_sql`: top 20 by FTS5 rank, a WHERE on the CSV's columns for the filters it can
express) plus a count. It is built once next to the CSV (`<csv>.sqlite-utils.db`) and reused.
For each class the table prints cablebase's p50 over the baseline's, and both totals (the baseline
has no stemming, tags or people: where a filter is not a column it searches the filter's word in
the text, a cheaper and looser query than cablebase's; see BASELINE_NOTES).

    pip install -e '.[bench]'   # sqlite-utils, for the baseline
    python bench/search.py --db archive.db --csv cables.csv [--rounds 20] [--answers answers.json]

`--answers FILE` writes every class's total and top 20 ids to FILE, or, when FILE exists, checks
that this code gives the same (exit 1 if not): run it before and after a change.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
from common import percentile, report

from cablebase import summaries
from cablebase.reader import Reader
from cablebase.store import open_archive
from cablebase.store.driver import sqlite3

DATE_KEY = "substr(untitled_2, 7, 4) || substr(untitled_2, 1, 2) || substr(untitled_2, 4, 2) || substr(untitled_2, 12)"
"""The CSV's dates (MM/DD/YYYY HH:MM) as a sortable key, for the baseline's date sorts."""
YEAR = "substr(untitled_2, 7, 4)"


@dataclass
class Case:
    """A class of query: cablebase's query, sort and page, and the baseline's nearest equivalent:
    an FTS5 MATCH over the body (None: no text), a WHERE over the CSV's columns, an order."""

    name: str
    query: str
    match: str | None
    where: str | None = None
    sort: str = "rank"
    page: int = 1

    @property
    def order(self) -> str | None:
        return {"date": f"{DATE_KEY} DESC", "date-asc": f"{DATE_KEY} ASC"}.get(self.sort)


CASES = [
    Case("rare word", "voinovich", "voinovich"),
    Case("rare words ORed", "Kiselyov OR Tsvangirai OR Dezcallar", "Kiselyov OR Tsvangirai OR Dezcallar"),
    Case("common word", "government", "government"),
    Case("common word, newest first", "government", "government", sort="date"),
    Case("common word, oldest first", "government", "government", sort="date-asc"),
    Case("common word, page 50", "government", "government", page=50),
    Case("common word, newest first, page 50", "government", "government", sort="date", page=50),
    Case("phrase", '"human rights"', '"human rights"'),
    Case("prefix", "nucl*", "nucl*"),
    Case("two words", "iran sanctions", "iran sanctions"),
    Case("boolean OR", "iran OR syria OR iraq OR libya", "iran OR syria OR iraq OR libya"),
    Case("boolean NOT", "(iran OR syria) -nuclear", "(iran OR syria) NOT nuclear"),
    Case("word + origin", "iran origin:ANKARA", "iran", "untitled_4 = 'Embassy Ankara'"),
    Case("word + origin, newest first", "iran origin:ANKARA", "iran", "untitled_4 = 'Embassy Ankara'", sort="date"),
    Case("word + tag", "iran tag:PREL", "iran PREL"),
    Case("word + class", "iran class:secret", "iran", "untitled_5 LIKE 'SECRET%'"),
    Case("word + caption", "iran caption:NOFORN", "iran NOFORN"),
    Case("word + dates", "iran from:2008 to:2009", "iran", f"{YEAR} BETWEEN '2008' AND '2009'"),
    Case("word + year", "government year:2009", "government", f"{YEAR} = '2009'"),
    Case("word + subject", "iran subject:nuclear", "iran nuclear"),
    Case("word + person", "iran person:Clinton", "iran Clinton"),
    Case("word + org", "iran org:NATO", "iran NATO"),
    Case("word + signer", "iran signer:SMITH", "iran SMITH"),
    Case("word + has:summary", "iran has:summary", "iran summary"),
    Case("common word + origin", "government origin:MADRID", "government", "untitled_4 = 'Embassy Madrid'"),
    Case("filters only", "tag:PREL from:2008 to:2009", "PREL", f"{YEAR} BETWEEN '2008' AND '2009'"),
    Case("filters only, newest first", "class:secret from:2008", None,
         f"untitled_5 LIKE 'SECRET%' AND {YEAR} >= '2008'", sort="date"),
    Case("everything", "", None),
    Case("everything, newest first", "", None, sort="date"),
]
BASELINE_NOTES = ("The baseline has the CSV's columns only: tag:, caption:, subject:, person:, org:, signer: "
                  "and has: become a word searched in the body; its words are not stemmed.")
CONCURRENT = [c for c in CASES if "page 50" not in c.name and "oldest" not in c.name]
"""What the 8 concurrent clients send, round-robin."""
MIX = {c.name: c.query for c in CASES if c.sort == "rank" and c.page == 1}
"""Name -> query of the ranked classes (bench/backends.py and bench/sqlite_versions.py time these)."""


def mix_samples(conn, rounds: int) -> dict[str, list[float]]:
    """In-process latencies (ms) of each query of MIX with facets, `rounds` each after one warm-up search."""
    from cablebase.store.search import search

    samples = {}
    for name, q in MIX.items():
        search(conn, q)  # warm
        samples[name] = [_timed(lambda: search(conn, q)) for _ in range(rounds)]
    return samples


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _timed(fn) -> float:
    t = time.perf_counter()
    fn()
    return (time.perf_counter() - t) * 1000


def _stats(samples: list[float]) -> dict:
    return {"n": len(samples), "p50_ms": round(percentile(samples, 50), 1), "p95_ms": round(percentile(samples, 95), 1)}


# -- the baseline ---------------------------------------------------------------------------------------------
def build_baseline(csv: Path, db: Path) -> float:
    """`sqlite-utils insert --csv` then `enable-fts` on the body; the seconds it took."""
    tool = shutil.which("sqlite-utils") or str(Path(sys.executable).with_name("sqlite-utils"))
    partial = db.with_suffix(".partial")
    partial.unlink(missing_ok=True)
    start = time.perf_counter()
    subprocess.run([tool, "insert", str(partial), "cables", str(csv), "--csv", "--no-headers"], check=True)
    subprocess.run([tool, "enable-fts", str(partial), "cables", "untitled_8"], check=True)
    partial.rename(db)
    return time.perf_counter() - start


class Baseline:
    """The sqlite-utils table, searched as sqlite-utils searches it (`Table.search_sql`)."""

    def __init__(self, db: Path) -> None:
        import sqlite_utils

        self.conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True, check_same_thread=False)
        self.table = sqlite_utils.Database(self.conn)["cables"]

    def search(self, case: Case) -> tuple[int, list[str]]:
        """(total, ids of the page) of a case, 20 a page."""
        offset = (case.page - 1) * 20
        if case.match is None:
            where = f" WHERE {case.where}" if case.where else ""
            total = self.conn.execute(f"SELECT count(*) FROM cables{where}").fetchone()[0]
            rows = self.conn.execute(f"SELECT * FROM cables{where} ORDER BY {case.order or 'rowid'} "
                                     f"LIMIT 20 OFFSET {offset}").fetchall()
            return total, [r[2] for r in rows]
        sql = self.table.search_sql(order_by=case.order, limit=20, offset=offset, where=case.where)
        rows = self.conn.execute(sql, {"query": case.match}).fetchall()
        count = ("SELECT count(*) FROM cables_fts WHERE cables_fts MATCH ?" if case.where is None else
                 "SELECT count(*) FROM cables_fts JOIN cables c ON c.rowid = cables_fts.rowid "
                 f"WHERE cables_fts MATCH ? AND {case.where}")
        total = self.conn.execute(count, [case.match]).fetchone()[0]
        return total, [r[3] for r in rows]  # rowid, untitled_1, untitled_2, untitled_3 (the id)


# -- cablebase ---------------------------------------------------------------------------------------------------
def has_facet_call(reader: Reader) -> bool:
    return hasattr(reader, "facets")


def in_process(reader: Reader, case: Case) -> tuple[int, list[str]]:
    result = reader.search(case.query, sort=case.sort, page=case.page, facets=False)
    return result.total, [h.reference_id for h in result.hits]


def facets_in_process(reader: Reader, case: Case) -> None:
    if has_facet_call(reader):
        reader.facets(case.query)
    else:  # the code before #26: facets came only with a search
        reader.search(case.query, sort=case.sort, page=case.page, per_page=1)


def _params(case: Case, **extra) -> dict:
    return {"q": case.query, "sort": case.sort, "page": case.page, **extra}


def _pages(reader: Reader) -> dict[str, str]:
    """The secondary pages, each with the archive's heaviest argument (most-named entity, most-cited cable)."""
    conn = reader.archive.conn
    entity = conn.execute("SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(*) DESC LIMIT 1").fetchone()
    cited = conn.execute("SELECT c.key FROM refs r JOIN cables c ON c.key = r.cited_id AND c.is_current = 1 "
                         "GROUP BY c.key ORDER BY count(*) DESC LIMIT 1").fetchone()
    pages = {"stats": "/api/stats", "most cited": "/most-cited", "most cited (API)": "/api/most-cited",
             "most cited by a query": "/most-cited?q=iran", "timeline of a query": "/timeline?q=iran",
             "timeline (API)": "/api/timeline?q=iran",
             "timeline of a filter": "/timeline?q=tag%3APREL+from%3A2008+to%3A2009",
             "timeline of a word with dates": "/timeline?q=iran+from%3A2008+to%3A2009",
             "entity search": "/api/entities?name=an",
             "entities index": "/entities", "actions": "/actions", "coverage": "/coverage",
             "search page: common word": "/?q=government", "search page: word + origin": "/?q=iran+origin%3AANKARA",
             "search page: rare word": "/?q=voinovich", "search page: everything": "/",
             "search page with its counts (no script): common word": "/?q=government&facets=1",
             "search page's counts (/refine): common word": "/refine?q=government",
             "search page's counts (/refine): word + origin": "/refine?q=iran+origin%3AANKARA"}
    pages.update({f"browse {name}": f"/browse/{name}" for name in ("origins", "tags", "dates", "classifications")})
    if entity:
        pages["entity (most named)"] = f"/entity/{entity[0]}"
    if cited:
        pages["thread (most cited)"] = f"/cable/{cited[0]}/thread"
    return pages


def check_answers(reader: Reader, path: Path) -> bool:
    """Write, or compare with, each case's total and top 20 ids (and the facets' totals)."""
    got = {c.name: dict(zip(("total", "ids"), in_process(reader, c))) for c in CASES}
    if not path.exists():
        path.write_text(json.dumps(got, indent=1) + "\n")
        print(f"answers written to {path}")
        return True
    want = json.loads(path.read_text())
    wrong = [name for name in want if want[name] != got.get(name)]
    for name in wrong:
        print(f"ANSWER CHANGED: {name}: {want[name]['total']} -> {got[name]['total']}", file=sys.stderr)
    print(f"answers: {len(want) - len(wrong)} of {len(want)} classes unchanged ({path})")
    return not wrong


def store_summaries(db: Path) -> dict[str, dict]:
    """Compute and store the whole-archive summaries the archive lacks for its generation, as the
    end of an ingest does (an archive written before schema 16 has none); wall and CPU seconds of each."""
    times = {}
    with open_archive(db) as archive:
        generation, made = archive.generation(), archive.summary_generations()
        for name, compute in summaries.COMPUTE.items():
            if made.get(name) != generation:
                wall, cpu = time.perf_counter(), time.process_time()
                summaries.save(archive, generation, {name: compute(archive)})
                times[name] = {"wall_s": round(time.perf_counter() - wall, 2), "cpu_s": round(time.process_time() - cpu, 2)}
                print(json.dumps({"summary": name, **times[name]}), flush=True)
    return times


def serve(db: Path, workers: int) -> tuple[subprocess.Popen, str, float]:
    """Start `cablebase serve`; (process, base URL, seconds until it answered)."""
    port = _port()
    start = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "cablebase.cli", "serve", "--db", str(db), "--port", str(port),
                               "--workers", str(workers)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    while server.poll() is None:  # a big archive's warm-up on a loaded machine takes minutes: no time limit
        try:
            httpx.get(base + "/api/openapi.json", timeout=1)  # cheap: the probe must not warm anything
            return server, base, time.perf_counter() - start
        except httpx.HTTPError:
            time.sleep(0.1)
    raise SystemExit(f"cablebase serve stopped with exit code {server.returncode} before it answered")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--db", type=Path, required=True, help="the archive (cablebase ingest of --csv)")
    ap.add_argument("--csv", type=Path, help="the CSV the archive was ingested from (for the baseline)")
    ap.add_argument("--baseline-db", type=Path, help="default: <csv>.sqlite-utils.db, built if missing")
    ap.add_argument("--rounds", type=int, default=20)
    ap.add_argument("--workers", type=int, default=1, help="serve --workers")
    ap.add_argument("--answers", type=Path, help="write, or check against, each class's total and top 20")
    ap.add_argument("--only", help="run only the classes whose name contains this")
    ap.add_argument("--part", choices=("all", "in-process", "http"), default="all",
                    help="one half only (a run split into holds of the bench lock)")
    args = ap.parse_args()
    cases = [c for c in CASES if not args.only or args.only in c.name]
    summaries_made = store_summaries(args.db)
    reader = Reader.open(args.db)
    total = reader.archive.count()
    extra: dict = {"archive": str(args.db), "cables": total, "load_average": os.getloadavg(),
                   "summaries_computed": summaries_made}
    answers_ok = check_answers(reader, args.answers) if args.answers else True

    baseline = None
    if args.csv or args.baseline_db:
        base_db = args.baseline_db or args.csv.with_name(args.csv.name + ".sqlite-utils.db")
        if not base_db.exists():
            extra["baseline_build_s"] = round(build_baseline(args.csv, base_db), 1)
        baseline = Baseline(base_db)

    rows = []
    for case in cases if args.part != "http" else []:  # in-process, cablebase and the baseline alternately
        for fn in (lambda: in_process(reader, case), lambda: facets_in_process(reader, case)) + (
                (lambda: baseline.search(case),) if baseline else ()):
            fn()  # warm
        ours, facets, theirs = [], [], []
        for _ in range(args.rounds):
            ours.append(_timed(lambda: in_process(reader, case)))
            if baseline:
                theirs.append(_timed(lambda: baseline.search(case)))
            facets.append(_timed(lambda: facets_in_process(reader, case)))
        found = in_process(reader, case)[0]
        row = {"class": case.name, "query": case.query + ("" if case.sort == "rank" else f" [{case.sort}]"),
               "page": case.page, "total": found}
        row.update({f"search_{k}": v for k, v in _stats(ours).items() if k != "n"})
        row.update({f"facets_{k}": v for k, v in _stats(facets).items() if k != "n"})
        if baseline:
            row["base_total"] = baseline.search(case)[0]
            row.update({f"base_{k}": v for k, v in _stats(theirs).items() if k != "n"})
            row["ratio_p50"] = round(row["search_p50_ms"] / max(row["base_p50_ms"], 0.01), 2)
        rows.append({"where": "in-process", **row})
        print(json.dumps(rows[-1]), flush=True)  # a long run shows its progress

    if args.part == "in-process":
        finish(rows, extra, answers_ok)
        return
    pages = _pages(reader)  # (before the server starts: its first requests are timed at once)
    server, base, started = serve(args.db, args.workers)
    extra["server_start_s"] = round(started, 2)
    try:
        with httpx.Client(base_url=base, timeout=60) as client:
            first = {name: _timed(lambda: client.get(url).raise_for_status()) for name, url in pages.items()}
            print(json.dumps({"server_start_s": extra["server_start_s"], "first_ms": first}), flush=True)
            http_rows = []
            for case in cases:
                get = lambda: client.get("/api/search", params=_params(case, facets="false")).raise_for_status()  # noqa
                get_facets = lambda: client.get("/api/facets", params={"q": case.query}).raise_for_status()  # noqa
                if client.get("/api/facets").status_code == 404:  # the code before #26
                    get_facets = lambda: client.get("/api/search", params=_params(case, per_page=1)).raise_for_status()  # noqa
                ours = [_timed(get) for _ in range(args.rounds)]
                facets = [_timed(get_facets) for _ in range(args.rounds)]
                http_rows.append({"where": "http c=1", "class": case.name,
                                  **{f"search_{k}": v for k, v in _stats(ours).items() if k != "n"},
                                  **{f"facets_{k}": v for k, v in _stats(facets).items() if k != "n"}})
                print(json.dumps(http_rows[-1]), flush=True)
            rows += http_rows
            mix_cases = [c for c in CONCURRENT if c in cases] or cases
            calls = [mix_cases[i % len(mix_cases)] for i in range(args.rounds * 8 * 2)]
            with ThreadPoolExecutor(8) as pool:
                mixed = list(pool.map(lambda c: _timed(lambda: client.get(
                    "/api/search", params=_params(c, facets="false")).raise_for_status()), calls))
                with_facets = list(pool.map(lambda c: _timed(lambda: client.get(
                    "/api/search", params=_params(c)).raise_for_status()), calls))
            rows.append({"where": "http c=8", "class": "mix: search", **_stats(mixed)})
            rows.append({"where": "http c=8", "class": "mix: search with facets", **_stats(with_facets)})
            print(json.dumps(rows[-2:]), flush=True)
            ids = [r[0] for r in reader.archive.conn.execute(
                "SELECT key FROM cables WHERE is_current = 1 ORDER BY random() LIMIT 200")]
            for concurrency in (1, 8):
                picks = [random.Random(i).choice(ids) for i in range(200)]
                with ThreadPoolExecutor(concurrency) as pool:
                    samples = list(pool.map(lambda i: _timed(lambda: client.get(f"/cable/{i}").raise_for_status()),
                                            picks))
                rows.append({"where": f"http c={concurrency}", "class": "cable page", **_stats(samples)})
                print(json.dumps(rows[-1]), flush=True)
            for name, url in pages.items():
                samples = [_timed(lambda: client.get(url).raise_for_status()) for _ in range(args.rounds)]
                rows.append({"where": "http c=1", "class": f"page: {name}", "first_ms": round(first[name], 1),
                             **_stats(samples)})
                print(json.dumps(rows[-1]), flush=True)
    finally:
        server.terminate()
        server.wait()
    finish(rows, extra, answers_ok)


def finish(rows: list[dict], extra: dict, answers_ok: bool) -> None:
    """Print and save the rows (exit 1 if an answer changed)."""
    extra["load_average_end"] = os.getloadavg()
    extra["baseline_notes"] = BASELINE_NOTES
    report("search", rows, extra)
    if not answers_ok:
        sys.exit(1)


if __name__ == "__main__":
    main()
