"""Whole-archive results computed once per archive state (most-cited ranks, statistics): only
an ingest changes them, and on a big archive they take a second to compute."""

from __future__ import annotations

import threading
from typing import Any, Callable, TypeVar

from .archive import database_file
from .driver import sqlite3

T = TypeVar("T")
_STATE = "SELECT (SELECT max(id) FROM runs), (SELECT max(id) FROM cables), (SELECT max(id) FROM failures)"
_CACHE: dict[tuple[str, str], tuple[tuple, Any]] = {}  # (archive file, name) -> (state, value)
_LOCK = threading.Lock()


def per_state(conn: sqlite3.Connection, name: str, compute: Callable[[sqlite3.Connection], T]) -> T:
    """`compute(conn)`, remembered under `name` for the archive file and its state. Every ingest
    adds a run row and every write adds cable or failure rows (rows are never deleted), so their
    largest ids name the state. The value is shared: callers must not change it. An archive in
    memory is not remembered."""
    path = database_file(conn)
    if path is None:
        return compute(conn)
    state = tuple(conn.execute(_STATE).fetchone())
    with _LOCK:  # held while computing: concurrent first requests wait instead of all computing
        cached = _CACHE.get((path, name))
        if cached is None or cached[0] != state:
            cached = _CACHE[(path, name)] = (state, compute(conn))
        return cached[1]
