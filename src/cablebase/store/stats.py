"""Archive statistics and browse lists: counts by year, month, origin, classification, caption and tag.

Cables are read through the narrow covering index (`cables_facets`, see store/schema.py): the
table's rows are wide, and these counts visit every one of them. Per-use tables (references,
tags, captions) are counted whole, leaving out the uses by old versions (`OLD_VERSIONS`)."""

from __future__ import annotations

from typing import Callable, Iterable

from ..vocab.ids import is_post
from .backend import BROWSE_LISTS
from .driver import sqlite3

OLD_VERSIONS = "(SELECT id FROM cables WHERE is_current = 0)"
"""Ids of the versions no longer current (usually none): per-use rows of current cables are those
whose cable_id is NOT IN this, a test that needs no look at the wide cables rows."""
_BY_ORIGIN = "SELECT origin_code, max(origin), count(*) FROM {where} GROUP BY origin_code ORDER BY {order}"
_BY_TAG = ("SELECT t.code, max(g.description), count(*), max(g.kind) FROM cable_tags t LEFT JOIN tags g "
           f"ON g.code = t.code WHERE t.cable_id NOT IN {OLD_VERSIONS} GROUP BY t.code ORDER BY 3 DESC, 1")


def _by(column: str, current: str) -> str:
    """(value, value, cables) of one column of the current cables, the most frequent first."""
    return f"SELECT {column}, {column}, count(*) FROM {current} GROUP BY {column} ORDER BY 3 DESC, 1 IS NULL, 1"


def queries(current: str) -> dict[str, str]:
    """The statistics' and browse lists' SQL over `current` (the FROM and WHERE of the current cables,
    as a backend reads them fastest): the same text for every backend, ties and NULLs ordered alike."""
    return {
        "origins": _BY_ORIGIN.format(where=f"{current} AND origin_code IS NOT NULL", order="2, 1"),
        "tags": _BY_TAG,
        "dates": f"SELECT month, month, count(*) FROM {current} GROUP BY month ORDER BY month IS NULL, month",
        "classifications": _by("classification", current),
        "cables": f"SELECT count(*) FROM {current}",
        "versions": "SELECT count(*) FROM cables",
        "failures": "SELECT count(*) FROM failures",
        "references": f"SELECT count(*) FROM refs WHERE kind = 'cable' AND cable_id NOT IN {OLD_VERSIONS}",
        "cited_origins": "SELECT cited_origin, count(*) FROM refs WHERE kind = 'cable' AND cited_origin IS NOT NULL "
                         f"AND cable_id NOT IN {OLD_VERSIONS} GROUP BY cited_origin",
        "first": "SELECT min(created) FROM cables WHERE is_current = 1",
        "last": "SELECT max(created) FROM cables WHERE is_current = 1",
        "by_year": f"SELECT year, year, count(*) FROM {current} GROUP BY year ORDER BY year IS NULL, year",
        "by_classification_raw": _by("classification_raw", current),
        "by_origin": _BY_ORIGIN.format(where=current, order="3 DESC, 1"),
        "by_caption": f"SELECT caption, caption, count(*) FROM captions WHERE cable_id NOT IN {OLD_VERSIONS} "
                      "GROUP BY caption ORDER BY 3 DESC, 1",
    }


_CURRENT = "cables c INDEXED BY cables_facets WHERE is_current = 1"
BROWSE = queries(_CURRENT)
"""SQLite's: cables are read through the narrow covering index."""


def sample_step(count: int | None, sample: int) -> int:
    """Every how many of `count` rows an even sample of about `sample` of them takes (1: all)."""
    return -(-count // sample) if count and count > sample else 1


def browse_list(rows: Callable[[str], Iterable[tuple]], sql: dict[str, str], what: str) -> list[dict]:
    """A browse list (`what` in backend.BROWSE_LISTS, else KeyError) from `rows(sql)` (a backend's
    runner of its `queries`): value, label and count of current cables (tags add their kind). Dates
    end with the undated cables (value None), so that every cable can be reached by browsing."""
    if what not in BROWSE_LISTS:
        raise KeyError(what)
    return [{"value": r[0], "label": r[1], "count": r[2], **({"kind": r[3]} if what == "tags" else {})}
            for r in rows(sql[what])]


def assemble(rows: Callable[[str], Iterable[tuple]], sql: dict[str, str], top: int = 20) -> dict:
    """Counts over the current version of every cable (plus version and failure totals), from
    `rows(sql)`: a backend's runner of its `queries`."""
    def one(name: str):
        return next(iter(rows(sql[name])))[0]

    def pairs(name: str, limit: str = "") -> list[dict]:
        return [{"value": r[0], "label": r[1], "count": r[2]} for r in rows(sql[name] + limit)]

    return {
        **{name: one(name) for name in ("cables", "versions", "failures", "references")},
        # kept, and flagged in the cable's warnings
        "references_unknown_post": sum(n for code, n in rows(sql["cited_origins"]) if not is_post(code)),
        "first": one("first"), "last": one("last"),
        "by_year": pairs("by_year"), "by_classification": pairs("classifications"),
        **{name: pairs(name) for name in ("by_classification_raw", "by_origin", "by_caption")},
        "top_tags": pairs("tags", f" LIMIT {int(top)}"),
    }


def browse(conn: sqlite3.Connection, what: str) -> list[dict]:
    """A browse list of the archive on `conn` (see `browse_list`)."""
    return browse_list(lambda sql: conn.execute(sql).fetchall(), BROWSE, what)


def archive_stats(conn: sqlite3.Connection, top: int = 20) -> dict:
    """The statistics of the archive on `conn` (see `assemble`)."""
    return assemble(lambda sql: conn.execute(sql).fetchall(), BROWSE, top)


def held_ids(conn: sqlite3.Connection) -> list[tuple[str, str | None]]:
    """(id, creation date 'YYYY-MM-DD') of every current cable that has an id, read from the narrow
    index: what the coverage of posts and years is computed from."""
    return conn.execute(f"SELECT key, substr(created, 1, 10) FROM {_CURRENT} AND key NOT LIKE 'sha:%'").fetchall()
