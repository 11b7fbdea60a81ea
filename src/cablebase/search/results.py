"""What a search gives back, whatever archive ran it: a page of hits, facet counts and spelling
suggestions; and the rules every backend makes them by (paging, hits' HTML)."""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from ..errors import ArgumentError
from .fields import SORTS

MAX_PER_PAGE = 200
MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
"""Private-use characters a backend puts around hits in the text it gives back, turned into <mark>
tags once the text is escaped (`snippet_html`; and back into them by whoever converts the HTML, such
as the CLI)."""
_FRAME_RUN = re.compile(r"\s*(?:[-=_*] ?){4,}\s*")  # `- - - -`, `------`: a section heading's frame


def check_paging(sort: str, page: int, per_page: int) -> None:
    """ArgumentError for a sort or page a search cannot give."""
    if sort not in SORTS:
        raise ArgumentError(f"sort must be one of {', '.join(SORTS)}")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise ArgumentError(f"per_page must be between 1 and {MAX_PER_PAGE}")
    if page < 1:
        raise ArgumentError("page must be 1 or more")


def snippet_html(text: str | None, whole: bool = False) -> str:
    """Escape cable text for HTML, then turn the hit markers into <mark> tags; a long text without
    hits (a summary) is cut at about 400 characters unless `whole`. Headings' frames of dashes
    become one dash."""
    if not text:
        return ""
    if len(text) > 400 and MARK_OPEN not in text and not whole:
        text = text[:400].rsplit(" ", 1)[0] + " …"
    text = _FRAME_RUN.sub(" — ", text)
    return html.escape(text).replace(MARK_OPEN, "<mark>").replace(MARK_CLOSE, "</mark>")


@dataclass
class FacetValue:
    """One bucket: the value to filter on, a label to show, and how many hits fall in it."""

    value: str
    label: str
    count: int


@dataclass
class Suggestion:
    """A query with one word respelled, and how many cables hold the new word."""

    query: str
    word: str
    replacement: str
    cables: int


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
    subject_html: str = field(default="", metadata={"doc": "The subject, HTML-escaped, with <mark> around hits"})


@dataclass
class Facets:
    """Counts over a query's whole result set, asked for apart from a page of its hits (a page of
    results need not wait for them): the exact total, facet values and cables per month."""

    query: str
    total: int
    facets: dict[str, list[FacetValue]]
    months: list[tuple[str, int]]
    sampled: int | None = field(default=None, metadata={
        "doc": "None when facet and month counts are exact; else how many hits (an even sample) they "
               "were estimated from"})


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
    suggestions: list[Suggestion] = field(default_factory=list, metadata={
        "doc": "When nothing matches: the query with a word respelled as the archive writes it"})

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.per_page))
