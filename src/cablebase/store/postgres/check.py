"""`cablebase check` on a PostgreSQL archive: the schema version, every index the schema makes (its
GIN full-text indexes too: present, valid, of the right kind), the full-text index and the word
counts of spelling suggestions against the current versions, and the counts and history that
every archive checks (store/check.py). PostgreSQL watches its own pages: a damaged database is
its administrator's to restore; what is checked here is what cablebase keeps."""

from __future__ import annotations

import psycopg

from ..check import Finding, Report, check_counts, check_history
from .archive import display
from .schema import SCHEMA_VERSION, expected_indexes, found_version


def check_database(url: str) -> Report:
    """Check the archive in the database at `url` without changing it."""
    report = Report(display(url))
    add = report.findings.append
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("SET default_transaction_read_only = on")
        version = found_version(conn)
        add(Finding("schema version", version == SCHEMA_VERSION,
                    f"schema {version}" + ("" if version == SCHEMA_VERSION else
                                           f", this cablebase reads {SCHEMA_VERSION}: open it with a writable "
                                           "command (ingest) to create or upgrade it"), reingest_repairs=True))
        if version == 0:
            return report
        with conn.transaction():  # one snapshot: an ingest may be writing meanwhile
            conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
            _check_indexes(conn, add)
            _check_index(conn, add)
            check_counts(conn, add)
            check_history(conn, add)
    return report


def _check_indexes(conn: psycopg.Connection, add) -> None:
    """Every index the migrations make is there, valid (a failed or unfinished CREATE INDEX
    CONCURRENTLY leaves an invalid one, which no query uses) and of the access method made (GIN for
    the full-text vectors), on its table. A missing index loses no data, but a search or ingest
    without it may take hours: the detail gives the statement that makes it again."""
    found = {name: (table, method, valid) for name, table, method, valid in conn.execute(
        """SELECT i.relname, t.relname, am.amname, x.indisvalid FROM pg_index x
           JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid
           JOIN pg_am am ON am.oid = i.relam WHERE i.relnamespace = current_schema()::regnamespace""")}
    expected = expected_indexes()
    wrong = []
    for name, (table, method, statement) in expected.items():
        seen = found.get(name)
        if seen is None:
            wrong.append(f"{name} is missing")
        elif seen[:2] != (table, method):
            wrong.append(f"{name} is a {seen[1]} index on {seen[0]}, not {method} on {table}")
        elif not seen[2]:
            wrong.append(f"{name} is invalid (an interrupted CREATE INDEX)")
        else:
            continue
        wrong[-1] += f" (make it again: DROP INDEX IF EXISTS {name}; {' '.join(statement.split())})"
    add(Finding("indexes", not wrong, "; ".join(wrong) if wrong else f"all {len(expected)} present and valid "
                f"({sum(m == 'gin' for _, m, _ in expected.values())} GIN)"))


def _check_index(conn: psycopg.Connection, add) -> None:
    def one(sql: str) -> int:
        return conn.execute(sql).fetchone()[0]

    current, indexed = one("SELECT count(*) FROM cables WHERE is_current = 1"), one("SELECT count(*) FROM search_text")
    stale = one("SELECT count(*) FROM search_text t JOIN cables c ON c.id = t.id WHERE c.is_current = 0")
    add(Finding("full-text index", current == indexed and stale == 0,
                f"{indexed} cables indexed of {current} current versions, {stale} old versions indexed",
                reingest_repairs=True))
    wrong = one("""SELECT count(*) FROM (SELECT w.lexeme, count(*) AS n FROM search_text, unnest(words) w
                   WHERE id NOT IN (SELECT id FROM words_uncounted)
                   GROUP BY w.lexeme) actual FULL JOIN (SELECT * FROM cable_words WHERE cables > 0) kept
                   ON kept.word = actual.lexeme WHERE kept.cables IS DISTINCT FROM actual.n""")
    uncounted = one("SELECT count(*) FROM words_uncounted")
    add(Finding("word counts (spelling suggestions)", wrong == 0, f"{wrong} words counted wrong" + (
        f"; the words of {uncounted} cables a stopped ingest added are counted at the next one's end"
        if uncounted else ""), reingest_repairs=True))
