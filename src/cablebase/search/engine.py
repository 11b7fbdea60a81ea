"""Run a search: ranked hits with highlighted snippets, paging, facets and a monthly histogram."""

from __future__ import annotations

import html
import sqlite3
from dataclasses import dataclass, field

from .facets import FacetValue, facet_counts
from .filters import Compiled, compile_query
from .query import parse_query

SORTS = ("rank", "date", "date-asc")
MAX_PER_PAGE = 200
_MARK_OPEN, _MARK_CLOSE = "\ue000", "\ue001"


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

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))


def search(conn: sqlite3.Connection, query: str = "", sort: str = "rank", page: int = 1, per_page: int = 20,
           facets: bool = True) -> SearchResult:
    """Search the archive. Raises QueryError for a malformed query, ValueError for bad paging."""
    if sort not in SORTS:
        raise ValueError(f"sort must be one of {', '.join(SORTS)}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ValueError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    if page < 1:
        raise ValueError("page must be 1 or more")
    compiled = compile_query(parse_query(query))
    source, where, params = _from_where(compiled)
    if compiled.match:
        score = "bm25(cables_fts, 10.0, 1.0)"
        snippet = f"snippet(cables_fts, -1, '{_MARK_OPEN}', '{_MARK_CLOSE}', '…', 28)"
    else:
        score, snippet = "NULL", "coalesce(c.summary, '')"
    order = {"rank": f"{score}, c.created DESC" if compiled.match else "c.created DESC",
             "date": "c.created DESC", "date-asc": "c.created IS NULL, c.created ASC"}[sort]
    rows = conn.execute(
        f"""SELECT c.key, c.subject, c.created, c.origin, c.origin_code, c.classification,
                   {snippet} AS snippet, {score} AS score
            FROM {source} WHERE {where} ORDER BY {order}, c.id LIMIT ? OFFSET ?""",
        params + [per_page, (page - 1) * per_page]).fetchall()
    hits = [Hit(r[0], r[1], r[2], r[3], r[4], r[5], _snippet_html(r[6]), r[7]) for r in rows]
    total, counts, months = len(hits), {}, []
    if facets:
        hits_sql = (f"SELECT c.id, c.origin_code, c.origin, c.year, c.classification, c.month "
                    f"FROM {source} WHERE {where}")
        total, counts, months = facet_counts(conn, hits_sql, params)
    else:
        total = conn.execute(f"SELECT count(*) FROM {source} WHERE {where}", params).fetchone()[0]
    return SearchResult(query, sort, page, per_page, total, hits, counts, months)


def matching_ids(conn: sqlite3.Connection, query: str, limit: int = 10000) -> set[str]:
    """Ids of the cables matching a query (at most `limit`), for analyses over a result set."""
    source, where, params = _from_where(compile_query(parse_query(query)))
    return {row[0] for row in conn.execute(f"SELECT c.key FROM {source} WHERE {where} LIMIT ?", [*params, limit])}


def _from_where(compiled: Compiled) -> tuple[str, str, list]:
    """FROM source, WHERE clause and parameters selecting the current cables a query matches."""
    if compiled.match:  # CROSS JOIN: the FTS match drives the loop, not a scan of all cables
        return ("cables_fts CROSS JOIN cables c ON c.id = cables_fts.rowid",
                "cables_fts MATCH ? AND " + compiled.where_sql, [compiled.match, *compiled.params])
    return "cables c", compiled.where_sql, list(compiled.params)


def _snippet_html(text: str | None) -> str:
    """Escape cable text for HTML, then turn the hit markers into <mark> tags."""
    if not text:
        return ""
    if len(text) > 400 and _MARK_OPEN not in text:
        text = text[:400].rsplit(" ", 1)[0] + " …"
    return html.escape(text).replace(_MARK_OPEN, "<mark>").replace(_MARK_CLOSE, "</mark>")
