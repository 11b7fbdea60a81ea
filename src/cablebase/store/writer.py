"""Writes: one batch of parsed cables per transaction, versioned and idempotent."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from datetime import datetime, timezone

from ..model import Cable
from ..parse import ParseError
from .schema import transaction

# Metadata that one form of a cable carries and another lacks (the CSV dump has no release date
# and no partial-extract notice): filled in when the same text arrives again from a richer form.
_FILLABLE = ("released", "partial_notice")


def now() -> str:
    """The current UTC time, ISO 8601."""
    return datetime.now(timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def content_hash(cable: Cable) -> str:
    """What decides whether a cable that arrives again is a new version: its clean text."""
    return hashlib.sha256(cable.body.encode("utf-8", "surrogatepass")).hexdigest()


def cable_key(cable: Cable, digest: str) -> str:
    """Versions are grouped by reference id; records whose year is unknown by their text."""
    return cable.reference_id or f"sha:{digest}"


def write_batch(conn: sqlite3.Connection, cables: list[Cable], failures: list[ParseError],
                run_id: int | None) -> Counter:
    """Store a batch of cables and failures in one transaction; returns counts of new / version /
    unchanged / failed."""
    counts: Counter = Counter()
    stamp = now()
    with transaction(conn):
        for cable in cables:
            counts[_write_one(conn, cable, run_id, stamp)] += 1
        for failure in failures:
            _record_failure(conn, failure, run_id, stamp)
            counts["failed"] += 1
    return counts


def _write_one(conn: sqlite3.Connection, cable: Cable, run_id: int | None, stamp: str) -> str:
    digest = content_hash(cable)
    key = cable_key(cable, digest)
    row = conn.execute("SELECT id, record FROM cables WHERE key = ? AND content_hash = ?", (key, digest)).fetchone()
    if row:
        _add_source(conn, row[0], cable, run_id)
        _fill_metadata(conn, row[0], row[1], cable)
        return "unchanged"
    latest = conn.execute("SELECT max(version) FROM cables WHERE key = ?", (key,)).fetchone()[0]
    current = conn.execute("SELECT released FROM cables WHERE key = ? AND is_current = 1", (key,)).fetchone()
    is_current = not (current and current[0] and cable.released and current[0] > cable.released)
    if is_current and current:
        conn.execute("UPDATE cables SET is_current = 0 WHERE key = ? AND is_current = 1", (key,))
    cable_id = _insert(conn, cable, key, digest, (latest or 0) + 1, is_current, run_id, stamp)
    _add_source(conn, cable_id, cable, run_id)
    return "new" if latest is None else "version"


def _record_json(cable: Cable) -> str:
    """The record minus what the columns and tables already hold (rebuilt by Archive.cable_from_row)."""
    data = cable.to_json_dict()
    for stored_elsewhere in ("body", "paragraphs", "source", "events", "entities", "summary", "preamble"):
        data.pop(stored_elsewhere)
    data["preamble_length"] = len(cable.preamble)
    data["tags"] = [t["code"] for t in data["tags"]]
    if data["action_request"]:
        data["action_request"].pop("text")
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def _insert(conn: sqlite3.Connection, cable: Cable, key: str, digest: str, version: int, is_current: bool,
            run_id: int | None, stamp: str) -> int:
    cur = conn.execute(
        """INSERT INTO cables (key, reference_id, version, is_current, content_hash, origin_code, serial, year,
               month, origin, created, released, classification, classification_raw, subject, summary, partial,
               redactions, has_action, signers, body, record, run_id, ingested)
           VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
        (key, cable.reference_id, version, int(is_current), digest, cable.origin_code, cable.serial, cable.year,
         cable.created[:7] if cable.created else None, cable.origin, cable.created, cable.released,
         cable.classification, cable.classification_raw, cable.subject, cable.summary, int(cable.partial),
         cable.redactions, int(cable.action_request is not None), json.dumps(cable.signers), cable.body,
         _record_json(cable), run_id, stamp))
    cable_id = cur.lastrowid
    conn.executemany("INSERT INTO paragraphs VALUES (?,?,?,?,?,?,?,?)",
                     [(cable_id, i, p.number, p.marking, p.heading, *(p._span or (None, None)),
                       None if p._span else p.text) for i, p in enumerate(cable.paragraphs)])
    conn.executemany("INSERT INTO refs VALUES (?,?,?,?,?,?,?,?,?)",
                     [(cable_id, cable.reference_id, i, r.letter, r.kind, r.raw, r.id, r.origin_code, r.serial)
                      for i, r in enumerate(cable.references)])
    conn.executemany("INSERT OR IGNORE INTO tags VALUES (?,?,?,?)",
                     [(t.code, t.kind, t.description, int(t.known)) for t in cable.tags])
    conn.executemany("INSERT OR IGNORE INTO cable_tags VALUES (?,?)", [(cable_id, t.code) for t in cable.tags])
    conn.executemany("INSERT OR IGNORE INTO captions VALUES (?,?)", [(cable_id, c) for c in cable.captions])
    conn.executemany("INSERT INTO addressees VALUES (?,?,?,?,?)",
                     [(cable_id, i, a.agency, a.office, a.name) for i, a in enumerate(cable.addressees)])
    conn.executemany("INSERT INTO entities (key, kind, name) VALUES (?,?,?) ON CONFLICT (key) DO NOTHING",
                     [(e.key, e.kind, e.name) for e in cable.entities])
    conn.executemany("INSERT OR IGNORE INTO entity_aliases VALUES ((SELECT id FROM entities WHERE key = ?), ?)",
                     [(e.key, alias) for e in cable.entities for alias in e.aliases])
    conn.executemany("INSERT OR REPLACE INTO mentions VALUES ((SELECT id FROM entities WHERE key = ?),?,?,?,?,?)",
                     [(e.key, cable_id, e.mentions, json.dumps(e.titles), json.dumps(e.aliases),
                       json.dumps(e.paragraphs)) for e in cable.entities])
    conn.executemany("INSERT INTO events VALUES (?,?,?,?,?,?,?)",
                     [(cable_id, i, ev.date, ev.precision, ev.text, ev.sentence, ev.paragraph)
                      for i, ev in enumerate(cable.events)])
    return cable_id


def _add_source(conn: sqlite3.Connection, cable_id: int, cable: Cable, run_id: int | None) -> None:
    s = cable.source
    conn.execute("INSERT OR IGNORE INTO sources VALUES (?,?,?,?,?,?)",
                 (cable_id, s.format, s.path, s.record, s.sha256, run_id))


def _fill_metadata(conn: sqlite3.Connection, cable_id: int, record: str, cable: Cable) -> None:
    incoming = {k: getattr(cable, k) for k in _FILLABLE if getattr(cable, k) is not None}
    if not incoming:  # the common case on a re-ingest: nothing to add, no JSON to decode
        return
    stored = json.loads(record)
    missing = {k: v for k, v in incoming.items() if stored.get(k) is None}
    if not missing:
        return
    stored.update(missing)
    if "partial_notice" in missing:
        stored["partial"] = True
    conn.execute("UPDATE cables SET record = ?, released = ?, partial = ? WHERE id = ?",  # record as stored
                 (json.dumps(stored, ensure_ascii=False, separators=(",", ":")), stored.get("released"),
                  int(bool(stored.get("partial"))), cable_id))


def _record_failure(conn: sqlite3.Connection, failure: ParseError, run_id: int | None, stamp: str) -> None:
    """Remember a record that could not be parsed (once per file, record and reason)."""
    conn.execute("""INSERT INTO failures (path, record, reason, run_id, seen) VALUES (?,?,?,?,?)
                    ON CONFLICT (path, ifnull(record, -1), reason) DO UPDATE SET run_id = excluded.run_id,
                    seen = excluded.seen""", (failure.path or "<input>", failure.record, failure.reason, run_id, stamp))
