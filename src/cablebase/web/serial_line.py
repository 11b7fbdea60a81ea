"""A post-year's serial line as inline SVG: serials 1 to the estimated total, what is held, what
held cables cite but the archive lacks, and what lies past the highest serial held."""

from __future__ import annotations

from markupsafe import Markup, escape

WIDTH = 600
"""Columns of the line: a serial space wider than this (STATE's 100,000) is drawn in bins."""


def serial_line_svg(row: dict, height: int = 18) -> Markup:
    """One bar: a column per serial (or per bin of serials), dark where held, red where cited but
    missing, pale in the gaps, hatched from the highest serial held to the high end of the interval."""
    top = max(row["high"], row["max_serial"], 1)
    scale = WIDTH / top
    held = _columns(row["serials"], top, scale)
    cited = _columns([c["serial"] for c in row["cited_missing"]], top, scale) - held
    marks = [f'<rect class="sl-gap" x="0" y="0" width="{row["max_serial"] * scale:.1f}" height="{height}"/>',
             f'<rect class="sl-beyond" x="{row["max_serial"] * scale:.1f}" y="0" '
             f'width="{(top - row["max_serial"]) * scale:.1f}" height="{height}"/>',
             f'<line class="sl-estimate" x1="{row["estimate"] * scale:.1f}" x2="{row["estimate"] * scale:.1f}" '
             f'y1="0" y2="{height}"/>']
    marks += [f'<rect class="sl-held" x="{x}" y="0" width="1" height="{height}"/>' for x in sorted(held)]
    marks += [f'<rect class="sl-cited" x="{x}" y="0" width="1" height="{height}"/>' for x in sorted(cited)]
    label = escape(f"{row['origin']} {row['year']}: {row['held']:,} held of serials 1 to {row['max_serial']:,}; "
                   f"about {row['estimate']:,} sent ({row['low']:,} to {row['high']:,}); "
                   f"{len(row['cited_missing'])} cited but missing")
    return Markup(f'<svg class="serial-line" viewBox="0 0 {WIDTH} {height}" preserveAspectRatio="none" '
                  f'role="img" aria-label="{label}"><title>{label}</title>{"".join(marks)}</svg>')


def _columns(serials: list[int], top: int, scale: float) -> set[int]:
    """The columns these serials fall in (those above `top`, a secondary series', are left out)."""
    return {min(WIDTH - 1, int((s - 1) * scale)) for s in serials if s <= top}


def share_class(share: float | None) -> str:
    """A heat-map cell's class by the share held (shares span 0.01 % to 100 %: bins are logarithmic)."""
    if share is None:
        return "heat-none"
    for i, bound in enumerate((0.001, 0.003, 0.01, 0.03, 0.1, 0.3)):
        if share < bound:
            return f"heat-{i}"
    return "heat-6"
