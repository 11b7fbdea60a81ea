"""Read queries over the analysis tables: entities, timelines, action requests."""

from __future__ import annotations

import json
import sqlite3

from .archive import paragraph_text

_OLD = "(SELECT id FROM cables WHERE is_current = 0)"  # old versions' ids (usually none)


def find_entities(conn: sqlite3.Connection, name: str, kind: str | None = None, limit: int = 50) -> list[dict]:
    """Entities whose name matches (exact, then surname/contains), most mentioned first."""
    like = "%" + name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
    rows = conn.execute(
        f"""SELECT e.id, e.kind, e.name, count(*) AS cables, sum(m.count) AS mentions
           FROM entities e JOIN mentions m ON m.entity_id = e.id
           WHERE m.cable_id NOT IN {_OLD} AND (? IS NULL OR e.kind = ?) AND e.id IN (
               SELECT id FROM entities WHERE name LIKE ? ESCAPE '\\'
               UNION SELECT entity_id FROM entity_aliases WHERE alias LIKE ? ESCAPE '\\')
           GROUP BY e.id ORDER BY (e.name = ? COLLATE NOCASE) DESC, cables DESC, e.name LIMIT ?""",
        (kind, kind, like, like, name, limit))
    return [dict(r) for r in rows]


def entity_detail(conn: sqlite3.Connection, entity_id: int) -> dict | None:
    """One entity: titles and aliases seen, its cables (with dates), monthly counts, co-occurring entities."""
    row = conn.execute("SELECT id, kind, name, key FROM entities WHERE id = ?", (entity_id,)).fetchone()
    if row is None:
        return None
    cables = [dict(r) for r in conn.execute(
        """SELECT c.key AS reference_id, c.subject, c.created, c.month, m.count, m.titles, m.aliases
           FROM mentions m JOIN cables c ON c.id = m.cable_id
           WHERE m.entity_id = ? AND c.is_current = 1 ORDER BY c.created IS NULL, c.created""", (entity_id,))]
    titles: dict[str, int] = {}
    aliases: set[str] = set()
    months: dict[str, int] = {}
    for c in cables:
        for t in json.loads(c.pop("titles")):
            titles[t] = titles.get(t, 0) + 1
        aliases.update(json.loads(c.pop("aliases")))
        if c["month"]:
            months[c["month"]] = months.get(c["month"], 0) + 1
    related = [dict(r) for r in conn.execute(
        """SELECT e.id, e.kind, e.name, count(*) AS shared
           FROM mentions a JOIN mentions b ON b.cable_id = a.cable_id AND b.entity_id != a.entity_id
           JOIN entities e ON e.id = b.entity_id JOIN cables c ON c.id = a.cable_id
           WHERE a.entity_id = ? AND c.is_current = 1
           GROUP BY e.id ORDER BY shared DESC, e.name LIMIT 25""", (entity_id,))]
    return {**dict(row), "titles": sorted(titles, key=lambda t: -titles[t]), "aliases": sorted(aliases),
            "cables": cables, "months": sorted(months.items()), "related": related}


def timeline(conn: sqlite3.Connection, cable_ids: list[str], limit: int = 2000) -> list[dict]:
    """Dated events of these cables (by reference id), in date order; unresolved ones last."""
    if not cable_ids:
        return []
    marks = ",".join("?" * len(cable_ids))
    rows = conn.execute(
        f"""SELECT e.date, e.precision, e.text, e.sentence, e.paragraph, c.key AS reference_id, c.subject,
                   c.created
            FROM events e JOIN cables c ON c.id = e.cable_id
            WHERE c.is_current = 1 AND c.key IN ({marks})
            ORDER BY e.date IS NULL, e.date, c.created, e.position LIMIT ?""", (*cable_ids, limit))
    return [dict(r) for r in rows]


def action_requests(conn: sqlite3.Connection, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    """Cables that contain an action request: the points, addressees and any deadline; newest first."""
    total = conn.execute("SELECT count(*) FROM cables WHERE is_current = 1 AND has_action = 1").fetchone()[0]
    rows = conn.execute(
        """SELECT c.id, c.key AS reference_id, c.subject, c.created, c.origin, c.record, c.body FROM cables c
           WHERE c.is_current = 1 AND c.has_action = 1 ORDER BY c.created IS NULL, c.created DESC LIMIT ? OFFSET ?""",
        (limit, offset)).fetchall()
    out = []
    for r in rows:
        record = json.loads(r["record"])
        request = record.get("action_request") or {}
        # the record keeps the paragraph number, not its text (as Archive.cable_from_row rebuilds it)
        stored = conn.execute("SELECT text, start_offset, end_offset FROM paragraphs WHERE cable_id = ? "
                              "AND number IS ? ORDER BY position LIMIT 1", (r["id"], request.get("paragraph"))).fetchone()
        out.append({"reference_id": r["reference_id"], "subject": r["subject"], "created": r["created"],
                    "origin": r["origin"], "paragraph": request.get("paragraph"),
                    "points": request.get("points", []), "deadline": request.get("deadline"),
                    "text": paragraph_text(r["body"], *stored) if stored else "",
                    "addressees": [f"{a['agency'] + ' ' if a.get('agency') else ''}{a['office']}"
                                   + (f" ({a['name']})" if a.get("name") else "")
                                   for a in record.get("addressees", [])]})
    return total, out
