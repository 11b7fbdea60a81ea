"""Reads over a PostgreSQL archive beyond records and search: the reference graph's rows, people and
organisations, timelines, action requests, statistics and browse lists. Each answers as its SQLite
twin does (store/links.py, store/queries.py, store/stats.py), with the same sampling rules."""

from __future__ import annotations

from typing import Any

import psycopg
from psycopg.rows import dict_row

from ...model import Addressee
from ...spans import paragraph_text, sentence_in
from ..queries import Dialect, page_rows
from ..stats import OLD_VERSIONS, assemble, browse_list
from ..stats import queries as stats_queries



def dicts(conn: psycopg.Connection, sql: str, params: Any = ()) -> list[dict]:
    """Rows as dicts."""
    with conn.cursor(row_factory=dict_row) as cur:
        return cur.execute(sql, params).fetchall()


class _Postgres(Dialect):
    def dicts(self, conn: Any, sql: str, params: Any = ()) -> list[dict]:
        return dicts(conn, sql, params)


POSTGRES = _Postgres(mark="%s", modulo="%%", like="ILIKE", same_text="lower({}) = lower({})", cross_join="JOIN",
                     binary=' COLLATE "C"', elements="jsonb_array_elements_text({}) {}(value)", hints=False,
                     same="IS NOT DISTINCT FROM")
"""How PostgreSQL writes the statements shared with SQLite (store/queries.py)."""


# -- the reference graph -----------------------------------------------------------------------
def cited(conn: psycopg.Connection, reference_id: str) -> list[dict]:
    return dicts(conn, """SELECT r.letter, r.kind, r.raw, r.cited_id, r.cited_origin, r.cited_serial,
                                 c.year AS citing_year
                          FROM refs r JOIN cables c ON c.id = r.cable_id
                          WHERE c.key = %s AND c.is_current = 1 ORDER BY r.position""", (reference_id,))


def candidates(conn: psycopg.Connection, origin: str, serial: int, year: int | None, window: int) -> list[str]:
    return [r[0] for r in conn.execute(
        """SELECT key FROM cables WHERE origin_code = %s AND serial = %s AND is_current = 1
           AND (%s::int IS NULL OR year BETWEEN %s AND %s)""", (origin, serial, year, (year or 0) - window, year or 0))]


def summary(conn: psycopg.Connection, reference_id: str) -> dict | None:
    rows = dicts(conn, "SELECT key AS reference_id, subject, created, origin_code FROM cables "
                       "WHERE key = %s AND is_current = 1", (reference_id,))
    return rows[0] if rows else None


def cited_by(conn: psycopg.Connection, reference_id: str) -> list[dict]:
    return dicts(conn, """SELECT DISTINCT c.key AS reference_id, c.subject, c.created, c.origin_code
                          FROM refs r JOIN cables c ON c.id = r.cable_id
                          WHERE r.cited_id = %s AND c.is_current = 1 AND c.key != %s ORDER BY c.created""",
                 (reference_id, reference_id))


def citation_edges(conn: psycopg.Connection, citing: set[str] | None = None) -> list[tuple[str, str]]:
    if citing is None:
        rows = conn.execute(
            f"""SELECT DISTINCT * FROM (
                   SELECT coalesce(r.citing_id, (SELECT key FROM cables WHERE id = r.cable_id)) AS citing, r.cited_id
                   FROM refs r WHERE r.kind = 'cable' AND r.cited_id IS NOT NULL AND r.cable_id NOT IN {OLD_VERSIONS}
                ) edges WHERE cited_id != citing""")
    else:
        rows = conn.execute(
            """SELECT DISTINCT c.key, r.cited_id FROM cables c JOIN refs r ON r.cable_id = c.id
               WHERE c.key = ANY(%s) AND c.is_current = 1 AND r.kind = 'cable'
               AND r.cited_id IS NOT NULL AND r.cited_id != c.key""", (sorted(citing),))
    return [(a, b) for a, b in rows]


def headings(conn: psycopg.Connection, keys: list[str]) -> dict[str, dict]:
    """Subject, creation date and origin of the current versions of `keys` that the archive holds."""
    return {r["key"]: {k: r[k] for k in ("subject", "created", "origin_code", "origin")} for r in dicts(
        conn, "SELECT key, subject, created, origin_code, origin FROM cables WHERE is_current = 1 AND key = ANY(%s)",
        (list(keys),))}


# -- people and organisations, events, action requests ------------------------------------------
_EVENT_COLUMNS = """e.date, e.precision, e.text, e.sentence, e.paragraph, c.key AS reference_id, c.subject,
                  c.created, c.id, p.text, p.start_offset, p.end_offset, e.sentence_start, e.sentence_end,
                  CASE WHEN e.sentence IS NULL AND p.text IS NULL THEN c.body END, e.paragraph_position, e.uncertain"""


def timeline(conn: psycopg.Connection, cable_ids: list[str], limit: int = 2000) -> list[dict]:
    if not cable_ids:
        return []
    rows = conn.execute(
        f"""SELECT {_EVENT_COLUMNS}
           FROM cables c JOIN events e ON e.cable_id = c.id
           LEFT JOIN paragraphs p ON p.cable_id = c.id AND p.position = e.paragraph_position
           WHERE c.is_current = 1 AND c.key = ANY(%s)
           ORDER BY e.date IS NULL, e.date, c.created NULLS FIRST, c.id, e.position LIMIT %s""",
        (list(cable_ids), limit)).fetchall()
    return _timeline_entries(rows)


def timeline_page(conn: psycopg.Connection, hits: str, params: list, period: tuple[int, int] | str | None,
                  limit: int, offset: int) -> list[dict]:
    return _timeline_entries(page_rows(conn, _EVENT_COLUMNS, hits, params, (f"c.id IN ({hits})", params), period,
                                       limit, offset, POSTGRES))


def _timeline_entries(rows: list) -> list[dict]:
    """Event rows (`_EVENT_COLUMNS`, in order) as timeline entries: one per sentence, its dates listed."""
    out: list[dict] = []
    entries: dict[tuple, dict] = {}
    for r in rows:
        event = dict(zip(("date", "precision", "text", "sentence", "paragraph", "reference_id", "subject",
                          "created"), r[:8]), uncertain=bool(r[-1]))  # (uncertain: the last column)
        if event["sentence"] is None:
            event["sentence"] = sentence_in(paragraph_text(r[14] or "", *r[9:12]), *r[12:14])
        entry = entries.get(key := (r[8], r[15], r[12], r[13], event["sentence"]))  # a sentence: where it stands
        if entry is None:  # a sentence with several dates is one entry, at its first (as in SQLite's)
            entries[key] = entry = {**event, "dates": []}
            out.append(entry)
        entry["dates"].append({"date": event["date"], "precision": event["precision"], "text": event["text"],
                               "uncertain": event["uncertain"]})
    return out


def action_requests(conn: psycopg.Connection, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
    where = "is_current = 1 AND has_action = 1"
    total = conn.execute(f"SELECT count(*) FROM cables WHERE {where}").fetchone()[0]
    out = []
    for r in dicts(conn, f"""SELECT id, key AS reference_id, subject, created, origin, record, body FROM cables
                             WHERE {where} ORDER BY created IS NULL, created DESC, id LIMIT %s OFFSET %s""",
                   (limit, offset)):
        record = r["record"]
        request = record.get("action_request") or {}
        stored = conn.execute("SELECT text, start_offset, end_offset FROM paragraphs WHERE cable_id = %s "
                              "AND number IS NOT DISTINCT FROM %s ORDER BY position LIMIT 1",
                              (r["id"], request.get("paragraph"))).fetchone()
        out.append({"reference_id": r["reference_id"], "subject": r["subject"], "created": r["created"],
                    "origin": r["origin"], "paragraph": request.get("paragraph"),
                    "points": request.get("points", []), "deadline": request.get("deadline"),
                    "text": paragraph_text(r["body"], *stored) if stored else "",
                    "addressees": [Addressee.model_validate(a).label for a in record.get("addressees", [])]})
    return total, out


# -- statistics and browse lists (the SQL and assembly of store/stats.py) -----------------------
_CURRENT = "cables WHERE is_current = 1"
QUERIES = stats_queries(_CURRENT)


def browse(conn: psycopg.Connection, what: str) -> list[dict]:
    return browse_list(lambda sql: conn.execute(sql).fetchall(), QUERIES, what)


def stats(conn: psycopg.Connection, top: int = 20) -> dict:
    return assemble(lambda sql: conn.execute(sql).fetchall(), QUERIES, top)


def held_ids(conn: psycopg.Connection) -> list[tuple[str, str | None]]:
    """(id, creation date 'YYYY-MM-DD') of every current cable that has an id (see store.stats.held_ids)."""
    return [(k, d) for k, d in conn.execute(
        f"SELECT key, substr(created, 1, 10) FROM {_CURRENT} AND key NOT LIKE 'sha:%%'")]
