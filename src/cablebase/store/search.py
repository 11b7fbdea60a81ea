"""Run a search over an SQLite archive: ranked hits with highlighted snippets, paging, facets and a
monthly histogram. (PostgreSQL's is store/postgres/search.py; both follow search/results.py's rules.)"""

from __future__ import annotations

import os
import threading
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from functools import partial
from itertools import accumulate, chain, pairwise
from typing import Any, Callable

from ..search.query import parse_query
from ..search.results import MARK_CLOSE, MARK_OPEN, Facets, FacetValue, Hit, SearchResult, check_paging, snippet_html
from . import bodies, ranking
from .compile import Compiled, compile_query
from .connection import database_file, thread_reader
from .driver import sqlite3
from .facets import FACET_SAMPLE, HIT_COLUMNS, counted, facet_counts, sample
from .stats import sample_step
from .suggest import Words, suggest

_PREAMBLE_COLUMN, _BODY_COLUMN = 1, 2  # of cables_fts (subject, preamble, body)
_FIRST_ROWID, _LAST_ROWID = -(2**63), 2**63 - 1
TIES = 20
"""How many hits past a page a word with filters ranks on its text index alone (`_ranking_jobs`):
enough to see that no score tied at the page's end goes on past them (`_newest_among_equals`)."""
RANK_SHARES = {False: (0.55, 0.45), True: (0.65, 0.35)}
"""The pieces a ranking on the text index is cut into, as shares of the archive's row ids, largest
first, with nothing beside them (False) and beside the count of text with filters (True) (see
`_ranking_jobs`): one thread takes the large piece while the other makes the counts and then the
small one, so that both end at about the same time. Text alone is counted in a few ms (and text
with filters, without facets, as it is ranked), text with filters beside facets in about a third
of its ranking's time (251k, CPU ms of the slower thread: `government` 65 at 0.55, 80 at 0.65;
`iran class:secret` 78 at 0.65, 86 at 0.55). (Each piece reads every word's whole list of cables again
for the IDF: a third piece cost more than the balance it gave.)"""
SPREAD_FROM = 50_000
"""Matches from which text alone is ranked in pieces on two threads (when its count comes first:
see `search`); fewer are ranked faster on the calling thread alone."""
# Threads start on first use; at most one per core runs the parts of searches handed to another core.
_WORKER_THREADS = os.cpu_count() or 2
_WORKERS = ThreadPoolExecutor(max_workers=_WORKER_THREADS, thread_name_prefix="cablebase-search")
# A search keeps one or two cores busy (filters alone, one). More searches at once than cores would
# only share them, so that every search, and every cheap request beside them (a cable page), ends
# later: the others wait their turn.
_RUNNING = threading.BoundedSemaphore(_WORKER_THREADS)


def search(conn: sqlite3.Connection, query: str = "", sort: str = "rank", page: int = 1, per_page: int = 20,
           facets: bool = True) -> SearchResult:
    """Search the archive. Raises QueryError for a malformed query, ArgumentError for a bad sort or paging.

    The total is exact. Facet and month counts are exact up to FACET_SAMPLE hits; above that they
    are estimated from an even sample of about that many hits (`SearchResult.sampled`). `conn` may
    be any connection to an archive: the SQL functions snippets need are defined on it."""
    check_paging(sort, page, per_page)
    tree = parse_query(query)
    bodies.register(conn)
    ranking.sized(conn)  # the functions its SQL may call (bitmaps of sets: store/compile.py)
    compiled = _planned(conn, compile_query(tree))
    offset = (page - 1) * per_page
    with _RUNNING:
        if compiled.match and not compiled.where and sort == "rank" and not facets:
            # text alone, no facets: counted in a few ms on the index, which says whether its ranking
            # is worth a second core (a rare word's is done sooner here than handed to another thread)
            counted = _counts(conn, compiled, False)
            ranked = _shared(conn, _ranking_jobs(conn, compiled, sort, offset + per_page,
                                                 pieces=counted[0] >= SPREAD_FROM))
        elif compiled.match and sort == "rank" and not facets:
            # text and filters, no facets: each ranking counts the matches it scores, so that no
            # count walks them again testing each against the filters. A word with sets is ranked
            # without its IDF, which a job of its own counts beside the pieces (each would count it
            # again: `iran tag:PREL`, 7.8 ms of CPU a piece, more than it ranks) and then scales.
            apart = compiled.word and compiled.sets_only and ranking.unscaled_here(conn)
            jobs = _ranking_jobs(conn, compiled, sort, offset + per_page, counted=True, unscaled=apart)
            idf, *pieces = (_shared(conn, [partial(ranking.idf, match=compiled.match), *jobs]) if apart
                            else [None, *_shared(conn, jobs)])
            counted = (sum(rows[0][2] for rows in pieces if rows), {}, [], None)
            ranked = [[(r[0], r[1] if idf is None else ranking.scaled(idf, r[1])) for r in rows] for rows in pieces]
        else:
            counted, *ranked = _shared(conn, [partial(_counts, compiled=compiled, facets=facets),
                                              *_ranking_jobs(conn, compiled, sort, offset + per_page)])
        hits = _details(conn, compiled, _page(conn, compiled, sort, ranked, per_page, offset))
    total, counts, months, sampled = counted
    suggestions = suggest(words(conn), query, tree, partial(_finds, conn)) if total == 0 and compiled.text else []
    return SearchResult(query, sort, page, per_page, total, hits, counts, months, sampled, suggestions)


def result_facets(conn: sqlite3.Connection, query: str = "") -> Facets:
    """The exact total, facet counts and monthly histogram of a query's whole result set, without
    its hits: what a results page shows beside its hits, asked for apart so that the hits need not
    wait for it (`search(..., facets=False)`). Exact up to FACET_SAMPLE hits; above that estimated
    from an even sample (`Facets.sampled`), as `search` gives them. Raises QueryError."""
    ranking.sized(conn)
    return Facets(query, *_counts(conn, _planned(conn, compile_query(parse_query(query))), True))


DATED_SET_FROM = 4
"""A date range beside text is a set of cables (store/compile.py) when the text matches at least a
DATED_SET_FROM-th of the archive; fewer matches are each tested on their row. Making the set reads
the date index along the range (251k, CPU ms: 16 for 2008-2009's 151,787 cables, 0.1 µs a cable);
testing a match's row seeks the covering index (0.4 µs): `iran from:2008 to:2009`, 201,420
matches, ranked in 103 ms of CPU with the set, 155 without; `voinovich from:2008 to:2009`, 2,367,
in 9 without, 40 with (two pieces each making it)."""


def _planned(conn: sqlite3.Connection, compiled: Compiled) -> Compiled:
    """`compiled`, its date range tested on each match's row when its text has few matches
    (DATED_SET_FROM): they are counted up to that many, on the text index alone."""
    if compiled.dates is None or not compiled.text:
        return compiled
    table = _driver(compiled)
    enough = (conn.execute("SELECT max(id) FROM cables").fetchone()[0] or 0) // DATED_SET_FROM
    found = conn.execute(f"SELECT count(*) FROM (SELECT 1 FROM {table} WHERE {table} MATCH ? LIMIT ?)",
                         [compiled.text, enough]).fetchone()[0]
    return compiled if found >= enough else compiled.dated_by_row()


def words(conn: sqlite3.Connection) -> Words:
    """The archive's words (its vocabulary table `cables_words`), for spelling suggestions."""
    def holds(word: str) -> bool:
        return conn.execute("SELECT 1 FROM cables_words WHERE term = ?", (word,)).fetchone() is not None

    def starting(start: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        return conn.execute("SELECT term, doc FROM cables_words WHERE term >= ? AND term < ? AND length(term) "
                            "BETWEEN ? AND ?", (start, start + "\U0010ffff", shortest, longest)).fetchall()

    return Words(holds, starting)


def _finds(conn: sqlite3.Connection, query: str) -> bool:
    """Whether a query finds a cable."""
    source, where, params = _from_where(compile_query(parse_query(query)), narrow=True)
    return conn.execute(f"SELECT 1 FROM {source} WHERE {where} LIMIT 1", params).fetchone() is not None


def _shared(conn: sqlite3.Connection, jobs: list[Callable[[sqlite3.Connection], Any]]) -> list[Any]:
    """Run `jobs` (each given a connection to the archive) on this thread and on a worker thread
    with a connection of its own, each thread taking the next job as soon as it is free; return
    their results in job order. When no worker is free (a busy server) or the archive is in memory,
    this thread runs them all."""
    results: list[Any] = [None] * len(jobs)
    pending = deque(enumerate(jobs))  # popleft() is atomic: the two threads share it safely

    def work(connection: sqlite3.Connection) -> None:
        while pending:
            try:
                number, job = pending.popleft()
            except IndexError:  # the other thread took the last one
                return
            results[number] = job(connection)

    path = database_file(conn)  # asked here: `conn` is busy in this thread while the worker runs
    helper = _WORKERS.submit(lambda: work(thread_reader(path))) if path and len(jobs) > 1 else None
    try:
        work(conn)
    finally:
        pending.clear()  # after a failure here, the worker stops at its current job
        if helper is not None and not helper.cancel():  # not cancelled: it has started
            helper.result()
    return results


def _counts(conn: sqlite3.Connection, compiled: Compiled, facets: bool
            ) -> tuple[int, dict[str, list[FacetValue]], list[tuple[str, int]], int | None]:
    """(total, facets, months, sampled) of a query (see `search`). Words with filters are counted and
    faceted in one statement that walks their matches once (`facets.sample`): a count apart walked
    them again, and the sample a third time (251k, CPU: `iran class:secret` 116 -> 73 ms). Text
    alone is counted on its index in a few ms, and a query without text along a covering index:
    those are sampled by seeking the sample's ids (`_sample`), not by keeping every match."""
    if facets and compiled.where and compiled.text:
        matches, params = _matches(compiled)
        total, found, counts, months = facet_counts(conn, sample(matches, FACET_SAMPLE), params)
    else:
        total = _total(conn, compiled)
        if not (facets and total):
            return total, {}, [], None
        _, found, counts, months = facet_counts(conn, *_sample(compiled, total))
    if not total:
        return 0, {}, [], None
    return total, counts, months, found if total > FACET_SAMPLE else None


def _sample(compiled: Compiled, total: int) -> tuple[str, list]:
    """`facets.counted`'s CTEs for a query of `total` hits, and their parameters: every hit up to
    FACET_SAMPLE, else an even sample (the hits whose id is a multiple of `sample_step`: the same as
    `facets.sample` keeps)."""
    source, where, params = _from_where(compiled, narrow=True)
    step = sample_step(total, FACET_SAMPLE)
    if step > 1 and _driver(compiled) == "c":  # the same sample, by seeking its ids, not scanning all
        source = (f"(WITH RECURSIVE probe(id) AS (SELECT {step} UNION ALL SELECT id + {step} FROM probe "
                  f"WHERE id + {step} <= (SELECT max(id) FROM cables)) SELECT id FROM probe) probe "
                  f"CROSS JOIN {source} ON c.id = probe.id")
    elif step > 1:  # every step-th hit by id: an even sample across the archive's order
        where += f" AND {_driver(compiled)}.rowid % {step} = 0"
    return counted(total, f"SELECT {HIT_COLUMNS} FROM {source} WHERE {where}"), params


def _ranking_jobs(conn: sqlite3.Connection, compiled: Compiled, sort: str, wanted: int, pieces: bool = True,
                  counted: bool = False, unscaled: bool = False) -> list[Callable[[sqlite3.Connection], list[tuple]]]:
    """Jobs each giving the best `wanted` (row id, score) of a query or of a piece of the archive,
    in order, to be merged into a page by `_page`. With `counted` (text ranked by BM25), each row
    ends with the number of matches in the job's piece.

    Text ranked by BM25 whose filters, if any, are sets of cables (`Compiled.sets_only`) is ranked on
    the text index alone, without looking up every match's row: the index holds current versions
    only, and each set tests the index's row id. Text alone breaks ties by row id; with filters, ties
    go newest first, as a ranking over the cables orders them: TIES more are ranked, and the page's
    ties put in date order (`_page`). A word or words ORed (`Compiled.spread`) is ranked in pieces
    of the archive (ranges of row ids, RANK_SHARES), each giving its best `wanted`, unless `pieces`
    is False (few matches: see SPREAD_FROM). `unscaled` (one word with sets): scores without the IDF
    (`ranking.scaled` makes them the scores).

    BM25 scores every match (for a common word, most of the search's time); the pieces let two
    cores share it with the counts however long those take. The IDF and length statistics are the
    whole index's, so the scores are those of one query; but each piece works out the IDF again,
    reading every word's whole list of cables (for a phrase, matching it in each): that costs more
    than it saves unless the matches are the union of the words' cables. On 251k, median ms, three
    pieces / one: `government` 94 / 123, `minister OR government` 125 / 157, `iran sanctions`
    58 / 46, `(iran OR syria) -nuclear` 83 / 69.

    Text with a filter that is not a set is ranked over the cables (`_ranking_sql`), a word or
    words ORed in the same pieces, their pages' ties put in date order again. The date sorts are
    one statement along the date index, the text then a set of row ids (the newest 20 are found
    after a few steps back in time, whatever the number of matches)."""
    if compiled.match and sort == "rank":
        ranges = [(_FIRST_ROWID, _LAST_ROWID)]
        if compiled.spread and pieces and database_file(conn):
            last = conn.execute("SELECT max(id) FROM cables").fetchone()[0] or 0  # the index's row ids are ids
            shares = RANK_SHARES[bool(compiled.where) and not counted]
            bounds = [_FIRST_ROWID] + [int(last * share) + 1 for share in accumulate(shares[:-1])] + [_LAST_ROWID]
            ranges = [(first, following - 1) for first, following in pairwise(bounds)]
        if not compiled.sets_only:  # over the cables
            jobs = []
            for first, last in ranges:
                bm25 = ranking.bm25(conn, counted)
                jobs.append(partial(_rows, sql_params=_ranking_sql(compiled, sort, wanted, bm25, first, last, counted),
                                    tally=bm25[2]))
            return jobs
        params, count = [compiled.match, *compiled.params], wanted + (TIES if compiled.where else 0)
        return [partial(_rank_range, where=compiled.on_index("cables_fts", None if len(ranges) == 1 else (first, last)),
                        params=params, count=count, first=first, last=last, counted=counted, unscaled=unscaled)
                for first, last in ranges]
    return [partial(_rows, sql_params=_ranking_sql(compiled, sort, wanted, ranking.bm25(conn)))]


def _rows(conn: sqlite3.Connection, sql_params: tuple[str, list], tally: int | None = None) -> list[tuple]:
    """The rows of a statement and its parameters (a ranking's, each followed by the rows it scored
    under `tally`: see `ranking.tallied`)."""
    return ranking.tallied(conn, [tuple(r) for r in conn.execute(*sql_params)], tally)


def _ranking_sql(compiled: Compiled, sort: str, wanted: int, bm25: tuple[str, str, int | None], first: int = _FIRST_ROWID,
                 last: int = _LAST_ROWID, counted: bool = False) -> tuple[str, list]:
    """One statement giving a query's best `wanted` (row id, score) over the cables, by score (ties
    newest first; of the text index's rows first..last; with `counted`, each row followed by the
    number of matches there, as `_rank_range`: a window, or the tally of `bm25`) or date (undated
    last), and its parameters. `bm25`: `ranking.bm25` of the connections it runs on."""
    if compiled.match and sort == "rank":
        source, where, params = _from_where(compiled, narrow=True)
        join, score, tally = bm25  # joined after the cables: a match the filters reject is not scored
        scored = (f"SELECT c.rowid AS rowid, {score} AS score, c.created AS created FROM {source}{join} "
                  f"WHERE {where} AND cables_fts.rowid BETWEEN ? AND ?")
        window = ", count(*) OVER ()" if counted and tally is None else ""
        return (f"SELECT rowid, score{window} FROM ({scored}) ORDER BY score, created DESC, rowid LIMIT ?",
                [*params, first, last, wanted])
    source, where, params = _from_where(compiled, narrow=True, by_date=True)
    if sort != "date-asc":
        return f"SELECT c.rowid, NULL FROM {source} WHERE {where} ORDER BY c.created DESC, c.rowid LIMIT ?", [*params, wanted]
    # the dated along the index, then the undated: ordering by `created IS NULL` would sort every match
    part = f"SELECT c.rowid, NULL FROM {source} WHERE {where} AND c.created IS {{}} NULL ORDER BY c.created, c.rowid LIMIT ?"
    return (f"SELECT * FROM ({part.format('NOT')}) UNION ALL SELECT * FROM ({part.format('')}) LIMIT ?",
            [*params, wanted, *params, wanted, wanted])


def _page(conn: sqlite3.Connection, compiled: Compiled, sort: str, rankings: list[list[tuple[int, float | None]]],
          limit: int, offset: int) -> list[tuple[int, float | None]]:
    """The page from the results of `_ranking_jobs`: the one job's, or the pieces' merged by score;
    text with filters ranked on its index alone or in pieces, ties newest first."""
    rows = rankings[0] if len(rankings) == 1 else sorted(chain.from_iterable(rankings), key=lambda r: (r[1], r[0]))
    if compiled.match and sort == "rank" and compiled.where and (compiled.sets_only or len(rankings) > 1):
        ordered = _newest_among_equals(conn, rankings, rows, offset + limit)
        if ordered is None:  # a score tied at the page's end goes on past what was ranked
            sql, params = _ranking_sql(compiled, sort, offset + limit, ranking.bm25(conn))
            ordered = [(r[0], r[1]) for r in conn.execute(sql, params)]
        rows = ordered
    if compiled.match and sort != "rank":  # found along the dates: the page's scores
        return _scored(conn, compiled.match, rows[offset:offset + limit])
    return rows[offset:offset + limit]


def _scored(conn: sqlite3.Connection, match: str, rows: list[tuple[int, float | None]]) -> list[tuple[int, float]]:
    """`rows` with their BM25 scores: one pass over the text's matches (`+`: the ids are a test,
    not a lookup each, which would read every word's whole list again for its IDF)."""
    join, score, _ = ranking.bm25(conn)
    scores = dict(conn.execute(f"SELECT cables_fts.rowid, {score} FROM cables_fts{join} WHERE cables_fts MATCH ? AND "
                               f"+cables_fts.rowid IN ({','.join('?' * len(rows))})",
                               [match, *(r[0] for r in rows)]).fetchall())
    return [(r[0], scores[r[0]]) for r in rows]


def _newest_among_equals(conn: sqlite3.Connection, rankings: list[list[tuple[int, float | None]]],
                         rows: list[tuple[int, float | None]], end: int) -> list[tuple[int, float | None]] | None:
    """`rows` (the pieces' best, by score) with equal scores newest first (an undated cable last),
    then by row id; None when that order may be wrong before `end`: a piece gave all it was asked
    for (`end` + TIES) and its last score is not above the score at `end`."""
    if len(rows) >= end and any(len(piece) == end + TIES and piece[-1][1] <= rows[end - 1][1]  # type: ignore[operator]
                                for piece in rankings):
        return None
    created = dict(conn.execute(f"SELECT id, created FROM cables WHERE id IN ({','.join('?' * len(rows))})",
                                [r[0] for r in rows]).fetchall())
    by_date = sorted(rows, key=lambda r: r[0])
    by_date.sort(key=lambda r: (created[r[0]] is not None, created[r[0]] or ""), reverse=True)  # stable
    return sorted(by_date, key=lambda r: r[1])  # type: ignore[arg-type, return-value]


def _details(conn: sqlite3.Connection, compiled: Compiled, ranked: list[tuple[int, float | None]]) -> list[Hit]:
    """The hits of a ranked page: their rows and, with free text, the subject with its hits marked
    and a snippet: from the body (the text after the preamble) where it has a hit; else, when the
    subject has one (the title shows it), the summary or the body's best passage; else from the
    preamble (a hit in the TAGS or addressees, say), which says why the cable matched."""
    if not ranked:
        return []
    if compiled.match:
        texts = f"highlight(cables_fts, 0, '{MARK_OPEN}', '{MARK_CLOSE}'), {_snippet_sql(_BODY_COLUMN)}"
        fetch = "cables_fts CROSS JOIN cables c ON c.id = cables_fts.rowid WHERE cables_fts MATCH ? AND cables_fts.rowid"
        fetch_params = [compiled.match]
    else:
        texts, fetch, fetch_params = "c.subject, coalesce(c.summary, '')", "cables c WHERE c.id", []
    marks = ",".join("?" * len(ranked))
    details = {r[0]: list(r[1:]) for r in conn.execute(
        f"""SELECT c.id, c.key, c.subject, c.created, c.origin, c.origin_code, c.classification, c.summary, {texts}
            FROM {fetch} IN ({marks})""", [*fetch_params, *(r[0] for r in ranked)])}
    preamble_only = []
    for i, row in details.items():
        *_, summary, subject, snippet = row
        if compiled.match and MARK_OPEN not in (snippet or ""):
            if MARK_OPEN in (subject or ""):
                row[-1] = summary or snippet
            else:
                preamble_only.append(i)
    if preamble_only:
        for i, text in conn.execute(
                f"SELECT rowid, {_snippet_sql(_PREAMBLE_COLUMN)} FROM cables_fts WHERE cables_fts MATCH ? "
                f"AND rowid IN ({','.join('?' * len(preamble_only))})", [compiled.match, *preamble_only]):
            details[i][-1] = text
    return [Hit(*details[i][:6], snippet=snippet_html(details[i][-1]), score=score,
                subject_html=snippet_html(details[i][-2], whole=True)) for i, score in ranked]


def _snippet_sql(column: int) -> str:
    return f"snippet(cables_fts, {column}, '{MARK_OPEN}', '{MARK_CLOSE}', '…', 28)"


def _rank_range(conn: sqlite3.Connection, where: str, params: list, count: int, first: int = _FIRST_ROWID,
                last: int = _LAST_ROWID, counted: bool = False, unscaled: bool = False) -> list[tuple]:
    """The `count` best (row id, score), ties by row id, of the text index's rows first..last that
    `where` (see `Compiled.on_index`) selects; with `counted`, each followed by the number of those
    rows, counted as they are scored (`ranking.tallied`), or where the extension is missing by a
    window over the rows scored (0.3 µs a row, where a count apart walks the text's matches again,
    testing each against the filters' sets: `iran caption:NOFORN` 201,420 matches, 82,271 pass: 36
    ms of CPU apart, 22 in the window). `unscaled`: the scores without the IDF (`ranking.bm25`)."""
    join, score, tally = ranking.bm25(conn, counted, unscaled)
    scored = (f"SELECT cables_fts.rowid AS rowid, {score} AS score FROM cables_fts{join} WHERE {where} "
              "AND cables_fts.rowid BETWEEN ? AND ?")
    if counted and tally is None:  # (SQLite allows no window function beside bm25: it is asked of the scored rows)
        scored = f"SELECT *, count(*) OVER () FROM ({scored})"
    rows = [tuple(r) for r in conn.execute(f"{scored} ORDER BY score, rowid LIMIT ?", [*params, first, last, count])]
    return ranking.tallied(conn, rows, tally)


def _total(conn: sqlite3.Connection, compiled: Compiled) -> int:
    """How many cables a query matches."""
    source, where, params = _narrowest(compiled)
    return conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]


def _narrowest(compiled: Compiled) -> tuple[str, str, list]:
    """FROM source, WHERE clause and parameters selecting the current cables a query matches, read
    from the text index alone when every filter is a set of cables, else through a covering index."""
    table = _driver(compiled)
    if table != "c" and compiled.sets_only:  # no cable's row needed
        return table, compiled.on_index(table), [compiled.text, *compiled.params]
    return _from_where(compiled, narrow=True)


def matching_ids(conn: sqlite3.Connection, query: str, limit: int = 10000, oldest_first: bool = False) -> set[str]:
    """Ids of the cables matching a query (at most `limit`: the oldest ones when `oldest_first`, as
    the first page sorted date-asc), for analyses over a result set."""
    compiled = compile_query(parse_query(query))
    if not oldest_first:
        source, where, params = _from_where(compiled)
        return {r[0] for r in conn.execute(f"SELECT c.key FROM {source} WHERE {where} LIMIT ?", [*params, limit])}
    source, where, params = _from_where(compiled, narrow=True, by_date=not compiled.match)
    return {r[0] for r in conn.execute(f"SELECT c.key FROM {source} WHERE {where} "
                                       "ORDER BY c.created IS NULL, c.created, c.id LIMIT ?", [*params, limit])}


def matching_rows(query: str) -> tuple[str, list]:
    """SQL selecting the row ids of the current cables a query matches, and its parameters: a
    subquery for aggregates over a whole result. Raises QueryError for a malformed query."""
    return _matches(compile_query(parse_query(query)))


def _matches(compiled: Compiled) -> tuple[str, list]:
    """`matching_rows` of a compiled query."""
    source, where, params = _narrowest(compiled)
    row_id = "rowid" if source == _driver(compiled) else "c.id"  # the text index alone, or the cables
    return f"SELECT {row_id} FROM {source} WHERE {where}", params


def matching_filter(query: str) -> tuple[str, list]:
    """A WHERE over `cables c` testing one cable at a time against a query (its text a set of row
    ids), and its parameters: for walks along another index that stop early."""
    _, where, params = _from_where(compile_query(parse_query(query)), by_date=True)
    return where, params


def _driver(compiled: Compiled) -> str:
    """The table whose rows drive a query's loop: a text index, or the cables themselves (`c`)."""
    return "cables_fts" if compiled.match else "cables_prefix" if compiled.prefix else "c"


def _from_where(compiled: Compiled, narrow: bool = False, by_date: bool = False) -> tuple[str, str, list]:
    """FROM source, WHERE clause and parameters selecting the current cables a query matches.
    `narrow` reads cables through a covering index (by id, or `by_date`): every column a filter
    reads is in both (filters on other columns are sets of ids, see compile.FILTERS).
    A query walks the dates `by_date` (a page needs the newest few), the text as a set of row ids;
    else the text index drives it."""
    cables = "cables c"
    if narrow:
        cables += " INDEXED BY cables_created" if by_date else " INDEXED BY cables_facets"
    table = _driver(compiled)
    if table != "c" and not by_date:
        # CROSS JOIN: the text match drives the loop, not a scan of all cables
        return (f"{table} CROSS JOIN {cables} ON c.id = {table}.rowid",
                f"{table} MATCH ? AND " + compiled.where_driven_by(table), [compiled.text, *compiled.params])
    where, params = compiled.as_filters()
    return cables, where, params
