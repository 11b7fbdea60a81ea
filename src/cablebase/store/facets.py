"""Facet counts (origin, year, classification, tag, caption, month; people and organisations for
small result sets) over a whole result set, computed in one statement over its hits."""

from __future__ import annotations

from ..search.fields import FACETS
from ..search.results import FacetValue
from .driver import sqlite3

ENTITY_FACET_MAX_HITS = 1000
"""People and organisation facets are counted only for result sets up to this size (cost)."""
FACET_SAMPLE = 3000
"""Result sets up to this size get exact facet counts; larger ones are estimated from an even
sample of about this many hits."""
HIT_COLUMNS = "c.id, c.origin_code, c.origin, c.year, c.classification, c.month"
"""The columns of the hits `facet_counts` counts, over cables `c`."""


def facet_counts(conn: sqlite3.Connection, ctes: str, params: list
                 ) -> tuple[int, int, dict[str, list[FacetValue]], list[tuple[str, int]]]:
    """(total, hits counted, {facet: [FacetValue]}, [(month, count)]) of a result set, from one
    statement over `ctes`: SQL defining `total(n)`, the result's size, and `hits(id, origin_code,
    origin, year, classification, month)`, the hits counted (`sample` gives both): all of them, or
    an even sample, whose counts are scaled up to the total (people and organisations are counted
    over all the hits of a result up to ENTITY_FACET_MAX_HITS, never a sample)."""
    rows = conn.execute(f"""
        WITH {ctes}
        SELECT 'total', NULL, NULL, n FROM total
        UNION ALL SELECT 'counted', NULL, NULL, count(*) FROM hits
        UNION ALL SELECT 'origin', origin_code, max(origin), count(*) FROM hits GROUP BY origin_code
        UNION ALL SELECT 'year', year, year, count(*) FROM hits GROUP BY year
        UNION ALL SELECT 'classification', classification, classification, count(*) FROM hits GROUP BY classification
        UNION ALL SELECT 'month', month, month, count(*) FROM hits GROUP BY month
        UNION ALL SELECT 'tag', t.code, (SELECT description FROM tags WHERE code = t.code), count(*)
                  FROM hits CROSS JOIN cable_tags t ON t.cable_id = hits.id GROUP BY t.code
        UNION ALL SELECT 'caption', k.caption, k.caption, count(*)
                  FROM hits CROSS JOIN captions k ON k.cable_id = hits.id GROUP BY k.caption
        UNION ALL SELECT e.kind, e.name, e.name, count(*) FROM hits CROSS JOIN mentions m ON m.cable_id = hits.id
                  JOIN entities e ON e.id = m.entity_id
                  WHERE (SELECT n FROM total) BETWEEN 1 AND {ENTITY_FACET_MAX_HITS}
                        AND (SELECT count(*) FROM hits) = (SELECT n FROM total)
                  GROUP BY e.id""", params).fetchall()
    total, hits = (next(r[3] for r in rows if r[0] == kind) for kind in ("total", "counted"))
    facets, months = shape([r for r in rows if r[0] not in ("total", "counted")],
                           total / hits if 0 < hits < total else 1.0)
    return total, hits, facets, months


def sample(matches: str, size: int) -> str:
    """The CTEs `facet_counts` reads for the result set whose ids `matches` selects, walked once:
    counted, and the columns read of the hits counted only: every hit up to `size`, else those
    whose id is a multiple of `stats.sample_step` (an even sample of about `size`)."""
    return f"""matches(id) AS MATERIALIZED ({matches}),
        total(n) AS MATERIALIZED (SELECT count(*) FROM matches),
        hits AS MATERIALIZED (
            SELECT {HIT_COLUMNS} FROM matches CROSS JOIN cables c INDEXED BY cables_facets ON c.id = matches.id
            WHERE matches.id % (SELECT max(1, (n + {int(size) - 1}) / {int(size)}) FROM total) = 0)"""


def counted(total: int, hits: str) -> str:
    """The CTEs `facet_counts` reads for a result set of `total` cables whose hits to count (all,
    or a sample already taken) a SELECT of HIT_COLUMNS (`hits`) gives."""
    return f"total(n) AS (SELECT {int(total)}), hits AS MATERIALIZED ({hits})"


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
