"""The archive built from the real corpus: counts, idempotence, versions, plain-sqlite access. What
both backends must do alike runs on each (`corpus_archive`, `empty_archive`: SQLite, then PostgreSQL)."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections import Counter

import pytest

from cablebase.ingest import ingest
from cablebase.parse import parse_text
from cablebase.store import Archive, open_archive
from cablebase.store.driver import sqlite3


def test_one_current_record_per_distinct_id(corpus_archive):
    with open_archive(corpus_archive, readonly=True) as archive:
        counts = archive.table_counts()
        assert archive.count() == 945
    assert counts["cables"] == counts["full-text index"] == 945  # HTML, CSV and text agree: one version each
    assert counts["sources"] == 944 * 2 + 40 + 1  # every cable was read from each of its forms
    assert counts["failures"] == 0


def test_counts_match_the_corpus_readme(corpus_archive):
    with open_archive(corpus_archive, readonly=True) as archive:
        stats = archive.stats()
    years = {row["value"]: row["count"] for row in stats["by_year"]}
    assert years == {1966: 1, 1972: 2, 1979: 1, 1988: 1, 1989: 1, 2000: 1, 2001: 1, 2002: 1, 2003: 1, 2004: 20,
                     2005: 43, 2006: 58, 2007: 95, 2008: 161, 2009: 409, 2010: 149}  # 2005: 42 + the seed
    levels = {row["value"]: row["count"] for row in stats["by_classification"]}
    assert levels == {"CONFIDENTIAL": 504, "SECRET": 359, "UNCLASSIFIED": 82}
    raw = {row["value"]: row["count"] for row in stats["by_classification_raw"]}
    assert raw["SECRET//NOFORN"] == 162 and raw["UNCLASSIFIED//FOR OFFICIAL USE ONLY"] == 51


def test_page_metadata_merged_into_the_record(corpus_archive):
    with open_archive(corpus_archive, readonly=True) as archive:
        cable = archive.get("05MADRID171")
    assert cable.released == "2010-12-07T12:12:00Z" and cable.partial


def test_second_ingest_changes_nothing(corpus, tmp_path, corpus_db):
    db = tmp_path / "again.db"
    shutil.copy(corpus_db, db)
    summary = ingest([str(corpus)], db, workers=1)
    assert (summary.new, summary.new_versions, summary.failed) == (0, 0, 0)
    assert [(os.path.basename(s.label), s.reason) for s in summary.skipped] == [
        ("README.md", "documentation, not a cable")]  # skipped with a notice, not a failure
    assert summary.unchanged == summary.parsed == 944 * 2 + 41
    conn = sqlite3.connect(db)
    assert conn.execute("SELECT count(*) FROM cables").fetchone()[0] == 945
    assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == 0


def test_opens_in_plain_sqlite_with_fts(corpus_db):
    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        pytest.fail("the sqlite3 shell is needed for this test (apt-get install sqlite3)")
    out = subprocess.run([sqlite, str(corpus_db),
                          "SELECT c.key FROM cables_fts JOIN cables c ON c.id = cables_fts.rowid "
                          "WHERE cables_fts MATCH 'Kiselyov' ORDER BY rank;"],
                         capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["05ALMATY2058"]
    # the compressed text reads in the shell, through the view and in snippets
    text = subprocess.run([sqlite, str(corpus_db),
                           "SELECT body FROM cable_text WHERE key = '05ALMATY2058';"
                           "SELECT snippet(cables_fts, 2, '[', ']', '', 6) FROM cables_fts WHERE cables_fts MATCH 'Kiselyov';"],
                          capture_output=True, text=True, check=True).stdout
    with Archive(corpus_db, readonly=True) as archive:
        assert text.startswith(archive.get("05ALMATY2058").body)
    assert "[Kiselyov]" in text
    check = subprocess.run([sqlite, str(corpus_db), "PRAGMA integrity_check;"], capture_output=True, text=True)
    assert check.stdout.strip() == "ok"


def test_index_stays_whole_after_a_delete_in_plain_sqlite(corpus_db, tmp_path):
    """The shell's sqlar_uncompress gives bytes; the triggers cut the text as characters all the same,
    so unindexing a cable whose preamble holds non-ASCII letters (10STATE18437) leaves the index
    equal to its content (FTS5's integrity check with content)."""
    sqlite = shutil.which("sqlite3")
    if sqlite is None:
        pytest.fail("the sqlite3 shell is needed for this test (apt-get install sqlite3)")
    db = tmp_path / "copy.db"
    shutil.copy(corpus_db, db)
    with Archive(db, readonly=True) as archive:
        assert any(ord(ch) > 127 for ch in archive.get("10STATE18437").preamble)
    check = "INSERT INTO cables_fts(cables_fts, rank) VALUES ('integrity-check', 1);"
    out = subprocess.run([sqlite, str(db), check + "DELETE FROM cables WHERE key = '10STATE18437';" + check +
                          "SELECT count(*) FROM cables_fts WHERE cables_fts MATCH 'Kiselyov';"],
                         capture_output=True, text=True)
    assert out.returncode == 0 and out.stderr == "" and out.stdout.split() == ["1"], out.stderr


def _two_readings(seed_path):
    """The seed as first released, and a later release with one more paragraph."""
    text = seed_path.read_text()
    partial = parse_text(text, path="05ALMATY2058.txt")
    fuller = parse_text(text.replace("Dushanbe minimize considered.", "Dushanbe minimize considered.\n\n"
                                     "19. (U) A later release adds this paragraph."), path="05ALMATY2058.txt")
    return partial, fuller


def test_versions(empty_archive, seed_path):
    partial, fuller = _two_readings(seed_path)
    with open_archive(empty_archive) as archive:
        assert archive.add([partial]) == Counter(new=1)
        assert archive.add([partial]) == Counter(unchanged=1)
        assert archive.add([fuller]) == Counter(version=1)
        rows = archive.versions("05ALMATY2058")
        assert [(r["version"], r["is_current"]) for r in rows] == [(1, 0), (2, 1)]
        assert "later release" in archive.get("05ALMATY2058").body
        assert "later release" not in archive.get("05ALMATY2058", version=1).body
        assert archive.body("05ALMATY2058", 1) == partial.body
        assert archive.search("later").total == 1  # only the current version is indexed
        assert archive.search("Kiselyov").total == archive.count() == 1


def test_both_versions_in_one_batch(empty_archive, seed_path):
    """The indexes are written after the batch's rows, yet the first version must be unindexed
    cleanly when the second replaces it."""
    partial, fuller = _two_readings(seed_path)
    with open_archive(empty_archive) as archive:
        assert archive.add([partial, fuller]) == Counter(new=1, version=1)
        assert [archive.search(q).total for q in ("later", "Kiselyov", "subject:worrisome", "worri*")] == [1, 1, 1, 1]
        assert archive.table_counts()["full-text index"] == 1


def test_both_versions_in_one_batch_leave_sqlite_s_indexes_whole(tmp_path, seed_path):
    with Archive(tmp_path / "one-batch.db") as archive:
        archive.add(_two_readings(seed_path))
        for index, words in (("cables_fts", ("later", "Kiselyov")), ("cables_prefix", ("later", "Kiselyov")),
                             ("cables_subject_prefix", ("worrisome",))):
            archive.conn.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
            for word in words:
                assert archive.conn.execute(f"SELECT count(*) FROM {index} WHERE {index} MATCH ?", (word,)).fetchone()[0] == 1


def test_the_indexes_follow_only_changes_to_what_they_hold(tmp_path, seed_path):
    """The update trigger (schema 10) re-indexes a version when its subject, text, currency or the
    place its preamble ends change, and leaves it alone when only the rest of its record does: the
    full-text integrity checks (index against content) pass after each kind of update."""
    with Archive(tmp_path / "t.db") as archive:
        archive.add([parse_text(seed_path.read_text(), path="05ALMATY2058.txt")])
        conn = archive.conn
        checks = ["INSERT INTO cables_fts(cables_fts) VALUES ('integrity-check')",
                  "INSERT INTO cables_prefix(cables_prefix) VALUES ('integrity-check')",
                  "INSERT INTO cables_subject_prefix(cables_subject_prefix) VALUES ('integrity-check')"]
        for update in ("UPDATE cables SET record = json_set(record, '$.warnings', json_array('x'))",  # not indexed
                       "UPDATE cables SET record = json_set(record, '$.preamble_length', 10)",  # the cut moves
                       "UPDATE cables SET subject = 'ZANZIBAR OUTLOOK'", "UPDATE cables SET is_current = 0",
                       "UPDATE cables SET is_current = 1"):
            conn.execute(update)
            for check in checks:
                conn.execute(check)
        assert conn.execute("SELECT count(*) FROM cables_fts WHERE cables_fts MATCH 'zanzibar'").fetchone()[0] == 1
        assert conn.execute("SELECT count(*) FROM cables_fts WHERE cables_fts MATCH 'subject:worrisome'").fetchone()[0] == 0


def test_record_round_trips_through_the_archive(corpus_archive, corpus):
    from cablebase.analysis import analyse
    from cablebase.parse import parse_file

    original = analyse(next(iter(parse_file(corpus / "seed" / "05ALMATY2058.txt"))))
    with open_archive(corpus_archive, readonly=True) as archive:
        stored = archive.get("05ALMATY2058")
    a = original.to_json_dict()
    b = stored.to_json_dict()
    a.pop("source"), b.pop("source")
    assert a == b


@pytest.fixture(scope="module")
def dev_cables(corpus):
    """The dev dump's cables as parsed and analysed here, once for both backends."""
    from cablebase.analysis import analyse
    from cablebase.parse import parse_file

    return [analyse(parsed) for parsed in parse_file(corpus / "cables-dev.csv")]


def test_paragraphs_are_stored_as_spans_of_the_body(corpus_db):
    with Archive(corpus_db, readonly=True) as archive:
        spans = archive.conn.execute("SELECT count(*) FROM paragraphs WHERE text IS NULL").fetchone()[0]
        copies = archive.conn.execute("SELECT count(*) FROM paragraphs WHERE text IS NOT NULL").fetchone()[0]
        events = archive.conn.execute("SELECT count(*) FROM events WHERE sentence IS NULL").fetchone()[0]
    assert spans > 100 * copies and events > 1000  # the text is stored once, in the body


def test_every_paragraph_reads_back_as_parsed(corpus_archive, dev_cables):
    """Paragraphs are stored as spans of the body: every one must read back exactly as parsed."""
    with open_archive(corpus_archive, readonly=True) as archive:
        for parsed in dev_cables:
            stored = archive.get(parsed.reference_id)
            assert [p.model_dump() for p in stored.paragraphs] == [p.model_dump() for p in parsed.paragraphs]


def test_every_event_reads_back_as_analysed(corpus_archive, dev_cables):
    """Event sentences are stored as spans of their paragraph: every one must read back exactly, in
    a cable's record and in a timeline across cables."""
    expected = {cable.reference_id: cable.events for cable in dev_cables}
    with open_archive(corpus_archive, readonly=True) as archive:
        for reference_id, events in expected.items():
            assert archive.get(reference_id).events == events
        rows = archive.timeline(list(expected), limit=10**6)
    got = Counter((r["reference_id"], d["text"], r["sentence"], r["paragraph"]) for r in rows for d in r["dates"])
    assert got == Counter((rid, e.text, e.sentence, e.paragraph) for rid, events in expected.items() for e in events)


def _archive_at(path, version: int) -> sqlite3.Connection:
    """A new archive file as schema `version` left it (an autocommit connection to it)."""
    from cablebase.store import bodies
    from cablebase.store.schema import MIGRATIONS, _statements

    conn = sqlite3.connect(path, isolation_level=None)
    bodies.register(conn)  # schema 7 on compresses with the sqlite3 shell's functions
    for script in MIGRATIONS[:version]:
        for statement in _statements(script):
            conn.execute(statement)
    conn.execute(f"PRAGMA user_version = {version}")
    return conn


def _seed_archive_at(path, version: int, seed_path) -> sqlite3.Connection:
    """An archive file as schema `version` left it, holding the seed record as today's writer stores
    it (the columns that schema has; rows its triggers made replaced; its full-text indexes rebuilt):
    an autocommit connection to it."""
    current = path.with_name(path.stem + "-current.db")
    with Archive(current) as archive:
        archive.add([parse_text(seed_path.read_text(), path="05ALMATY2058.txt")])
    conn = _archive_at(path, version)
    conn.execute("ATTACH ? AS src", (str(current),))
    tables = dict(conn.execute("SELECT name, sql FROM main.sqlite_schema WHERE type = 'table'").fetchall())
    virtual = [name for name, sql in tables.items() if sql.startswith("CREATE VIRTUAL TABLE")]
    for name in tables:
        if name in virtual or any(name.startswith(v + "_") for v in virtual):
            continue
        source = {row[1] for row in conn.execute(f"PRAGMA src.table_info({name})")}
        columns = ", ".join(row[1] for row in conn.execute(f"PRAGMA main.table_info({name})") if row[1] in source)
        conn.execute(f"INSERT OR REPLACE INTO main.{name} ({columns}) SELECT {columns} FROM src.{name}")
    for name in virtual:  # every stored version is current: a rebuild indexes what that schema's writer did
        if "fts5vocab" not in tables[name]:
            conn.execute(f"INSERT INTO {name}({name}) VALUES ('rebuild')")
    conn.execute("DETACH src")
    return conn


_OLD_RECORD = '{"preamble_length": 0, "tags": [], "source": null}'


def test_migration_from_version_2_keeps_stored_paragraphs(tmp_path, seed_path):
    """An archive written before paragraphs became spans opens, migrates and reads back the same."""
    from cablebase.store.schema import MIGRATIONS

    db = tmp_path / "v2.db"
    conn = _archive_at(db, 2)
    conn.execute("INSERT INTO cables (id, key, reference_id, version, content_hash, body, record, ingested) "
                 "VALUES (1, 'X', 'X', 1, 'h', 'body', ?, 'now')", (_OLD_RECORD,))
    conn.execute("INSERT INTO paragraphs VALUES (1, 0, 1, 'U', NULL, 'Old text.')")
    conn.close()
    with Archive(db) as archive:
        assert archive.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        row = archive.conn.execute("SELECT * FROM paragraphs").fetchone()
        assert (row["number"], row["marking"], row["text"], row["start_offset"]) == (1, "U", "Old text.", None)
        archive.add([parse_text(seed_path.read_text(), path="05ALMATY2058.txt")])
        assert len(archive.get("05ALMATY2058").paragraphs) == 9


def test_migration_to_compressed_bodies_keeps_text_and_search(tmp_path):
    """Schema 7 compresses the stored bodies and rebuilds the full-text indexes over them: every
    version reads back as it was, only current versions are found, snippets and prefixes work."""
    from cablebase.store.search import search
    from cablebase.store.schema import MIGRATIONS

    db = tmp_path / "v6.db"
    conn = _archive_at(db, 6)
    old, new = "Talks on grain exports stalled.\n" * 40, "Talks on grain exports resumed in Tashkent.\n" * 40
    for cable_id, version, current, body in ((1, 1, 0, old), (2, 2, 1, new)):
        conn.execute("INSERT INTO cables (id, key, reference_id, version, is_current, content_hash, subject, body, "
                     "record, ingested) VALUES (?, 'X', 'X', ?, ?, ?, 'GRAIN TALKS', ?, ?, 'now')",
                     (cable_id, version, current, f"h{version}", body, _OLD_RECORD))
    for index in ("cables_fts", "cables_prefix"):  # as the writer of schema 6 indexed the current version
        conn.execute(f"INSERT INTO {index} (rowid, subject, body) VALUES (2, 'GRAIN TALKS', ?)", (new,))
    conn.execute("INSERT INTO events VALUES (2, 0, '2009-05-01', 'day', 'May 1', 'Talks resumed on May 1.', 1)")
    conn.close()
    with Archive(db) as archive:
        assert archive.conn.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
        assert [archive.body("X", 1), archive.body("X", 2)] == [old, new]
        assert archive.get("X").body == new
        assert [e.sentence for e in archive.get("X").events] == ["Talks resumed on May 1."]  # kept by schema 8
        stored = archive.conn.execute("SELECT length(body_zlib), body_size FROM cables WHERE id = 2").fetchone()
        assert stored[1] == len(new) and stored[0] < len(new) / 5  # compressed (the text repeats)
        for index in ("cables_fts", "cables_prefix", "cables_subject_prefix"):
            archive.conn.execute(f"INSERT INTO {index}({index}) VALUES ('integrity-check')")
        result = search(archive.conn, "tashkent")
        assert result.total == 1 and "<mark>Tashkent</mark>" in result.hits[0].snippet
        assert search(archive.conn, "stalled").total == 0  # the old version is not indexed
        assert search(archive.conn, "tashk*").total == search(archive.conn, "subject:gra*").total == 1
        assert search(archive.conn, "subject:tashk*").total == 0


def test_an_addressee_without_office_is_stored_after_migration_12(tmp_path, seed_path):
    """Schema 12 lets an addressee be a person without an office symbol (`NSC FOR HELGERSON`);
    rows stored before it are kept."""
    db = tmp_path / "v11.db"
    conn = _seed_archive_at(db, 11, seed_path)
    conn.close()
    text = seed_path.read_text().replace("DRL/IRF (NHEWETT)", "DRL/IRF (NHEWETT)\nNSC FOR HELGERSON")
    with Archive(db) as archive:
        assert [a.label for a in archive.get("05ALMATY2058").addressees][-1] == "DEPARTMENT DRL/IRF (NHEWETT)"
        archive.add([parse_text(text.replace("SIPDIS", "SIPDIS\n\nCORRECTED COPY"), path="05ALMATY2058.txt")])
        assert archive.get("05ALMATY2058").addressees[-1].model_dump() == {
            "agency": "NSC", "office": None, "name": "HELGERSON", "raw": "HELGERSON"}
        rows = archive.conn.execute("SELECT office, name FROM addressees ORDER BY cable_id, position").fetchall()
    assert [tuple(r) for r in rows][-1] == (None, "HELGERSON") and len(rows) == 7  # 3 of version 1, 4 of version 2


def test_signers_and_summaries_are_id_sets_whoever_writes_the_cables(tmp_path, seed_path):
    """Schema 17: `cable_signers` is filled from the cables' signers by the migration, then kept by
    triggers on every insert, update and delete (the shell's too); `signer:` and `has:summary` find
    what reading each cable's own columns finds."""
    from cablebase.store import bodies
    from cablebase.store.search import search

    db = tmp_path / "v16.db"
    shell = _seed_archive_at(db, 16, seed_path)
    shell.execute("UPDATE cables SET signers = '[\"Saccio\", \"ASQUINO\", 7]', summary = NULL")

    def found(query: str) -> set[str]:
        return {h.reference_id for h in search(archive.conn, query).hits}

    with Archive(db) as archive:  # migrated to 17 (and on): the signers stored before are found
        assert found("signer:asquino") == found("signer:SACCIO") == found("-has:summary") == {"05ALMATY2058"}
        assert found("has:summary") == found("signer:7") == set()
        shell.execute("UPDATE cables SET signers = '[\"Smith\"]', summary = 'In short.'")
        assert found("signer:smith") == found("has:summary") == found("kazakhstan signer:smith") == {"05ALMATY2058"}
        assert found("signer:asquino") == found("-has:summary") == set()
        bodies.register(shell)  # the full-text index's delete trigger reads the text
        shell.execute("PRAGMA foreign_keys = ON")  # its rows in the other tables go too
        shell.execute("DELETE FROM cables")
        assert shell.execute("SELECT count(*) FROM cable_signers").fetchone()[0] == 0
        archive.add([parse_text(seed_path.read_text(), path="05ALMATY2058.txt")])
        assert found("signer:asquino") == {"05ALMATY2058"} and found("signer:smith") == set()
    shell.close()


def test_readonly_open_upgrades_an_older_archive_or_says_why(tmp_path, caplog):
    from cablebase.errors import SchemaError
    from cablebase.store import SCHEMA_VERSION, connect

    db = tmp_path / "old.db"
    old = _archive_at(db, 4)
    old.execute("INSERT INTO cables (id, key, reference_id, version, content_hash, body, record, ingested) "
                "VALUES (1, 'X', 'X', 1, 'h', 'Old text.', ?, 'now')", (_OLD_RECORD,))
    old.execute("INSERT INTO sources VALUES (1, 'text', 'x.txt', NULL, 'h', NULL)")
    old.close()
    conn = connect(db, readonly=True)
    assert f"upgrading the archive from schema 4 to {SCHEMA_VERSION}" in caplog.text  # it can take minutes
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("SELECT count(*) FROM cables INDEXED BY cables_facets").fetchone()[0] == 1
    assert conn.execute("SELECT count(*) FROM sources INDEXED BY sources_seen").fetchone()[0] == 1
    assert conn.execute("SELECT body FROM cable_text").fetchone()[0] == "Old text."
    conn.close()
    other = tmp_path / "other.db"
    sqlite3.connect(other).execute("CREATE TABLE t (x)")
    with pytest.raises(SchemaError, match="not a cablebase archive"):
        connect(other, readonly=True)
    sqlite3.connect(db, isolation_level=None).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    with pytest.raises(SchemaError, match="newer"):
        connect(db, readonly=True)


def test_a_tag_hint_reads_back_as_the_parser_stored_it(empty_archive):
    """What the parser derived is stored, never re-derived by today's dictionary at read time."""
    from cablebase.model import Tag
    from cablebase.vocab.tags import decode_tag

    text = "UNCLAS ALMATY 002058\n\nSIPDIS\n\nE.O. 12958: N/A\nTAGS: PGOV KZ\nSUBJECT: CAFE TALK\n\n1. (U) Text.\n"
    cable = parse_text(text, path="05ALMATY2058.txt")
    assert decode_tag("POGOV").probably == "PGOV"  # what re-deriving would say
    stored = cable.model_copy(update={"tags": [*cable.tags, Tag(code="POGOV", kind="unknown", known=False),
                                               Tag(code="XQZZY", kind="unknown", known=False, probably="PREL")]})
    with open_archive(empty_archive) as archive:
        archive.add([stored])
        back = archive.get("05ALMATY2058")
    assert [(t.code, t.probably) for t in back.tags] == [("PGOV", None), ("KZ", None), ("POGOV", None),
                                                         ("XQZZY", "PREL")]
    assert back == stored


def test_a_misprinted_tag_reads_back_with_its_printed_form(empty_archive, seed_path):
    text = seed_path.read_text()
    tags_line = next(line for line in text.splitlines() if line.startswith("TAGS"))
    cable = parse_text(text.replace(tags_line, "TAGS: POGOV PHUM STEINBERG JAMES KZ"), path="05ALMATY2058.txt")
    with open_archive(empty_archive) as archive:
        archive.add([cable])
        tags = archive.get("05ALMATY2058").tags
    assert [(t.code, t.printed, t.kind) for t in tags] == [
        ("PGOV", "POGOV", "subject"), ("PHUM", None, "subject"), ("STEINBERG, JAMES", None, "person"), ("KZ", None, "country")]


@pytest.mark.parametrize("query", ["", "class:secret", "nuclear -tag:PREL", "person:Kiselyov"])
def test_streaming_a_result_never_sorts_its_rows(corpus_db, query):
    # an export streams Archive.select: a sort would copy every matching row, text and all, into a
    # temporary b-tree (memory growing with the result: bench/export_memory.py measures it)
    with Archive(corpus_db, readonly=True) as archive:
        statements: list[str] = []
        archive.conn.set_trace_callback(statements.append)
        first = next(archive.select(query), None)
        archive.conn.set_trace_callback(None)
        (sql,) = [s for s in statements if s.lstrip().upper().startswith("SELECT C.*") or s.startswith("SELECT * FROM cables")]
        plan = " | ".join(r[-1] for r in archive.conn.execute("EXPLAIN QUERY PLAN " + sql))
        ids = [c.reference_id for c in archive.select(query)]
    assert first is not None and "TEMP B-TREE FOR ORDER BY" not in plan, plan
    assert len(ids) == len(set(ids)) == archive_count(corpus_db, query)


def archive_count(db, query: str) -> int:
    with Archive(db, readonly=True) as archive:
        return archive.search(query, per_page=1, facets=False).total


@pytest.mark.parametrize("budget,past", [(0, 100), (10**6, 100), (10**6, 1)])
@pytest.mark.parametrize("query", ["", "origin:MADRID", "tag:PREL OR moscow"])
def test_a_query_timeline_paged_along_the_dates_is_the_whole_grouping_cut(corpus_archive, query, budget, past,
                                                                           monkeypatch):
    """Pages found by walking the events' dates (and stopping) hold what grouping every entry of
    the result gives (a page larger than the result groups them all): same entries, order, dates;
    their numbers are the period's count. So do pages whose walk gave up (a budget of 0 events
    a cable: only 8 per entry up to the page's end) and grouped the whole result instead, and pages
    whose walk read one entry past their last (often of the same date: the cables of that date's
    events are added to those named)."""
    from cablebase.store import queries

    monkeypatch.setattr(queries, "WALK_PER_CABLE", budget)
    monkeypatch.setattr(queries, "WALK_PAST", past)
    with open_archive(corpus_archive, readonly=True) as archive:
        years = dict(archive.timeline_years(query))
        decade = sum(n for year, n in years.items() if year and 2000 <= year < 2010)
        for period, count in [(None, sum(years.values())), ((2000, 2010), decade), ((2009, 2010), years.get(2009, 0)),
                              ("undated", years.get(None, 0))]:
            whole = archive.timeline_page(query, period, 10**6, 0)
            paged = [entry for offset in range(0, count + 150, 150)
                     for entry in archive.timeline_page(query, period, 150, offset)]
            assert len(whole) == count and paged == whole, (query, period)


def test_the_stored_counts_by_year_follow_every_change_to_the_events(empty_archive, dev_cables, seed_path):
    """`event_years` (a version's timeline entries by the year of their first date, 0 undated) is
    kept by the backend whoever writes the events: cables added in batches and as new versions,
    events deleted, redated, moved to another sentence, undated, or all of a cable's gone."""
    from cablebase.analysis import analyse

    def counted() -> Counter:  # the entries grouped here, from the events as stored
        firsts: dict[tuple, list] = {}
        for *entry, date in conn.execute("SELECT cable_id, paragraph_position, sentence, sentence_start, sentence_end, "
                                         "date FROM events").fetchall():
            firsts.setdefault(tuple(entry), []).append(date)
        return Counter((int(min(d for d in dates if d)[:4]) if any(dates) else 0, entry[0])
                       for entry, dates in firsts.items())

    text = seed_path.read_text()
    seed, later = (analyse(parse_text(t, path="05ALMATY2058.txt")) for t in (text, text.replace(
        "Dushanbe minimize considered.", "Dushanbe minimize considered.\n\n19. (U) On March 3, 1971 it rained.")))
    with open_archive(empty_archive) as archive:
        conn = archive.conn
        archive.add(dev_cables[:20] + [seed])
        archive.add(dev_cables[20:40])
        archive.add([later])
        some = [r[0] for r in conn.execute("SELECT DISTINCT cable_id FROM events ORDER BY cable_id").fetchall()]
        for change in (f"DELETE FROM events WHERE cable_id = {some[1]} AND position = 0",
                       f"UPDATE events SET date = '1950-06-01' WHERE cable_id = {some[2]} AND position = 1",
                       f"UPDATE events SET date = NULL WHERE cable_id = {some[3]}",
                       f"UPDATE events SET sentence = 'Moved.', paragraph_position = NULL WHERE cable_id = {some[4]} "
                       "AND position < 2",
                       f"DELETE FROM events WHERE cable_id = {some[5]}"):
            conn.execute(change)
        stored = Counter({(year, cable): n for year, cable, n in conn.execute(
            "SELECT year, cable_id, entries FROM event_years").fetchall()})
        assert stored == counted() and {0, 1950, 1971} <= {year for year, _ in stored}
        current = {r[0] for r in conn.execute("SELECT id FROM cables WHERE is_current = 1").fetchall()}
        by_year = Counter()
        for (year, cable), n in stored.items():
            by_year[year or None] += n if cable in current else 0
        assert dict(archive.timeline_years("")) == {year: n for year, n in by_year.items() if n}
