"""`cablebase check` on a PostgreSQL archive: the schema version, the full-text index and the word
counts of spelling suggestions against the current versions, and the counts and history that
every archive checks (store/check.py). PostgreSQL watches its own pages: a damaged database is
its administrator's to restore; what is checked here is what cablebase keeps."""

from __future__ import annotations

import psycopg

from ..check import Finding, Report, check_counts, check_history
from .archive import display
from .schema import SCHEMA_VERSION, found_version


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
            _check_index(conn, add)
            check_counts(conn, add)
            check_history(conn, add)
    return report


def _check_index(conn: psycopg.Connection, add) -> None:
    def one(sql: str) -> int:
        return conn.execute(sql).fetchone()[0]

    current, indexed = one("SELECT count(*) FROM cables WHERE is_current = 1"), one("SELECT count(*) FROM search_text")
    stale = one("SELECT count(*) FROM search_text t JOIN cables c ON c.id = t.id WHERE c.is_current = 0")
    add(Finding("full-text index", current == indexed and stale == 0,
                f"{indexed} cables indexed of {current} current versions, {stale} old versions indexed",
                reingest_repairs=True))
    wrong = one("""SELECT count(*) FROM (SELECT w.lexeme, count(*) AS n FROM search_text, unnest(words) w
                   GROUP BY w.lexeme) actual FULL JOIN (SELECT * FROM cable_words WHERE cables > 0) kept
                   ON kept.word = actual.lexeme WHERE kept.cables IS DISTINCT FROM actual.n""")
    add(Finding("word counts (spelling suggestions)", wrong == 0, f"{wrong} words counted wrong",
                reingest_repairs=True))
