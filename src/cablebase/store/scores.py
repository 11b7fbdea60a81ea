"""The review's data in the archive: the trained model (as JSON text) and the sensitivity scores.

Schema `_V13` (store/schema.py): `review_models`, `paragraph_scores`, `cable_scores`. The store
knows nothing of how a model scores: it keeps its text and the numbers it gave.
"""

from __future__ import annotations

from typing import Callable, Iterable, Iterator, Optional

from . import bodies
from ..spans import paragraph_text
from .driver import sqlite3
from .schema import transaction
from .writer import now

ARCHIVE_MODEL = "archive"


def review_model(conn: sqlite3.Connection, name: str = ARCHIVE_MODEL) -> Optional[str]:
    """The stored model's JSON text, or None."""
    row = conn.execute("SELECT model FROM review_models WHERE name = ?", (name,)).fetchone()
    return row[0] if row else None


def save_review_model(conn: sqlite3.Connection, text: str, name: str = ARCHIVE_MODEL) -> None:
    """Store (or replace) a model's JSON text."""
    with transaction(conn):
        conn.execute("INSERT INTO review_models (name, trained, model) VALUES (?, ?, ?) ON CONFLICT(name) "
                     "DO UPDATE SET trained = excluded.trained, model = excluded.model", (name, now(), text))


def iter_review_paragraphs(conn: sqlite3.Connection, unscored_by: Optional[str] = None,
                           only: Optional[Callable[[str], bool]] = None
                           ) -> Iterator[tuple[int, str, Optional[str], list[tuple[Optional[str], str]]]]:
    """Every current cable of the archive on `conn` as (cable id, key, classification, [(marking,
    text) by position]); see `review_paragraphs`."""
    return review_paragraphs(lambda sql, params: conn.execute(sql, params).fetchall(), "body_zlib, body_size",
                             bodies.unpack, unscored_by, only)


def review_paragraphs(rows: Callable[[str, tuple], list[tuple]], body: str, text: Callable[..., str],
                      unscored_by: Optional[str] = None, only: Optional[Callable[[str], bool]] = None
                      ) -> Iterator[tuple[int, str, Optional[str], list[tuple[Optional[str], str]]]]:
    """Every current cable as (cable id, key, classification, [(marking, text) by position]), on any
    backend: `rows(sql, params)` runs its SQL (`?` placeholders), `body` names the columns that hold
    a cable's text and `text(*those columns)` gives it. With `unscored_by`, only the cables that
    model has not scored; with `only`, those whose key it accepts (decided before the text is read)."""
    sql = f"SELECT id, key, classification, {body} FROM cables c WHERE is_current = 1 AND id > ?"
    if unscored_by is not None:
        sql += " AND NOT EXISTS (SELECT 1 FROM cable_scores s WHERE s.cable_id = c.id AND s.model = ?)"
    last = 0
    while True:  # in pieces, so that the caller may write between them on the same connection
        page = rows(sql + " ORDER BY id LIMIT 500", (last,) if unscored_by is None else (last, unscored_by))
        if not page:
            return
        last = page[-1][0]
        for cable_id, key, classification, *stored in page:
            if only is not None and not only(key):
                continue
            whole = text(*stored)
            yield cable_id, key, classification, [
                (marking, paragraph_text(whole, part, start, end)) for marking, part, start, end in rows(
                    "SELECT marking, text, start_offset, end_offset FROM paragraphs WHERE cable_id = ? "
                    "ORDER BY position", (cable_id,))]


def save_review_scores(conn: sqlite3.Connection, scores: Iterable[tuple[int, float, str, list[float]]],
                       model: str) -> int:
    """Replace the scores of the cables given as (cable id, cable score, cable level, [p_classified
    by paragraph position]); `model` names the model that made them. Returns how many cables."""
    count = 0
    with transaction(conn):
        for cable_id, sensitivity, level, paragraphs in scores:
            conn.execute("DELETE FROM paragraph_scores WHERE cable_id = ?", (cable_id,))
            conn.executemany("INSERT INTO paragraph_scores (cable_id, position, p_classified) VALUES (?, ?, ?)",
                             [(cable_id, i, p) for i, p in enumerate(paragraphs)])
            conn.execute("INSERT OR REPLACE INTO cable_scores (cable_id, sensitivity, level, model) "
                         "VALUES (?, ?, ?, ?)", (cable_id, sensitivity, level, model))
            count += 1
    return count


def sensitivity(conn: sqlite3.Connection, cable_id: int) -> Optional[dict]:
    """One cable version's stored scores as the record's `sensitivity` ({p_classified, level,
    paragraphs}), or None when it has not been scored."""
    row = conn.execute("SELECT sensitivity, level FROM cable_scores WHERE cable_id = ?", (cable_id,)).fetchone()
    if row is None:
        return None
    paragraphs = conn.execute("SELECT p.position, s.p_classified FROM paragraphs p LEFT JOIN paragraph_scores s "
                              "ON s.cable_id = p.cable_id AND s.position = p.position WHERE p.cable_id = ? "
                              "ORDER BY p.position", (cable_id,)).fetchall()
    return {"p_classified": row[0], "level": row[1], "paragraphs": [r[1] for r in paragraphs]}
