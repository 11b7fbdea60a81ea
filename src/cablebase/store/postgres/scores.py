"""The review's data in a PostgreSQL archive: the trained model and the sensitivity scores, as
store/scores.py keeps them in SQLite (the same tables, see schema.py `_V2`)."""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

import psycopg

from ..scores import ARCHIVE_MODEL, review_paragraphs
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
    `store.scores.review_paragraphs`."""
    return review_paragraphs(lambda sql, params: conn.execute(sql.replace("?", "%s"), params).fetchall(), "body",
                             str, unscored_by, only)


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
