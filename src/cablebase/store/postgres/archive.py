"""A cable archive in a PostgreSQL database: the write and run-keeping side of `store.Archive`."""

from __future__ import annotations

import json
from collections import Counter
from typing import Any, Iterable

import psycopg

from ...errors import ParseError
from ...model import Cable
from ..writer import Prepared, now, prepare
from .schema import migrate
from .writer import write_batch

_WRITER_LOCK = 0x63626977  # pg_try_advisory_lock key of the one ingest writing to a database: 'cbiw'


def is_url(db: object) -> bool:
    """Whether `db` names a PostgreSQL database (`postgresql://…` or `postgres://…`) rather than a file."""
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def connect(url: str) -> psycopg.Connection:
    """An autocommit connection to the archive at `url`, its schema created or brought up to date."""
    conn = psycopg.connect(url, autocommit=True)
    migrate(conn)
    return conn


class PostgresArchive:
    """A cable archive in PostgreSQL, with the run-keeping and writing methods of `store.Archive`."""

    def __init__(self, url: str) -> None:
        self.url = url
        self.conn = connect(url)

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "PostgresArchive":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def lock_writer(self) -> bool:
        """Take the lock that one ingest at a time holds on this database (for this session's
        life); False when another session holds it."""
        return self.conn.execute("SELECT pg_try_advisory_lock(%s)", (_WRITER_LOCK,)).fetchone()[0]

    def start_run(self, inputs: list[str], parser: str | None = None) -> int:
        """Open an ingest run; runs left 'running' by a killed process are marked interrupted."""
        with self.conn.transaction():
            self.conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            return self.conn.execute("INSERT INTO runs (started, inputs, parser) VALUES (%s, %s, %s) RETURNING id",
                                     (now(), json.dumps(inputs), parser)).fetchone()[0]

    def seen(self, sha256: str, path: str, parser: str) -> bool:
        """Whether these raw bytes were already stored from this path by a run of the same parser."""
        return self.conn.execute(
            "SELECT 1 FROM sources s JOIN runs r ON r.id = s.run_id WHERE s.sha256 = %s AND s.path = %s "
            "AND r.parser = %s", (sha256, path, parser)).fetchone() is not None

    def add(self, cables: Iterable[Cable | Prepared], failures: Iterable[ParseError] = (),
            run_id: int | None = None, seen: int = 0) -> Counter:
        """Store parsed cables (or their prepared rows) and parse failures in one transaction (see
        `store.Archive.add`); returns what happened."""
        cables = [c if isinstance(c, Prepared) else prepare(c) for c in cables]
        counts = write_batch(self.conn, cables, list(failures), run_id)
        counts["unchanged"] += seen
        if run_id is not None:
            self.conn.execute(
                """UPDATE runs SET parsed = parsed + %s, new = new + %s, new_versions = new_versions + %s,
                   unchanged = unchanged + %s, failed = failed + %s WHERE id = %s""",
                (len(cables) + seen, counts["new"], counts["version"], counts["unchanged"] + counts["refreshed"],
                 counts["failed"], run_id))
        return counts

    def finish_run(self, run_id: int) -> dict:
        """Close a run and return its row."""
        self.conn.execute("UPDATE runs SET status = 'done', finished = %s WHERE id = %s", (now(), run_id))
        return self.run(run_id)

    def run(self, run_id: int) -> dict:
        """One ingest run's row."""
        cur = self.conn.execute("SELECT * FROM runs WHERE id = %s", (run_id,))
        return dict(zip([d.name for d in cur.description], cur.fetchone()))

    def count(self) -> int:
        """Number of cables (current versions)."""
        return self.conn.execute("SELECT count(*) FROM cables WHERE is_current = 1").fetchone()[0]

    def failures(self, limit: int | None = None) -> list[dict]:
        """Records that could not be parsed, newest first."""
        cur = self.conn.execute("SELECT path, record, reason, run_id, seen FROM failures ORDER BY seen DESC, id DESC "
                                "LIMIT %s", (limit,))
        return [dict(zip([d.name for d in cur.description], row)) for row in cur]
