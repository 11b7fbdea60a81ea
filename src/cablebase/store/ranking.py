"""How a search scores its matches: FTS5's BM25 over `cables_fts`, the subject weighing ten times the
preamble and the body.

Where the package was built with its C part (store/_rank.c, compiled at install when a C compiler
and SQLite's headers are there), the score comes from `cablebase_bm25`: FTS5's own `bm25`, step for
step, given each row's length by the query (a join to the index's `cables_fts_docsize` table) instead
of looking it up with a statement of its own per row: the same scores in half the CPU time.
Elsewhere, or on a connection the extension cannot be loaded into, FTS5's `bm25` gives them."""

from __future__ import annotations

import importlib.machinery
from pathlib import Path

from .driver import sqlite3

WEIGHTS = "10.0, 1.0, 1.0"  # subject, preamble, body (the columns of cables_fts)
SIZES = "cables_fts_docsize"
"""FTS5's table of each row's length per column (its `sz` record), one row per row of `cables_fts`."""


def _library() -> Path | None:
    """The compiled extension beside this module, if the install built it."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        path = Path(__file__).with_name(f"_rank{suffix}")
        if path.exists():
            return path
    return None


_LIBRARY = _library()


def sized(conn: sqlite3.Connection) -> bool:
    """Whether `conn` scores with `cablebase_bm25` (loading it there if it can be): then a statement
    ranks with `score(sizes)`, the row's `cables_fts_docsize` record joined as `sizes`."""
    try:
        conn.execute("SELECT cablebase_rank()")
        return True
    except sqlite3.OperationalError:
        pass
    if _LIBRARY is None:
        return False
    try:
        conn.enable_load_extension(True)
        try:
            conn.load_extension(str(_LIBRARY))
        finally:
            conn.enable_load_extension(False)
    except (sqlite3.OperationalError, AttributeError):  # no FTS5 API of that version, or no extensions here
        return False
    return True


def bm25(conn: sqlite3.Connection) -> tuple[str, str]:
    """(join, score): what to write after `cables_fts` in a FROM clause (and after any table joined
    to it that filters its rows first), and the SQL of a row's BM25 score: FTS5's `bm25` with
    nothing joined, or `cablebase_bm25` given the row's `cables_fts_docsize` record where `conn`
    has it (`sized`)."""
    if not sized(conn):
        return "", f"bm25(cables_fts, {WEIGHTS})"
    return (f" CROSS JOIN {SIZES} sizes ON sizes.id = cables_fts.rowid",  # CROSS: the text index drives
            f"cablebase_bm25(cables_fts, sizes.sz, {WEIGHTS})")
