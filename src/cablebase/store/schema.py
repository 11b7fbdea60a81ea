"""The archive's SQLite schema and its forward migrations.

`PRAGMA user_version` holds the schema version; `migrate()` applies every step above it, each in
its own transaction. Add a step to `MIGRATIONS` to change the schema; never edit a released one.
The schema is documented in docs/schema.md.
"""

from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

from ..errors import SchemaError
from .driver import sqlite3

_V1 = """
CREATE TABLE runs (
    id INTEGER PRIMARY KEY,
    started TEXT NOT NULL,
    finished TEXT,
    status TEXT NOT NULL DEFAULT 'running',   -- running | done | interrupted
    inputs TEXT NOT NULL,                     -- JSON list of the paths given
    parsed INTEGER NOT NULL DEFAULT 0,
    new INTEGER NOT NULL DEFAULT 0,
    new_versions INTEGER NOT NULL DEFAULT 0,
    unchanged INTEGER NOT NULL DEFAULT 0,
    failed INTEGER NOT NULL DEFAULT 0
);

CREATE TABLE cables (
    id INTEGER PRIMARY KEY,                  -- one row per version
    key TEXT NOT NULL,                       -- reference_id, or 'sha:<content hash>' when the year is unknown
    reference_id TEXT,
    version INTEGER NOT NULL,
    is_current INTEGER NOT NULL DEFAULT 1,
    content_hash TEXT NOT NULL,              -- sha256 of the clean body: what makes a new version
    origin_code TEXT,
    serial INTEGER,
    year INTEGER,
    month TEXT,                              -- 'YYYY-MM' of creation, for browsing and histograms
    origin TEXT,
    created TEXT,
    released TEXT,
    classification TEXT,
    classification_raw TEXT,
    subject TEXT,
    summary TEXT,
    partial INTEGER NOT NULL DEFAULT 0,
    redactions INTEGER NOT NULL DEFAULT 0,
    has_action INTEGER NOT NULL DEFAULT 0,
    signers TEXT NOT NULL DEFAULT '[]',      -- JSON list
    body TEXT NOT NULL,
    record TEXT NOT NULL,                    -- the rest of the record as JSON: what no column or table holds
    run_id INTEGER REFERENCES runs(id),
    ingested TEXT NOT NULL,
    UNIQUE (key, version),
    UNIQUE (key, content_hash)
);
CREATE UNIQUE INDEX cables_current ON cables(key) WHERE is_current = 1;
CREATE INDEX cables_ref ON cables(reference_id);
CREATE INDEX cables_created ON cables(is_current, created);
CREATE INDEX cables_origin ON cables(is_current, origin_code);
CREATE INDEX cables_class ON cables(is_current, classification);
CREATE INDEX cables_month ON cables(is_current, month);

CREATE TABLE sources (                      -- every place a version was read from
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    format TEXT NOT NULL,
    path TEXT,
    record INTEGER,
    sha256 TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    UNIQUE (cable_id, sha256)
);

CREATE TABLE paragraphs (                   -- a rowid table: its rows are large (see WITHOUT ROWID docs)
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number INTEGER,
    marking TEXT,
    heading TEXT,
    text TEXT NOT NULL
);
CREATE UNIQUE INDEX paragraphs_cable ON paragraphs(cable_id, position);

CREATE TABLE refs (                          -- the reference graph; cited cables need not be archived
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    citing_id TEXT,
    position INTEGER NOT NULL,
    letter TEXT,
    kind TEXT NOT NULL,
    raw TEXT NOT NULL,
    cited_id TEXT,
    cited_origin TEXT,
    cited_serial INTEGER,
    PRIMARY KEY (cable_id, position)
) WITHOUT ROWID;
CREATE INDEX refs_cited ON refs(cited_id);
CREATE INDEX refs_cited_parts ON refs(cited_origin, cited_serial);

CREATE TABLE tags (
    code TEXT PRIMARY KEY,
    kind TEXT NOT NULL,
    description TEXT,
    known INTEGER NOT NULL
);

CREATE TABLE cable_tags (
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    code TEXT NOT NULL REFERENCES tags(code),
    PRIMARY KEY (cable_id, code)
) WITHOUT ROWID;
CREATE INDEX cable_tags_code ON cable_tags(code);

CREATE TABLE captions (
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    caption TEXT NOT NULL,
    PRIMARY KEY (cable_id, caption)
) WITHOUT ROWID;
CREATE INDEX captions_caption ON captions(caption);

CREATE TABLE addressees (
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    agency TEXT,
    office TEXT NOT NULL,
    name TEXT,
    PRIMARY KEY (cable_id, position)
) WITHOUT ROWID;

CREATE TABLE failures (
    id INTEGER PRIMARY KEY,
    path TEXT NOT NULL,
    record INTEGER,
    reason TEXT NOT NULL,
    run_id INTEGER REFERENCES runs(id),
    seen TEXT NOT NULL
);
CREATE UNIQUE INDEX failures_unique ON failures(path, ifnull(record, -1), reason);

-- Full-text index over the current version of every cable, kept in sync by these triggers.
-- cables_fts is stemmed (porter) and ranks; cables_prefix is unstemmed and keeps no positions, for
-- prefix* queries (a stemmer would alter the prefix itself: nazarbay* -> nazarbai*).
CREATE VIRTUAL TABLE cables_fts USING fts5(
    subject, body, content='cables', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE cables_prefix USING fts5(
    subject, body, content='cables', content_rowid='id', detail=column,
    tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER cables_fts_insert AFTER INSERT ON cables WHEN new.is_current = 1 BEGIN
    INSERT INTO cables_fts(rowid, subject, body) VALUES (new.id, new.subject, new.body);
    INSERT INTO cables_prefix(rowid, subject, body) VALUES (new.id, new.subject, new.body);
END;
CREATE TRIGGER cables_fts_delete AFTER DELETE ON cables WHEN old.is_current = 1 BEGIN
    INSERT INTO cables_fts(cables_fts, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
    INSERT INTO cables_prefix(cables_prefix, rowid, subject, body) VALUES ('delete', old.id, old.subject, old.body);
END;
CREATE TRIGGER cables_fts_update AFTER UPDATE OF is_current, subject, body ON cables BEGIN
    INSERT INTO cables_fts(cables_fts, rowid, subject, body)
        SELECT 'delete', old.id, old.subject, old.body WHERE old.is_current = 1;
    INSERT INTO cables_prefix(cables_prefix, rowid, subject, body)
        SELECT 'delete', old.id, old.subject, old.body WHERE old.is_current = 1;
    INSERT INTO cables_fts(rowid, subject, body)
        SELECT new.id, new.subject, new.body WHERE new.is_current = 1;
    INSERT INTO cables_prefix(rowid, subject, body)
        SELECT new.id, new.subject, new.body WHERE new.is_current = 1;
END;
"""

_V2 = """
-- People and organisations (merged across the archive by key), their mentions, and dated events.
CREATE TABLE entities (
    id INTEGER PRIMARY KEY,
    key TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,                      -- person | organization
    name TEXT NOT NULL
);
CREATE INDEX entities_name ON entities(name COLLATE NOCASE);
CREATE TABLE mentions (
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    count INTEGER NOT NULL,
    titles TEXT NOT NULL DEFAULT '[]',       -- JSON list of titles/roles given in this cable
    aliases TEXT NOT NULL DEFAULT '[]',
    paragraphs TEXT NOT NULL DEFAULT '[]',
    PRIMARY KEY (entity_id, cable_id)
) WITHOUT ROWID;
CREATE INDEX mentions_cable ON mentions(cable_id);
CREATE TABLE entity_aliases (                -- other forms seen: surname alone, acronym, TAGS form
    entity_id INTEGER NOT NULL REFERENCES entities(id),
    alias TEXT NOT NULL COLLATE NOCASE,
    PRIMARY KEY (alias, entity_id)
) WITHOUT ROWID;
CREATE TABLE events (
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    date TEXT,
    precision TEXT NOT NULL,
    text TEXT NOT NULL,
    sentence TEXT NOT NULL,
    paragraph INTEGER
);
CREATE UNIQUE INDEX events_cable ON events(cable_id, position);
CREATE INDEX events_date ON events(date);
"""

_V3 = """
-- Paragraphs keep the span of body text they unwrap (start_offset, end_offset) instead of a second
-- copy of it; text is stored only for a paragraph whose lines are not in the body verbatim (and for
-- rows written before this step). The rows are now small: WITHOUT ROWID, keyed by cable and position.
CREATE TABLE paragraphs_v3 (
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    number INTEGER,
    marking TEXT,
    heading TEXT,
    start_offset INTEGER,
    end_offset INTEGER,
    text TEXT,
    PRIMARY KEY (cable_id, position),
    CHECK (text IS NOT NULL OR (start_offset IS NOT NULL AND end_offset IS NOT NULL))
) WITHOUT ROWID;
INSERT INTO paragraphs_v3 (cable_id, position, number, marking, heading, text)
    SELECT cable_id, position, number, marking, heading, text FROM paragraphs;
DROP TABLE paragraphs;
ALTER TABLE paragraphs_v3 RENAME TO paragraphs;
"""

_V4 = """
-- New current versions are added to the full-text indexes by the writer, once per batch after the
-- batch's rows (store/writer.py): FTS5 builds its index about twice as fast that way as row by row
-- between the other tables' writes. Version flips and deletes are still kept in sync by triggers.
DROP TRIGGER cables_fts_insert;
"""

_V5 = """
-- Narrow copies of the columns that search filters, sorts, counts and facets read. Cable rows are
-- wide (the body is stored inline), so visiting 100,000 of them reads 100,000 pages; through these
-- covering indexes it reads a few megabytes (search/engine.py picks them with INDEXED BY):
-- cables_facets by id, for joins with the full-text index; cables_created by date, for listings.
CREATE INDEX cables_facets ON cables(id, is_current, origin_code, year, classification, month, created, origin,
                                     key, has_action, partial, classification_raw, signers);
DROP INDEX cables_created;
CREATE INDEX cables_created ON cables(is_current, created, origin_code, year, classification, month, origin,
                                      key, has_action, partial, classification_raw, signers);
"""

_V6 = """
-- An ingest skips an input it has already stored from the same path when the same parsing code
-- read it (runs.parser, see ingest.py): re-running an ingest, or resuming a killed one, parses only
-- what is new.
CREATE INDEX sources_seen ON sources(sha256, path);
ALTER TABLE runs ADD COLUMN parser TEXT;
"""

_V7 = """
-- Bodies are stored compressed (store/bodies.py: zlib, the sqlite3 shell's sqlar format), which
-- halves the largest column; the view cable_text gives them back as text, in the shell too. The
-- full-text indexes read their content through that view, so they are rebuilt here, and the prefix
-- index keeps document ids only (detail=none: a third of its size); subject:prefix* terms use a
-- small one of their own. The rebuild reads the old text column, which is then dropped.
DROP TRIGGER cables_fts_delete;
DROP TRIGGER cables_fts_update;
DROP TABLE cables_fts;
DROP TABLE cables_prefix;
ALTER TABLE cables ADD COLUMN body_zlib BLOB;
ALTER TABLE cables ADD COLUMN body_size INTEGER;
UPDATE cables SET body_zlib = sqlar_compress(CAST(body AS BLOB)), body_size = length(CAST(body AS BLOB));
CREATE VIEW cable_text AS SELECT id, key, version, subject, sqlar_uncompress(body_zlib, body_size) AS body FROM cables;
CREATE VIRTUAL TABLE cables_fts USING fts5(
    subject, body, content='cable_text', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE cables_prefix USING fts5(
    subject, body, content='cable_text', content_rowid='id', detail=none,
    tokenize='unicode61 remove_diacritics 2'
);
CREATE VIRTUAL TABLE cables_subject_prefix USING fts5(
    subject, content='cable_text', content_rowid='id', detail=none,
    tokenize='unicode61 remove_diacritics 2'
);
INSERT INTO cables_fts(rowid, subject, body) SELECT id, subject, body FROM cables WHERE is_current = 1;
INSERT INTO cables_prefix(rowid, subject, body) SELECT id, subject, body FROM cables WHERE is_current = 1;
INSERT INTO cables_subject_prefix(rowid, subject) SELECT id, subject FROM cables WHERE is_current = 1;
-- one bulk insert leaves the indexes in many segments (ranking a common word was 25 % slower on 100k)
INSERT INTO cables_fts(cables_fts) VALUES ('optimize');
INSERT INTO cables_prefix(cables_prefix) VALUES ('optimize');
INSERT INTO cables_subject_prefix(cables_subject_prefix) VALUES ('optimize');
ALTER TABLE cables DROP COLUMN body;
CREATE TRIGGER cables_fts_delete AFTER DELETE ON cables WHEN old.is_current = 1 BEGIN
    INSERT INTO cables_fts(cables_fts, rowid, subject, body)
        VALUES ('delete', old.id, old.subject, sqlar_uncompress(old.body_zlib, old.body_size));
    INSERT INTO cables_prefix(cables_prefix, rowid, subject, body)
        VALUES ('delete', old.id, old.subject, sqlar_uncompress(old.body_zlib, old.body_size));
    INSERT INTO cables_subject_prefix(cables_subject_prefix, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
CREATE TRIGGER cables_fts_update AFTER UPDATE OF is_current, subject, body_zlib, body_size ON cables BEGIN
    INSERT INTO cables_fts(cables_fts, rowid, subject, body)
        SELECT 'delete', old.id, old.subject, sqlar_uncompress(old.body_zlib, old.body_size) WHERE old.is_current = 1;
    INSERT INTO cables_prefix(cables_prefix, rowid, subject, body)
        SELECT 'delete', old.id, old.subject, sqlar_uncompress(old.body_zlib, old.body_size) WHERE old.is_current = 1;
    INSERT INTO cables_subject_prefix(cables_subject_prefix, rowid, subject)
        SELECT 'delete', old.id, old.subject WHERE old.is_current = 1;
    INSERT INTO cables_fts(rowid, subject, body)
        SELECT new.id, new.subject, sqlar_uncompress(new.body_zlib, new.body_size) WHERE new.is_current = 1;
    INSERT INTO cables_prefix(rowid, subject, body)
        SELECT new.id, new.subject, sqlar_uncompress(new.body_zlib, new.body_size) WHERE new.is_current = 1;
    INSERT INTO cables_subject_prefix(rowid, subject) SELECT new.id, new.subject WHERE new.is_current = 1;
END;
"""

_V8 = """
-- An event keeps where its sentence is instead of a copy of it: the paragraph (its position) and
-- the span of that paragraph's text, runs of white space made single spaces (timeline.sentence_in).
-- The text is stored only for an event without a span (and for rows written before this step).
CREATE TABLE events_v8 (
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    date TEXT,
    precision TEXT NOT NULL,
    text TEXT NOT NULL,
    paragraph INTEGER,                       -- the paragraph's printed number
    paragraph_position INTEGER,
    sentence_start INTEGER,
    sentence_end INTEGER,
    sentence TEXT,
    PRIMARY KEY (cable_id, position),
    CHECK (sentence IS NOT NULL OR (paragraph_position IS NOT NULL AND sentence_end IS NOT NULL))
) WITHOUT ROWID;
INSERT INTO events_v8 (cable_id, position, date, precision, text, paragraph, sentence)
    SELECT cable_id, position, date, precision, text, paragraph, sentence FROM events;
DROP TABLE events;
ALTER TABLE events_v8 RENAME TO events;
CREATE INDEX events_date ON events(date);
"""

def _parts(row: str) -> str:
    """SQL for (subject, preamble, body) of a `cables` row (`old` or `new` in a trigger): the stored
    text cut where its preamble ends (the record keeps that length)."""
    return (f"{row}.subject, substr(t, 1, n), substr(t, n + 1) FROM (SELECT CAST(sqlar_uncompress({row}.body_zlib, "
            f"{row}.body_size) AS TEXT) AS t, coalesce(json_extract({row}.record, '$.preamble_length'), 0) AS n)")


_UPDATE_INDEXES = f"""    INSERT INTO cables_fts(cables_fts, rowid, subject, preamble, body)
        SELECT 'delete', old.id, {_parts("old")} WHERE old.is_current = 1;
    INSERT INTO cables_prefix(cables_prefix, rowid, subject, body)
        SELECT 'delete', old.id, old.subject, sqlar_uncompress(old.body_zlib, old.body_size) WHERE old.is_current = 1;
    INSERT INTO cables_subject_prefix(cables_subject_prefix, rowid, subject)
        SELECT 'delete', old.id, old.subject WHERE old.is_current = 1;
    INSERT INTO cables_fts(rowid, subject, preamble, body) SELECT new.id, {_parts("new")} WHERE new.is_current = 1;
    INSERT INTO cables_prefix(rowid, subject, body)
        SELECT new.id, new.subject, sqlar_uncompress(new.body_zlib, new.body_size) WHERE new.is_current = 1;
    INSERT INTO cables_subject_prefix(rowid, subject) SELECT new.id, new.subject WHERE new.is_current = 1;
"""
"""The update trigger's body (schema 9 on): a version's entries out of the indexes, then back in."""

_V9 = f"""
-- The ranked index holds the preamble (banner, captions, addressees, E.O., TAGS, SUBJECT line) as a
-- column of its own, so that snippets come from the text after it: FTS5's snippet() favours a
-- fragment that starts the column, which was the classification banner. BM25 sums the weighted
-- counts of all columns and divides by the whole length, so with the body's weight for the
-- preamble every score stays the same. The view cable_parts cuts the text where the record says
-- (as text: the sqlite3 shell's sqlar_uncompress gives a blob, and substr counts characters).
DROP TRIGGER cables_fts_delete;
DROP TRIGGER cables_fts_update;
DROP TABLE cables_fts;
CREATE VIEW cable_parts AS
    SELECT id, subject, substr(t, 1, n) AS preamble, substr(t, n + 1) AS body
    FROM (SELECT id, subject, CAST(sqlar_uncompress(body_zlib, body_size) AS TEXT) AS t,
                 coalesce(json_extract(record, '$.preamble_length'), 0) AS n FROM cables);
CREATE VIRTUAL TABLE cables_fts USING fts5(
    subject, preamble, body, content='cable_parts', content_rowid='id',
    tokenize='porter unicode61 remove_diacritics 2'
);
INSERT INTO cables_fts(rowid, subject, preamble, body)
    SELECT id, subject, preamble, body FROM cable_parts WHERE id IN (SELECT id FROM cables WHERE is_current = 1);
INSERT INTO cables_fts(cables_fts) VALUES ('optimize');
CREATE TRIGGER cables_fts_delete AFTER DELETE ON cables WHEN old.is_current = 1 BEGIN
    INSERT INTO cables_fts(cables_fts, rowid, subject, preamble, body) SELECT 'delete', old.id, {_parts("old")};
    INSERT INTO cables_prefix(cables_prefix, rowid, subject, body)
        VALUES ('delete', old.id, old.subject, sqlar_uncompress(old.body_zlib, old.body_size));
    INSERT INTO cables_subject_prefix(cables_subject_prefix, rowid, subject) VALUES ('delete', old.id, old.subject);
END;
CREATE TRIGGER cables_fts_update AFTER UPDATE OF is_current, subject, body_zlib, body_size, record ON cables BEGIN
{_UPDATE_INDEXES}END;
"""

_V10 = f"""
-- The update trigger re-indexes a version only when what the indexes hold changes (whether it is
-- current, its subject, its text, where its preamble ends): an ingest that re-reads a stored
-- version after an upgrade sets its subject and record, mostly to what they were.
DROP TRIGGER cables_fts_update;
CREATE TRIGGER cables_fts_update AFTER UPDATE OF is_current, subject, body_zlib, body_size, record ON cables
WHEN old.is_current IS NOT new.is_current OR old.subject IS NOT new.subject OR old.body_zlib IS NOT new.body_zlib
     OR old.body_size IS NOT new.body_size
     OR json_extract(old.record, '$.preamble_length') IS NOT json_extract(new.record, '$.preamble_length')
BEGIN
{_UPDATE_INDEXES}END;
"""

_V11 = """
-- The words of the unstemmed index with how many current cables hold each: spelling suggestions
-- for a search that finds nothing (search/suggest.py). A view over the index: nothing is stored.
CREATE VIRTUAL TABLE cables_words USING fts5vocab(cables_prefix, row);
"""

_V12 = """
-- An addressee may be a person named without an office symbol (`NSC FOR HELGERSON`): office may be
-- NULL. Rows written before keep the name in `office` until their cable is read again.
CREATE TABLE addressees_v12 (
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    agency TEXT,
    office TEXT,
    name TEXT,
    PRIMARY KEY (cable_id, position)
) WITHOUT ROWID;
INSERT INTO addressees_v12 SELECT cable_id, position, agency, office, name FROM addressees;
DROP TABLE addressees;
ALTER TABLE addressees_v12 RENAME TO addressees;
"""

_V13 = """
-- cablebase review: the model an archive trained on its own marked paragraphs (JSON text, see
-- review/classifier.py; never a pickle), and the scores it gave: per paragraph, the calibrated
-- probability that its words are classified text; per cable, that probability read from all its
-- paragraphs' words, and the most likely level (`sensitivity:` in the query language). Written by
-- `review --score`; `model` is the digest of the model that scored.
CREATE TABLE review_models (
    name TEXT PRIMARY KEY,
    trained TEXT NOT NULL,
    model TEXT NOT NULL
);
CREATE TABLE paragraph_scores (
    cable_id INTEGER NOT NULL REFERENCES cables(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    p_classified REAL NOT NULL,
    PRIMARY KEY (cable_id, position)
) WITHOUT ROWID;
CREATE TABLE cable_scores (
    cable_id INTEGER PRIMARY KEY REFERENCES cables(id) ON DELETE CASCADE,
    sensitivity REAL NOT NULL,
    level TEXT NOT NULL,
    model TEXT NOT NULL
);
CREATE INDEX cable_scores_sensitivity ON cable_scores(sensitivity);
"""

_V14 = """
-- Versions stored before their analysis (people, organisations, dated events): an ingest stores and
-- indexes the cables first, so that the archive is searchable at once, then analyses them in a
-- second pass that deletes their rows here (`cablebase analyse` finishes what an interrupted or
-- `--analyse-later` ingest left).
CREATE TABLE unanalysed (
    cable_id INTEGER PRIMARY KEY REFERENCES cables(id) ON DELETE CASCADE
);
"""

_V15 = """
-- A dated event whose year could not be decided (no year, no tense, months from the cable's date):
-- its date is the nearest reading, marked uncertain (shown and exported as such).
ALTER TABLE events ADD COLUMN uncertain INTEGER NOT NULL DEFAULT 0;
"""

_V16 = """
-- The archive's generation: a number that every change to the cables or to the failures moves on
-- (by any writer: an ingest, `copy`, a row deleted in the sqlite3 shell), and the whole-archive
-- summaries computed for a generation (statistics, browse lists, most-cited ranks, coverage, as
-- JSON: see summaries.py), written at the end of an ingest or `analyse` so that a server starts at
-- once and reads them instead of computing them (minutes on a Cablegate-sized archive).
CREATE TABLE generation (
    id INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO generation VALUES (1, 0);
CREATE TABLE summaries (
    name TEXT PRIMARY KEY,
    generation INTEGER NOT NULL,
    value TEXT NOT NULL
);
""" + "".join(f"""CREATE TRIGGER {table}_generation_{event.lower()} AFTER {event} ON {table} BEGIN
    UPDATE generation SET generation = generation + 1;
END;
""" for table in ("cables", "failures") for event in ("INSERT", "UPDATE", "DELETE"))

_V17 = """
-- Two search filters as sets of cable ids, so that a word with the filter tests each match's id
-- against the set instead of reading its row: the signers of each cable (kept from `cables.signers`
-- by triggers, whoever writes the cables), and the cables that have a summary (a partial index:
-- `summary` is in neither covering index).
CREATE TABLE cable_signers (
    name TEXT NOT NULL COLLATE NOCASE,
    cable_id INTEGER NOT NULL,
    PRIMARY KEY (cable_id, name)
) WITHOUT ROWID;
CREATE INDEX cable_signers_name ON cable_signers(name);
INSERT OR IGNORE INTO cable_signers SELECT s.value, c.id FROM cables c, json_each(c.signers) s WHERE s.type = 'text';
CREATE TRIGGER cables_signers_insert AFTER INSERT ON cables BEGIN
    INSERT OR IGNORE INTO cable_signers SELECT value, new.id FROM json_each(new.signers) WHERE type = 'text';
END;
CREATE TRIGGER cables_signers_delete AFTER DELETE ON cables BEGIN
    DELETE FROM cable_signers WHERE cable_id = old.id;
END;
CREATE TRIGGER cables_signers_update AFTER UPDATE OF id, signers ON cables BEGIN
    DELETE FROM cable_signers WHERE cable_id = old.id;
    INSERT OR IGNORE INTO cable_signers SELECT value, new.id FROM json_each(new.signers) WHERE type = 'text';
END;
CREATE INDEX cables_summarised ON cables(id) WHERE summary IS NOT NULL;
"""

_V18 = """
-- The current cables by origin name and by year, in row id order for each value: `origin:` and
-- `year:` beside words become sets of ids tested on the text index (store/compile.py SETS), as
-- `class:` does over cables_class.
CREATE INDEX cables_origin_name ON cables(is_current, origin COLLATE NOCASE);
CREATE INDEX cables_year ON cables(is_current, year);
"""


def _counted_by_year(where: str = "") -> str:
    """SELECT (year, cable_id, entries): the timeline entries (a cable's sentence, at its earliest
    date) of the events `where` selects, counted by the year of their first date (0: undated)."""
    return f"""SELECT ifnull(CAST(substr(first, 1, 4) AS INTEGER), 0), cable_id, count(*) FROM (
    SELECT cable_id, min(date) AS first FROM events {where}
    GROUP BY cable_id, paragraph_position, sentence, sentence_start, sentence_end) GROUP BY 1, 2"""


def _count_again(row: str) -> str:
    """A trigger's statements counting the entries of the cable of `row` (`new` or `old`) again."""
    return f"""DELETE FROM event_years WHERE cable_id = {row}.cable_id;
INSERT INTO event_years {_counted_by_year(f"WHERE cable_id = {row}.cable_id")};
"""


_V19 = """
-- How many timeline entries (a sentence of a cable, at its earliest date) each version has in each
-- year, kept from the events by these triggers whoever writes them: a query's counts by year are
-- its matches' rows summed, not every event of the result grouped (1.17M for `iran` at 251k cables).
CREATE TABLE event_years (
    year INTEGER NOT NULL,                   -- of the entries' first date; 0: undated
    cable_id INTEGER NOT NULL,
    entries INTEGER NOT NULL,
    PRIMARY KEY (year, cable_id)
) WITHOUT ROWID;
CREATE INDEX event_years_cable ON event_years(cable_id);
INSERT INTO event_years """ + _counted_by_year() + """;
CREATE TRIGGER events_years_insert AFTER INSERT ON events BEGIN
""" + _count_again("new") + """END;
CREATE TRIGGER events_years_delete AFTER DELETE ON events BEGIN
""" + _count_again("old") + """END;
CREATE TRIGGER events_years_update AFTER UPDATE ON events BEGIN
""" + _count_again("old") + _count_again("new") + """END;
"""

MIGRATIONS: list[str] = [_V1, _V2, _V3, _V4, _V5, _V6, _V7, _V8, _V9, _V10, _V11, _V12, _V13, _V14, _V15, _V16, _V17,
                         _V18, _V19]
SCHEMA_VERSION = len(MIGRATIONS)
_LAST_SLOW = 9
"""Migrations up to this one rewrite tables or rebuild indexes (minutes on a large archive): said first."""


def migrate(conn: sqlite3.Connection) -> int:
    """Bring the schema up to SCHEMA_VERSION; returns the version found before."""
    found = conn.execute("PRAGMA user_version").fetchone()[0]
    if found > SCHEMA_VERSION:
        raise SchemaError(f"archive schema version {found} is newer than this cablebase ({SCHEMA_VERSION})")
    if 0 < found < _LAST_SLOW:  # said on stderr (logging's last resort) unless logging is set up
        logging.getLogger("cablebase").warning(
            "upgrading the archive from schema %d to %d: this can take minutes for a large archive "
            "(about 100 s per 100,000 cables to schema 8, 45 s more to schema 9)", found, SCHEMA_VERSION)
    for version in range(found + 1, SCHEMA_VERSION + 1):
        with transaction(conn):
            if conn.execute("PRAGMA user_version").fetchone()[0] >= version:
                continue  # another process migrated meanwhile
            for statement in _statements(MIGRATIONS[version - 1]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {version}")
    return found


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT (ROLLBACK on error) on an autocommit connection."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        if conn.in_transaction:  # SQLite has rolled back already on some errors (a full disk)
            conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """Split a DDL script into statements (triggers contain ';' inside BEGIN ... END)."""
    out: list[str] = []
    buffer = ""
    for line in script.splitlines(keepends=True):
        if line.strip().startswith("--") and not buffer.strip():
            continue
        buffer += line
        if sqlite3.complete_statement(buffer):
            out.append(buffer.strip())
            buffer = ""
    return out
