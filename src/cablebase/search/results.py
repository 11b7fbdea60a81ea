"""What a search gives back, whatever archive ran it: a page of hits, facet counts and spelling
suggestions."""

from __future__ import annotations

from dataclasses import dataclass, field


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
