"""An archive's stored rows in a form every backend reads and writes (`cablebase copy`), and the
SQLite side of it.

A dump is a stream of (table, rows) chunks in TABLES order — parents before the rows that name
them — with the ids of the source kept (a cable, an entity or a run has the same id in the copy,
so links to `/entity/17` still work). Every column is a plain value: a cable's text as text (not
SQLite's compressed blob), JSON columns as JSON text. The full-text indexes are not dumped: the
target builds its own from the current versions it loads."""

from __future__ import annotations

import json
from typing import Iterable, Iterator

from .bodies import pack, unpack
from .driver import sqlite3
from .schema import transaction
from .writer import _CABLE_COLUMNS, _index

CHUNK = 500
"""Rows a chunk of a dump holds (the copy's memory is a few chunks, whatever the archive's size)."""
CABLE_COLUMNS = ("id", "key", "version", "is_current", "content_hash", "run_id", "ingested",
                 *(c for c in _CABLE_COLUMNS if c not in ("body_zlib", "body_size")), "body", "preamble_length")
TABLES: dict[str, tuple[str, ...]] = {
    "runs": ("id", "started", "finished", "status", "inputs", "parser", "parsed", "new", "new_versions", "unchanged",
             "failed"),
    "tags": ("code", "kind", "description", "known"),
    "entities": ("id", "key", "kind", "name"),
    "cables": CABLE_COLUMNS,
    "sources": ("cable_id", "format", "path", "record", "sha256", "run_id"),
    "paragraphs": ("cable_id", "position", "number", "marking", "heading", "start_offset", "end_offset", "text"),
    "refs": ("cable_id", "citing_id", "position", "letter", "kind", "raw", "cited_id", "cited_origin", "cited_serial"),
    "cable_tags": ("cable_id", "code"),
    "captions": ("cable_id", "caption"),
    "addressees": ("cable_id", "position", "agency", "office", "name"),
    "entity_aliases": ("entity_id", "alias"),
    "mentions": ("entity_id", "cable_id", "count", "titles", "aliases", "paragraphs"),
    "events": ("cable_id", "position", "date", "precision", "text", "paragraph", "paragraph_position",
               "sentence_start", "sentence_end", "sentence", "uncertain"),
    "failures": ("id", "path", "record", "reason", "run_id", "seen"),
    "review_models": ("name", "trained", "model"),
    "paragraph_scores": ("cable_id", "position", "p_classified"),
    "cable_scores": ("cable_id", "sensitivity", "level", "model"),
}
"""Every stored table and its columns, in the order a copy writes them."""
JSON_COLUMNS = {"cables": ("signers", "record"), "mentions": ("titles", "aliases", "paragraphs")}
"""The columns holding JSON (text in a dump; jsonb in PostgreSQL)."""
INDEXED = "full-text index"
"""`table_counts`' name for the cables the full-text index holds (the current versions)."""


def dump_json(value: object) -> str:
    """A JSON column's text as a dump holds it: compact, text unescaped (as the SQLite writer stores it)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def order(table: str) -> str:
    """The order a table is dumped in: by its key (stable, so that two dumps compare)."""
    return {"tags": "code", "review_models": "name", "entity_aliases": "entity_id, alias",
            "cable_tags": "cable_id, code", "captions": "cable_id, caption", "cable_scores": "cable_id",
            "mentions": "cable_id, entity_id", "sources": "cable_id, sha256"}.get(table, "id" if "id" in TABLES[table] else "cable_id, position")


# -- SQLite ----------------------------------------------------------------------------------------
_STORED_CABLE = [c for c in CABLE_COLUMNS if c not in ("body", "preamble_length")] + ["body_zlib", "body_size"]


def dump(conn: sqlite3.Connection) -> Iterator[tuple[str, list[tuple]]]:
    """The archive's rows as (table, rows) chunks, from one snapshot (a read transaction)."""
    conn.execute("BEGIN")
    try:
        for table, columns in TABLES.items():
            stored = _STORED_CABLE if table == "cables" else columns
            cursor = conn.execute(f"SELECT {', '.join(stored)} FROM {table} ORDER BY {order(table)}")
            while rows := cursor.fetchmany(CHUNK):
                yield table, [_from_sqlite(table, tuple(row)) for row in rows]
    finally:
        conn.execute("COMMIT")


def _from_sqlite(table: str, row: tuple) -> tuple:
    if table != "cables":
        return row
    *columns, body_zlib, body_size = row
    record = columns[_STORED_CABLE.index("record")]
    return (*columns, unpack(body_zlib, body_size), json.loads(record)["preamble_length"])


def load(conn: sqlite3.Connection, chunks: Iterable[tuple[str, list[tuple]]], replace: bool = False) -> None:
    """Write a dump into the archive in one transaction (nothing of it stays if it fails), after
    emptying the archive when `replace`; current versions go into the full-text indexes."""
    with transaction(conn):
        if replace:
            for table in reversed(TABLES):  # (deleting a current cable unindexes it: the triggers)
                conn.execute(f"DELETE FROM {table}")
        for table, rows in chunks:
            if table == "cables":
                _load_cables(conn, rows)
                continue
            columns = TABLES[table]
            conn.executemany(f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
                             rows)


def _load_cables(conn: sqlite3.Connection, rows: list[tuple]) -> None:
    at = {column: i for i, column in enumerate(CABLE_COLUMNS)}
    stored = [(*row[:at["body"]], *pack(row[at["body"]])) for row in rows]
    conn.executemany(f"INSERT INTO cables ({', '.join(_STORED_CABLE)}) VALUES ({', '.join('?' * len(_STORED_CABLE))})",
                     stored)
    _index(conn, [(row[at["id"]], row[at["subject"]], row[at["body"]], row[at["preamble_length"]])
                  for row in rows if row[at["is_current"]]])


def table_counts(conn: sqlite3.Connection) -> dict[str, int]:
    """Rows in each stored table, and the cables in the full-text index, from one snapshot."""
    counted = [*(f"(SELECT count(*) FROM {table})" for table in TABLES), "(SELECT count(*) FROM cables_fts_docsize)"]
    return dict(zip([*TABLES, INDEXED], conn.execute(f"SELECT {', '.join(counted)}").fetchone()))
