"""The same archive in SQLite and in PostgreSQL answers every query of the language alike: the same
matching cables, totals, date order, paging, facet and month counts, and spelling suggestions.
(Ranking may differ: BM25 there, ts_rank_cd here; the sets ranked are the same.)"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import pgserver
from cablebase.ingest import ingest
from cablebase.errors import QueryError
from cablebase.store import open_archive

QUERIES = [
    # words (stemmed; short words unstemmed as FTS5 keeps them), diacritics folded
    "iran", "elections", "election", "US", "us", "technology", "government", "Kiselyov", "Nazarbayev", "cafe",
    # phrases, words that are phrases to the index
    '"national security"', '"nuclear program"', "U.S.", '"prime minister"', "e-mail",
    # prefixes
    "nazarbay*", "gov*", "elect*", "minist* iran",
    # boolean logic
    "iran syria", "iran AND syria", "iran OR syria", "iran -nuclear", "iran NOT nuclear", "-iran",
    "(iran OR syria) -nuclear", "iran OR syria nuclear", "NOT (iran OR syria) year:2009", "gov* -iran",
    "iran OR tag:PGOV", "(nazarbay* OR kazakh*) -oil",
    # every field filter
    "origin:ANKARA", 'origin:"Embassy Madrid"', "tag:PGOV", "tag:pgov iran", "class:secret", "class:U",
    "class:SECRET//NOFORN", "caption:NOFORN", "signer:ASQUINO", "signer:saccio", "subject:fighter",
    "subject:elect*", 'subject:"nuclear program"', "year:2009", "id:05ALMATY2058", "id:05almaty002058",
    "cites:05PARIS7527", "citedby:05PARIS7835", "has:action", "has:summary", "has:refs", "is:partial",
    "person:Kiselyov", "person:obama", "org:NATO", "org:osce", "sensitivity:>0.5 OR iran",
    # dates
    "from:2009", "from:2009-06 to:2009-12", "to:2005-05-17", "from:2010-02-01", "iran from:2008 to:2009-03",
    # a little of everything
    "tag:PGOV class:secret", "caption:NOFORN iran", "(iran OR syria) -nuclear from:2008", "origin:KABUL -tag:PREL",
    "",
    # nothing found: suggestions
    "Nazarbaev", "Kadhafi", "Kiselev origin:ALMATY", "zzzyzx",
]


@pytest.fixture(scope="module")
def both(corpus, corpus_db, pg_server):
    """(SQLite archive, PostgreSQL archive) of the same dev corpus, each ingested from it."""
    name = "cablebase_conformance"
    url = pgserver.create_database(pg_server, name)
    summary = ingest([str(corpus)], url, workers=1)
    assert summary.new == 945, summary
    with open_archive(corpus_db, readonly=True) as sqlite, open_archive(url, readonly=True) as pg:
        yield sqlite, pg
    pgserver.drop_database(pg_server, name)


def _everything(archive, query: str, sort: str = "date") -> tuple:
    """(first page's result, every matching key in the sort's order)."""
    keys, page = [], 1
    while True:
        result = archive.search(query, sort=sort, page=page, per_page=200, facets=page == 1)
        first = result if page == 1 else first
        keys += [h.reference_id for h in result.hits]
        if page >= result.pages:
            return first, keys
        page += 1


@pytest.mark.parametrize("query", QUERIES)
def test_same_matches_totals_order_and_counts(both, query):
    sqlite, pg = both
    a, a_keys = _everything(sqlite, query)
    b, b_keys = _everything(pg, query)
    assert b.total == a.total
    assert b_keys == a_keys  # the same cables, newest first (ties in the same order)
    assert b.facets == a.facets
    assert b.months == a.months
    assert b.sampled == a.sampled
    assert [(s.query, s.cables) for s in b.suggestions] == [(s.query, s.cables) for s in a.suggestions]
    for archive in (sqlite, pg):  # asked apart from the hits (Backend.facets): the same counts again
        alone = archive.facets(query)
        assert (alone.total, alone.facets, alone.months, alone.sampled) == (a.total, a.facets, a.months, a.sampled)


def test_the_suite_covers_every_field_and_finds_something(both):
    from cablebase.search.query import FIELDS

    used = {q.split(":")[0].split()[-1].lstrip("-(") for q in QUERIES if ":" in q}  # (each query's first field)
    assert set(FIELDS) <= used
    sqlite, _ = both
    empty = [q for q in QUERIES if not sqlite.search(q, facets=False).total]
    assert empty == ["Nazarbaev", "Kadhafi", "Kiselev origin:ALMATY", "zzzyzx"]  # on purpose: suggestions
    assert sqlite.search("Nazarbaev").suggestions


@pytest.mark.parametrize("sort", ["date-asc", "rank"])
@pytest.mark.parametrize("query", ["iran OR syria", "nazarbay*", "origin:MADRID", ""])
def test_other_sorts_and_paging(both, query, sort):
    sqlite, pg = both
    a, a_keys = _everything(sqlite, query, sort)
    b, b_keys = _everything(pg, query, sort)
    if sort == "rank" and query and ":" not in query:
        assert sorted(b_keys) == sorted(a_keys)  # the engines rank alike but not identically
    else:
        assert b_keys == a_keys
    page_a = sqlite.search(query, sort="date", page=3, per_page=7)
    page_b = pg.search(query, sort="date", page=3, per_page=7)
    assert [h.reference_id for h in page_b.hits] == [h.reference_id for h in page_a.hits]
    assert page_b.pages == page_a.pages



@pytest.mark.parametrize("sort", ["date", "date-asc"])
@pytest.mark.parametrize("query", ["iran OR syria", "elect*", "gov* -iran", "us"])
def test_a_page_by_date_of_many_hits_walks_the_dates_alike(both, query, sort, monkeypatch):
    """PostgreSQL finds a page by date of many words' hits by walking the dates' index (WALK_FROM):
    the same pages as SQLite's, and as its own look-ups of each hit."""
    from cablebase.store.postgres import search as pg_search

    sqlite, pg = both
    a, a_keys = _everything(sqlite, query, sort)
    monkeypatch.setattr(pg_search, "WALK_FROM", 1)
    b, b_keys = _everything(pg, query, sort)
    assert a.total > 28 and b_keys == a_keys
    for page in (1, 4):
        walked = pg.search(query, sort=sort, page=page, per_page=7, facets=False)
        assert [h.reference_id for h in walked.hits] == a_keys[(page - 1) * 7:page * 7]

def test_rank_puts_the_subject_first_and_marks_hits(both):
    _, pg = both
    result = pg.search("iran nuclear", per_page=5)
    assert all(h.score and h.score > 0 for h in result.hits)
    assert [h.score for h in result.hits] == sorted((h.score for h in result.hits), reverse=True)
    assert "<mark>IRAN</mark>" in result.hits[0].subject_html.upper().replace("<MARK>", "<mark>").replace(
        "</MARK>", "</mark>")
    assert all("<mark>" in h.snippet for h in result.hits)


@pytest.mark.parametrize("query", ["government", "iran -nuclear", "us from:2009", "minist* government"])
def test_a_broad_search_ranks_candidates_then_the_rest(both, query, monkeypatch):
    """Above RANK_ALL hits PostgreSQL ranks candidates only (the hits whose subject ranks best, and
    those stored last), then the other hits, stored last first: every hit once, pages that join up."""
    from cablebase.store.postgres import search as pg_search

    sqlite, pg = both
    _, exact = _everything(pg, query, "rank")
    monkeypatch.setattr(pg_search, "RANK_ALL", 20)
    first, keys = _everything(pg, query, "rank")
    assert first.total > 42 and first.total == len(keys) == len(set(keys))
    assert sorted(keys) == sorted(exact) == sorted(_everything(sqlite, query)[1])
    assert [h.reference_id for p in range(1, 7) for h in pg.search(query, page=p, per_page=7).hits] == keys[:42]
    subject_hits = [h for h in pg.search(query, per_page=30).hits if "<mark>" in h.subject_html]
    assert subject_hits and [h.reference_id for h in subject_hits][:3] == [k for k in exact if k in
                                                                            {h.reference_id for h in subject_hits}][:3]
    candidates = first.hits[:10]
    assert [h.score for h in candidates] == sorted((h.score for h in candidates), reverse=True)
    assert candidates[0].score == max(h.score for h in first.hits)


@pytest.mark.parametrize("query", ["class:bogus", "year:abc", "from:2009-13", "unknown:x", '"open',
                                   "from:2010 to:2009", "is:wings"])
def test_bad_queries_fail_alike(both, query):
    for archive in both:
        with pytest.raises(QueryError):
            archive.search(query)
        with pytest.raises(QueryError):
            archive.facets(query)


_WORDS = st.sampled_from(["iran", "nuclear", "syria", "oil", "minister", "election", "us", "secur", "gov*",
                          "nazarbay*", '"prime minister"', "tag:PGOV", "year:2009", "class:secret", "has:action"])


@st.composite
def _queries(draw, depth: int = 2) -> str:
    if depth == 0 or draw(st.booleans()):
        return draw(_WORDS)
    items = draw(st.lists(_queries(depth - 1), min_size=1, max_size=3))
    joiner = draw(st.sampled_from([" ", " AND ", " OR "]))
    query = joiner.join(f"({q})" if " " in q else q for q in items)
    return f"-({query})" if draw(st.integers(0, 4)) == 0 else query


@settings(max_examples=40, deadline=None)
@given(query=_queries())
def test_random_boolean_queries_match_alike(both, query):
    sqlite, pg = both
    a = sqlite.search(query, sort="date", per_page=200, facets=False)
    b = pg.search(query, sort="date", per_page=200, facets=False)
    assert b.total == a.total, query
    assert [h.reference_id for h in b.hits] == [h.reference_id for h in a.hits], query


@pytest.mark.parametrize("query", ["iran OR syria", "nazarbay*", "origin:MADRID", "has:action from:2009"])
def test_matching_ids_and_select_alike(both, query):
    sqlite, pg = both
    for oldest in (False, True):
        expected = sqlite.matching_ids(query, limit=50, oldest_first=oldest)
        got = pg.matching_ids(query, limit=50, oldest_first=oldest)
        assert got == expected if oldest or len(expected) < 50 else len(got) == 50
    assert {c.reference_id for c in pg.select(query)} == sqlite.matching_ids(query)


def _without_ids(entity: dict) -> dict:
    return {k: ([{k2: v2 for k2, v2 in r.items() if k2 != "id"} for r in v] if k == "related" else v)
            for k, v in entity.items() if k != "id"}


@pytest.mark.parametrize("name, kind", [("Kiselyov", None), ("a", "person"), ("nato", "organization"),
                                        ("Nazarbayev", None), ("50%_\\", None)])
@pytest.mark.parametrize("sampled", [False, True])
def test_entities_alike(both, name, kind, sampled, monkeypatch):
    """Both backends run one SQL for people and organisations (store/queries.py, in each one's dialect):
    the same names found in the same order, and each one's titles, aliases, cables, months and
    related names; with small samples too (the sampled counts and both ways of listing cables)."""
    from cablebase.store import queries

    if sampled:
        monkeypatch.setattr(queries, "RELATED_SAMPLE", 3)
        monkeypatch.setattr(queries, "MONTHS_SAMPLE", 3)
    sqlite, pg = both
    found = [sqlite.find_entities(name, kind, limit=20), pg.find_entities(name, kind, limit=20)]
    assert [[_without_ids(e) for e in f] for f in found[1:]] == [[_without_ids(e) for e in found[0]]]
    assert found[0] or name.startswith("50%"), name
    for a, b in list(zip(*found))[:3]:
        for limit in (2, 200):
            assert _without_ids(pg.entity_detail(b["id"], limit)) == _without_ids(sqlite.entity_detail(a["id"], limit))
    assert sqlite.entity_detail(10**9) is None and pg.entity_detail(10**9) is None
