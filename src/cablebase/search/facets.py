"""Facet counts (origin, year, classification, tag, caption, month) over a whole result set,
computed in one statement over the materialised hits."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass

FACETS = ("origin", "year", "classification", "tag", "caption", "person", "organization")
FACET_FIELDS = {"origin": "origin", "year": "year", "classification": "class", "tag": "tag", "caption": "caption",
                "person": "person", "organization": "org"}
LIMITS = {"origin": 20, "year": 60, "classification": 10, "tag": 25, "caption": 15, "person": 15, "organization": 15}
ENTITY_FACET_MAX_HITS = 1000
"""People and organisation facets are counted only for result sets up to this size (cost)."""


@dataclass
class FacetValue:
    """One bucket: the value to filter on, a label to show, and how many hits fall in it."""

    value: str
    label: str
    count: int


def facet_counts(conn: sqlite3.Connection, hits_sql: str, params: list) -> tuple[int, dict, list]:
    """(total, {facet: [FacetValue]}, [(month, count)]) for the hits selected by `hits_sql`,
    a SELECT returning c.id, c.origin_code, c.origin, c.year, c.classification, c.month."""
    sql = f"""
        WITH hits(id, origin_code, origin, year, classification, month) AS MATERIALIZED ({hits_sql})
        SELECT 'total', NULL, NULL, count(*) FROM hits
        UNION ALL SELECT 'origin', origin_code, max(origin), count(*) FROM hits GROUP BY origin_code
        UNION ALL SELECT 'year', year, year, count(*) FROM hits GROUP BY year
        UNION ALL SELECT 'classification', classification, classification, count(*) FROM hits GROUP BY classification
        UNION ALL SELECT 'month', month, month, count(*) FROM hits GROUP BY month
        UNION ALL SELECT 'tag', t.code, max(g.description), count(*)
                  FROM hits JOIN cable_tags t ON t.cable_id = hits.id LEFT JOIN tags g ON g.code = t.code
                  GROUP BY t.code
        UNION ALL SELECT 'caption', k.caption, k.caption, count(*)
                  FROM hits JOIN captions k ON k.cable_id = hits.id GROUP BY k.caption
    """
    total = 0
    facets: dict[str, list[FacetValue]] = {name: [] for name in FACETS}
    months: list[tuple[str, int]] = []
    for kind, value, label, count in conn.execute(sql, params):
        if kind == "total":
            total = count
        elif kind == "month":
            if value:
                months.append((value, count))
        elif value is not None:
            text = str(value)
            label = f"{text} — {label}" if kind == "tag" and label else str(label or text)
            facets[kind].append(FacetValue(text, label, count))
    if 0 < total <= ENTITY_FACET_MAX_HITS:
        for kind, name, label in conn.execute(
                f"""WITH hits(id) AS MATERIALIZED (SELECT id FROM ({hits_sql}))
                    SELECT e.kind, e.name, count(*) FROM hits JOIN mentions m ON m.cable_id = hits.id
                    JOIN entities e ON e.id = m.entity_id GROUP BY e.id""", params):
            facets[kind].append(FacetValue(name, name, label))
    for name, values in facets.items():
        values.sort(key=lambda v: (-v.count, v.value) if name != "year" else (-int(v.value),))
        del values[LIMITS[name]:]
    months.sort()
    return total, facets, months
