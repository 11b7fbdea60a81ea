"""Archive statistics: counts by year, origin, classification, caption and the top tags."""

from __future__ import annotations

import sqlite3


def archive_stats(conn: sqlite3.Connection, top: int = 20) -> dict:
    """Counts over the current version of every cable (plus version and failure totals)."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731

    def pairs(sql: str) -> list[dict]:
        return [{"value": r[0], "label": r[1], "count": r[2]} for r in conn.execute(sql)]

    return {
        "cables": one("SELECT count(*) FROM cables WHERE is_current = 1"),
        "versions": one("SELECT count(*) FROM cables"),
        "failures": one("SELECT count(*) FROM failures"),
        "references": one("SELECT count(*) FROM refs r JOIN cables c ON c.id = r.cable_id "
                          "WHERE c.is_current = 1 AND r.kind = 'cable'"),
        "first": one("SELECT min(created) FROM cables WHERE is_current = 1"),
        "last": one("SELECT max(created) FROM cables WHERE is_current = 1"),
        "by_year": pairs("SELECT year, year, count(*) FROM cables WHERE is_current = 1 GROUP BY year ORDER BY year"),
        "by_classification": pairs("SELECT classification, classification, count(*) FROM cables "
                                   "WHERE is_current = 1 GROUP BY classification ORDER BY 3 DESC"),
        "by_classification_raw": pairs("SELECT classification_raw, classification_raw, count(*) FROM cables "
                                       "WHERE is_current = 1 GROUP BY classification_raw ORDER BY 3 DESC"),
        "by_origin": pairs("SELECT origin_code, max(origin), count(*) FROM cables WHERE is_current = 1 "
                           "GROUP BY origin_code ORDER BY 3 DESC, 1"),
        "by_caption": pairs("SELECT k.caption, k.caption, count(*) FROM captions k JOIN cables c ON c.id = k.cable_id "
                            "WHERE c.is_current = 1 GROUP BY k.caption ORDER BY 3 DESC"),
        "top_tags": pairs(f"SELECT t.code, g.description, count(*) FROM cable_tags t "
                          f"JOIN cables c ON c.id = t.cable_id LEFT JOIN tags g ON g.code = t.code "
                          f"WHERE c.is_current = 1 GROUP BY t.code ORDER BY 3 DESC, 1 LIMIT {int(top)}"),
    }
