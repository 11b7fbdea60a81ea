"""Archive statistics: counts by year, origin, classification, caption and the top tags."""

from __future__ import annotations

import sqlite3


def archive_stats(conn: sqlite3.Connection, top: int = 20) -> dict:
    """Counts over the current version of every cable (plus version and failure totals).

    Cables are read through the narrow covering index (`cables_facets`, see store/schema.py): the
    table's rows are wide, and these counts visit every one of them. Per-use tables (references,
    tags, captions) are counted whole, leaving out the uses by old versions (`old`, usually none)."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731
    cables = "cables c INDEXED BY cables_facets"
    old = "(SELECT id FROM cables WHERE is_current = 0)"

    def pairs(sql: str) -> list[dict]:
        return [{"value": r[0], "label": r[1], "count": r[2]} for r in conn.execute(sql)]

    return {
        "cables": one(f"SELECT count(*) FROM {cables} WHERE is_current = 1"),
        "versions": one("SELECT count(*) FROM cables"),
        "failures": one("SELECT count(*) FROM failures"),
        "references": one(f"SELECT count(*) FROM refs WHERE kind = 'cable' AND cable_id NOT IN {old}"),
        "first": one("SELECT min(created) FROM cables WHERE is_current = 1"),
        "last": one("SELECT max(created) FROM cables WHERE is_current = 1"),
        "by_year": pairs(f"SELECT year, year, count(*) FROM {cables} WHERE is_current = 1 GROUP BY year ORDER BY year"),
        "by_classification": pairs(f"SELECT classification, classification, count(*) FROM {cables} "
                                   "WHERE is_current = 1 GROUP BY classification ORDER BY 3 DESC"),
        "by_classification_raw": pairs(f"SELECT classification_raw, classification_raw, count(*) FROM {cables} "
                                       "WHERE is_current = 1 GROUP BY classification_raw ORDER BY 3 DESC"),
        "by_origin": pairs(f"SELECT origin_code, max(origin), count(*) FROM {cables} WHERE is_current = 1 "
                           "GROUP BY origin_code ORDER BY 3 DESC, 1"),
        "by_caption": pairs(f"SELECT caption, caption, count(*) FROM captions WHERE cable_id NOT IN {old} "
                            "GROUP BY caption ORDER BY 3 DESC"),
        "top_tags": pairs(f"SELECT t.code, (SELECT description FROM tags WHERE code = t.code), count(*) "
                          f"FROM cable_tags t WHERE t.cable_id NOT IN {old} "
                          f"GROUP BY t.code ORDER BY 3 DESC, 1 LIMIT {int(top)}"),
    }
