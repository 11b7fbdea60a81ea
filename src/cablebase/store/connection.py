"""Connections to an archive file: opened for writing (created and migrated) or read-only (memory-
mapped), per-thread readers for the search's worker threads."""

from __future__ import annotations

import os
import threading
from pathlib import Path

from ..errors import SchemaError
from . import bodies
from .driver import sqlite3
from .schema import SCHEMA_VERSION, migrate

DEFAULT_DB = "cables.db"


def connect(path: str | os.PathLike, readonly: bool = False) -> sqlite3.Connection:
    """Open an archive file (creating and migrating it unless `readonly`).

    A read-only open of an archive written by an older cablebase upgrades it first (reads rely on
    the current schema's indexes); SchemaError if it cannot be, or is not an archive."""
    if readonly:
        conn = _open_readonly(path)
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        if found != SCHEMA_VERSION:
            conn.close()
            if found == 0:
                raise SchemaError(f"{path} is not a cablebase archive")
            if found > SCHEMA_VERSION:
                raise SchemaError(f"archive schema version {found} is newer than this cablebase ({SCHEMA_VERSION})")
            try:
                connect(path).close()
            except sqlite3.OperationalError as exc:
                raise SchemaError(f"{path} was written by an older cablebase (schema {found}) and cannot be "
                                  f"upgraded here ({exc}); open it once where it is writable") from None
            conn = _open_readonly(path)
    else:
        conn = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
        _prepare(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    return conn


_READERS = threading.local()
READ_MMAP_BYTES = 1 << 40
"""How much of the archive file read-only connections map into memory (all of it, up to 1 TB):
they read pages straight from the operating system's file cache, shared by every connection,
instead of copying them into each connection's own page cache (2 MB by default: a server
thread's connection would keep re-reading the index pages a search needs)."""
WORKER_CACHE_KB = 65536
"""Page cache of each worker thread's connection (SQLite's default is 2 MB): the counts, facets and
rankings made there seek the same index pages search after search. Two such threads: ≤ 128 MB an archive."""


def database_file(conn: sqlite3.Connection) -> str | None:
    """The file `conn` has open; None for an in-memory database."""
    return conn.execute("PRAGMA database_list").fetchone()[2] or None


def thread_reader(path: str) -> sqlite3.Connection:
    """A read-only connection to the archive at `path` owned by the calling thread, kept for reuse
    (worker threads use it to run part of a query on another core). It is opened again when the
    file at `path` is a new one; a thread keeps at most four open."""
    opened: dict[str, tuple[sqlite3.Connection, tuple[int, int]]] = _READERS.__dict__.setdefault("conns", {})
    stat = os.stat(path)
    conn, identity = opened.pop(path, (None, None))
    if conn is not None and identity != (stat.st_dev, stat.st_ino):
        conn.close()
        conn = None
    while len(opened) >= 4:
        opened.pop(next(iter(opened)))[0].close()
    if conn is None:
        conn = _open_readonly(path)
        conn.execute(f"PRAGMA cache_size = -{WORKER_CACHE_KB}")
    opened[path] = (conn, (stat.st_dev, stat.st_ino))  # most recent last
    return conn


def _open_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    conn = sqlite3.connect(f"file:{Path(path).resolve()}?mode=ro", uri=True, isolation_level=None,
                           check_same_thread=False)
    _prepare(conn)
    conn.execute("PRAGMA query_only = ON")
    conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
    return conn


def _prepare(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    bodies.register(conn)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")


def is_current(conn: sqlite3.Connection, key: str) -> bool:
    """Whether the archive on `conn` holds a current version of the cable `key`."""
    return conn.execute("SELECT 1 FROM cables WHERE key = ? AND is_current = 1", (key,)).fetchone() is not None
