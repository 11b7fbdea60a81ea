"""Searches over a PostgreSQL archive (`PostgresArchive.search` and `.facets`): totals, a ranked or
dated page, facet and month counts, the page's highlighted subjects and snippets, and the words
spelling suggestions are made from; the same matches, totals and counts as SQLite's (store/search.py).

Counts follow the SQLite engine's rules: exact up to FACET_SAMPLE hits, else from the hits whose
id is a multiple of a step (the same even sample SQLite takes), scaled up.
"""

from __future__ import annotations

from contextlib import contextmanager
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
_MARKS = f"StartSel={MARK_OPEN}, StopSel={MARK_CLOSE}"


def search(conn: psycopg.Connection, query: str = "", sort: str = "rank", page: int = 1, per_page: int = 20,
           facets: bool = True) -> SearchResult:
    """Search the archive (see `store.backend.Backend.search`). Raises QueryError, ArgumentError."""
    check_paging(sort, page, per_page)
    tree = parse_query(query)
    compiled = compile_query(tree)
    with _planned(conn, compiled):
        total, counts, months, sampled = _counts(conn, compiled, facets)
        ranked = _ranked(conn, compiled, sort, per_page, (page - 1) * per_page, total)
        details = _page_details(conn, compiled, [i for i, _ in ranked])
        unmarked = [i for i, row in details.items() if compiled.rank_query and MARK_OPEN not in row[7] + row[8]]
        preambles = _preamble_snippets(conn, compiled.rank_query, unmarked)
    hits = []
    for cable_id, score in ranked:
        key, subject, created, origin, code, classification, summary, subject_marked, snippet = details[cable_id]
        if compiled.rank_query and MARK_OPEN not in snippet:  # as on SQLite: the title shows why it matched,
            snippet = (summary or snippet) if MARK_OPEN in subject_marked else preambles[cable_id]  # or the preamble
        hits.append(Hit(key, subject, created, origin, code, classification, snippet=snippet_html(snippet),
                        score=score, subject_html=snippet_html(subject_marked, whole=True)))
    suggestions = suggest(words(conn), query, tree, partial(_finds, conn)) if total == 0 and compiled.text else []
    return SearchResult(query, sort, page, per_page, total, hits, counts, months, sampled, suggestions)


def result_facets(conn: psycopg.Connection, query: str = "") -> Facets:
    """A query's total, facets and months without its hits (see `store.backend.Backend.facets`)."""
    compiled = compile_query(parse_query(query))
    with _planned(conn, compiled):
        return Facets(query, *_counts(conn, compiled, True))


@contextmanager
def _planned(conn: psycopg.Connection, compiled: Compiled) -> Iterator[None]:
    """A transaction for a search's statements, without JIT compilation (its cost, hundreds of ms,
    is never repaid by queries this short); when words are searched, one where the planner keeps to
    the indexes: it prices `fts @@ query` on a row as cheap, not knowing that it reads the row's
    whole vector out of TOAST, and would test a common word on every cable (seconds at 50,000
    cables) where the GIN index alone answers (milliseconds)."""
    with conn.transaction():
        conn.execute("SET LOCAL jit = off")
        if compiled.text:
            conn.execute("SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off")
        yield


def _counts(conn: psycopg.Connection, compiled: Compiled, facets: bool
            ) -> tuple[int, dict[str, list[FacetValue]], list[tuple[str, int]], int | None]:
    """(total, facets, months, sampled) of a query: exact up to FACET_SAMPLE hits, else estimated."""
    if not facets:
        return _total(conn, compiled), {}, [], None
    total, rows, counted = _facet_rows(conn, compiled)
    if not total:
        return 0, {}, [], None
    sampled = sample_step(total, FACET_SAMPLE) > 1
    counts, months = shape(rows, total / counted if sampled and counted else 1.0)
    return total, counts, months, counted if sampled else None


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


def _total(conn: psycopg.Connection, compiled: Compiled) -> int:
    """How many current cables a query matches."""
    return conn.execute(f"SELECT count(*) FROM ({compiled.ids}) hits", compiled.params).fetchone()[0]


def _ranked(conn: psycopg.Connection, compiled: Compiled, sort: str, limit: int, offset: int, total: int
           ) -> list[tuple[int, float | None]]:
    """One page of (cable id, score): by relevance (newest first among equals), or by date; a query
    matching more than RANK_ALL cables by relevance among candidates (`_candidates_first`)."""
    params = list(compiled.params)
    if sort == "rank" and compiled.rank_query:
        if total > RANK_ALL:
            query = compiled.rank_query
            return [(r[0], r[1]) for r in conn.execute(_candidates_first(compiled), [
                *params, query, query, offset + limit, query, limit, offset, query])]
        score, order = rank(), "score DESC, c.created DESC NULLS LAST"
        params = [compiled.rank_query, *params]
    else:
        score = "NULL::real"
        order = "c.created ASC NULLS LAST" if sort == "date-asc" else "c.created DESC NULLS LAST"
    sql = (f"SELECT c.id, {score} AS score FROM {compiled.source} WHERE {compiled.where} "
           f"ORDER BY {order}, c.id LIMIT %s OFFSET %s")
    return [(r[0], r[1]) for r in conn.execute(sql, [*params, limit, offset])]


def _candidates_first(compiled: Compiled) -> str:
    """SQL of a page of a broad query's hits ranked: `rank()` reads a hit's whole vector (TOAST), too
    costly for every hit of a common word, so it ranks RANK_ALL candidates at most: the hits whose
    subject (a small vector in the row, with its own GIN index) ranks best against the words, and
    the hits stored last; the other hits follow them, stored last first. (Scalar subqueries read
    the vectors and dates of those rows alone.) Its parameters: the query's, the rank query twice,
    the page's end, the rank query, the page's size and offset, the rank query."""
    half = RANK_ALL // 2
    order = "part, score DESC NULLS LAST, CASE part WHEN 0 THEN created END DESC NULLS LAST, " \
            "CASE part WHEN 0 THEN id ELSE -id END"
    return f"""
        WITH hits AS MATERIALIZED ({compiled.ids}),
        by_subject AS MATERIALIZED (SELECT s.id, {rank('s.subject')} AS score FROM search_text s
                                    WHERE s.subject @@ %s::tsquery),
        candidates AS MATERIALIZED (
            (SELECT id FROM by_subject WHERE id IN (SELECT id FROM hits) ORDER BY score DESC, id DESC LIMIT {half})
            UNION (SELECT id FROM hits ORDER BY id DESC LIMIT {half})),
        page AS (SELECT id, 0 AS part FROM candidates
                 UNION ALL (SELECT id, 1 FROM hits WHERE id NOT IN (SELECT id FROM candidates) ORDER BY id DESC
                            LIMIT greatest(0, %s - (SELECT count(*) FROM candidates)))),
        ranked AS (SELECT id, part, (SELECT c.created FROM cables c WHERE c.id = page.id) AS created,
                          CASE part WHEN 0 THEN (SELECT {rank()} FROM search_text t WHERE t.id = page.id) END AS score
                   FROM page),
        paged AS (SELECT * FROM ranked ORDER BY {order} LIMIT %s OFFSET %s)
        SELECT id, coalesce(score, (SELECT {rank()} FROM search_text t WHERE t.id = paged.id)) FROM paged
        ORDER BY {order}"""


def _facet_rows(conn: psycopg.Connection, compiled: Compiled
               ) -> tuple[int, list[tuple[str, str | None, str | None, int]], int]:
    """(total, rows of (facet, value, label, count), hits counted) of a query, its hits found once:
    the facets of all its hits, or of those whose id is a multiple of `sample_step` (an even sample)
    above FACET_SAMPLE hits; people and organisations up to ENTITY_FACET_MAX_HITS hits."""
    rows = conn.execute(f"""
        WITH matched AS MATERIALIZED ({compiled.ids}),
        total AS (SELECT count(*) AS n FROM matched),
        hits AS MATERIALIZED (
            SELECT c.id, c.origin_code, c.origin, c.year, c.classification, c.month FROM matched h
            JOIN cables c ON c.id = h.id
            WHERE h.id %% (SELECT CASE WHEN n > {FACET_SAMPLE} THEN (n + {FACET_SAMPLE - 1}) / {FACET_SAMPLE} ELSE 1 END
                           FROM total) = 0)
        SELECT 'matched', NULL, NULL, n FROM total
        UNION ALL SELECT 'counted', NULL, NULL, count(*) FROM hits
        UNION ALL SELECT 'origin', origin_code, max(origin), count(*) FROM hits GROUP BY origin_code
        UNION ALL SELECT 'year', year::text, year::text, count(*) FROM hits GROUP BY year
        UNION ALL SELECT 'classification', classification, classification, count(*) FROM hits GROUP BY classification
        UNION ALL SELECT 'month', month, month, count(*) FROM hits GROUP BY month
        UNION ALL SELECT 'tag', t.code, g.description, t.n FROM (
                      SELECT code, count(*) AS n FROM hits JOIN cable_tags ON cable_id = hits.id GROUP BY code) t
                  LEFT JOIN tags g ON g.code = t.code
        UNION ALL SELECT 'caption', k.caption, k.caption, count(*) FROM hits JOIN captions k ON k.cable_id = hits.id
                  GROUP BY k.caption
        UNION ALL SELECT e.kind, e.name, e.name, m.n FROM (
                      SELECT entity_id, count(*) AS n FROM hits JOIN mentions ON cable_id = hits.id
                      WHERE (SELECT n FROM total) <= {ENTITY_FACET_MAX_HITS} GROUP BY entity_id) m
                  JOIN entities e ON e.id = m.entity_id""", compiled.params).fetchall()
    sums = {r[0]: r[3] for r in rows if r[0] in ("matched", "counted")}
    return sums["matched"], [r for r in rows if r[0] not in sums], sums["counted"]


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
