"""Search against the archive built from the real corpus: exact hits, filters, facets, paging."""

from __future__ import annotations

import html
import re
import shutil
import threading
import time

import pytest

from cablebase.parse import parse_file
from cablebase.errors import QueryError
from cablebase.store import search as engine
from cablebase.store.search import search
from cablebase.store import compile as compile_module
from cablebase.store.compile import Compiled, compile_query
from cablebase.search.query import parse_query
from cablebase.store import bodies, connect, open_archive, ranking
from cablebase.store.connection import database_file, thread_reader
from cablebase.store.driver import sqlite3


@pytest.fixture(scope="module")
def conn(corpus_db):
    return connect(corpus_db, readonly=True)


@pytest.fixture(scope="module")
def archive(corpus_archive):
    """The corpus archive on each backend in turn (SQLite, PostgreSQL): for what both must do alike."""
    with open_archive(corpus_archive, readonly=True) as opened:
        yield opened


def _words(archive):
    """The backend's lookups of its archive's words (spelling suggestions)."""
    from cablebase.store import postgres

    return postgres.search.words(archive.conn) if isinstance(archive, postgres.PostgresArchive) else engine.words(archive.conn)


@pytest.fixture(scope="module")
def corpus_bodies(corpus):
    out = {c.reference_id: c for c in parse_file(corpus / "cables-dev.csv")}
    out.update({c.reference_id: c for c in parse_file(corpus / "seed" / "05ALMATY2058.txt")})
    return out


def ids(result):
    return {h.reference_id for h in result.hits}


@pytest.mark.parametrize("word", ["Kiselyov", "Manzanares", "Zapatero", "Tsvangirai", "Hizballah"])
def test_a_word_finds_exactly_the_cables_that_contain_it(archive, corpus_bodies, word):
    rx = re.compile(rf"\b{word}\b", re.I)
    expected = {rid for rid, c in corpus_bodies.items() if rx.search(c.body) or rx.search(c.subject or "")}
    result = archive.search(word, per_page=200)
    assert expected and ids(result) == expected and result.total == len(expected)


@pytest.mark.parametrize("prefix", ["nazarbay", "kaz", "fight"])
def test_a_prefix_finds_exactly_the_cables_with_a_word_so_begun(archive, corpus_bodies, prefix):
    """prefix* over subject and body, and subject:prefix* over the subject alone (the unstemmed
    indexes keep document ids only: the subject has an index of its own)."""
    rx = re.compile(rf"(?<![^\W_]){prefix}", re.I)
    anywhere = {rid for rid, c in corpus_bodies.items() if rx.search(c.body) or rx.search(c.subject or "")}
    in_subject = {rid for rid, c in corpus_bodies.items() if rx.search(c.subject or "")}
    assert anywhere and (in_subject or prefix == "nazarbay")
    for query, expected in ((f"{prefix}*", anywhere), (f"subject:{prefix}*", in_subject)):
        result = archive.search(query, per_page=200)
        assert result.total == len(expected) and ids(result) <= expected, query
        secret = {rid for rid in expected if corpus_bodies[rid].classification == "SECRET"}
        assert archive.search(f"{query} class:secret").total == len(secret), query


def test_seed_is_found_and_highlighted(archive):
    result = archive.search("Kiselyov")
    assert [h.reference_id for h in result.hits] == ["05ALMATY2058"]
    assert "<mark>Kiselyov</mark>" in result.hits[0].snippet


def test_snippets_come_from_the_text_after_the_preamble(conn, corpus_bodies):
    """Every Madrid cable names MADRID in its banner; the snippets quote the text after the preamble
    where the word is there too, else the summary when the subject (the title, its hits marked) has
    it. Only a cable whose hits are all in its preamble (TAGS, addressees) is quoted from there."""
    result = search(conn, "Madrid", per_page=200)
    assert result.total > 50
    subject_only = 0
    for hit in result.hits:
        cable = corpus_bodies.get(hit.reference_id)
        assert "<mark>" in hit.snippet + hit.subject_html, hit.reference_id
        if cable is None:
            continue
        in_text = "madrid" in cable.body[len(cable.preamble):].lower()
        in_subject = "madrid" in (cable.subject or "").lower()
        assert ("<mark>" in hit.subject_html) == in_subject, hit.reference_id
        if in_text or in_subject:
            assert "SECTION 0" not in hit.snippet and "C O N F" not in hit.snippet, hit.reference_id
        if in_subject and not in_text:
            subject_only += 1
            assert "<mark>" not in hit.snippet and hit.snippet[:40] == html.escape(cable.summary or "")[:40]
    assert subject_only  # 09MADRID1152, whose snippet was its banner


def test_a_cable_matched_in_its_preamble_alone_is_quoted_from_there(archive, corpus_bodies):
    """On both backends: a cable that has the word in its TAGS line alone shows that line."""
    tags_only = [c for c in corpus_bodies.values() if "PGOV" in c.preamble and "pgov" not in
                 (c.body[len(c.preamble):] + (c.subject or "")).lower()]
    hits = {h.reference_id: h for h in archive.search("PGOV", per_page=200).hits}
    shown = [c for c in tags_only if c.reference_id in hits]
    assert shown
    assert all("<mark>PGOV</mark>" in hits[c.reference_id].snippet for c in shown)


def test_snippets_show_a_heading_s_frame_as_one_dash(conn):
    # 09ABUJA259 frames its headings with `- - - - …` (25 pairs): quoted, they drowned the words
    hit = next(h for h in search(conn, "corruption worsening").hits if h.reference_id == "09ABUJA259")
    assert "— SHELL BELIEVES COUP UNLIKELY; <mark>CORRUPTION</mark> <mark>WORSENING</mark> —" in hit.snippet
    assert "- -" not in hit.snippet


def test_preamble_column_leaves_scores_as_one_text_column(conn):
    """bm25 with the preamble at the body's weight equals bm25 over subject and whole text (an
    index built here the old way, over the view of whole texts)."""
    mem = sqlite3.connect(":memory:")
    conn.backup(mem)
    bodies.register(mem)
    mem.execute("CREATE VIRTUAL TABLE whole USING fts5(subject, body, content='cable_text', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')")
    mem.execute("INSERT INTO whole(rowid, subject, body) SELECT id, subject, body FROM cable_text "
                "WHERE id IN (SELECT id FROM cables WHERE is_current = 1)")
    for query in ['"government"', '"madrid"', '("iran") OR ("syria")', '"human rights"', '"pgov"']:
        old = mem.execute("SELECT rowid, bm25(whole, 10.0, 1.0) FROM whole WHERE whole MATCH ? ORDER BY rowid",
                          [query]).fetchall()
        new = mem.execute(f"SELECT rowid, bm25(cables_fts, {ranking.WEIGHTS}) FROM cables_fts WHERE cables_fts MATCH ? "
                           "ORDER BY rowid", [query]).fetchall()
        assert old and [r[0] for r in old] == [r[0] for r in new], query
        assert [r[1] for r in new] == pytest.approx([r[1] for r in old], rel=1e-12), query


def test_phrase_prefix_and_boolean(archive, corpus_bodies):
    phrase = archive.search('"Presidential Administration"', per_page=200)
    assert "05ALMATY2058" in ids(phrase)
    assert all("presidential administration" in " ".join(corpus_bodies[i].body.lower().split()) for i in ids(phrase))
    prefix = archive.search("nazarbay*", per_page=200)
    assert {"05ALMATY2058", "09ASTANA95"} <= ids(prefix)
    either = archive.search("Kiselyov OR Tsvangirai", per_page=200).total
    assert either == archive.search("Kiselyov").total + archive.search("Tsvangirai").total
    assert archive.search("Kazakhstan -Kiselyov", per_page=200).total == archive.search("Kazakhstan").total - 1


@pytest.mark.parametrize("query", ["nazarbay*", "pres* class:secret", "subject:kaz* -Kiselyov"])
def test_prefix_queries_driven_by_their_index_match_the_filter_path(conn, corpus_db, monkeypatch, query):
    """Prefix-only queries are driven by the prefix index; written as an OR they take the generic
    filter path. Same hits, total and facet counts, exact and sampled; export selects the same."""
    import cablebase.store.search as engine
    from cablebase.store import Archive

    as_filter = query.replace(query.split()[0], f"({query.split()[0]} OR {query.split()[0]})", 1)
    for sampled in (False, True):  # exact, then sampled (by rowid modulo vs by seeking ids)
        if sampled:
            monkeypatch.setattr(engine, "FACET_SAMPLE", max(1, driven.total // 4))
        driven, filtered = search(conn, query, per_page=200), search(conn, as_filter, per_page=200)
        assert driven.total == filtered.total > 0 and ids(driven) == ids(filtered)
        assert driven.facets == filtered.facets and driven.months == filtered.months
        assert (driven.sampled is not None) == (filtered.sampled is not None) == sampled
    with Archive(corpus_db) as archive:
        exported = {c.reference_id for c in archive.select(query)}
    assert len(exported) == driven.total and ids(driven) <= exported


def test_filters(archive):
    assert ids(archive.search("origin:ALMATY")) == {"05ALMATY2058"}
    assert ids(archive.search("tag:FAID")) == {"05ALMATY2058"}
    assert ids(archive.search("signer:asquino")) == {"05ALMATY2058"}
    assert ids(archive.search("cites:05ALMATY1854")) == {"05ALMATY2058"}
    assert ids(archive.search("citedby:09MADRID347")) >= {"06MADRID1914", "07MADRID2282", "07MADRID911"}
    assert ids(archive.search("subject:\"fighter purchase\"")) == {"08OSLO522", "09BRASILIA634"}
    secret = archive.search("class:secret", per_page=1)
    assert secret.total == 359
    assert archive.search("class:SECRET//NOFORN").total == 162
    assert archive.search("caption:NOFORN class:unclassified").total == 0
    assert archive.search("year:2009").total == 409
    may = archive.search("from:2005-05 to:2005-05", per_page=200)
    assert may.hits and all(h.created.startswith("2005-05") for h in may.hits)
    with pytest.raises(QueryError, match="backwards") as backwards:
        archive.search("from:2010 to:2009")
    assert backwards.value.position == 10  # the to: that ends the range
    assert archive.search("has:action").total >= 40
    assert archive.search("is:partial").total == 68
    # a parenthesised OR beside another filter: each branch keeps the other filter
    either = archive.search("(origin:ANKARA OR origin:MADRID) class:secret").total
    assert either == archive.search("origin:ANKARA class:secret").total + archive.search("origin:MADRID class:secret").total
    assert 0 < either < archive.search("origin:ANKARA OR origin:MADRID").total


def test_facets_match_stats(archive):
    result = archive.search("", per_page=1)
    stats = archive.stats()
    assert result.total == stats["cables"] == 945
    assert {v.value: v.count for v in result.facets["classification"]} == {
        r["value"]: r["count"] for r in stats["by_classification"]}
    assert {int(v.value): v.count for v in result.facets["year"]} == {r["value"]: r["count"] for r in stats["by_year"]}
    top_tags = {r["value"]: r["count"] for r in stats["top_tags"][:10]}
    assert {v.value: v.count for v in result.facets["tag"][:10]} == top_tags
    assert sum(c for _, c in result.months) == 944  # the seed has no creation date


def test_large_result_sets_get_estimated_facets(archive, monkeypatch):
    """Above FACET_SAMPLE hits, facet and month counts come from an even sample, scaled up and
    flagged; the total stays exact."""
    from cablebase.store.postgres import search as pg_engine

    exact = archive.search("")
    assert exact.sampled is None
    truth = {v.value: v.count for v in exact.facets["classification"]}
    for module in (engine, pg_engine):
        monkeypatch.setattr(module, "FACET_SAMPLE", 100)
    for query in ("government", ""):  # the full-text and the filter-only paths
        full = archive.search(query, facets=False).total
        estimated = archive.search(query)
        assert estimated.total == full > 100
        assert 50 <= estimated.sampled <= 100
        levels = {v.value: v.count for v in estimated.facets["classification"]}
        assert abs(sum(levels.values()) - full) <= 0.1 * full
    for level, count in levels.items():  # the sample of the whole archive against the exact counts
        assert abs(count - truth[level]) <= 0.2 * exact.total, (level, count, truth[level])
    assert abs(sum(c for _, c in estimated.months) - 944) <= 0.15 * 944


def test_facets_follow_the_query(archive):
    result = archive.search("Kazakhstan")
    assert sum(v.count for v in result.facets["classification"]) == result.total
    assert all(v.count <= result.total for v in result.facets["origin"])


def test_paging_and_sorting(archive):
    first = archive.search("iran", per_page=10, page=1)
    second = archive.search("iran", per_page=10, page=2)
    assert not ids(first) & ids(second) and first.total == second.total and first.pages == -(-first.total // 10)
    by_date = archive.search("iran", sort="date", per_page=50)
    dates = [h.created for h in by_date.hits]
    assert dates == sorted(dates, reverse=True)
    oldest = archive.search("", sort="date-asc", per_page=1)
    assert oldest.hits[0].reference_id == "66BUENOSAIRES2481"


def test_text_alone_ranks_like_text_with_a_filter(conn):
    """A query of words only is ranked over the index alone; with a filter that every cable
    passes, it goes through the cables table. Both give the same scores in the same order."""
    alone = search(conn, "government", per_page=100, facets=False)
    filtered = search(conn, "government -tag:NOSUCHTAG", per_page=100, facets=False)
    scores = [h.score for h in alone.hits]
    assert alone.total == filtered.total > 100 and scores == sorted(scores)
    assert scores == [h.score for h in filtered.hits]
    assert [h.reference_id for h in alone.hits[:20]] == [h.reference_id for h in filtered.hits[:20]]


def test_injection_attempts_are_just_text(archive):
    for q in ["'; DROP TABLE cables; --", "x\" OR 1=1 --", "origin:\"' OR '1'='1\"", "tag:PGOV') OR ('1'='1",
              "cables_fts MATCH '*'", "NEAR(a b)", "subject:* OR body:*"]:
        try:
            archive.search(q)
        except QueryError:
            pass
    assert archive.count() == 945 and archive.search("").total == 945


def test_bad_paging_is_refused(archive):
    with pytest.raises(ValueError):
        archive.search("iran", per_page=0)
    with pytest.raises(ValueError):
        archive.search("iran", sort="random")


@pytest.mark.parametrize("query", ['("government")', '("iran") OR ("syria")', '("soviet") NOT ("moscow")', '("kiselyov")'])
def test_pieces_ranked_on_two_connections_merge_to_the_one_query_ranking(conn, query):
    """The pieces of the archive, ranked at once on two connections and merged, give the scores
    and order (ties by row id) of one query over the whole index, on every page."""
    whole = engine._rank_range(conn, "cables_fts MATCH ?", [query], 1000)
    assert whole
    for offset, limit in [(0, 20), (20, 20), (0, 200), (len(whole) - 5, 20)]:
        compiled = Compiled(match=query, spread=True)
        jobs = engine._ranking_jobs(conn, compiled, "rank", offset + limit)
        assert len(jobs) == len(engine.RANK_SHARES[False])
        assert engine._page(conn, compiled, "rank", engine._shared(conn, jobs), limit, offset) == whole[offset:offset + limit]
    one = engine._ranking_jobs(conn, Compiled(match=query, spread=False), "rank", 20)
    assert len(one) == 1 and one[0](conn) == whole[:20]


@pytest.mark.parametrize("query", ["government tag:PREL", "iran caption:NOFORN", "government signer:CLINTON",
                                   "government person:Obama", "(iran OR syria) has:summary", "moscow caption:SIPDIS tag:PREL"])
def test_text_with_sets_ranked_on_its_index_pages_as_the_ranking_over_the_cables(conn, monkeypatch, query):
    """Text whose filters are sets of cables is ranked on the text index alone (TIES more than the
    page, ties then put newest first): every page is the one statement over the cables' page; also
    when no more are ranked (TIES 0: a tie at the page's end makes it ask that statement)."""
    compiled = compile_query(parse_query(query))
    assert compiled.sets_only and compiled.where
    sql, params = engine._ranking_sql(compiled, "rank", 1000, ranking.bm25(conn))
    whole = [tuple(r) for r in conn.execute(sql, params)]
    assert len(whole) > 30
    for ties in (engine.TIES, 0):
        monkeypatch.setattr(engine, "TIES", ties)
        for offset in (0, 20, len(whole) - 10):
            jobs = engine._ranking_jobs(conn, compiled, "rank", offset + 20)
            assert engine._page(conn, compiled, "rank", engine._shared(conn, jobs), 20, offset) == whole[offset:offset + 20]


@pytest.mark.parametrize("query", ["government origin:MADRID", "spain origin:madrid class:confidential", "government year:2009 tag:PREL",
                                   "government class:SECRET//NOFORN", "government -origin:MADRID year:2008",
                                   "(iran OR syria) origin:STATE", "nucl* class:confidential"])
def test_column_filters_tested_as_sets_find_what_the_columns_find(conn, monkeypatch, query):
    """origin:, class: and year: beside text are sets of ids tested on the text index (compile.SETS):
    the same total, hits, scores, facets and months as testing each match's columns."""
    as_sets = search(conn, query, per_page=50)
    monkeypatch.setattr(compile_module, "SETS", {})
    as_columns = search(conn, query, per_page=50)
    assert as_sets.total > 0
    assert (as_sets.total, as_sets.hits, as_sets.facets, as_sets.months) == (
        as_columns.total, as_columns.hits, as_columns.facets, as_columns.months)


def test_text_alone_with_few_matches_is_ranked_on_the_calling_thread(conn, monkeypatch):
    """Text alone without facets is counted first; under SPREAD_FROM matches it is ranked in one
    piece on the calling thread (no worker asked), from it in pieces on two: the same page."""
    asked = []
    real_submit = engine._WORKERS.submit
    monkeypatch.setattr(engine._WORKERS, "submit", lambda *a, **k: asked.append(a) or real_submit(*a, **k))
    few = search(conn, "government", facets=False)
    assert few.total < engine.SPREAD_FROM and asked == []
    monkeypatch.setattr(engine, "SPREAD_FROM", 10)
    many = search(conn, "government", facets=False)
    assert len(asked) == 1 and (many.total, many.hits) == (few.total, few.hits)
    assert search(conn, "government").hits == few.hits  # with facets: the counts beside the ranking, as before


def test_equal_scores_go_by_row_id_for_text_alone_and_newest_first_with_filters(corpus, tmp_path, monkeypatch):
    """Three cables of one text, dated the 29th, 27th and 28th: text alone ranks them by row id (the
    index alone), text with a filter newest first (as over the cables), whatever TIES, on every page."""
    text = (corpus / "cablegate-txt" / "00HARARE6677.txt").read_text()
    for serial, day in (("6677", "29"), ("6678", "27"), ("6679", "28")):
        (tmp_path / f"00HARARE{serial}.txt").write_text(
            text.replace("HARARE6677", f"HARARE{serial}").replace("Nov 29 13:01", f"Nov {day} 13:01")
            .replace("291359Z", f"{day}1359Z").replace("Wednesday, 29 November", f"Wednesday, {day} November"))
    with open_archive(tmp_path / "ties.db") as archive:
        archive.add([cable for path in sorted(tmp_path.glob("*.txt")) for cable in parse_file(path)])
    conn = connect(tmp_path / "ties.db", readonly=True)
    alone = search(conn, "zimbabwe")
    assert [h.reference_id for h in alone.hits] == ["00HARARE6677", "00HARARE6678", "00HARARE6679"]
    assert len({h.score for h in alone.hits}) == 1
    for ties in (engine.TIES, 1, 0):
        monkeypatch.setattr(engine, "TIES", ties)
        for query in ("zimbabwe tag:PREL", "zimbabwe signer:mcdonald", "zimbabwe from:2000-11"):  # sets; a column
            for facets in (True, False):  # beside a count, or counting as it ranks
                assert [h.reference_id for page in (1, 2, 3)
                        for h in search(conn, query, page=page, per_page=1, facets=facets).hits] == [
                    "00HARARE6677", "00HARARE6679", "00HARARE6678"]


@pytest.mark.parametrize("query, start, end", [
    ("government from:2005", "2005-01-01", None), ("government to:2006-06", None, "2006-07-01"),
    ("(iran OR syria) from:2005-03 to:2008", "2005-03-01", "2009-01-01"),
    ("government from:2004 from:2005-03 to:2008 to:2007-02 tag:PREL", "2005-03-01", "2007-03-01"),
    ("gov* from:2006-04 to:2006-04-30", "2006-04-01", "2006-05-01")])
@pytest.mark.parametrize("share", [1, 10**9])  # tested on each match's row (few matches), or as a set
def test_a_date_range_is_one_set_of_cables(conn, monkeypatch, query, start, end, share):
    """The from: and to: beside words are one range (the latest start, the earliest end), tested on
    the text index as a set of cables, or on each match's row: the cables of those days that
    match, and no other."""
    monkeypatch.setattr(engine, "DATED_SET_FROM", share)
    whole = search(conn, query, per_page=200)
    dated = search(conn, query, sort="date", per_page=200)
    assert whole.total == dated.total > 0
    if whole.total <= 200:
        assert {h.reference_id for h in whole.hits} == {h.reference_id for h in dated.hits}
    created = [h.created for h in whole.hits]
    assert all((start is None or c >= start) and (end is None or c < end) for c in created)
    text = re.sub(r" (from|to):\S+", "", query)
    assert search(conn, text, per_page=1).total > whole.total


@pytest.mark.parametrize("query", ["government tag:PREL", "(iran OR syria) has:summary", "moscow caption:SIPDIS tag:PREL",
                                   "iran sanctions caption:NOFORN", "government tag:NOSUCHTAG",
                                   "government from:2005", "iran OR syria to:2009-06 tag:PREL", "iran sanctions from:2004"])
def test_text_with_filters_counted_as_it_is_ranked(conn, query):
    """Without facets, text with filters is counted by its ranking, on its index (sets) or over the
    cables (a column filter), a word or words ORed in two pieces each counting its own, else in
    one: the total and pages of the search that counts apart, beside its facets."""
    for page in (1, 2, 3):
        counted, apart = search(conn, query, page=page, facets=False), search(conn, query, page=page)
        assert (counted.total, counted.hits) == (apart.total, apart.hits)
    assert counted.total > 20 or "NOSUCHTAG" in query


@pytest.mark.parametrize("query, spread", [
    ("government", True), ("iran OR syria", True), ("subject:iran OR syria", True), ("iran sanctions", False), ("(iran OR syria) -nuclear", False),
    ('"human rights"', False), ("U.S.", False), ("iran OR \"human rights\"", False), ("nucl*", False),
])
def test_only_a_word_or_words_ored_are_ranked_in_pieces(query, spread):
    """Each piece reads every word's whole list again for its IDF: worth it only when every match of
    the union is to be scored (a word, words ORed), not for AND, NOT or phrases."""
    assert compile_query(parse_query(query)).spread is spread


def test_jobs_shared_by_two_threads_give_results_in_order_and_failures(corpus_db):
    """Each thread takes the next job when free; results come back in job order; a job's error
    reaches the caller whichever thread ran it."""
    conn = connect(corpus_db, readonly=True)
    threads: set[str] = set()

    def job(n):
        def run(connection):
            threads.add(threading.current_thread().name)
            time.sleep(0.02)
            return n, connection.execute("SELECT count(*) FROM cables").fetchone()[0]
        return run

    assert engine._shared(conn, [job(n) for n in range(8)]) == [(n, 945) for n in range(8)]
    assert len(threads) == 2

    def fails(connection):
        time.sleep(0.02)
        raise sqlite3.OperationalError("boom")

    for jobs in ([fails, job(1)], [job(1), fails], [job(1), job(2), fails]):
        with pytest.raises(sqlite3.OperationalError, match="boom"):
            engine._shared(conn, jobs)

    # every worker busy (a loaded server): this thread runs them all and does not wait for one
    release = threading.Event()
    busy = [engine._WORKERS.submit(release.wait) for _ in range(engine._WORKER_THREADS)]
    try:
        threads.clear()
        assert engine._shared(conn, [job(n) for n in range(3)]) == [(n, 945) for n in range(3)]
        assert threads == {threading.current_thread().name}
    finally:
        release.set()
    assert all(b.result() for b in busy)


def test_searches_beyond_one_per_core_wait_their_turn(corpus_db, monkeypatch):
    """At most one search per core runs at once; the others wait instead of slowing every request down."""
    running, most = [0], [0]
    lock = threading.Lock()
    shared = engine._shared

    def counting(*args):
        with lock:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.1)  # long enough for every thread to have come to the door
        try:
            return shared(*args)
        finally:
            with lock:
                running[0] -= 1

    monkeypatch.setattr(engine, "_shared", counting)
    queries = ["government", "iran", "class:secret", '"human rights"'] * 2  # eight at once
    threads = [threading.Thread(target=search, args=(connect(corpus_db, readonly=True), q)) for q in queries]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert most[0] == min(engine._WORKER_THREADS, 8)


def test_jobs_made_on_a_worker_connection_equal_jobs_made_inline(corpus_db):
    """search() shares its jobs (counts, ranking pieces) with a worker thread's own connection; an
    archive in memory (no file to open twice) makes them all in the calling thread, the ranking in
    one piece. Same result either way, scores included."""
    on_file = connect(corpus_db, readonly=True)
    in_memory = sqlite3.connect(":memory:", check_same_thread=False)
    on_file.backup(in_memory)
    assert database_file(on_file) and database_file(in_memory) is None
    for query in ["government", '"human rights"', "iran origin:STATE", "class:secret", "", "nucl*"]:
        a, b = search(on_file, query), search(in_memory, query)
        assert (a.total, a.hits, a.facets, a.months, a.sampled) == (b.total, b.hits, b.facets, b.months, b.sampled)


def test_text_search_of_an_empty_archive_file(tmp_path):
    connect(tmp_path / "empty.db").close()
    result = search(connect(tmp_path / "empty.db", readonly=True), "government")
    assert (result.total, result.hits) == (0, [])


def test_worker_connection_follows_a_replaced_archive_file(tmp_path, corpus_db):
    path = tmp_path / "a.db"
    shutil.copy(corpus_db, path)
    first = thread_reader(str(path))
    assert thread_reader(str(path)) is first
    path.unlink()
    store = connect(path)  # a new, empty archive at the same path
    store.close()
    again = thread_reader(str(path))
    assert again is not first and again.execute("SELECT count(*) FROM cables").fetchone()[0] == 0


@pytest.mark.parametrize("sample", [engine.FACET_SAMPLE, 20])
def test_facets_of_words_with_filters_walked_once_equal_those_counted_first(conn, monkeypatch, sample):
    """Words with filters are counted, sampled and faceted in one statement that walks their matches
    once (`facets.sample`): the same total, counts and sample as counting the total first and then
    faceting the hits it selects (`_sample`: all of them, or an even sample: here also with a tiny
    sample size, so that both are taken), and people and organisations up to their limit."""
    from cablebase.store.facets import ENTITY_FACET_MAX_HITS, facet_counts

    monkeypatch.setattr(engine, "FACET_SAMPLE", sample)
    for query in ["iran origin:STATE", "government class:secret", "nuclear from:2008", "soviet -tag:PGOV",
                  "iran person:Ahmadinejad"]:
        compiled = engine.compile_query(engine.parse_query(query))
        result = search(conn, query)
        total = engine._total(conn, compiled)
        _, found, counts, months = facet_counts(conn, *engine._sample(compiled, total))
        assert result.total == total > 0
        assert (result.facets, result.months) == (counts, months)
        assert result.sampled == (found if total > sample else None)
        assert (result.sampled is None) == (total <= sample)
        assert bool(result.facets["person"]) == (total <= min(sample, ENTITY_FACET_MAX_HITS))
    for query in ["government origin:NOWHERE", "origin:NOWHERE"]:  # no hits: no facets either way
        nothing = search(conn, query)
        assert (nothing.total, nothing.facets, nothing.months) == (0, {}, [])


def test_a_search_that_finds_nothing_suggests_the_archives_spelling(archive):
    """Transliterations differ (Nazarbaev, Nazarbayev): a word the archive does not hold gets the
    archive's words an edit or two away, each as the whole query respelled, the closest first."""
    from cablebase.store.suggest import close_words

    result = archive.search("Nazarbaev")
    assert result.total == 0
    assert result.suggestions[0].query == "Nazarbayev"
    assert result.suggestions[0].replacement == "Nazarbayev" and result.suggestions[0].cables >= 1
    assert archive.search(result.suggestions[0].query).total >= 1
    # the filters kept; Almaty's cables hold Nazarbayeva, not Nazarbayev (whose cables are Astana's)
    assert archive.search("Nazarbaev origin:ALMATY").suggestions[0].query == "Nazarbayeva origin:ALMATY"
    assert archive.search("KISELEV").suggestions[0].replacement == "KISELYOV"  # the seed's spelling, in its case
    assert archive.search("Nazarbayev").suggestions == []  # found: nothing to suggest
    assert close_words(_words(archive), "nazarbayev") == []  # a word the archive holds
    assert close_words(_words(archive), "naz") == [] and close_words(_words(archive), "x1y2z3") == []  # too short, not a word
    for query in ('"Nazarbaev rules"', "Nazarbae*", "Kazakhstan -Nazarbaev xyzzyplugh"):  # phrases, prefixes, NOT
        assert all(s.word.lower() not in {"nazarbaev", "nazarbae"} for s in archive.search(query).suggestions)


def test_suggestions_try_the_first_letters_transliterations_swap(archive):
    """Qadhafi, Gaddafi, Kadhafi; Usama, Osama; Wladimir, Vladimir: the first letter differs."""
    from cablebase.store.suggest import close_words

    assert close_words(_words(archive), "kadhafi")[0][0] == "qadhafi"  # one edit: q for k
    assert "gaddafi" in [word for word, _ in close_words(_words(archive), "gadafi")]
    assert close_words(_words(archive), "wladimir")[0][0] == "vladimir"
    assert [word for word, _ in close_words(_words(archive), "usamah")][:1] == ["usama"]
    assert archive.search("Kadhafi").suggestions[0].query == "Qadhafi"


def test_a_singular_and_its_plural_are_not_both_suggested(conn):
    """The stemmed index finds the same cables for `government` and `governments`."""
    from cablebase.store.suggest import close_words
    from cablebase.store.search import words

    assert conn.execute("SELECT count(*) FROM cables_words WHERE term IN ('government', 'governments')").fetchone()[0] == 2
    close = [word for word, _ in close_words(words(conn), "governmen")]  # an edit from one, two from the other
    assert close[0] == "government" and "governments" not in close


def test_no_suggestion_finds_nothing(archive):
    for suggestion in archive.search("Kadhafi").suggestions + archive.search("Nazarbaev").suggestions:
        assert archive.search(suggestion.query).total > 0
    assert archive.search("Nazarbayev origin:PARIS").total == 0  # the respelling, filtered, finds nothing:
    assert archive.search("Nazarbaev origin:PARIS").suggestions == []  # not offered
