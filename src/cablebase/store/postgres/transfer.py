"""The PostgreSQL side of `cablebase copy`: an archive's stored rows dumped and loaded in the form
of store/transfer.py (ids kept, text as text, JSON as JSON text)."""

from __future__ import annotations

from typing import Iterable, Iterator

import psycopg

from ..transfer import CABLE_COLUMNS, CHUNK, INDEXED, JSON_COLUMNS, TABLES, dump_json, order
from .lexemes import vectors
from .writer import text

_IDENTITIES = ("runs", "cables", "failures", "entities")
"""The tables whose ids PostgreSQL numbers: their sequences continue after the ids a copy loads."""


def dump(conn: psycopg.Connection) -> Iterator[tuple[str, list[tuple]]]:
    """The archive's rows as (table, rows) chunks, from one snapshot (a repeatable-read transaction)."""
    with conn.transaction():
        conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        for table, columns in TABLES.items():
            json_at = [columns.index(c) for c in JSON_COLUMNS.get(table, ())]
            with conn.cursor(name=f"cablebase_dump_{table}") as cursor:
                cursor.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order(table)}")
                while rows := cursor.fetchmany(CHUNK):
                    yield table, [_plain(row, json_at) for row in rows]


def _plain(row: tuple, json_at: list[int]) -> tuple:
    if not json_at:
        return row
    values = list(row)
    for i in json_at:
        values[i] = dump_json(values[i])
    return tuple(values)


def load(conn: psycopg.Connection, chunks: Iterable[tuple[str, list[tuple]]], replace: bool = False) -> None:
    """Write a dump into the archive in one transaction (nothing of it stays if it fails), after
    emptying the archive when `replace`; current versions go into the full-text index, and the id
    sequences continue after the ids loaded."""
    with conn.transaction(), conn.cursor() as cur:
        if replace:
            cur.execute(f"TRUNCATE {', '.join(TABLES)}, search_text, cable_words RESTART IDENTITY CASCADE")
        for table, rows in chunks:
            with cur.copy(f"COPY {table} ({', '.join(TABLES[table])}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([text(value) for value in row])
            if table == "cables":
                _index(cur, rows)
        for table in _IDENTITIES:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) "
                        f"FROM {table}")


def _index(cur: psycopg.Cursor, rows: list[tuple]) -> None:
    """Put the current versions among `rows` (of `cables`) into the full-text index."""
    at = {column: i for i, column in enumerate(CABLE_COLUMNS)}
    with cur.copy("COPY search_text (id, fts, words) FROM STDIN") as copy:
        for row in rows:
            if row[at["is_current"]]:
                subject, body, n = text(row[at["subject"]]), text(row[at["body"]]), row[at["preamble_length"]]
                copy.write_row((row[at["id"]], *vectors(subject, body[:n], body[n:])))


def table_counts(conn: psycopg.Connection) -> dict[str, int]:
    """Rows in each stored table, and the cables in the full-text index, from one snapshot."""
    counted = [*(f"(SELECT count(*) FROM {table})" for table in TABLES), "(SELECT count(*) FROM search_text)"]
    return dict(zip([*TABLES, INDEXED], conn.execute(f"SELECT {', '.join(counted)}").fetchone()))
