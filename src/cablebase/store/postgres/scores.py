"""The review's data in a PostgreSQL archive: the trained model and the sensitivity scores, as
store/scores.py keeps them in SQLite (the same tables, see schema.py `_V2`)."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

import psycopg

from ...spans import paragraph_text
from ..scores import ARCHIVE_MODEL
from ..writer import now


def review_model(conn: psycopg.Connection, name: str = ARCHIVE_MODEL) -> Optional[str]:
    """The stored model's JSON text, or None."""
    row = conn.execute("SELECT model FROM review_models WHERE name = %s", (name,)).fetchone()
    return row[0] if row else None


def save_review_model(conn: psycopg.Connection, text: str, name: str = ARCHIVE_MODEL) -> None:
    """Store (or replace) a model's JSON text."""
    conn.execute("INSERT INTO review_models (name, trained, model) VALUES (%s, %s, %s) ON CONFLICT (name) "
                 "DO UPDATE SET trained = excluded.trained, model = excluded.model", (name, now(), text))


def iter_review_paragraphs(conn: psycopg.Connection, unscored_by: Optional[str] = None,
                           only: Optional[Callable[[str], bool]] = None
                           ) -> Iterator[tuple[int, str, Optional[str], list[tuple[Optional[str], str]]]]:
    """Every current cable as (cable id, key, classification, [(marking, text) by position]); see
    `store.scores.iter_review_paragraphs`."""
    sql = "SELECT id, key, classification, body FROM cables c WHERE is_current = 1 AND id > %s"
    if unscored_by is not None:
        sql += " AND NOT EXISTS (SELECT 1 FROM cable_scores s WHERE s.cable_id = c.id AND s.model = %s)"
    last = 0
    while True:  # in pieces, so that the caller may write between them on the same connection
        rows = conn.execute(sql + " ORDER BY id LIMIT 500",
                            (last,) if unscored_by is None else (last, unscored_by)).fetchall()
        if not rows:
            return
        last = rows[-1][0]
        for cable_id, key, classification, body in rows:
            if only is not None and not only(key):
                continue
            yield cable_id, key, classification, [
                (marking, paragraph_text(body, text, start, end)) for marking, text, start, end in conn.execute(
                    "SELECT marking, text, start_offset, end_offset FROM paragraphs WHERE cable_id = %s "
                    "ORDER BY position", (cable_id,))]


def save_review_scores(conn: psycopg.Connection, scores: Iterable[tuple[int, float, str, list[float]]],
                       model: str) -> int:
    """Replace the scores of the cables given (see `store.scores.save_review_scores`); how many."""
    count = 0
    with conn.transaction():
        for cable_id, sensitivity, level, paragraphs in scores:
            conn.execute("DELETE FROM paragraph_scores WHERE cable_id = %s", (cable_id,))
            with conn.cursor() as cur:
                cur.executemany("INSERT INTO paragraph_scores (cable_id, position, p_classified) VALUES (%s, %s, %s)",
                                [(cable_id, i, p) for i, p in enumerate(paragraphs)])
            conn.execute("INSERT INTO cable_scores (cable_id, sensitivity, level, model) VALUES (%s, %s, %s, %s) "
                         "ON CONFLICT (cable_id) DO UPDATE SET sensitivity = excluded.sensitivity, "
                         "level = excluded.level, model = excluded.model", (cable_id, sensitivity, level, model))
            count += 1
    return count
