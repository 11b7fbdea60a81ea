"""A month-by-month histogram of matching cables as inline SVG (no JavaScript needed).

The time axis is linear at any span: every month between the first and the last has its slot,
empty or not, so a bar sits at its date's place and gaps in time show as gaps. Ticks mark years
(every 1, 2, 5, 10… years, at most about a dozen labels), or quarters when the span is short.
Each bar links to its month; app.js adds dragging across the bars to pick a range."""

from __future__ import annotations

from urllib.parse import quote_plus

from markupsafe import Markup, escape

from ..formatting import MONTHS, plural

MAX_LABELS = 12
MIN_MONTHS = 12
_YEAR_STEPS = (1, 2, 5, 10, 20, 25, 50, 100)


def _index(month: str) -> int:
    """Months since year 0: '2009-04' -> 2009 * 12 + 3."""
    return int(month[:4]) * 12 + int(month[5:7]) - 1


def _month(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def ticks(first: int, last: int) -> list[tuple[int, str]]:
    """(month index, label) of the axis ticks between two month indexes, both included."""
    span = last - first + 1
    if span <= 36:  # short: every quarter (or month), the year written at January
        step = 1 if span <= 12 else 3
        return [(i, str(i // 12) if i % 12 == 0 else MONTHS[i % 12][:3])
                for i in range(first, last + 1) if i % step == 0 or i == first]
    years = range(first // 12 + (first % 12 > 0), last // 12 + 1)
    step = next((s for s in _YEAR_STEPS if len(years) / s <= MAX_LABELS), _YEAR_STEPS[-1])
    return [(y * 12, str(y)) for y in years if y % step == 0]


def histogram_svg(months: list[tuple[str, int]], query: str, height: int = 80) -> Markup:
    """Bars per month on a linear time axis, each a link that narrows the search to that month."""
    counts = dict(months)
    first, last = _index(months[0][0]), _index(months[-1][0])
    if last - first < MIN_MONTHS - 1:  # a short span: centred on a year-long axis, bars of a sensible width
        first -= (MIN_MONTHS - 1 - (last - first)) // 2
        last = first + MIN_MONTHS - 1
    width = last - first + 1
    top = max(counts.values())
    bars = []
    for month, n in months:
        if not n:
            continue
        h = max(2.0, height * n / top)
        q = quote_plus(f"{query} from:{month} to:{month}".strip())
        label = escape(f"{MONTHS[int(month[5:7]) - 1]} {month[:4]}: {plural(n, 'cable')}")
        bars.append(f'<a href="/?q={q}"><rect data-month="{month}" x="{_index(month) - first}" y="{height - h:.1f}" '
                    f'width="0.85" height="{h:.1f}"><title>{label}</title></rect></a>')
    marks = []
    for index, label in ticks(first, last):
        where = (index - first) / width
        x = f"{100 * where:.3f}%"
        edge = " start" if where < 0.04 else " end" if where > 0.96 else ""  # labels at the ends stay inside
        marks.append(f'<line class="tick" x1="{x}" x2="{x}" y1="{height}" y2="{height + 5}"/>'
                     f'<text class="tick-label{edge}" data-month="{_month(index)}" x="{x}" y="{height + 17}">{label}</text>')
    return Markup(
        f'<svg class="histogram" role="img" data-first="{_month(first)}" data-last="{_month(last)}" '
        f'data-query="{escape(query)}" aria-label="Matching cables per month, {escape(_month(first))} to '
        f'{escape(_month(last))}"><svg class="bars" viewBox="0 0 {width} {height}" preserveAspectRatio="none" '
        f'width="100%" height="{height}"><rect class="plot" width="{width}" height="{height}"/>{"".join(bars)}</svg>'
        f'<line class="axis" x1="0" x2="100%" y1="{height}" y2="{height}"/>{"".join(marks)}</svg>')
