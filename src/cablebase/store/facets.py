"""Facet counts (origin, year, classification, tag, caption, month) over a whole result set,
computed in one statement over the materialised hits."""

from __future__ import annotations

from ..search.fields import FACETS
from ..search.results import FacetValue
from .driver import sqlite3

ENTITY_FACET_MAX_HITS = 1000
"""People and organisation facets are counted only for result sets up to this size (cost)."""
FACET_SAMPLE = 3000
"""Result sets up to this size get exact facet counts; larger ones are estimated from an even
sample of about this many hits."""


def facet_counts(conn: sqlite3.Connection, hits_sql: str, params: list, scale_to: int | None = None,
                 only_up_to: int | None = None) -> tuple[int, dict, list, int | None]:
    """(hits counted, {facet: [FacetValue]}, [(month, count)], largest hit id) for the hits selected
    by `hits_sql`, a SELECT returning c.id, c.origin_code, c.origin, c.year, c.classification,
    c.month. When the hits are a sample, `scale_to` is the size of the whole result set and counts
    are scaled up to it. With `only_up_to`, more hits than that are counted but not faceted."""
    guard = f" WHERE (SELECT count(*) FROM hits) <= {int(only_up_to)}" if only_up_to is not None else ""
    sql = f"""
        WITH hits(id, origin_code, origin, year, classification, month) AS MATERIALIZED ({hits_sql}),
             faceted AS NOT MATERIALIZED (SELECT * FROM hits{guard})
        SELECT 'total', max(id), NULL, count(*) FROM hits
        UNION ALL SELECT 'origin', origin_code, max(origin), count(*) FROM faceted GROUP BY origin_code
        UNION ALL SELECT 'year', year, year, count(*) FROM faceted GROUP BY year
        UNION ALL SELECT 'classification', classification, classification, count(*) FROM faceted GROUP BY classification
        UNION ALL SELECT 'month', month, month, count(*) FROM faceted GROUP BY month
        UNION ALL SELECT 'tag', t.code, (SELECT description FROM tags WHERE code = t.code), count(*)
                  FROM faceted CROSS JOIN cable_tags t ON t.cable_id = faceted.id GROUP BY t.code
        UNION ALL SELECT 'caption', k.caption, k.caption, count(*)
                  FROM faceted CROSS JOIN captions k ON k.cable_id = faceted.id GROUP BY k.caption
    """
    rows = conn.execute(sql, params).fetchall()
    total, last = next((count, value) for kind, value, _, count in rows if kind == "total")
    scale = scale_to / total if scale_to and total else 1.0
    if scale_to is None and 0 < total <= min(ENTITY_FACET_MAX_HITS, only_up_to or ENTITY_FACET_MAX_HITS):
        rows += [(kind, name, name, count) for kind, name, count in conn.execute(
                 f"""WITH hits(id) AS MATERIALIZED (SELECT id FROM ({hits_sql}))
                     SELECT e.kind, e.name, count(*) FROM hits CROSS JOIN mentions m ON m.cable_id = hits.id
                     JOIN entities e ON e.id = m.entity_id GROUP BY e.id""", params)]
    facets, months = shape([r for r in rows if r[0] != "total"], scale)
    return total, facets, months, last


def shape(rows: list[tuple[str, object, object, int]], scale: float = 1.0
          ) -> tuple[dict[str, list[FacetValue]], list[tuple[str, int]]]:
    """Facets and months from rows of (facet or 'month', value, label, count), counts multiplied by
    `scale` (a sample's): each facet's largest buckets (years newest first), months in order."""
    facets: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    months: list[tuple[str, int]] = []
    for kind, value, label, count in rows:
        count = max(1, round(count * scale))
        if kind == "month":
            if value:
                months.append((str(value), count))
        elif value is not None:
            text = str(value)
            label = f"{text} — {label}" if kind == "tag" and label else str(label or text)
            facets[kind].append(FacetValue(text, label, count))
    for name, values in facets.items():
        values.sort(key=lambda v: (-v.count, v.value) if name != "year" else (-int(v.value),))
        del values[FACETS[name].facet.limit:]
    months.sort()
    return facets, months
