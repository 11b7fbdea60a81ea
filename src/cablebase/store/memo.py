"""Whole-archive results computed once per archive state (most-cited ranks, statistics): only
a write changes them, and on a big archive they take a second to compute."""

from __future__ import annotations

import os
import threading
from typing import Any, Callable, TypeVar

from .connection import connect, database_file
from .driver import sqlite3

T = TypeVar("T")
_CACHE: dict[tuple[str, str], tuple[tuple, Any]] = {}  # (archive file, name) -> (state, value)
_WATCHERS: dict[str, tuple[tuple[int, int], sqlite3.Connection]] = {}  # archive file -> (identity, connection)
_LOCK = threading.Lock()


def per_state(conn: sqlite3.Connection, name: str, compute: Callable[[sqlite3.Connection], T]) -> T:
    """`compute(conn)`, remembered under `name` for the archive file until anything is written to
    it (see `_state`). The value is shared: callers must not change it. An archive in memory is
    not remembered."""
    path = database_file(conn)
    if path is None:
        return compute(conn)
    with _LOCK:  # held while computing: concurrent first requests wait instead of all computing
        state = _state(path)
        cached = _CACHE.get((path, name))
        if cached is None or cached[0] != state:
            cached = _CACHE[(path, name)] = (state, compute(conn))
        return cached[1]


def _state(path: str) -> tuple[int, int, int]:
    """(device, inode, data version) of the archive file. SQLite's `PRAGMA data_version` changes
    whenever another connection, in any process, commits a change (an ingest, a row deleted in the
    sqlite3 shell); it is asked of one connection kept for the purpose, since each connection
    counts on its own. A new file at the path gets a new connection."""
    stat = os.stat(path)
    identity = (stat.st_dev, stat.st_ino)
    watcher = _WATCHERS.get(path)
    if watcher is None or watcher[0] != identity:
        if watcher is not None:
            watcher[1].close()
        watcher = _WATCHERS[path] = (identity, connect(path, readonly=True))
    return identity + (watcher[1].execute("PRAGMA data_version").fetchone()[0],)
