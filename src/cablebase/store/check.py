"""`cablebase check` on an SQLite archive: verify the file — SQLite's own integrity, the full-text indexes, the
counts that must agree, the versions, the ingest history and the failures — and say for each
problem whether ingesting the inputs again would repair it. The findings, and the counts and history
that every backend checks, are shared with PostgreSQL's check (store/postgres/check.py);
`store.check_archive` picks the one an archive's name needs."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import quote

from .connection import open_readonly, schema_of
from .driver import sqlite3
from .schema import SCHEMA_VERSION

FTS_INDEXES = ("cables_fts", "cables_prefix", "cables_subject_prefix")
DAMAGED = (11, 26)  # SQLITE_CORRUPT, SQLITE_NOTADB: what SQLite says of a damaged file


def is_damage(exc: BaseException) -> bool:
    """Whether SQLite raised `exc` because the file is damaged (not for a bad query or a lock)."""
    return isinstance(exc, sqlite3.DatabaseError) and (getattr(exc, "sqlite_errorcode", 0) & 0xFF) in DAMAGED


@dataclass
class Finding:
    """One thing checked: what, whether it is fine, what was seen, and whether re-ingesting the
    inputs repairs it (a damaged file is not repaired in place: it is rebuilt)."""

    check: str
    ok: bool
    detail: str
    reingest_repairs: bool = False


@dataclass
class Report:
    path: str
    findings: list[Finding] = field(default_factory=list)

    @property
    def damaged(self) -> bool:
        """The file itself is damaged: only a rebuild (or a backup) brings it back."""
        return any(not f.ok and not f.reingest_repairs for f in self.findings)

    @property
    def ok(self) -> bool:
        return all(f.ok for f in self.findings)


REBUILD = ("rebuild it: ingest the original inputs into a new archive file (or restore a backup); "
           "re-ingesting into this file does not repair it")


def check_file(path: str | os.PathLike) -> Report:
    """Check the SQLite archive at `path` without changing it; SchemaError if it is no archive at all."""
    report = Report(str(path))
    add = report.findings.append
    try:
        conn = open_readonly(path)
        version = schema_of(conn, path)
    except sqlite3.DatabaseError as exc:
        add(Finding("archive file", False, f"{exc}; {REBUILD}"))
        return report
    try:
        add(Finding("schema version", version == SCHEMA_VERSION,
                    f"schema {version}" + ("" if version == SCHEMA_VERSION else
                                           f", this cablebase reads {SCHEMA_VERSION}: open it with a writable "
                                           "command (ingest) to upgrade it"), reingest_repairs=True))
        problems = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        add(Finding("SQLite integrity", problems == ["ok"],
                    "ok" if problems == ["ok"] else f"{'; '.join(problems[:5])}; {REBUILD}"))
        _check_indexes(path, add)
        check_counts(conn, add)
        check_history(conn, add)
    except sqlite3.DatabaseError as exc:
        add(Finding("reading the archive", False, f"{exc}; {REBUILD}"))
    finally:
        conn.close()
    return report


def _check_indexes(path: str | os.PathLike, add) -> None:
    """FTS5's integrity-check is a write statement: it runs in a transaction rolled back at once
    (where the file cannot be written, as on read-only media, it is not run, and that is said)."""
    conn = sqlite3.connect(f"file:{quote(str(Path(path).resolve()))}?mode=rw", uri=True, isolation_level=None)
    try:
        for name in FTS_INDEXES:
            try:
                conn.execute("BEGIN")
                conn.execute(f"INSERT INTO {name}({name}) VALUES ('integrity-check')")
                add(Finding(f"full-text index {name}", True, "ok"))
            except sqlite3.DatabaseError as exc:
                if not is_damage(exc):
                    add(Finding("full-text indexes", True, f"not checked here ({exc})"))
                    return
                add(Finding(f"full-text index {name}", False, f"{exc}; {REBUILD}"))
            finally:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
    finally:
        conn.close()


def check_counts(conn, add) -> None:
    """The counts that must agree, on any backend's connection (`execute` and `fetchone`)."""
    def one(sql: str) -> int:
        return conn.execute(sql).fetchone()[0]

    keys, current = one("SELECT count(DISTINCT key) FROM cables"), one("SELECT count(*) FROM cables WHERE is_current = 1")
    add(Finding("one current version per cable", keys == current,
                f"{keys} cables, {current} current versions"))
    gaps = one("SELECT count(*) FROM (SELECT key FROM cables GROUP BY key HAVING max(version) != count(*)) gaps")
    add(Finding("versions numbered 1..n", gaps == 0, f"{gaps} cables with gaps in their versions"))
    sourceless = one("SELECT count(*) FROM cables c WHERE NOT EXISTS (SELECT 1 FROM sources s WHERE s.cable_id = c.id)")
    orphans = one("SELECT count(*) FROM paragraphs WHERE cable_id NOT IN (SELECT id FROM cables)")
    add(Finding("every version has its source and parts", sourceless == orphans == 0,
                f"{sourceless} versions without a source, {orphans} paragraphs without a cable"))


def check_history(conn, add) -> None:
    """The ingest runs left unfinished and the failures, on any backend's connection."""
    runs = conn.execute("SELECT count(*), count(*) FILTER (WHERE status = 'running'), "
                        "count(*) FILTER (WHERE status = 'interrupted') FROM runs").fetchone()
    failures, files = conn.execute("SELECT count(*), count(DISTINCT path) FROM failures").fetchone()
    unfinished = (runs[1] or 0) + (runs[2] or 0)
    add(Finding("ingest runs", unfinished == 0,
                f"{runs[0]} runs, {unfinished} interrupted or still running" +
                (": running the same ingest again completes what they left" if unfinished else ""),
                reingest_repairs=True))
    add(Finding("failures", True, f"{failures} records could not be parsed, from {files} files "
                                  "(`cablebase failures` lists them)"))
