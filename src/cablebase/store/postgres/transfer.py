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
            cur.execute(f"TRUNCATE {', '.join(TABLES)}, search_text, cable_words, words_uncounted RESTART IDENTITY CASCADE")
        remake = _drop_keys(cur)
        cur.execute("ALTER TABLE search_text DISABLE TRIGGER search_text_added")  # (the words counted once, below)
        cur.execute("ALTER TABLE events DISABLE TRIGGER events_years_insert")  # (and the timeline's years)
        for table, rows in chunks:
            with cur.copy(f"COPY {table} ({', '.join(TABLES[table])}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row([text(value) for value in row])
            if table == "cables":
                _index(cur, rows)
        cur.execute("SET LOCAL maintenance_work_mem = '256MB'")
        for statement in remake:
            cur.execute(statement)
        cur.execute("INSERT INTO cable_words SELECT w, count(*) FROM search_text, unnest(tsvector_to_array(words)) w "
                    "GROUP BY w ON CONFLICT (word) DO UPDATE SET cables = cable_words.cables + excluded.cables")
        cur.execute("ALTER TABLE search_text ENABLE TRIGGER search_text_added")
        cur.execute("TRUNCATE event_years")
        cur.execute("INSERT INTO event_years SELECT * FROM events_by_year")
        cur.execute("ALTER TABLE events ENABLE TRIGGER events_years_insert")
        for table in _IDENTITIES:
            cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), coalesce(max(id), 0) + 1, false) "
                        f"FROM {table}")


def _drop_keys(cur: psycopg.Cursor) -> list[str]:
    """Drop the keys and indexes of the tables a copy writes; return the statements that make them
    again, after the rows are in: each index is then built once from sorted rows, and each foreign
    key checked by one join, not by a look-up a row (a copy is a bulk load: 10^7 rows at 251k cables)."""
    tables = [*TABLES, "search_text"]
    found = cur.execute("""
        SELECT format('ALTER TABLE %%s DROP CONSTRAINT %%I', conrelid::regclass, conname),
               format('ALTER TABLE %%s ADD CONSTRAINT %%I %%s', conrelid::regclass, conname, pg_get_constraintdef(oid))
          FROM pg_constraint
         WHERE contype IN ('f', 'p', 'u') AND (conrelid = ANY(%(t)s::regclass[]) OR confrelid = ANY(%(t)s::regclass[]))
         ORDER BY contype = 'f' DESC
    """, {"t": tables}).fetchall() + cur.execute("""
        SELECT format('DROP INDEX %%s', indexrelid::regclass), pg_get_indexdef(indexrelid)
          FROM pg_index
         WHERE indrelid = ANY(%(t)s::regclass[]) AND NOT EXISTS (SELECT FROM pg_constraint WHERE conindid = indexrelid)
    """, {"t": tables}).fetchall()
    for drop, _ in found:
        cur.execute(drop)
    return [make for _, make in reversed(found)]


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
