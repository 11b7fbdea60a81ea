"""Searches over a PostgreSQL archive (`PostgresArchive.search` and `.facets`): totals, a ranked or
dated page, facet and month counts, the page's highlighted subjects and snippets, and the words
spelling suggestions are made from; the same matches, totals and counts as SQLite's (store/search.py).

Counts follow the SQLite engine's rules: exact up to FACET_SAMPLE hits, else from the hits whose
id is a multiple of a step (the same even sample SQLite takes), scaled up.
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Iterator

import psycopg

from ...search.query import parse_query
from ...search.results import (MARK_CLOSE, MARK_OPEN, Facets, FacetValue, Hit, SearchResult, check_paging,
                               snippet_html)
from ..facets import ENTITY_FACET_MAX_HITS, FACET_SAMPLE, shape
from ..stats import sample_step
from ..suggest import Words, suggest
from .query import Compiled, compile_query

RANK_ALL = 400
"""A query matching at most this many cables has all of them ranked by `rank()`; a broader one, as
many candidates (see `_candidates_first`)."""
RANK_WEIGHTS = "{0.1, 0.1, 0.1, 1.0}"
"""ts_rank_cd's weights of D (body), C (unused), B (preamble), A (subject): the subject weighs ten
times the text, as in the SQLite index's BM25."""
WALK_FROM = 100
"""A page by date of hits more than this many times the rows it reaches walks the dates' index (`_page`)."""
WORK_MEM = "32MB"
"""A search's memory for each hash or sort: a million-cable archive's common word (hundreds of
thousands of ids) hashed in memory."""
_MARKS = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}"


def search(conn: psycopg.Connection, query: str = "", sort: str = "rank", page: int = 1, per_page: int = 20,
           facets: bool = True) -> SearchResult:
    """Search the archive (see `store.backend.Backend.search`). Raises QueryError, ArgumentError."""
    check_paging(sort, page, per_page)
    tree = parse_query(query)
    compiled = compile_query(tree)
    with _planned(conn, compiled):
        found = _found(conn, compiled, facets, _page(compiled, sort, per_page, (page - 1) * per_page))
        details = _page_details(conn, compiled, [i for i, _ in found.hits])
        unmarked = [i for i, row in details.items() if compiled.rank_query and MARK_OPEN not in row[7] + row[8]]
        preambles = _preamble_snippets(conn, compiled.rank_query, unmarked)
    hits = []
    for cable_id, score in found.hits:
        key, subject, created, origin, code, classification, summary, subject_marked, snippet = details[cable_id]
        if compiled.rank_query and MARK_OPEN not in snippet:  # as on SQLite: the title shows why it matched,
            snippet = (summary or snippet) if MARK_OPEN in subject_marked else preambles[cable_id]  # or the preamble
        hits.append(Hit(key, subject, created, origin, code, classification, snippet=snippet_html(snippet),
                        score=score, subject_html=snippet_html(subject_marked, whole=True)))
    total = found.total
    suggestions = suggest(words(conn), query, tree, partial(_finds, conn)) if total == 0 and compiled.text else []
    return SearchResult(query, sort, page, per_page, total, hits, found.facets, found.months, found.sampled,
                        suggestions)


def result_facets(conn: psycopg.Connection, query: str = "") -> Facets:
    """A query's total, facets and months without its hits (see `store.backend.Backend.facets`)."""
    compiled = compile_query(parse_query(query))
    with _planned(conn, compiled):
        found = _found(conn, compiled, True, None)
    return Facets(query, found.total, found.facets, found.months, found.sampled)


@contextmanager
def _planned(conn: psycopg.Connection, compiled: Compiled) -> Iterator[None]:
    """A transaction for a search's statements, without JIT compilation (its cost, hundreds of ms,
    is never repaid by queries this short), with room to hash a common word's matches (a hash
    join or a hashed subquery, not a rescan for each row); when words are searched, one where the
    planner reads the text from the GIN indexes, never with a scan of `search_text` that tests the
    words on every row (it prices `fts @@ query` on a row as cheap, not knowing that it reads the
    row's whole vector out of TOAST: seconds at 50,000 cables where the index alone takes
    milliseconds). Each statement is planned for its own values, never by a generic plan: psycopg
    prepares a statement run 5 times on a connection, and from its 11th run PostgreSQL may reuse a
    plan made without the values, blind to how many cables a word matches (`iran from:2008 to:2009`
    at 50,000 cables: 90 ms, then 800-1,900 ms from the 11th search on a connection, its subject
    candidates checked against the hits by a rescan for each)."""
    with conn.transaction():
        conn.execute(f"SET LOCAL jit = off; SET LOCAL work_mem = '{WORK_MEM}'; "
                     "SET LOCAL plan_cache_mode = force_custom_plan")
        if compiled.text:
            conn.execute("SET LOCAL enable_seqscan = off")
        yield


@dataclass
class _Found:
    """What one statement found of a query: its total, facets, months, the sample they were counted
    on (None: every hit) and a page of (cable id, score)."""

    total: int
    facets: dict[str, list[FacetValue]]
    months: list[tuple[str, int]]
    sampled: int | None
    hits: list[tuple[int, float | None]]


def _found(conn: psycopg.Connection, compiled: Compiled, facets: bool, page: tuple[list[str], list, str] | None
           ) -> _Found:
    """A query's total, its facets and months (when `facets`: exact up to FACET_SAMPLE hits, else
    from an even sample) and a page of its hits (`_page`), from one statement that finds the hits
    once (`matched`) and reads them for each."""
    ctes, params = [f"matched AS MATERIALIZED ({compiled.ids})", "total AS (SELECT count(*) AS n FROM matched)"], \
        list(compiled.params)
    selects = ["SELECT 'matched', NULL, NULL, n, NULL::real FROM total"]
    if facets:
        ctes.append(_sample())
        selects += _FACETS
    if page:
        ctes += page[0]
        params += page[1]
        selects.append(page[2])
    rows = conn.execute(f"WITH {', '.join(ctes)} {' UNION ALL '.join(selects)}", params).fetchall()
    total = next(r[3] for r in rows if r[0] == "matched")
    hits = [(int(r[1]), r[4]) for r in sorted((r for r in rows if r[0] == "hit"), key=lambda r: r[3])]
    counted = next((r[3] for r in rows if r[0] == "counted"), 0)
    if not facets or not total:
        return _Found(total, {}, [], None, hits)
    sampled = sample_step(total, FACET_SAMPLE) > 1
    counts, months = shape([r[:4] for r in rows if r[0] not in ("matched", "counted", "hit")],
                           total / counted if sampled and counted else 1.0)
    return _Found(total, counts, months, counted if sampled else None, hits)


def _sample() -> str:
    """The CTE of the hits whose facets are counted: all of them, or those whose id is a multiple of
    `sample_step` (an even sample, as SQLite takes) above FACET_SAMPLE; their columns read from the
    index `cables_facets` alone."""
    return f"""hits AS MATERIALIZED (
        SELECT c.id, c.origin_code, c.origin, c.year, c.classification, c.month FROM matched h
        JOIN cables c ON c.id = h.id AND c.is_current = 1
        WHERE h.id %% (SELECT CASE WHEN n > {FACET_SAMPLE} THEN (n + {FACET_SAMPLE - 1}) / {FACET_SAMPLE} ELSE 1 END
                       FROM total) = 0)"""


_FACETS = [
    "SELECT 'counted', NULL, NULL, count(*), NULL FROM hits",
    "SELECT 'origin', origin_code, max(origin), count(*), NULL FROM hits GROUP BY origin_code",
    "SELECT 'year', year::text, year::text, count(*), NULL FROM hits GROUP BY year",
    "SELECT 'classification', classification, classification, count(*), NULL FROM hits GROUP BY classification",
    "SELECT 'month', month, month, count(*), NULL FROM hits GROUP BY month",
    """SELECT 'tag', t.code, g.description, t.n, NULL FROM (
           SELECT code, count(*) AS n FROM hits JOIN cable_tags ON cable_id = hits.id GROUP BY code) t
       LEFT JOIN tags g ON g.code = t.code""",
    "SELECT 'caption', k.caption, k.caption, count(*), NULL FROM hits JOIN captions k ON k.cable_id = hits.id "
    "GROUP BY k.caption",
    f"""SELECT e.kind, e.name, e.name, m.n, NULL FROM (
            SELECT entity_id, count(*) AS n FROM hits JOIN mentions ON cable_id = hits.id
            WHERE (SELECT n FROM total) <= {ENTITY_FACET_MAX_HITS} GROUP BY entity_id) m
        JOIN entities e ON e.id = m.entity_id"""]
"""Rows of (facet, value, label, count) over the hits counted; people and organisations only up to
ENTITY_FACET_MAX_HITS hits."""


def words(conn: psycopg.Connection) -> Words:
    """The archive's words (the table `cable_words`, counted over current cables), for spelling suggestions."""
    def holds(word: str) -> bool:
        return conn.execute("SELECT 1 FROM cable_words WHERE word = %s AND cables > 0", (word,)).fetchone() is not None

    def starting(start: str, shortest: int, longest: int) -> list[tuple[str, int]]:
        return conn.execute("SELECT word, cables FROM cable_words WHERE word >= %s AND word < %s AND cables > 0 "
                            "AND length(word) BETWEEN %s AND %s",
                            (start, start + "\U0010ffff", shortest, longest)).fetchall()

    return Words(holds, starting)


def _finds(conn: psycopg.Connection, query: str) -> bool:
    """Whether a query matches any current cable."""
    compiled = compile_query(parse_query(query))
    return conn.execute(f"SELECT 1 FROM {compiled.source} WHERE {compiled.where} LIMIT 1",
                        compiled.params).fetchone() is not None


def rank(vector: str = "t.fts", query: str = "%s::tsquery") -> str:
    """The SQL expression of a hit's relevance (higher is better): ts_rank_cd, cover density (how
    close together the query's words stand), normalised by the text's length (flag 1: divided by
    1 + the log of the length). A BM25 extension would be plugged in here."""
    return f"ts_rank_cd('{RANK_WEIGHTS}', {vector}, {query}, 1)"


def _page(compiled: Compiled, sort: str, limit: int, offset: int) -> tuple[list[str], list, str]:
    """(CTEs, their parameters, a SELECT of rows ('hit', id, NULL, position, score)) of one page of
    `_found`'s hits: by relevance (newest first among equals), or by date. A page by date of words'
    hits walks the index of the dates, each cable checked against the hits' hashed ids, when they
    are more than WALK_FROM times the rows the page reaches (the walk then stops after about
    1/WALK_FROM of the archive at most, if hits are spread evenly); fewer hits are each looked up
    and sorted (`IS TRUE` keeps the check a hashed filter of the walk: a semi-join would not stop)."""
    if sort == "rank" and compiled.rank_query:
        return _ranked(compiled, limit, offset)
    order = f"ORDER BY c.created {'ASC' if sort == 'date-asc' else 'DESC'} NULLS LAST, c.id LIMIT %s OFFSET %s"
    select = "SELECT 'hit', id::text, NULL, row_number() OVER (), NULL FROM paged"
    if not compiled.text:  # (filters alone are cheaper found again along the dates)
        return ([f"paged AS MATERIALIZED (SELECT c.id FROM {compiled.source} WHERE {compiled.where} {order})"],
                [*compiled.params, limit, offset], select)
    walk = WALK_FROM * (offset + limit)
    return ([f"""paged AS MATERIALIZED (
                (SELECT c.id FROM cables c WHERE c.is_current = 1 AND (SELECT n FROM total) > {walk}
                    AND (c.id IN (SELECT id FROM matched)) IS TRUE {order})
                UNION ALL (SELECT c.id FROM cables c WHERE c.is_current = 1 AND (SELECT n FROM total) <= {walk}
                    AND c.id IN (SELECT id FROM matched) {order}))"""], [limit, offset, limit, offset], select)


def _ranked(compiled: Compiled, limit: int, offset: int) -> tuple[list[str], list, str]:
    """A page by relevance (`_page`). `rank()` reads a hit's whole vector (TOAST), too costly for
    every hit of a common word, so a query matching more than RANK_ALL cables has RANK_ALL
    candidates ranked: the hits whose subject (a small vector in the row, with its own GIN index)
    ranks best against the words, and the hits stored last; the other hits follow them, stored last
    first. Ties among the ranked: newest first. (The subjects that match are found from their GIN
    index alone, fenced by OFFSET 0, then kept to the hits: left to itself the planner looked up each
    hit's row to test its subject, 25,000 look-ups for `iran has:summary` at 50,000 cables. Scalar
    subqueries read the vectors and dates of the candidates alone.)"""
    half = RANK_ALL // 2
    matched = "" if compiled.subject_matches else "AND s.id IN (SELECT id FROM matched)"
    ctes = [f"""candidates AS MATERIALIZED (
                (SELECT id FROM matched WHERE (SELECT n FROM total) <= {RANK_ALL})
                UNION (SELECT s.id FROM (SELECT id, subject FROM search_text WHERE subject @@ %s::tsquery OFFSET 0) s
                       WHERE (SELECT n FROM total) > {RANK_ALL} {matched}
                       ORDER BY {rank('s.subject')} DESC, s.id DESC LIMIT {half})
                UNION (SELECT id FROM matched WHERE (SELECT n FROM total) > {RANK_ALL} ORDER BY id DESC LIMIT {half}))""",
            f"""ranked AS (SELECT k.id, 0 AS part, (SELECT c.created FROM cables c WHERE c.id = k.id) AS created,
                                  (SELECT {rank()} FROM search_text t WHERE t.id = k.id) AS score FROM candidates k)""",
            """rest AS (SELECT id, 1 AS part, NULL::text AS created, NULL::real AS score FROM matched
                WHERE id NOT IN (SELECT id FROM candidates) ORDER BY id DESC
                LIMIT greatest(0, %s - (SELECT count(*) FROM candidates)))""",
            """paged AS MATERIALIZED (SELECT id, part, score FROM (SELECT * FROM ranked UNION ALL SELECT * FROM rest) p
                ORDER BY part, score DESC NULLS LAST, CASE part WHEN 0 THEN created END DESC NULLS LAST,
                         CASE part WHEN 0 THEN id ELSE -id END LIMIT %s OFFSET %s)"""]
    select = (f"SELECT 'hit', id::text, NULL, row_number() OVER (), "
              f"coalesce(score, (SELECT {rank()} FROM search_text t WHERE t.id = paged.id)) FROM paged")
    query = compiled.rank_query
    return ctes, [query, query, query, offset + limit, limit, offset, query], select


def _page_details(conn: psycopg.Connection, compiled: Compiled, ids: list[int]) -> dict[int, tuple]:
    """For each cable id of a page: key, subject, created, origin, origin code, classification,
    summary, the subject with its hits between MARK_OPEN and MARK_CLOSE, and a snippet of the
    body after the preamble with its hits marked (or the summary, when no words were searched)."""
    if not ids:
        return {}
    query = compiled.rank_query
    if query:
        texts = (f"ts_headline('cablebase_headline', coalesce(c.subject, ''), %s::tsquery, '{_MARKS}, HighlightAll=true'), "
                 f"{_passage('substr(c.body, c.preamble_length + 1)')}")
        params: list = [query, query]
    else:
        texts, params = "c.subject, coalesce(c.summary, '')", []
    rows = conn.execute(f"SELECT c.id, c.key, c.subject, c.created, c.origin, c.origin_code, c.classification, "
                        f"c.summary, {texts} FROM cables c WHERE c.id = ANY(%s)", [*params, ids])
    return {r[0]: tuple(r[1:]) for r in rows}


def _passage(text: str) -> str:
    """SQL for the best passage of `text` (an SQL expression) with the hits of tsquery %s marked."""
    return (f"ts_headline('cablebase_headline', {text}, %s::tsquery, "
            f"'{_MARKS}, MaxFragments=1, MaxWords=28, MinWords=12, FragmentDelimiter=…')")


def _preamble_snippets(conn: psycopg.Connection, query: str | None, ids: list[int]) -> dict[int, str]:
    """A passage of the preamble (banner, addressees, TAGS) with its hits marked, for the cables of
    `ids`: those matched there alone (a word of the TAGS line, say), which it shows."""
    if not ids:
        return {}
    return dict(conn.execute(f"SELECT c.id, {_passage('substr(c.body, 1, c.preamble_length)')} FROM cables c "
                             f"WHERE c.id = ANY(%s)", [query, ids]).fetchall())
