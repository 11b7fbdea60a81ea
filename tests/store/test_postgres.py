"""The PostgreSQL archive keeps the SQLite archive's promises: idempotent, versioned, failures
recorded once, runs kept, records read back whole, one ingest at a time. (Versions, and what every
backend does alike, are tested on both in tests/store/test_archive.py and tests/search/test_search.py.)"""

from __future__ import annotations

from collections import Counter

import psycopg
import pytest

from cablebase.analysis import analyse
from cablebase.errors import IngestLocked
from cablebase.ingest import ingest
from cablebase.parse import parse_text
from cablebase.store import Archive
from cablebase.store.postgres import PostgresArchive
from cablebase.store.postgres.lexemes import MAX_POSITION, MAX_POSITIONS, term_query, vectors, words


def test_record_reads_back_as_on_sqlite(pg_url, seed_path, tmp_path):
    cable = analyse(parse_text(seed_path.read_text(), path="05ALMATY2058.txt"))
    with PostgresArchive(pg_url) as pg, Archive(tmp_path / "a.db") as lite:
        pg.add([cable])
        lite.add([cable])
        assert pg.get("05ALMATY2058").to_json_dict() == lite.get("05ALMATY2058").to_json_dict()
        assert pg.get("05ALMATY2058").entities and pg.get("05ALMATY2058").events
        assert [c.reference_id for c in pg.iter_current()] == ["05ALMATY2058"]
        assert pg.get("05NOSUCH1") is None and not pg.exists("05NOSUCH1") and pg.exists("05ALMATY2058")


def test_ingest_is_idempotent_and_records_failures_once(pg_url, corpus, tmp_path):
    bad = tmp_path / "inputs" / "bad.txt"
    bad.parent.mkdir()
    bad.write_text("nothing that looks like a cable\n")
    inputs = [str(corpus / "cablegate-txt"), str(bad)]
    first = ingest(inputs, pg_url, workers=1)
    assert (first.new, first.failed) == (40, 1)
    again = ingest(inputs, pg_url, workers=1)
    assert (again.new, again.new_versions, again.unchanged) == (0, 0, 40)
    with PostgresArchive(pg_url) as archive:
        assert archive.count() == 40
        assert [f["path"] for f in archive.failures()] == [str(bad)]
        assert [r["status"] for r in archive.runs()] == ["done", "done"]
        # the words suggestions come from follow the current cables
        assert archive.conn.execute("SELECT cables FROM cable_words WHERE word = 'the'").fetchone()[0] == 40


def test_an_ingest_loads_in_its_own_session_and_leaves_the_pending_lists_merged(pg_url, corpus, monkeypatch):
    from cablebase.store.postgres import archive as module

    seen = []

    def write_batch(conn, *args):
        seen.append(tuple(conn.execute(f"SHOW {name}").fetchone()[0] for name in module.LOADING))
        return real(conn, *args)

    real = module.write_batch
    monkeypatch.setattr(module, "write_batch", write_batch)
    assert ingest([str(corpus / "cablegate-txt")], pg_url, workers=1).new == 40
    assert seen and set(seen) == {tuple(module.LOADING.values())}
    with PostgresArchive(pg_url) as archive:  # another session: the server's own settings
        assert archive.conn.execute("SHOW gin_pending_list_limit").fetchone()[0] == "4MB"
        gin = [r[0] for r in archive.conn.execute(
            "SELECT indexrelid::regclass::text FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid "
            "JOIN pg_am a ON a.oid = c.relam WHERE i.indrelid = 'search_text'::regclass AND a.amname = 'gin'")]
        assert len(gin) == 3
        for index in gin:  # nothing left to merge: searches read no pending list
            assert archive.conn.execute("SELECT gin_clean_pending_list(%s::regclass)", (index,)).fetchone()[0] == 0
        assert archive.search("government").total == archive.search("governments").total > 0


def test_an_ingests_words_are_counted_at_its_end_and_a_stopped_ones_by_the_next(pg_url, corpus, seed_path,
                                                                                 monkeypatch):
    from cablebase.store.postgres import archive as module
    from cablebase.store.postgres.check import check_database

    def word_counts(conn) -> dict:
        return dict(conn.execute("SELECT word, cables FROM cable_words WHERE cables > 0"))

    def counted(url: str) -> str:
        return next(f for f in check_database(url).findings if f.check.startswith("word counts"))

    seen = []

    def write_batch(conn, *args):
        counts = real(conn, *args)
        seen.append(conn.execute("SELECT (SELECT count(*) FROM cable_words), (SELECT count(*) FROM words_uncounted)")
                    .fetchone())
        return counts

    real = module.write_batch
    monkeypatch.setattr(module, "write_batch", write_batch)
    monkeypatch.setattr(module, "WORDS_COUNTED", 7)  # (counted 7 cables a transaction)
    assert ingest([str(corpus / "cablegate-txt")], pg_url, workers=1).new == 40
    assert seen[-1] == (0, 40)  # noted in the ingest's batches, counted at its end
    with PostgresArchive(pg_url) as archive:
        assert archive.conn.execute("SELECT count(*) FROM words_uncounted").fetchone()[0] == 0
        assert word_counts(archive.conn)["the"] == 40
        assert archive.search("the").total == 40
    finding = counted(pg_url)
    assert finding.ok and "stopped" not in finding.detail

    # An ingest stopped before its end leaves its cables' words uncounted: `check` says so and finds
    # the counts of the others right; a noted version replaced by a newer one is forgotten, not subtracted.
    seed = seed_path.read_text()
    with PostgresArchive(pg_url) as archive:
        archive.conn.execute("SELECT set_config('cablebase.words_later', 'on', false)")
        archive.add([analyse(parse_text(seed, path="05ALMATY2058.txt"))])
        archive.add([analyse(parse_text(seed.replace("Kazakhstan", "Kazakstan zzyzzxq"), path="b/05ALMATY2058.txt"))])
        assert archive.versions("05ALMATY2058")[-1]["version"] == 2
        assert archive.conn.execute("SELECT count(*) FROM words_uncounted").fetchone()[0] == 1
        before = word_counts(archive.conn)
    assert "zzyzzxq" not in before and before["the"] == 40
    finding = counted(pg_url)
    assert finding.ok and "the words of 1 cables a stopped ingest added" in finding.detail
    ingest([str(corpus / "cablegate-txt")], pg_url, workers=1)  # (nothing new: its end counts the notes)
    with PostgresArchive(pg_url) as archive:
        after = word_counts(archive.conn)
        assert after["zzyzzxq"] == 1 and after["the"] == 41
        assert archive.conn.execute("SELECT count(*) FROM words_uncounted").fetchone()[0] == 0
    finding = counted(pg_url)  # (every word's count against the vectors: none subtracted for the replaced note)
    assert finding.ok and "stopped" not in finding.detail


def test_one_ingest_at_a_time(pg_url, corpus):
    with PostgresArchive(pg_url) as holder:
        assert holder.lock_writer()
        with pytest.raises(IngestLocked):
            ingest([str(corpus / "seed")], pg_url, workers=1)
    assert ingest([str(corpus / "seed")], pg_url, workers=1).new == 1  # released with its session


def test_text_postgresql_cannot_hold_is_stored_replaced(pg_url, seed_path):
    text = seed_path.read_text().replace("Kiselyov", "Kisel\x00yov", 1)
    cable = parse_text(text, path="05ALMATY2058.txt")
    assert "Kisel\x00yov" in cable.body
    with PostgresArchive(pg_url) as archive:
        assert archive.add([cable]) == Counter(new=1)
        assert "Kisel\ufffdyov" in archive.get("05ALMATY2058").body


def _as_stored(server: str, vector: str) -> str:
    """A tsvector's text as PostgreSQL reads and writes it back (lexemes merged and sorted)."""
    with psycopg.connect(server) as conn:
        return conn.execute("SELECT %s::tsvector::text", (vector,)).fetchone()[0]


def test_words_and_stems_are_fts5s(pg_server):
    assert words("Café U.S. e-mail naïve_x 2009") == ["cafe", "u", "s", "e", "mail", "naive", "x", "2009"]
    stemmed, unstemmed = vectors("Elections", "UNCLAS\n", "US elections, technology")
    # a gap between the parts (no phrase across them); FTS5's stems: `us` kept, `technolog`
    assert _as_stored(pg_server, stemmed) == "'elect':1A,6 'technolog':7 'uncla':3B 'us':5"
    # unstemmed, one position each, A for the subject's words
    assert unstemmed == "'elections':1A 'unclas':1 'us':1 'technology':1"
    assert term_query('"prime minister"') == "'prime' <-> 'minist'"
    assert term_query("nazarbay", prefix=True, subject=True) == "'nazarbay':*A"


def test_vectors_keep_postgresqls_limits_and_the_prefix_indexs_whole_words(pg_server):
    stemmed, unstemmed = vectors(None, "UNCL", "AS " + "visas " * (MAX_POSITIONS + 10) + "x " * MAX_POSITION + "late")
    lexemes = dict(item.split(":") for item in _as_stored(pg_server, stemmed).split())
    # a word the preamble's end cuts: two words in the stemmed index (two columns), one in the unstemmed
    assert "'uncl'" in lexemes and "'as'" in lexemes and "'unclas'" not in lexemes
    assert {"'unclas'", "'visas'"} <= {item.split(":")[0] for item in unstemmed.split()}
    assert "'uncl'" not in unstemmed
    assert lexemes["'visa'"].split(",") == [str(p) for p in range(5, 5 + MAX_POSITIONS)]  # the first 256
    assert lexemes["'late'"] == str(MAX_POSITION)  # past PostgreSQL's last position: at it
