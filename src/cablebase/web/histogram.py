"""A month-by-month histogram of matching cables as inline SVG (no JavaScript needed)."""

from __future__ import annotations

from urllib.parse import quote_plus

from markupsafe import Markup, escape


def _months_between(first: str, last: str) -> list[str]:
    y, m = int(first[:4]), int(first[5:7])
    ly, lm = int(last[:4]), int(last[5:7])
    out = []
    while (y, m) <= (ly, lm):
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def histogram_svg(months: list[tuple[str, int]], query: str, height: int = 80) -> Markup:
    """Bars per month, each a link that narrows the search to that month."""
    counts = dict(months)
    span = _months_between(months[0][0], months[-1][0])
    if len(span) > 240:  # long ranges: only the months that have cables, to keep bars visible
        span = [m for m, _ in months]
    top = max(counts.values())
    width = max(len(span), 1)
    bars = []
    for i, month in enumerate(span):
        n = counts.get(month, 0)
        if not n:
            continue
        h = max(2.0, height * n / top)
        q = quote_plus(f"{query} from:{month} to:{month}".strip())
        label = escape(f"{month}: {n} cable{'s' if n != 1 else ''}")
        bars.append(f'<a href="/?q={q}"><rect x="{i}" y="{height - h:.1f}" width="0.85" height="{h:.1f}">'
                    f'<title>{label}</title></rect></a>')
    return Markup(
        f'<svg class="histogram" viewBox="0 0 {width} {height}" preserveAspectRatio="none" role="img" '
        f'aria-label="Matching cables per month, {escape(span[0])} to {escape(span[-1])}">{"".join(bars)}</svg>'
        f'<div class="histogram-axis"><span>{escape(span[0])}</span><span>{escape(span[-1])}</span></div>')
