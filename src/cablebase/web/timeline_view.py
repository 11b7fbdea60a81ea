"""A timeline as the pages show it: each sentence once (with every date it gives), grouped into
periods of a year, five years or a decade, one period and one page at a time."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

ZOOMS = {"year": 1, "5y": 5, "decade": 10}
ZOOM_NAMES = {"year": "year", "5y": "5 years", "decade": "decade"}
PER_PAGE = 50


@dataclass
class Entry:
    """One sentence of one cable with the dates found in it (the first decides its place)."""

    date: str | None
    precision: str
    sentence: str
    reference_id: str
    paragraph: int | None
    subject: str | None
    expressions: list[str] = field(default_factory=list)
    uncertain: bool = False  # the year of its (first) date could not be decided

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


def entries(events: list[dict]) -> list[Entry]:
    """The store's timeline entries (in date order; each a sentence with every date it gives, at
    its earliest) as the pages show them, each date expression listed once. Two sentences of one
    paragraph that read alike stay two entries, as the store counts them."""
    out = []
    for ev in events:
        out.append(Entry(ev["date"], ev["precision"], ev["sentence"], ev["reference_id"], ev["paragraph"],
                         ev.get("subject"), expressions=list(dict.fromkeys(when["text"] for when in ev["dates"])),
                         uncertain=bool(ev.get("uncertain"))))
    return out


def year_counts(items: list[Entry]) -> list[tuple[int | None, int]]:
    """(year, entries first dated in it) in year order, None (undated) last: what a store's
    `timeline_years` gives for a whole result."""
    counts = Counter(e.year for e in items)
    return sorted(counts.items(), key=lambda kv: (kv[0] is None, kv[0] or 0))


def default_zoom(years: list[tuple[int | None, int]]) -> str:
    """The zoom that shows the span in a handful of periods."""
    dated = [y for y, _ in years if y is not None]
    span = (max(dated) - min(dated) + 1) if dated else 1
    return "decade" if span > 15 else "5y" if span > 5 else "year"


def periods(years: list[tuple[int | None, int]], zoom: str) -> list[tuple[int | None, str, int]]:
    """(first year, label, number of entries) of each period holding entries; undated last (None)."""
    size = ZOOMS[zoom]
    counts: dict[int | None, int] = {}
    for year, n in years:
        start = None if year is None else year - year % size
        counts[start] = counts.get(start, 0) + n
    out = [(start, str(start) if size == 1 else f"{start}–{start + size - 1}", n)
           for start, n in sorted((k, v) for k, v in counts.items() if k is not None)]
    if None in counts:
        out.append((None, "undated", counts[None]))
    return out


def period_key(start: int | None) -> str:
    """A period's name in URLs: its first year, or 'undated'."""
    return "undated" if start is None else str(start)


def entries_in(found: list[tuple[int | None, str, int]], period: str) -> int:
    """The entries of one period of `periods(...)`, or of all of them when `period` is empty."""
    return sum(n for start, _, n in found if not period or period_key(start) == period)


def period_years(period: str, zoom: str) -> tuple[int, int] | str | None:
    """A period as the store takes it: None for all, 'undated', or its years [start, end)."""
    if not period or period == "undated":
        return period or None
    return int(period), int(period) + ZOOMS[zoom]


def in_period(items: list[Entry], zoom: str, period: str) -> list[Entry]:
    """The entries of one period ('undated', or its first year as text); all when `period` is empty."""
    if not period:
        return items
    if period == "undated":
        return [e for e in items if e.year is None]
    start = int(period)
    return [e for e in items if e.year is not None and start <= e.year < start + ZOOMS[zoom]]
