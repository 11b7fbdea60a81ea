"""Run a search: ranked hits with highlighted snippets, paging, facets and a monthly histogram."""

from __future__ import annotations

import html
import os
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, TypeVar

from ..store import bodies, queries
from ..store.archive import database_file, thread_reader
from ..store.driver import sqlite3
from ..store.stats import sample_step
from .facets import FACET_SAMPLE, FacetValue, facet_counts
from .filters import Compiled, compile_query
from .query import parse_query

SORTS = ("rank", "date", "date-asc")
MAX_PER_PAGE = 200
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"
_BM25 = "bm25(cables_fts, 10.0, 1.0)"  # the subject weighs ten times the body
T = TypeVar("T")
_FIRST_ROWID, _LAST_ROWID = -(2**63), 2**63 - 1
# Threads start on first use; at most one per core runs the parts of searches handed to another core.
_WORKERS = ThreadPoolExecutor(max_workers=os.cpu_count() or 2, thread_name_prefix="cablebase-search")


@dataclass
class Hit:
    """One matching cable."""

    reference_id: str
    subject: str | None
    created: str | None
    origin: str | None
    origin_code: str | None
    classification: str | None
    snippet: str = field(metadata={"doc": "HTML-escaped text with <mark> around hits"})
    score: float | None = None


@dataclass
class SearchResult:
    """A page of hits plus counts over the whole result set."""

    query: str
    sort: str
    page: int
    per_page: int
    total: int
    hits: list[Hit]
    facets: dict[str, list[FacetValue]]
    months: list[tuple[str, int]]
    sampled: int | None = field(default=None, metadata={
        "doc": "None when facet and month counts are exact; else how many hits (an even sample) they "
               "were estimated from"})

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search(conn: sqlite3.Connection, query: str = "", sort: str = "rank", page: int = 1, per_page: int = 20,
           facets: bool = True) -> SearchResult:
    """Search the archive. Raises QueryError for a malformed query, ValueError for bad paging.

    The total is exact. Facet and month counts are exact up to FACET_SAMPLE hits; above that they
    are estimated from an even sample of about that many hits (`SearchResult.sampled`). `conn` may
    be any connection to an archive: the SQL functions snippets need are defined on it."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    if page < 1:
        raise ValueError("page must be 1 or more")
    compiled = compile_query(parse_query(query))
    bodies.register(conn)
    counting = _on_sibling(conn, _counts, compiled, facets)  # made on another core meanwhile
    hits = _page(conn, compiled, sort, per_page, (page - 1) * per_page)
    total, counts, months, sampled = counting.result()
    return SearchResult(query, sort, page, per_page, total, hits, counts, months, sampled)


def _on_sibling(conn: sqlite3.Connection, fn: Callable[..., T], *args: Any) -> Future[T]:
    """Run `fn(connection, *args)` in a worker thread on its own connection to the archive (in the
    calling thread, at once, when the archive is in memory)."""
    path = database_file(conn)  # asked here: `conn` is busy in this thread while the worker runs
    if path is None:
        done: Future[T] = Future()
        done.set_result(fn(conn, *args))
        return done
    return _WORKERS.submit(lambda: fn(thread_reader(path), *args))


def _counts(conn: sqlite3.Connection, compiled: Compiled, facets: bool
            ) -> tuple[int, dict[str, list[FacetValue]], list[tuple[str, int]], int | None]:
    """(total, facets, months, sampled) of a query (see `search`)."""
    if facets and compiled.where and compiled.text:
        # Words with filters: the total is a join as costly as the facets. Exact facets over the
        # first FACET_SAMPLE + 1 hits come first: when there are no more (most such queries), they
        # count the total too; else they stop at that many hits, and the total and a sample follow.
        found, counts, months = _facets(conn, compiled, None)
        if found <= FACET_SAMPLE:
            return (found, counts, months, None) if found else (0, {}, [], None)
    total = _total(conn, compiled)
    if not (facets and total):
        return total, {}, [], None
    found, counts, months = _facets(conn, compiled, total)
    return total, counts, months, found if total > FACET_SAMPLE else None


def _facets(conn: sqlite3.Connection, compiled: Compiled, total: int | None
            ) -> tuple[int, dict[str, list[FacetValue]], list[tuple[str, int]]]:
    """(hits counted, facets, months) of a query's `total` hits: exact up to FACET_SAMPLE hits, else
    estimated from an even sample. `total` None: exact, over the first FACET_SAMPLE + 1 hits."""
    source, where, params = _from_where(compiled, narrow=True)
    step = sample_step(total, FACET_SAMPLE)
    if step > 1 and _driver(compiled) == "c":  # the same sample, by seeking its ids, not scanning all
        last = conn.execute("SELECT max(id) FROM cables").fetchone()[0]
        source = (f"(WITH RECURSIVE probe(id) AS (SELECT {step} UNION ALL SELECT id + {step} FROM probe "
                  f"WHERE id + {step} <= {last}) SELECT id FROM probe) probe CROSS JOIN {source} ON c.id = probe.id")
    elif step > 1:  # every step-th hit by id: an even sample across the archive's order
        where += f" AND {_driver(compiled)}.rowid % {step} = 0"
    hits_sql = f"SELECT c.id, c.origin_code, c.origin, c.year, c.classification, c.month FROM {source} WHERE {where}"
    if total is None:
        hits_sql += f" LIMIT {FACET_SAMPLE + 1}"
    return facet_counts(conn, hits_sql, params, scale_to=total if step > 1 else None)


def _page(conn: sqlite3.Connection, compiled: Compiled, sort: str, limit: int, offset: int) -> list[Hit]:
    """One page of hits: ordered over a covering index first, then the page's rows (and, with
    free text, their snippets) are read."""
    if compiled.match:
        order = {"rank": "score, c.created DESC", "date": "c.created DESC",
                 "date-asc": "c.created IS NULL, c.created ASC"}[sort]
        source, where, params = _from_where(compiled, narrow=True)
        score = _BM25
        snippet = f"snippet(cables_fts, -1, '{_MARK_OPEN}', '{_MARK_CLOSE}', '…', 28)"
        fetch = "cables_fts CROSS JOIN cables c ON c.id = cables_fts.rowid WHERE cables_fts MATCH ? AND cables_fts.rowid"
        fetch_params = [compiled.match]
    else:
        order = {"date-asc": "c.created IS NULL, c.created ASC"}.get(sort, "c.created DESC")
        source, where, params = _from_where(compiled, narrow=True, by_date=True)
        score, snippet, fetch, fetch_params = "NULL", "coalesce(c.summary, '')", "cables c WHERE c.id", []
    if compiled.match and not compiled.where and sort == "rank":
        # the index holds current versions only and ties are rare: rank it alone, without a lookup
        # of every match's date (a third of the time for a word found in most cables)
        ranked = _rank_words(conn, compiled.match, limit, offset, split=not compiled.phrase)
    else:
        ranked = conn.execute(f"SELECT c.rowid, {score} AS score FROM {source} WHERE {where} ORDER BY {order}, "
                              "c.rowid LIMIT ? OFFSET ?", params + [limit, offset]).fetchall()
    if not ranked:
        return []
    marks = ",".join("?" * len(ranked))
    details = {r[0]: r[1:] for r in conn.execute(
        f"""SELECT c.id, c.key, c.subject, c.created, c.origin, c.origin_code, c.classification, {snippet}
            FROM {fetch} IN ({marks})""", [*fetch_params, *(r[0] for r in ranked)])}
    return [Hit(*details[i][:6], _snippet_html(details[i][6]), score) for i, score in ranked]


def _rank_words(conn: sqlite3.Connection, match: str, limit: int, offset: int, split: bool = True
                ) -> list[tuple[int, float]]:
    """(row id, score) of the best-ranked cables for a text-only query, ties by row id.

    With `split` the two halves of the archive are ranked at once on two connections and the lists
    merged (BM25 scores every match: for a common word, most of the search's time). BM25's IDF and
    length statistics are the whole index's, so the scores are those of one query; but each half
    works out the IDF again, which for a phrase means matching it in every cable: phrases are not split."""
    if not (split and database_file(conn)):
        return _rank_range(conn, match, limit + offset)[offset:]
    middle = (conn.execute("SELECT max(id) FROM cables").fetchone()[0] or 0) // 2  # the index's row ids are ids
    upper = _on_sibling(conn, _rank_range, match, limit + offset, middle + 1)
    lower = _rank_range(conn, match, limit + offset, _FIRST_ROWID, middle)
    return sorted(lower + upper.result(), key=lambda r: (r[1], r[0]))[offset:offset + limit]


def _rank_range(conn: sqlite3.Connection, match: str, count: int, first: int = _FIRST_ROWID,
                last: int = _LAST_ROWID) -> list[tuple[int, float]]:
    """The `count` best (row id, score), ties by row id, among row ids first..last."""
    return [(r[0], r[1]) for r in conn.execute(
        f"SELECT rowid, {_BM25} AS score FROM cables_fts WHERE cables_fts MATCH ? "
        "AND rowid BETWEEN ? AND ? ORDER BY score, rowid LIMIT ?", [match, first, last, count])]


def _total(conn: sqlite3.Connection, compiled: Compiled) -> int:
    table = _driver(compiled)
    if table != "c" and not compiled.where:  # the indexes hold current versions only: count one alone
        return conn.execute(f"SELECT count(*) FROM {table} WHERE {table} MATCH ?",
                            [compiled.text]).fetchone()[0]
    source, where, params = _from_where(compiled, narrow=True)
    return conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]


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


def query_timeline(conn: sqlite3.Connection, query: str, cables: int = 200) -> list[dict]:
    """Dated events in date order across the oldest `cables` cables matching a query (see
    `store.queries.timeline`). Raises QueryError for a malformed query."""
    return queries.timeline(conn, list(matching_ids(conn, query, limit=cables, oldest_first=True)))


def _driver(compiled: Compiled) -> str:
    """The table whose rows drive a query's loop: a text index, or the cables themselves (`c`)."""
    return "cables_fts" if compiled.match else "cables_prefix" if compiled.prefix else "c"


def _from_where(compiled: Compiled, narrow: bool = False, by_date: bool = False) -> tuple[str, str, list]:
    """FROM source, WHERE clause and parameters selecting the current cables a query matches.
    `narrow` reads cables through a covering index (by id, or `by_date`) when the query allows.
    A prefix-only query walks the dates `by_date` (a page needs the newest few), else its index."""
    cables = "cables c"
    if narrow and compiled.narrow:
        cables += " INDEXED BY cables_created" if by_date else " INDEXED BY cables_facets"
    table = _driver(compiled)
    if table == "cables_fts" or (table == "cables_prefix" and not by_date):
        # CROSS JOIN: the text match drives the loop, not a scan of all cables
        return (f"{table} CROSS JOIN {cables} ON c.id = {table}.rowid",
                f"{table} MATCH ? AND " + compiled.where_sql, [compiled.text, *compiled.params])
    where, params = compiled.as_filters()
    return cables, where, params


def _snippet_html(text: str | None) -> str:
    """Escape cable text for HTML, then turn the hit markers into <mark> tags."""
    if not text:
        return ""
    if len(text) > 400 and _MARK_OPEN not in text:
        text = text[:400].rsplit(" ", 1)[0] + " …"
    return html.escape(text).replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")
