"""How a search scores its matches: FTS5's BM25 over `cables_fts`, the subject weighing ten times the
preamble and the body.

Where the package was built with its C part (store/_rank.c, compiled at install when a C compiler
and SQLite's headers are there), the score comes from `cablebase_bm25`: FTS5's own `bm25`, step for
step, given each row's length by the query (a join to the index's `cables_fts_docsize` table) instead
of looking it up with a statement of its own per row: the same scores in half the CPU time; and it
counts the rows it scores, so that a ranking needs no window to count its matches (`tallied`).
Elsewhere, or on a connection the extension cannot be loaded into, FTS5's `bm25` gives them."""

from __future__ import annotations

import importlib.machinery
from itertools import count
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
BITMAPS = _LIBRARY is not None
"""Whether sets of cables tested on a text index's row ids are made into bitmaps (`cablebase_ids`,
`cablebase_in`: store/compile.py): with the extension, on every connection of the process (one
that cannot load it gets the same functions in Python, slower, with the same answers)."""


SETS_FROM = 2
"""The version of store/_rank.c (`cablebase_rank()`) from which it has `cablebase_ids` and `cablebase_in`."""


def sized(conn: sqlite3.Connection) -> bool:
    """Whether `conn` scores with `cablebase_bm25` (loading it there if it can be: see `bm25`)."""
    return _version(conn) > 0


def _version(conn: sqlite3.Connection) -> int:
    """The version of the extension `conn` has (`cablebase_rank()`, loading it there if it can be), 0
    for none. Where it has none, or a build older than SETS_FROM, `conn` is given `cablebase_ids` and
    `cablebase_in` in Python (see BITMAPS)."""
    try:
        version = conn.execute("SELECT cablebase_rank()").fetchone()[0]
    except sqlite3.DatabaseError:  # not loaded; or the file is no database, which the caller's own reads say
        loaded = _LIBRARY is not None and _loaded(conn, _LIBRARY)
        version = conn.execute("SELECT cablebase_rank()").fetchone()[0] if loaded else 0
    if version < SETS_FROM:
        conn.create_aggregate("cablebase_ids", 1, _Ids)  # type: ignore[arg-type]
        conn.create_function("cablebase_in", 2, _holds, deterministic=True)
    return version


def _loaded(conn: sqlite3.Connection, library: Path) -> bool:
    try:
        conn.enable_load_extension(True)
        try:
            conn.load_extension(str(library))
        finally:
            conn.enable_load_extension(False)
    except (sqlite3.DatabaseError, AttributeError):  # no FTS5 API of that version, no extensions here, no database
        return False
    return True


class _Ids:
    """`cablebase_ids(id)` where the extension cannot be loaded: the set of ids as a bitmap."""

    def __init__(self) -> None:
        self.bits = bytearray()

    def step(self, id: int | None) -> None:
        if id is not None:
            if id // 8 >= len(self.bits):
                self.bits.extend(bytes(id // 8 + 1 - len(self.bits)))
            self.bits[id // 8] |= 1 << id % 8

    def finalize(self) -> bytes:
        return bytes(self.bits)


def _holds(bits: bytes | None, id: int) -> bool:
    """`cablebase_in(bits, id)` where the extension cannot be loaded (`bits` None: the set of no rows,
    whose aggregate Python's sqlite3 never made)."""
    return bits is not None and 0 <= id < len(bits) * 8 and bool(bits[id // 8] >> id % 8 & 1)


_TALLIES = count(1)


def bm25(conn: sqlite3.Connection, counted: bool = False, unscaled: bool = False) -> tuple[str, str, int | None]:
    """(join, score, tally): what to write after `cables_fts` in a FROM clause (and after any table
    joined to it that filters its rows first), the SQL of a row's BM25 score, and the number under
    which the statement counts the rows it scores (see `tallied`), or None. FTS5's `bm25` with
    nothing joined and no tally, or, where `conn` has the extension (`sized`), `cablebase_bm25`
    given the row's `cables_fts_docsize` record, counting when `counted`; `unscaled` (a query of
    one phrase, where `unscaled_here`): the score without the IDF, which `idf` gives apart and
    `scaled` applies."""
    if not sized(conn):
        return "", f"bm25(cables_fts, {WEIGHTS})", None
    tally = next(_TALLIES) if counted else None
    function = "cablebase_bm25_unscaled" if unscaled else "cablebase_bm25"
    return (f" CROSS JOIN {SIZES} sizes ON sizes.id = cables_fts.rowid",  # CROSS: the text index drives
            f"{function}(cables_fts, sizes.sz, {tally or 'NULL'}, {WEIGHTS})", tally)


UNSCALED_FROM = 3
"""The version of store/_rank.c from which it has `cablebase_bm25_unscaled` and `cablebase_idf`."""


def unscaled_here(conn: sqlite3.Connection) -> bool:
    """Whether `conn` can rank a query of one phrase without its IDF (`bm25(unscaled=True)`)."""
    return _version(conn) >= UNSCALED_FROM


def idf(conn: sqlite3.Connection, match: str) -> float | None:
    """The IDF of `match`, a query of one phrase, as `cablebase_bm25` counts it (reading every row that
    matches it); None when none does."""
    row = conn.execute("SELECT cablebase_idf(cables_fts) FROM cables_fts WHERE cables_fts MATCH ? LIMIT 1",
                       [match]).fetchone()
    return None if row is None else row[0]


def scaled(idf: float, unscaled: float) -> float:
    """The score `cablebase_bm25` gives a row, from its unscaled score and the query's `idf`: the same
    double (the extension's own arithmetic: 0.0 plus the IDF times the term, negated)."""
    return -1.0 * (0.0 + idf * -unscaled)


def tallied(conn: sqlite3.Connection, rows: list[tuple], tally: int | None) -> list[tuple]:
    """`rows`, the result of a ranking statement run on `conn` whose score `bm25` gave with `tally`,
    each followed by the number of rows the statement scored (all that passed its WHERE: the
    extension counts them as it scores them, where a window, `count(*) OVER ()`, would keep every
    one of them to count: 0.3 µs a row). `tally` None: `rows` as they are."""
    if tally is None:
        return rows
    scored = conn.execute("SELECT cablebase_tally(?)", [tally]).fetchone()[0]
    return [(*row, scored) for row in rows]
