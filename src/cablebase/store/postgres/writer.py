"""Writes into PostgreSQL: one batch of prepared cables per transaction, versioned and idempotent,
with the same outcomes as the SQLite writer (store/writer.py). Cables whose key the archive does
not hold yet (nearly all of a first ingest) are loaded with COPY; the others (a new version, the
same text again, a re-read by other parsing code) go through the same steps as on SQLite, row by row.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from typing import Any, Iterable

import psycopg

from ...errors import ParseError
from ...model import Cable
from ...vocab.ids import canonical_id
from ..writer import Prepared, _CABLE_COLUMNS, _dump_record, now
from ..writer import prepare as prepare_rows
from .lexemes import vectors

_UNSTORABLE = re.compile("[\x00\ud800-\udfff]")
COLUMNS = tuple(c for c in _CABLE_COLUMNS if c not in ("body_zlib", "body_size")) + ("body", "preamble_length")
"""The `cables` columns a version's values fill (see `values`), besides key, version and bookkeeping."""


def text(value: Any) -> Any:
    """A value PostgreSQL can store: its text type holds no NUL and no lone surrogate (both are
    turned into U+FFFD; SQLite stores them as they are)."""
    if not isinstance(value, str) or (value.isascii() and "\x00" not in value):
        return value
    return _UNSTORABLE.sub("\ufffd", value)


def prepare(cable: Cable) -> Prepared:
    """`store.writer.prepare`, plus the full-text vectors: the costliest part of a PostgreSQL write,
    made where the cable was parsed (an ingest worker) rather than by the one writer; the body is
    not zlib-compressed (PostgreSQL compresses it itself)."""
    return with_vectors(prepare_rows(cable, packed=False))


def with_vectors(cable: Prepared) -> Prepared:
    """A prepared cable with its full-text vectors (see lexemes.py)."""
    if cable.vectors is None:
        n, body = cable.preamble_length, text(cable.body)
        cable.vectors = vectors(text(cable.subject), body[:n], body[n:])
    return cable


def values(cable: Prepared) -> list:
    """The values of COLUMNS for one prepared cable."""
    row = dict(zip(_CABLE_COLUMNS, cable.cable))
    del row["body_zlib"], row["body_size"]
    return [*(text(v) for v in row.values()), text(cable.body), cable.preamble_length]


def _index(conn: psycopg.Connection, cable_id: int, cable: Prepared) -> None:
    """Put a current version in the full-text index."""
    conn.execute("INSERT INTO search_text VALUES (%s, %s, %s)", (cable_id, *with_vectors(cable).vectors))


def write_batch(conn: psycopg.Connection, cables: list[Prepared], failures: list[ParseError],
                run_id: int | None) -> Counter:
    """Store a batch of prepared cables and failures in one transaction; returns counts of new /
    version / unchanged / refreshed / failed, as `store.writer.write_batch` does."""
    counts: Counter = Counter()
    stamp = now()
    with conn.transaction():
        row = conn.execute("SELECT parser FROM runs WHERE id = %s", (run_id,)).fetchone() if run_id else None
        parser = row[0] if row else None
        keys = list({c.key for c in cables} | {f"sha:{c.digest}" for c in cables})
        held = {r[0] for r in conn.execute("SELECT DISTINCT key FROM cables WHERE key = ANY(%s)", (keys,))}
        bulk: list[Prepared] = []
        for cable in cables:
            if cable.key in held or f"sha:{cable.digest}" in held or cable.key.startswith("sha:"):
                _copy(conn, bulk, run_id, stamp)  # rows this one may depend on are written first
                counts[_write_one(conn, cable, run_id, parser, stamp)] += 1
            else:
                bulk.append(cable)
                counts["new"] += 1
            held.add(cable.key)
        _copy(conn, bulk, run_id, stamp)
        for failure in failures:
            record_failure(conn, failure, run_id, stamp)
            counts["failed"] += 1
    return counts


def _copy(conn: psycopg.Connection, cables: list[Prepared], run_id: int | None, stamp: str) -> None:
    """Load new cables (first versions) and their parts with COPY, and empty the list."""
    if not cables:
        return
    ids = [r[0] for r in conn.execute("SELECT nextval(pg_get_serial_sequence('cables', 'id')) "
                                      "FROM generate_series(1, %s)", (len(cables),))]
    with conn.cursor() as cur:
        copy_rows(cur, f"cables (id, key, version, is_current, content_hash, run_id, ingested, {', '.join(COLUMNS)})",
                  ((i, c.key, 1, 1, c.digest, run_id, stamp, *values(c)) for i, c in zip(ids, cables)))
        copy_rows(cur, "search_text", ((i, *with_vectors(c).vectors) for i, c in zip(ids, cables)))
        copy_rows(cur, "sources", ((i, *map(text, c.source), run_id) for i, c in zip(ids, cables)))
    _insert_parts(conn, list(zip(ids, cables)))
    cables.clear()


def _rows(pairs: Iterable[tuple[int, Prepared]], part: str, unique: bool = False) -> list[tuple]:
    out = [(cable_id, *(map(text, row) if isinstance(row, tuple) else (text(row),)))
           for cable_id, cable in pairs for row in getattr(cable, part)]
    return list(dict.fromkeys(out)) if unique else out


def _insert_parts(conn: psycopg.Connection, pairs: list[tuple[int, Prepared]]) -> None:
    """The versions' rows in the tables that hang off them (new rows: COPY), and the tags and
    entities they name (shared with other cables: one statement a table, skipping those held)."""
    with conn.cursor() as cur:
        tags = _first(tuple(map(text, t)) for _, cable in pairs for t in cable.tags)
        _insert_new(cur, "tags", ("text", "text", "text", "smallint"), tags)
        entities = _first(tuple(map(text, e)) for _, cable in pairs for e in cable.entities)
        _insert_new(cur, "entities (key, kind, name)", ("text", "text", "text"), entities, "(key) ")
        ids = dict(cur.execute("SELECT key, id FROM entities WHERE key = ANY(%s)", ([e[0] for e in entities],))) \
            if entities else {}
        _insert_new(cur, "entity_aliases", ("bigint", "text"),
                    list(dict.fromkeys((ids[k], text(a)) for _, cable in pairs for k, a in cable.aliases)))
        mentions = {(ids[m[0]], i): (ids[m[0]], i, *map(text, m[1:])) for i, cable in pairs for m in cable.mentions}
        for table, rows in (
                ("paragraphs", _rows(pairs, "paragraphs")), ("refs", _rows(pairs, "refs")),
                ("addressees", _rows(pairs, "addressees")),
                ("events (cable_id, position, date, precision, text, paragraph, paragraph_position, sentence_start, "
                 "sentence_end, sentence, uncertain)", _rows(pairs, "events")),
                ("cable_tags", list(dict.fromkeys((i, text(t[0])) for i, cable in pairs for t in cable.tags))),
                ("captions", _rows(pairs, "captions", True)), ("mentions", list(mentions.values()))):
            copy_rows(cur, table, rows)


def copy_rows(cur: psycopg.Cursor, table: str, rows: Iterable[tuple]) -> None:
    """Rows into `table` (a name, with its columns if not all) with COPY."""
    with cur.copy(f"COPY {table} FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _insert_new(cur: psycopg.Cursor, table: str, types: tuple[str, ...], rows: list[tuple],
                conflict: str = "") -> None:
    """Rows into a table other cables share, in one statement (its columns as arrays), skipping
    those whose key it holds (the first row of a key in `rows` wins)."""
    if rows:
        arrays = ", ".join(f"%s::{kind}[]" for kind in types)
        cur.execute(f"INSERT INTO {table} SELECT * FROM unnest({arrays}) ON CONFLICT {conflict}DO NOTHING",
                    [list(column) for column in zip(*rows)])


def _first(rows: Iterable[tuple]) -> list[tuple]:
    """The first row of each key (the first value): what row-by-row inserts that ignore conflicts keep."""
    out: dict = {}
    for row in rows:
        out.setdefault(row[0], row)
    return list(out.values())


def _write_one(conn: psycopg.Connection, cable: Prepared, run_id: int | None, parser: str | None,
               stamp: str) -> str:
    """One cable whose key the archive may hold: the steps of `store.writer._write_one`."""
    versions = conn.execute("SELECT id, version, is_current, released, content_hash, record, "
                            "(SELECT parser FROM runs WHERE runs.id = cables.run_id), subject, preamble_length "
                            "FROM cables WHERE key = %s", (cable.key,)).fetchall()
    same = next((v for v in versions if v[4] == cable.digest), None)
    moved = None if same else _dated_now(conn, cable, versions)
    if same or moved:
        same = same or moved
        add_source(conn, same[0], cable, run_id)
        if moved or (parser is not None and same[6] != parser):
            _refresh(conn, same[0], same[3], same[5], cable, run_id)
            if same[2] and (same[7], same[8]) != (cable.subject, cable.preamble_length):  # re-index it
                conn.execute("DELETE FROM search_text WHERE id = %s", (same[0],))
                _index(conn, same[0], cable)
            return "refreshed"
        _fill_metadata(conn, same[0], same[3], same[5], cable)
        return "unchanged"
    if not versions and (stored := _dated_before(conn, cable)) is not None:
        add_source(conn, stored, cable, run_id)
        return "unchanged"
    current = next((v for v in versions if v[2]), None)
    is_current = not (current and current[3] and cable.released and current[3] > cable.released)
    if is_current and current:
        conn.execute("UPDATE cables SET is_current = 0 WHERE id = %s", (current[0],))
        conn.execute("DELETE FROM search_text WHERE id = %s", (current[0],))
    latest = max((v[1] for v in versions), default=0)
    cable_id = conn.execute(
        f"INSERT INTO cables (key, version, is_current, content_hash, run_id, ingested, {', '.join(COLUMNS)}) "
        f"VALUES (%s, %s, %s, %s, %s, %s, {', '.join(['%s'] * len(COLUMNS))}) RETURNING id",
        (cable.key, latest + 1, int(is_current), cable.digest, run_id, stamp, *values(cable))).fetchone()[0]
    if is_current:
        _index(conn, cable_id, cable)
    add_source(conn, cable_id, cable, run_id)
    _insert_parts(conn, [(cable_id, cable)])
    return "version" if versions else "new"


def _dated_now(conn: psycopg.Connection, cable: Prepared, versions: list) -> tuple | None:
    """See `store.writer._dated_now`: the same text stored under `sha:…`, moved under its id."""
    if versions or cable.key.startswith("sha:"):
        return None
    row = conn.execute("SELECT id, version, is_current, released, content_hash, record, NULL, subject, "
                       "preamble_length FROM cables WHERE key = %s", (f"sha:{cable.digest}",)).fetchone()
    if row is not None:
        conn.execute("UPDATE cables SET key = %s WHERE id = %s", (cable.key, row[0]))
    return row


def _dated_before(conn: psycopg.Connection, cable: Prepared) -> int | None:
    """See `store.writer._dated_before`: a version that holds an undatable reading's text under an id."""
    if not cable.key.startswith("sha:"):
        return None
    row = conn.execute("SELECT c.id FROM sources s JOIN cables c ON c.id = s.cable_id "
                       "WHERE s.sha256 = %s AND c.content_hash = %s LIMIT 1", (cable.source[3], cable.digest)).fetchone()
    origin, serial = cable.column("origin_code"), cable.column("serial")
    if row is None and origin and serial is not None:
        ids = [canonical_id(year, origin, serial) for year in range(100)]
        row = conn.execute("SELECT id FROM cables WHERE reference_id = ANY(%s) AND content_hash = %s LIMIT 1",
                           (ids, cable.digest)).fetchone()
    return row[0] if row else None


_PARTS = ("paragraphs", "refs", "cable_tags", "captions", "addressees", "mentions", "events")


def _refresh(conn: psycopg.Connection, cable_id: int, released: str | None, record: dict, cable: Prepared,
             run_id: int | None) -> None:
    """See `store.writer._refresh`: a stored version rewritten as this parse reads the same text."""
    row = dict(zip(COLUMNS, values(cable)))
    del row["body"]  # the same text (same content hash)
    row["released"] = row["released"] or released
    if cable.partial_notice is None and (notice := record.get("partial_notice")) is not None:
        data = json.loads(row["record"])
        data["partial_notice"] = notice
        row["record"], row["partial"] = _dump_record(data), 1
    named = conn.execute("SELECT entity_id, aliases FROM mentions WHERE cable_id = %s", (cable_id,)).fetchall()
    conn.execute(f"UPDATE cables SET {', '.join(f'{column} = %s' for column in row)}, run_id = %s WHERE id = %s",
                 (*row.values(), run_id, cable_id))
    for table in _PARTS:
        conn.execute(f"DELETE FROM {table} WHERE cable_id = %s", (cable_id,))
    _insert_parts(conn, [(cable_id, cable)])
    gone = [i for i in {r[0] for r in named}
            if conn.execute("SELECT 1 FROM mentions WHERE entity_id = %s LIMIT 1", (i,)).fetchone() is None]
    conn.execute("DELETE FROM entity_aliases WHERE entity_id = ANY(%s)", (gone,))
    conn.execute("DELETE FROM entities WHERE id = ANY(%s)", (gone,))
    still = set(cable.aliases)
    keys = dict(conn.execute("SELECT id, key FROM entities WHERE id = ANY(%s)", ([r[0] for r in named],)).fetchall())
    for entity_id, alias in {(i, a) for i, aliases in named for a in aliases}:
        if entity_id in keys and (keys[entity_id], alias) not in still and conn.execute(
                "SELECT 1 FROM mentions WHERE entity_id = %s AND aliases ? %s LIMIT 1", (entity_id, alias)
        ).fetchone() is None:
            conn.execute("DELETE FROM entity_aliases WHERE entity_id = %s AND alias = %s", (entity_id, alias))


def add_source(conn: psycopg.Connection, cable_id: int, cable: Prepared, run_id: int | None) -> None:
    """Where a version was read from (run_id: the last run that read it)."""
    conn.execute("INSERT INTO sources VALUES (%s, %s, %s, %s, %s, %s) ON CONFLICT (cable_id, sha256) "
                 "DO UPDATE SET run_id = excluded.run_id", (cable_id, *map(text, cable.source), run_id))


def _fill_metadata(conn: psycopg.Connection, cable_id: int, released: str | None, record: dict,
                   cable: Prepared) -> None:
    """See `store.writer._fill_metadata`: a release date or partial-extract notice another form lacked."""
    if cable.released is not None and released is None:
        conn.execute("UPDATE cables SET released = %s WHERE id = %s", (cable.released, cable_id))
    if cable.partial_notice is not None and record.get("partial_notice") is None:
        record["partial_notice"] = cable.partial_notice
        conn.execute("UPDATE cables SET record = %s, partial = 1 WHERE id = %s", (text(_dump_record(record)), cable_id))


def record_failure(conn: psycopg.Connection, failure: ParseError, run_id: int | None, stamp: str) -> None:
    """Remember a record that could not be parsed (once per file, record and reason)."""
    conn.execute("""INSERT INTO failures (path, record, reason, run_id, seen) VALUES (%s, %s, %s, %s, %s)
                    ON CONFLICT (path, coalesce(record, -1), reason) DO UPDATE SET run_id = excluded.run_id,
                    seen = excluded.seen""",
                 (text(failure.path or "<input>"), failure.record, text(failure.reason), run_id, stamp))
