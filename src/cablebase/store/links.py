"""The reference graph's rows in SQLite: what a cable cites, what cites it, candidates for a
reference printed without a year, and the citation edges (the graph itself is built in graph.py)."""

from __future__ import annotations

import json

from .driver import sqlite3
from .stats import OLD_VERSIONS


def cited(conn: sqlite3.Connection, reference_id: str) -> list[dict]:
    """What a cable cites, in order: letter, kind, raw, cited_id, cited_origin, cited_serial, citing_year."""
    return [dict(r) for r in conn.execute(
        """SELECT r.letter, r.kind, r.raw, r.cited_id, r.cited_origin, r.cited_serial, c.year AS citing_year
           FROM refs r JOIN cables c ON c.id = r.cable_id
           WHERE c.key = ? AND c.is_current = 1 ORDER BY r.position""", (reference_id,))]


def candidates(conn: sqlite3.Connection, origin: str, serial: int, year: int | None, window: int) -> list[str]:
    """Ids of current cables with this origin and serial, within `window` years before `year` (any year if None)."""
    return [r[0] for r in conn.execute(
        """SELECT key FROM cables WHERE origin_code = ? AND serial = ? AND is_current = 1
           AND (? IS NULL OR year BETWEEN ? AND ?)""", (origin, serial, year, (year or 0) - window, year or 0))]


def summary(conn: sqlite3.Connection, reference_id: str) -> dict | None:
    """reference_id, subject, created and origin_code of a current cable; None when not archived."""
    row = conn.execute("SELECT key AS reference_id, subject, created, origin_code FROM cables "
                       "WHERE key = ? AND is_current = 1", (reference_id,)).fetchone()
    return dict(row) if row else None


def cited_by(conn: sqlite3.Connection, reference_id: str) -> list[dict]:
    """Cables in the archive that cite this id, oldest first."""
    return [dict(r) for r in conn.execute(
        """SELECT DISTINCT c.key AS reference_id, c.subject, c.created, c.origin_code
           FROM refs r CROSS JOIN cables c ON c.id = r.cable_id  -- CROSS: look up refs by cited_id first
           WHERE r.cited_id = ? AND c.is_current = 1 AND c.key != ? ORDER BY c.created""",
        (reference_id, reference_id))]


def citation_edges(conn: sqlite3.Connection, citing: set[str] | None = None) -> list[tuple[str, str]]:
    """Distinct edges citing -> cited of the current cables' cable references (only those made by
    the `citing` cables when given, e.g. the results of a query)."""
    if citing is None:  # refs keep the citing cable's id: the wide cables rows are not read
        rows = conn.execute(
            f"""SELECT DISTINCT * FROM (
                   SELECT coalesce(r.citing_id, (SELECT key FROM cables WHERE id = r.cable_id)) AS citing, r.cited_id
                   FROM refs r WHERE r.kind = 'cable' AND r.cited_id IS NOT NULL AND r.cable_id NOT IN {OLD_VERSIONS})
               WHERE cited_id != citing""")
    else:
        rows = conn.execute(
            """SELECT DISTINCT c.key, r.cited_id FROM cables c INDEXED BY cables_current
               CROSS JOIN refs r ON r.cable_id = c.id
               WHERE c.key IN (SELECT value FROM json_each(?)) AND c.is_current = 1 AND r.kind = 'cable'
               AND r.cited_id IS NOT NULL AND r.cited_id != c.key""", [json.dumps(sorted(citing))])
    return [(a, b) for a, b in rows]
