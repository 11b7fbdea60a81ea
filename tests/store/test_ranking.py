"""The BM25 a search ranks by: `cablebase_bm25` (store/_rank.c), FTS5's `bm25` given each row's
length by a join, scores every match exactly as FTS5's own does and counts the rows it scored;
without the extension a search ranks with FTS5's and answers the same."""

from __future__ import annotations

import platform
import random
import shutil
import sys

import pytest

from cablebase.store import ranking
from cablebase.store.connection import connect
from cablebase.store.driver import sqlite3
from cablebase.store.search import search

QUERIES = ['"government"', '"iran" OR "syria" OR "iraq" OR "libya"', '("iran" OR "syria") NOT "nuclear"',
           '"human rights"', '"kiselyov"', 'subject : "iran"', '{subject preamble} : "pgov"', '"iran" "sanctions"',
           'NEAR("iran" "sanctions", 5)', '"nucl" *', '"u.s."']


@pytest.fixture(scope="module")
def conn(corpus_db):
    return connect(corpus_db, readonly=True)


@pytest.mark.skipif(not (sys.platform == "linux" and platform.machine() == "x86_64" and shutil.which("cc")),
                    reason="the extension is built where a C compiler is")
def test_the_extension_is_built_and_every_connection_has_it(conn):
    assert ranking._LIBRARY is not None
    assert ranking.sized(conn)
    join, score, tally = ranking.bm25(conn, counted=True)
    assert "cablebase_bm25" in score and "cables_fts_docsize" in join and tally


@pytest.mark.parametrize("query", QUERIES)
def test_each_match_scores_as_fts5_s_bm25(conn, query):
    """Every match of the query, not only the best: the same rows and the same doubles."""
    if not ranking.sized(conn):
        pytest.skip("no extension here")
    join, score, _ = ranking.bm25(conn)
    fts5 = conn.execute(f"SELECT rowid, bm25(cables_fts, {ranking.WEIGHTS}) FROM cables_fts "
                        "WHERE cables_fts MATCH ? ORDER BY rowid", [query]).fetchall()
    ours = conn.execute(f"SELECT cables_fts.rowid, {score} FROM cables_fts{join} WHERE cables_fts MATCH ? "
                        "ORDER BY cables_fts.rowid", [query]).fetchall()
    assert fts5 and [tuple(r) for r in ours] == [tuple(r) for r in fts5]


def test_the_score_needs_the_row_s_sizes(conn):
    if not ranking.sized(conn):
        pytest.skip("no extension here")
    with pytest.raises(sqlite3.OperationalError, match="docsize record"):
        conn.execute("SELECT cablebase_bm25(cables_fts, 10.0) FROM cables_fts WHERE cables_fts MATCH 'iran'").fetchall()


@pytest.mark.parametrize("query", QUERIES + ['"zzyzx"'])
def test_a_ranking_counts_the_rows_it_scores(conn, query):
    """The tally of a statement is the number of rows that passed its WHERE (each scored once),
    whatever it returns (a LIMIT, a sort on the score); 0 when none passed; each statement its own."""
    if not ranking.sized(conn):
        pytest.skip("no extension here")
    matches = conn.execute("SELECT count(*) FROM cables_fts WHERE cables_fts MATCH ?", [query]).fetchone()[0]
    half = conn.execute("SELECT count(*) FROM cables_fts WHERE cables_fts MATCH ? AND rowid % 2 = 0", [query]).fetchone()[0]
    counted = []
    for where in ("", " AND cables_fts.rowid % 2 = 0"):
        join, score, tally = ranking.bm25(conn, counted=True)
        rows = conn.execute(f"SELECT cables_fts.rowid AS id, {score} AS score FROM cables_fts{join} "
                            f"WHERE cables_fts MATCH ?{where} ORDER BY score, id LIMIT 3", [query]).fetchall()
        counted.append(ranking.tallied(conn, [tuple(r) for r in rows], tally))
    assert [rows[0][-1] if rows else 0 for rows in counted] == [matches, half]


@pytest.mark.parametrize("query, sort, page", [("government", "rank", 1), ("government", "rank", 3),
                                               ("iran OR syria", "rank", 1), ("government caption:NOFORN", "rank", 1),
                                               ("government from:2008 to:2009", "rank", 2), ("government", "date", 1),
                                               ("(iran OR syria) has:summary", "rank", 1),
                                               ("government class:secret -tag:PREL", "rank", 1)])
@pytest.mark.parametrize("bitmaps", [True, False])
def test_a_connection_without_the_extension_answers_the_same(conn, corpus_db, monkeypatch, query, sort, page, bitmaps):
    """A connection cablebase did not open (another application's), where the extension cannot be
    loaded, ranks with FTS5's bm25 (and counts a ranking's rows with a window), and tests sets of
    cables with Python's bitmaps in a process that has the extension, or with SQLite's `IN` in one
    that has not: the same hits, scores and totals."""
    with_it = search(conn, query, sort=sort, page=page, facets=False)
    monkeypatch.setattr(ranking, "_LIBRARY", None)
    monkeypatch.setattr(ranking, "BITMAPS", bitmaps)
    plain = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True, check_same_thread=False)
    assert not ranking.sized(plain)
    without = search(plain, query, sort=sort, page=page, facets=False)
    assert with_it.total == without.total > 0
    assert [(h.reference_id, h.score, h.snippet) for h in with_it.hits] == \
        [(h.reference_id, h.score, h.snippet) for h in without.hits]


def test_a_set_of_ids_as_a_bitmap(conn, corpus_db):
    """`cablebase_ids` makes a set of row ids a bitmap that `cablebase_in` looks ids up in: the
    extension's and the Python functions of a connection without it hold the same ids."""
    plain = sqlite3.connect(f"file:{corpus_db}?mode=ro", uri=True)
    ranking.sized(plain)  # no extension on a connection not opened by cablebase: the Python functions
    assert ranking.BITMAPS == ranking.sized(conn)
    rng = random.Random(26)
    sets = [[], [0], [7, 8, 9], [1, 2, 3, 100_000], sorted(rng.sample(range(70_000), 5_000)), list(range(0, 5000, 3))]
    probes = [-1, 0, 1, 7, 8, 9, 10, 99_999, 100_000, 100_001, 2**40, *rng.sample(range(70_000), 300)]
    for connection in (conn, plain):
        for ids in sets:
            values = ",".join(f"({i})" for i in ids) or "(NULL)"
            bits = connection.execute(f"SELECT cablebase_ids(column1) FROM (VALUES {values})").fetchone()[0]
            held = [i for i in probes if connection.execute("SELECT cablebase_in(?, ?)", [bits, i]).fetchone()[0]]
            assert held == [i for i in probes if i in set(ids)]
    if ranking.sized(conn):
        with pytest.raises(sqlite3.OperationalError, match="out of its range"):
            conn.execute("SELECT cablebase_ids(-5)").fetchall()


def test_a_set_of_no_rows_holds_nothing(corpus_db, monkeypatch):
    """The set of no rows at all (a filter whose cables all lie outside a piece of the ranking) holds
    no id, with the extension's functions and with Python's (whose aggregate gives NULL then)."""
    with_it = connect(corpus_db, readonly=True)
    monkeypatch.setattr(ranking, "SETS_FROM", 99)  # the Python functions (see the next test)
    in_python = connect(corpus_db, readonly=True)
    for connection in (with_it, in_python):
        nothing = connection.execute("SELECT cablebase_ids(id) FROM (SELECT 1 AS id WHERE 0)").fetchone()[0]
        assert [connection.execute("SELECT cablebase_in(?, ?)", [nothing, i]).fetchone()[0] for i in (-1, 0, 5, 2**40)] \
            == [0, 0, 0, 0]


def test_an_extension_built_before_the_bitmaps_gets_them_in_python(corpus_db, monkeypatch):
    """A build of the extension older than the set functions (a checkout updated without `make
    install`) still scores with it, and tests sets with the Python functions: the same answers."""
    query = "government caption:NOFORN from:2005"
    fresh = connect(corpus_db, readonly=True)
    want = search(fresh, query, facets=False)
    monkeypatch.setattr(ranking, "SETS_FROM", 99)
    older = connect(corpus_db, readonly=True)
    assert ranking.sized(older)
    got = search(older, query, facets=False)
    assert got.total == want.total > 0 and got.hits == want.hits


@pytest.mark.parametrize("query", ['"government"', '"kiselyov"', 'subject : "iran"', '"u.s."', '"nucl" *'])
def test_a_word_scored_without_its_idf_then_scaled_is_the_same_double(conn, query):
    """One phrase ranked without its IDF (`cablebase_bm25_unscaled`), the IDF counted apart
    (`cablebase_idf`) and applied (`ranking.scaled`): every match's score as `cablebase_bm25`'s."""
    if not ranking.unscaled_here(conn):
        pytest.skip("no extension here")
    join, score, _ = ranking.bm25(conn)
    _, unscaled, _ = ranking.bm25(conn, unscaled=True)
    idf = ranking.idf(conn, query)
    whole = conn.execute(f"SELECT cables_fts.rowid, {score} FROM cables_fts{join} WHERE cables_fts MATCH ? "
                         "ORDER BY cables_fts.rowid", [query]).fetchall()
    apart = conn.execute(f"SELECT cables_fts.rowid, {unscaled} FROM cables_fts{join} WHERE cables_fts MATCH ? "
                         "ORDER BY cables_fts.rowid", [query]).fetchall()
    assert whole and [tuple(r) for r in whole] == [(r[0], ranking.scaled(idf, r[1])) for r in apart]
    assert ranking.idf(conn, '"zzyzx"') is None
    with pytest.raises(sqlite3.OperationalError, match="one phrase"):
        conn.execute(f"SELECT {unscaled} FROM cables_fts{join} WHERE cables_fts MATCH 'iran OR syria'").fetchall()
