"""Archive statistics and browse lists: counts by year, month, origin, classification, caption and tag.

Cables are read through the narrow covering index (`cables_facets`, see store/schema.py): the
table's rows are wide, and these counts visit every one of them. Per-use tables (references,
tags, captions) are counted whole, leaving out the uses by old versions (`OLD_VERSIONS`)."""

from __future__ import annotations

from ..vocab.ids import is_post
from .driver import sqlite3

_CURRENT = "cables c INDEXED BY cables_facets WHERE is_current = 1"
OLD_VERSIONS = "(SELECT id FROM cables WHERE is_current = 0)"
"""Ids of the versions no longer current (usually none): per-use rows of current cables are those
whose cable_id is NOT IN this, a test that needs no look at the wide cables rows."""
_BY_ORIGIN = "SELECT origin_code, max(origin), count(*) FROM {where} GROUP BY origin_code ORDER BY {order}"
_BY_TAG = ("SELECT t.code, g.description, count(*), g.kind FROM cable_tags t LEFT JOIN tags g ON g.code = t.code "
           f"WHERE t.cable_id NOT IN {OLD_VERSIONS} GROUP BY t.code ORDER BY 3 DESC, 1")
BROWSE = {
    "origins": _BY_ORIGIN.format(where=f"{_CURRENT} AND origin_code IS NOT NULL", order="2"),
    "tags": _BY_TAG,
    "dates": f"SELECT month, month, count(*) FROM {_CURRENT} GROUP BY month ORDER BY month IS NULL, month",
    "classifications": f"SELECT classification, classification, count(*) FROM {_CURRENT} "
                       "GROUP BY classification ORDER BY 3 DESC",
}
"""What can be browsed (backend.BROWSE_LISTS), each a list of (value, label, count[, kind]). Dates end
with the undated cables (value None), so that every cable can be reached by browsing."""


def sample_step(count: int | None, sample: int) -> int:
    """Every how many of `count` rows an even sample of about `sample` of them takes (1: all)."""
    return -(-count // sample) if count and count > sample else 1


def browse(conn: sqlite3.Connection, what: str) -> list[dict]:
    """A browse list (`what` in BROWSE): value, label and count of current cables (tags add their kind)."""
    rows = conn.execute(BROWSE[what])  # KeyError for an unknown list
    return [{"value": r[0], "label": r[1], "count": r[2], **({"kind": r[3]} if what == "tags" else {})}
            for r in rows]


def archive_stats(conn: sqlite3.Connection, top: int = 20) -> dict:
    """Counts over the current version of every cable (plus version and failure totals)."""
    one = lambda sql: conn.execute(sql).fetchone()[0]  # noqa: E731

    def pairs(sql: str) -> list[dict]:
        return [{"value": r[0], "label": r[1], "count": r[2]} for r in conn.execute(sql)]

    return {
        "cables": one(f"SELECT count(*) FROM {_CURRENT}"),
        "versions": one("SELECT count(*) FROM cables"),
        "failures": one("SELECT count(*) FROM failures"),
        "references": one(f"SELECT count(*) FROM refs WHERE kind = 'cable' AND cable_id NOT IN {OLD_VERSIONS}"),
        "references_unknown_post": sum(n for code, n in conn.execute(  # kept, and flagged in the cable's warnings
            f"SELECT cited_origin, count(*) FROM refs WHERE kind = 'cable' AND cited_origin IS NOT NULL "
            f"AND cable_id NOT IN {OLD_VERSIONS} GROUP BY cited_origin") if not is_post(code)),
        "first": one("SELECT min(created) FROM cables WHERE is_current = 1"),
        "last": one("SELECT max(created) FROM cables WHERE is_current = 1"),
        "by_year": pairs(f"SELECT year, year, count(*) FROM {_CURRENT} GROUP BY year ORDER BY year"),
        "by_classification": pairs(BROWSE["classifications"]),
        "by_classification_raw": pairs(f"SELECT classification_raw, classification_raw, count(*) FROM {_CURRENT} "
                                       "GROUP BY classification_raw ORDER BY 3 DESC"),
        "by_origin": pairs(_BY_ORIGIN.format(where=_CURRENT, order="3 DESC, 1")),
        "by_caption": pairs(f"SELECT caption, caption, count(*) FROM captions WHERE cable_id NOT IN {OLD_VERSIONS} "
                            "GROUP BY caption ORDER BY 3 DESC"),
        "top_tags": pairs(f"{_BY_TAG} LIMIT {int(top)}"),
    }


def held_ids(conn: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """(id, creation date 'YYYY-MM-DD') of every current cable that has an id, read from the narrow
    index: what the coverage of posts and years is computed from."""
    return conn.execute(f"SELECT key, substr(created, 1, 10) FROM {_CURRENT} AND key NOT LIKE 'sha:%'").fetchall()
