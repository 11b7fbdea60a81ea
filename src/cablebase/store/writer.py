"""Writes: one batch of parsed cables per transaction, versioned and idempotent."""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from typing import Any, Callable, ContextManager
from datetime import datetime, timezone

from ..errors import ParseError
from ..model import Cable
from ..vocab.ids import canonical_id
from .bodies import pack
from .driver import sqlite3
from .schema import transaction


def now() -> str:
    """The current UTC time, ISO 8601."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(cable: Cable) -> str:
    """What decides whether a cable that arrives again is a new version: its clean text."""
    return hashlib.sha256(cable.body.encode("utf-8", "surrogatepass")).hexdigest()


def cable_key(cable: Cable, digest: str) -> str:
    """Versions are grouped by reference id; records whose year is unknown by their text."""
    return cable.reference_id or f"sha:{digest}"


@dataclass
class Prepared:
    """A cable turned into the rows the archive stores. Made where the cable was parsed (an ingest
    worker): plain tuples travel between processes far more cheaply than the record's objects,
    and the one writer is left with nothing but SQL to run."""

    key: str
    digest: str
    partial_notice: str | None  # not a column: kept for filling in a record stored without it
    body: str  # the text, for the full-text indexes (the row holds it compressed)
    preamble_length: int  # where the preamble ends in it: the ranked index holds the two apart
    cable: tuple  # the `cables` columns from reference_id to record (see _CABLE_COLUMNS)
    source: tuple
    paragraphs: list[tuple]
    refs: list[tuple]
    tags: list[tuple]
    captions: list[str]
    addressees: list[tuple]
    entities: list[tuple]
    aliases: list[tuple]
    mentions: list[tuple]
    events: list[tuple]
    vectors: tuple[str, str] | None = None  # PostgreSQL's full-text vectors (store/postgres), made by the worker
    analysed: bool = True  # False: stored before its analysis (entities and events empty), listed in `unanalysed`

    def column(self, name: str):
        """The value this version stores in one of the `cables` columns of `cable` (_CABLE_COLUMNS)."""
        return self.cable[_CABLE_COLUMNS.index(name)]

    @property
    def subject(self) -> str | None:
        return self.column("subject")

    @property
    def released(self) -> str | None:
        return self.column("released")


_CABLE_COLUMNS = ("reference_id", "origin_code", "serial", "year", "month", "origin", "created", "released",
                  "classification", "classification_raw", "subject", "summary", "partial", "redactions",
                  "has_action", "signers", "body_zlib", "body_size", "record")


@dataclass
class Analysis:
    """The rows of one stored version's analysis (people, organisations, dated events), made in a
    worker by the second pass of an ingest (see `unanalysed`, `write_analysis`)."""

    cable_id: int
    entities: list[tuple]
    aliases: list[tuple]
    mentions: list[tuple]
    events: list[tuple]
    error: str | None = None  # why the rules failed on this version (stored then without its analysis)


def analysis_rows(cable: Cable) -> tuple[list[tuple], list[tuple], list[tuple], list[tuple]]:
    """The entities, aliases, mentions and events rows of an analysed cable."""
    return ([(e.key, e.kind, e.name) for e in cable.entities],
            [(e.key, alias) for e in cable.entities for alias in e.aliases],
            [(e.key, e.mentions, json.dumps(e.titles), json.dumps(e.aliases), json.dumps(e.paragraphs))
             for e in cable.entities],
            [(i, ev.date, ev.precision, ev.text, ev.paragraph, *(ev.at or (None, None, None)),
              None if ev.at else ev.sentence, int(ev.uncertain)) for i, ev in enumerate(cable.events)])


def prepare(cable: Cable, analysed: bool = True, packed: bool = True) -> Prepared:
    """The rows that store `cable` (see Prepared); `analysed=False` for a cable not analysed yet;
    `packed=False` leaves the body uncompressed in `body` alone (body_zlib, body_size None: a
    backend that compresses it itself)."""
    digest = content_hash(cable)
    entities, aliases, mentions, events = analysis_rows(cable)
    s = cable.source
    return Prepared(
        key=cable_key(cable, digest), digest=digest, partial_notice=cable.partial_notice, body=cable.body,
        preamble_length=len(cable.preamble),
        cable=(cable.reference_id, cable.origin_code, cable.serial, cable.year,
               cable.created[:7] if cable.created else None, cable.origin, cable.created, cable.released,
               cable.classification, cable.classification_raw, cable.subject, cable.summary, int(cable.partial),
               cable.redactions, int(cable.action_request is not None), json.dumps(cable.signers),
               *(pack(cable.body) if packed else (None, None)),
               _record_json(cable)),
        source=(s.format, s.path, s.record, s.sha256),
        paragraphs=[(i, p.number, p.marking, p.heading, *(p.span or (None, None)), None if p.span else p.text)
                    for i, p in enumerate(cable.paragraphs)],
        refs=[(cable.reference_id, i, r.letter, r.kind, r.raw, r.id, r.origin_code, r.serial)
              for i, r in enumerate(cable.references)],
        tags=[(t.code, t.kind, t.description, int(t.known)) for t in cable.tags],
        captions=list(cable.captions),
        addressees=[(i, a.agency, a.office, a.name) for i, a in enumerate(cable.addressees)],
        entities=entities, aliases=aliases, mentions=mentions, events=events, analysed=analysed,
    )


def write_batch(conn: sqlite3.Connection, cables: list[Prepared], failures: list[ParseError],
                run_id: int | None) -> Counter:
    """Store a batch of prepared cables and failures in one transaction; returns counts of new /
    version / unchanged / refreshed / failed (refreshed: an unchanged text whose stored reading, made
    by other parsing code, was rewritten from this one)."""
    counts: Counter = Counter()
    stamp = now()
    indexed: list[tuple] = []  # new current versions, for the full-text indexes
    dropped: set[tuple[int, str]] = set()  # (entity, alias) pairs a re-read no longer gives
    with transaction(conn):
        row = conn.execute("SELECT parser FROM runs WHERE id = ?", (run_id,)).fetchone() if run_id else None
        parser = row[0] if row else None
        for cable in cables:
            counts[_write_one(conn, cable, run_id, parser, stamp, indexed, dropped)] += 1
        _index(conn, indexed)
        _drop_aliases(conn, dropped)
        for failure in failures:
            _record_failure(conn, failure, run_id, stamp)
            counts["failed"] += 1
    return counts


def _write_one(conn: sqlite3.Connection, cable: Prepared, run_id: int | None, parser: str | None, stamp: str,
               indexed: list[tuple], dropped: set[tuple[int, str]]) -> str:
    versions = conn.execute("SELECT id, version, is_current, released, content_hash, record, "
                            "(SELECT parser FROM runs WHERE runs.id = cables.run_id) FROM cables "
                            "WHERE key = ?", (cable.key,)).fetchall()
    same = next((v for v in versions if v[4] == cable.digest), None)
    moved = None if same else _dated_now(conn, cable, versions)
    if same or moved:
        same = same or moved
        _add_source(conn, same[0], cable, run_id)
        if moved or (parser is not None and same[6] != parser):  # read anew (other parsing code): rewrite it
            _index(conn, indexed)  # (the triggers that re-index it need it indexed first)
            dropped |= _refresh(conn, same[0], same[3], same[5], cable, run_id)
            return "refreshed"
        _fill_metadata(conn, same[0], same[3], same[5], cable)
        return "unchanged"
    if not versions and (stored := _dated_before(conn, cable)) is not None:  # kept as the dated reading has it
        _add_source(conn, stored, cable, run_id)
        return "unchanged"
    current = next((v for v in versions if v[2]), None)
    is_current = not (current and current[3] and cable.released and current[3] > cable.released)
    if is_current and current:
        _index(conn, indexed)  # the trigger that unindexes the old version needs it indexed first
        conn.execute("UPDATE cables SET is_current = 0 WHERE id = ?", (current[0],))
    latest = max((v[1] for v in versions), default=0)
    cable_id = _insert(conn, cable, latest + 1, is_current, run_id, stamp)
    _add_source(conn, cable_id, cable, run_id)
    if is_current:
        indexed.append((cable_id, cable.subject, cable.body, cable.preamble_length))
    return "version" if versions else "new"


def _dated_now(conn: sqlite3.Connection, cable: Prepared, versions: list) -> tuple | None:
    """The same text stored before under its text's key (`sha:…`: its year was unknown), when this
    reading dates it and its reference id holds no version yet: moved under the id (then re-read),
    so that it is not stored twice. Returned like a row of `versions`."""
    if versions or cable.key.startswith("sha:"):
        return None
    row = conn.execute("SELECT id, version, is_current, released, content_hash, record, NULL FROM cables "
                       "WHERE key = ?", (f"sha:{cable.digest}",)).fetchone()
    if row is not None:
        conn.execute("UPDATE cables SET key = ? WHERE id = ?", (cable.key, row[0]))
    return row


def _dated_before(conn: sqlite3.Connection, cable: Prepared) -> int | None:
    """For a reading that cannot date its text (`sha:…` key), the id of a version that holds the same
    text under a reference id (another form, a file name or `--year` dated it): read from the same
    bytes before, or a cable of the same origin and serial in any year. None when there is none."""
    if not cable.key.startswith("sha:"):
        return None
    row = conn.execute("SELECT c.id FROM sources s JOIN cables c ON c.id = s.cable_id "
                       "WHERE s.sha256 = ? AND c.content_hash = ? LIMIT 1", (cable.source[3], cable.digest)).fetchone()
    origin, serial = cable.column("origin_code"), cable.column("serial")
    if row is None and origin and serial is not None:
        ids = [canonical_id(year, origin, serial) for year in range(100)]
        row = conn.execute(f"SELECT id FROM cables WHERE reference_id IN ({','.join('?' * len(ids))}) "
                           "AND content_hash = ? LIMIT 1", (*ids, cable.digest)).fetchone()
    return row[0] if row else None


def _index(conn: sqlite3.Connection, pending: list[tuple]) -> None:
    """Add pending (id, subject, body, preamble length) rows to the full-text indexes, and empty the list."""
    conn.executemany("INSERT INTO cables_fts (rowid, subject, preamble, body) VALUES (?,?,?,?)",
                     [(i, subject, body[:n], body[n:]) for i, subject, body, n in pending])
    conn.executemany("INSERT INTO cables_prefix (rowid, subject, body) VALUES (?,?,?)", [p[:3] for p in pending])
    conn.executemany("INSERT INTO cables_subject_prefix (rowid, subject) VALUES (?,?)", [p[:2] for p in pending])
    pending.clear()


# Record fields that are `cables` columns of the same name (rebuilt from them by Archive.cable_from_row)
RECORD_COLUMNS = ("reference_id", "origin_code", "serial", "year", "origin", "created", "released", "classification",
                  "classification_raw", "subject", "summary", "partial", "redactions", "signers")


def _record_json(cable: Cable) -> str:
    """The record minus what the columns and tables already hold (rebuilt by Archive.cable_from_row)."""
    data = cable.to_json_dict()
    for stored_elsewhere in ("body", "paragraphs", "source", "events", "entities", "preamble", "sensitivity",
                             *RECORD_COLUMNS):
        data.pop(stored_elsewhere)
    data["preamble_length"] = len(cable.preamble)
    hints = {t["code"]: t["probably"] for t in data["tags"] if t["probably"]}
    printed = {t["code"]: t["printed"] for t in data["tags"] if t["printed"]}
    data["tags"] = [t["code"] for t in data["tags"]]
    if hints:  # the known code the parser took an unknown one for (a letter away): stored, never re-derived
        data["tag_hints"] = hints
    if printed:  # a code the cable misprinted (MOPPS read as MOPS): the form printed
        data["tag_printed"] = printed
    if data["action_request"]:
        data["action_request"].pop("text")
    return _dump_record(data)


def _dump_record(data: dict) -> str:
    """`cables.record` as stored: compact JSON, text unescaped."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _insert(conn: sqlite3.Connection, cable: Prepared, version: int, is_current: bool, run_id: int | None,
            stamp: str) -> int:
    cur = conn.execute(
        f"INSERT INTO cables (key, version, is_current, content_hash, run_id, ingested, {', '.join(_CABLE_COLUMNS)}) "
        f"VALUES (?,?,?,?,?,?,{','.join('?' * len(cable.cable))})",
        (cable.key, version, int(is_current), cable.digest, run_id, stamp, *cable.cable))
    cable_id = cur.lastrowid
    _insert_parts(conn, cable_id, cable)
    return cable_id


_PARTS = ("paragraphs", "refs", "cable_tags", "captions", "addressees", "mentions", "events")
"""The tables whose rows hang off one version (see _insert_parts)."""


def _insert_parts(conn: sqlite3.Connection, cable_id: int, cable: Prepared) -> None:
    """A version's rows in the _PARTS tables, and the tags and entities they name."""
    conn.executemany("INSERT INTO paragraphs VALUES (?,?,?,?,?,?,?,?)", [(cable_id, *p) for p in cable.paragraphs])
    conn.executemany("INSERT INTO refs VALUES (?,?,?,?,?,?,?,?,?)", [(cable_id, *r) for r in cable.refs])
    conn.executemany("INSERT OR IGNORE INTO tags VALUES (?,?,?,?)", cable.tags)
    conn.executemany("INSERT OR IGNORE INTO cable_tags VALUES (?,?)", [(cable_id, t[0]) for t in cable.tags])
    conn.executemany("INSERT OR IGNORE INTO captions VALUES (?,?)", [(cable_id, c) for c in cable.captions])
    conn.executemany("INSERT INTO addressees VALUES (?,?,?,?,?)", [(cable_id, *a) for a in cable.addressees])
    if cable.analysed:
        _insert_analysis(conn, Analysis(cable_id, cable.entities, cable.aliases, cable.mentions, cable.events))
    else:
        conn.execute("INSERT OR IGNORE INTO unanalysed VALUES (?)", (cable_id,))


def _insert_analysis(conn: sqlite3.Connection, rows: Analysis) -> None:
    """A version's people, organisations (with the entities and aliases they name) and events."""
    conn.executemany("INSERT INTO entities (key, kind, name) VALUES (?,?,?) ON CONFLICT (key) DO NOTHING",
                     rows.entities)
    conn.executemany("INSERT OR IGNORE INTO entity_aliases VALUES ((SELECT id FROM entities WHERE key = ?), ?)",
                     rows.aliases)
    conn.executemany("INSERT OR REPLACE INTO mentions VALUES ((SELECT id FROM entities WHERE key = ?),?,?,?,?,?)",
                     [(m[0], rows.cable_id, *m[1:]) for m in rows.mentions])
    conn.executemany("INSERT INTO events (cable_id, position, date, precision, text, paragraph, paragraph_position, "
                     "sentence_start, sentence_end, sentence, uncertain) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                     [(rows.cable_id, *e) for e in rows.events])


NEXT_GENERATION = "UPDATE generation SET generation = generation + 1"
"""What moves the archive's generation on (store/schema.py _V16) when the people, organisations and
events change without a cable row changing (a second analysis pass, surnames folded), so that the
summaries built on them (the entities index) are computed again."""


def write_analysis(conn: sqlite3.Connection, batch: list[Analysis]) -> int:
    """Store the analysis of versions stored without it, in one transaction; a version no longer
    waiting for it (re-read meanwhile) is left alone. A version the rules failed on is recorded
    among the failures (its file and record, and why), so `cablebase failures` names it. Returns
    how many were stored."""
    stored = 0
    with transaction(conn):
        for rows in batch:
            if conn.execute("DELETE FROM unanalysed WHERE cable_id = ?", (rows.cable_id,)).rowcount:
                _insert_analysis(conn, rows)
                stored += 1
                if rows.error:
                    _record_analysis_failure(conn, rows)
        if stored:
            conn.execute(NEXT_GENERATION)
    return stored


def merge_surnames(conn: Any, atomic: Callable[[], ContextManager] | None = None, mark: str = "?") -> int:
    """Across the archive, fold each person named only by a surname (`Nazarbayev`, as entity key) into
    the one person whose full name ends with it (`Nursultan Nazarbayev`), when exactly one does: its
    mentions, titles and aliases join the full name's, the surname becomes an alias. Two full names
    with that surname (Bill and Hillary Clinton) leave it alone; a different surname (`Nazarbayeva`,
    the President's daughter) never matches. Returns how many surnames were folded. The same SQL for
    both backends: `conn` a SQLite connection (`transaction`), or PostgreSQL's with its `atomic`
    (`conn.transaction`) and `mark` (`%s`)."""
    full: dict[str, int] = {}  # surname -> the one full name ending with it (0: several); the rows read as they come
    lone: list[tuple[int, str, str]] = []
    for entity_id, key, name in conn.execute("SELECT id, key, name FROM entities WHERE kind = 'person'"):
        words = key.split(":", 1)[1].split()
        if len(words) == 1:
            lone.append((entity_id, words[0], name))
        elif len(words[-1]) > 1:
            full[words[-1]] = 0 if words[-1] in full else entity_id
    folds = [(entity_id, into, name) for entity_id, surname, name in lone if (into := full.get(surname))]
    with (atomic or (lambda: transaction(conn)))():
        for start in range(0, len(folds), _FOLDS):
            _fold(conn, folds[start:start + _FOLDS], mark)
        if folds:
            conn.execute(NEXT_GENERATION)
    return len(folds)


_FOLDS = 500
"""Surnames folded together: a few statements for each such chunk, not a few for each mention moved
(over a PostgreSQL connection each statement waited for its round trip: the fold took 30 % of a
loaded 10,000-cable ingest)."""


def _fold(conn: Any, folds: list[tuple[int, int, str]], mark: str) -> None:
    """Move each surname's (`source`) mentions and aliases to its full name (`target`), the surname
    becoming an alias; drop the surnames' entities. Each full name receives one surname at most."""
    into = {source: (target, name) for source, target, name in folds}
    ids = [*into, *(target for target, _ in into.values())]
    held = {(entity_id, cable_id): row for entity_id, cable_id, *row in conn.execute(
        "SELECT entity_id, cable_id, count, titles, aliases, paragraphs FROM mentions "
        f"WHERE entity_id IN ({', '.join([mark] * len(ids))})", ids)}
    merged, moved = [], []
    for (source, cable_id), (count, *lists) in held.items():
        if source not in into:
            continue
        target, name = into[source]
        titles, aliases, paragraphs = (_listed(v) for v in lists)
        aliases = list(dict.fromkeys([*aliases, name]))
        mine = held.get((target, cable_id))
        if mine is not None:
            count += mine[0]
            titles, aliases, paragraphs = (_union(_listed(a), b) for a, b in zip(mine[1:], (titles, aliases, paragraphs)))
            merged.append((target, cable_id))
        moved.append((target, count, *(json.dumps(v, ensure_ascii=False) for v in (titles, aliases, paragraphs)),
                      source, cable_id))
    cur = conn.cursor()
    for sql, rows in (
            ("DELETE FROM mentions WHERE entity_id = ? AND cable_id = ?", merged),
            ("UPDATE mentions SET entity_id = ?, count = ?, titles = ?, aliases = ?, paragraphs = ? "
             "WHERE entity_id = ? AND cable_id = ?", moved),
            ("INSERT INTO entity_aliases SELECT ?, alias FROM entity_aliases WHERE entity_id = ? ON CONFLICT DO NOTHING",
             [(target, source) for source, (target, _) in into.items()]),
            ("INSERT INTO entity_aliases VALUES (?, ?) ON CONFLICT DO NOTHING", list(into.values())),
            ("DELETE FROM entity_aliases WHERE entity_id = ?", [(source,) for source in into]),
            ("DELETE FROM entities WHERE id = ?", [(source,) for source in into])):
        if rows:
            cur.executemany(sql.replace("?", mark), rows)


def _listed(value: Any) -> list:
    """A JSON list column's value: text in SQLite, already decoded from PostgreSQL's jsonb."""
    return json.loads(value) if isinstance(value, str) else value


def _union(first: list, second: list) -> list:
    """The items of both lists, each once, in order (numbers sorted: a mention's paragraphs)."""
    items = list(dict.fromkeys([*first, *second]))
    return sorted(items) if all(isinstance(i, int) for i in items) else items


def _record_analysis_failure(conn: sqlite3.Connection, rows: Analysis) -> None:
    """Remember a stored version whose analysis failed, under the file and record it was read from."""
    key, path, record, run_id = conn.execute(
        "SELECT c.key, s.path, s.record, s.run_id FROM cables c LEFT JOIN sources s ON s.cable_id = c.id "
        "WHERE c.id = ? ORDER BY s.run_id DESC LIMIT 1", (rows.cable_id,)).fetchone()
    reason = (f"{key}: people, organisations and dates not found (the cable is stored and searchable): "
              f"{rows.error}")
    _record_failure(conn, ParseError(reason, path=path, record=record), run_id, now())


def _refresh(conn: sqlite3.Connection, cable_id: int, released: str | None, record: str, cable: Prepared,
             run_id: int | None) -> set[tuple[int, str]]:
    """Rewrite a stored version as this parse reads the same text (other parsing code stored it):
    its columns but the text itself, and its rows in the _PARTS tables. A release date or
    partial-extract notice that only another form of the cable gave it is kept (see _fill_metadata);
    people and organisations no longer named anywhere are dropped. Returns the (entity, alias) pairs
    the old reading gave and this one does not (see _drop_aliases)."""
    values = dict(zip(_CABLE_COLUMNS, cable.cable))
    del values["body_zlib"], values["body_size"]  # the same text (same content hash)
    values["released"] = values["released"] or released
    if cable.partial_notice is None and (notice := json.loads(record).get("partial_notice")) is not None:
        data = json.loads(values["record"])
        data["partial_notice"] = notice
        values["record"], values["partial"] = _dump_record(data), 1
    named = conn.execute("SELECT entity_id, aliases FROM mentions WHERE cable_id = ?", (cable_id,)).fetchall()
    conn.execute(f"UPDATE cables SET {', '.join(f'{column} = ?' for column in values)}, run_id = ? WHERE id = ?",
                 (*values.values(), run_id, cable_id))  # the full-text triggers re-index subject and preamble
    for table in _PARTS:
        conn.execute(f"DELETE FROM {table} WHERE cable_id = ?", (cable_id,))
    if cable.analysed:
        conn.execute("DELETE FROM unanalysed WHERE cable_id = ?", (cable_id,))
    _insert_parts(conn, cable_id, cable)
    gone = [(i,) for i in {r[0] for r in named}
            if conn.execute("SELECT 1 FROM mentions WHERE entity_id = ? LIMIT 1", (i,)).fetchone() is None]
    conn.executemany("DELETE FROM entity_aliases WHERE entity_id = ?", gone)
    conn.executemany("DELETE FROM entities WHERE id = ?", gone)
    given = {(i, alias) for i, aliases in named if aliases != "[]" for alias in json.loads(aliases)}
    if not given:
        return set()
    ids = {i for i, _ in given}
    keys = dict(conn.execute(f"SELECT id, key FROM entities WHERE id IN ({','.join('?' * len(ids))})",
                             list(ids)).fetchall())  # (the dropped entities are gone)
    still = set(cable.aliases)  # (entity key, alias) as this reading gives them
    return {(i, alias) for i, alias in given if i in keys and (keys[i], alias) not in still}


def _drop_aliases(conn: sqlite3.Connection, pairs: set[tuple[int, str]]) -> None:
    """Drop the (entity, alias) pairs that re-reads stopped giving, unless another version still gives
    them: `entity_aliases` holds the union of what every version's mentions give. Checked once a
    batch, so that an alias many re-read cables drop is looked for once, not once a cable."""
    for entity_id, alias in pairs:
        if conn.execute("SELECT 1 FROM mentions m, json_each(m.aliases) a WHERE m.entity_id = ? AND a.value = ? "
                        "LIMIT 1", (entity_id, alias)).fetchone() is None:
            conn.execute("DELETE FROM entity_aliases WHERE entity_id = ? AND alias = ?", (entity_id, alias))


def _add_source(conn: sqlite3.Connection, cable_id: int, cable: Prepared, run_id: int | None) -> None:
    conn.execute("INSERT INTO sources VALUES (?,?,?,?,?,?) ON CONFLICT (cable_id, sha256) DO UPDATE SET "
                 "run_id = excluded.run_id", (cable_id, *cable.source, run_id))  # run_id: the last run that read it


def _fill_metadata(conn: sqlite3.Connection, cable_id: int, released: str | None, record: str,
                   cable: Prepared) -> None:
    """Metadata that one form of a cable carries and another lacks (the CSV dump has no release date
    and no partial-extract notice), filled in when the same text arrives again from a richer form."""
    if cable.released is not None and released is None:
        conn.execute("UPDATE cables SET released = ? WHERE id = ?", (cable.released, cable_id))
    if cable.partial_notice is None:  # the common case on a re-ingest: no JSON to decode
        return
    stored = json.loads(record)
    if stored.get("partial_notice") is None:
        stored["partial_notice"] = cable.partial_notice
        conn.execute("UPDATE cables SET record = ?, partial = 1 WHERE id = ?",
                     (_dump_record(stored), cable_id))


def _record_failure(conn: sqlite3.Connection, failure: ParseError, run_id: int | None, stamp: str) -> None:
    """Remember a record that could not be parsed (once per file, record and reason)."""
    conn.execute("""INSERT INTO failures (path, record, reason, run_id, seen) VALUES (?,?,?,?,?)
                    ON CONFLICT (path, ifnull(record, -1), reason) DO UPDATE SET run_id = excluded.run_id,
                    seen = excluded.seen""", (failure.path or "<input>", failure.record, failure.reason, run_id, stamp))
