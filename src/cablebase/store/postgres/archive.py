"""A cable archive in a PostgreSQL database: the write and run-keeping side of `store.Archive`."""

from __future__ import annotations

import json
from collections import Counter
from contextlib import contextmanager
from typing import Any, Iterable, Iterator
from urllib.parse import urlsplit, urlunsplit

import psycopg
from psycopg.rows import dict_row

from ...errors import ParseError, SchemaError
from ...model import Cable, Sensitivity
from ...search.query import parse_query
from ...search.results import Facets, SearchResult
from .. import queries
from ..records import PART_QUERIES, entity_tag, read_record
from . import reads, scores, search, transfer
from .query import compile_query
from ..writer import Prepared, merge_surnames, now, prepare
from .schema import SCHEMA_VERSION, found_version, migrate
from .writer import write_batch

_WRITER_LOCK = 0x63626977  # pg_try_advisory_lock key of the one ingest writing to a database: 'cbiw'
_SUMMARIES_LOCK = 0x63627375  # pg_advisory_lock key of the one process computing the summaries: 'cbsu'
LOADING = {"synchronous_commit": "off", "gin_pending_list_limit": "64MB", "work_mem": "64MB",
           "cablebase.words_later": "on"}
"""The ingest session's own settings (nothing else on the server changes; no privilege needed): a
batch's commit does not wait for its WAL to reach the disk (a server crash may lose the last
batches, which running the ingest again stores: a killed ingest loses nothing committed); the
words of GIN's fast update gather in a pending list of 64 MB (the default 4 MB) before they are
merged into the index in one pass, each word's posting tree touched once a merge instead of once
every few batches (`work_mem`: the merge holds them in memory); and the suggestions' word counts
of the cables it adds are counted once, at its end (schema 10). Measured in docs/performance.md."""

WORDS_COUNTED = 50_000
"""How many cables' words the end of an ingest counts a transaction (bounded work and memory a statement)."""


def is_url(db: object) -> bool:
    """Whether `db` names a PostgreSQL database (`postgresql://…` or `postgres://…`) rather than a file."""
    return isinstance(db, str) and db.startswith(("postgresql://", "postgres://"))


def connect(url: str, readonly: bool = False) -> psycopg.Connection:
    """An autocommit connection to the archive at `url`, its schema created or brought up to date;
    with `readonly`, a connection that cannot write, to a database that must hold an archive
    already (SchemaError if it holds none; one of an older cablebase is upgraded first, as a
    read-only open of an SQLite archive is)."""
    conn = psycopg.connect(url, autocommit=True)
    if not readonly:
        migrate(conn)
        return conn
    found = found_version(conn)
    if found == 0:
        conn.close()
        raise SchemaError(f"no cablebase archive in the database {display(url)} "
                          "(create one with `cablebase ingest PATH --db URL` or `cablebase copy`)")
    if found < SCHEMA_VERSION:
        migrate(conn)
    conn.execute("SET default_transaction_read_only = on")
    return conn


def display(url: str) -> str:
    """A database URL as it may be shown: without its password."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return urlunsplit(parts._replace(netloc=netloc))




class PostgresArchive:
    """A cable archive in PostgreSQL, with the run-keeping and writing methods of `store.Archive`."""

    def __init__(self, url: str, readonly: bool = False) -> None:
        self.url, self.path = url, display(url)  # (path: the archive as it may be shown)
        self.conn = connect(url, readonly)
        self.writer = False  # whether this session holds the writer's lock

    def close(self) -> None:
        """Close the connection, giving the writer's lock back first: the server ends a closed
        session when it gets round to it, and a loaded one let the next ingest find the lock held."""
        if self.writer and not self.conn.broken:
            self.conn.execute("SELECT pg_advisory_unlock(%s)", (_WRITER_LOCK,))
        self.conn.close()

    def __enter__(self) -> "PostgresArchive":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    def lock_writer(self) -> bool:
        """Take the lock that one ingest at a time holds on this database (for this session's
        life); False when another session holds it."""
        self.writer = self.conn.execute("SELECT pg_try_advisory_lock(%s)", (_WRITER_LOCK,)).fetchone()[0]
        return self.writer

    @contextmanager
    def loading(self) -> Iterator[None]:
        """The ingest's session (see LOADING); at its end the words of the cables it added are
        counted for the suggestions, and the full-text indexes' pending lists are merged, so that
        searches do not read through them (a killed ingest leaves both to the next one; the index
        answers rightly either way, and the suggestions lack the uncounted cables' words meanwhile)."""
        for name, value in LOADING.items():
            self.conn.execute("SELECT set_config(%s, %s, false)", (name, value))
        yield
        while self.conn.execute("SELECT count_words(%s)", (WORDS_COUNTED,)).fetchone()[0]:
            pass
        self.conn.execute("SELECT gin_clean_pending_list(i.indexrelid) FROM pg_index i JOIN pg_class c "
                          "ON c.oid = i.indexrelid JOIN pg_am a ON a.oid = c.relam "
                          "WHERE i.indrelid = 'search_text'::regclass AND a.amname = 'gin'")
        for name in LOADING:
            self.conn.execute(f"RESET {name}")

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

    def merge_surnames(self) -> int:
        """Fold people named by a surname alone into the one full name ending with it (see
        store.writer.merge_surnames); returns how many were folded."""
        return merge_surnames(self.conn, self.conn.transaction, "%s")

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
        return self._dicts("SELECT * FROM runs WHERE id = %s", (run_id,))[0]

    def runs(self) -> list[dict]:
        """Ingest runs, newest first."""
        return self._dicts("SELECT * FROM runs ORDER BY id DESC")

    def _dicts(self, sql: str, params: tuple = ()) -> list[dict]:
        with self.conn.cursor(row_factory=dict_row) as cur:
            return cur.execute(sql, params).fetchall()

    # -- the review's model and scores (store/postgres/scores.py) --------------------------------
    def review_model(self) -> str | None:
        return scores.review_model(self.conn)

    def save_review_model(self, text: str) -> None:
        scores.save_review_model(self.conn, text)

    def iter_review_paragraphs(self, unscored_by: str | None = None, only=None):
        return scores.iter_review_paragraphs(self.conn, unscored_by, only)

    def save_review_scores(self, rows, model: str) -> int:
        return scores.save_review_scores(self.conn, rows, model)

    # -- copying (store/transfer.py) -----------------------------------------------------------
    def dump(self) -> Iterator[tuple[str, list[tuple]]]:
        return transfer.dump(self.conn)

    def load(self, chunks: Iterable[tuple[str, list[tuple]]], replace: bool = False) -> None:
        transfer.load(self.conn, chunks, replace)

    def table_counts(self) -> dict[str, int]:
        return transfer.table_counts(self.conn)

    # -- reads ---------------------------------------------------------------------------------
    def get(self, reference_id: str, version: int | None = None) -> Cable | None:
        """A cable by id: the current version, or the given version number."""
        if version is None:
            rows = self._dicts("SELECT * FROM cables WHERE key = %s AND is_current = 1", (reference_id,))
        else:
            rows = self._dicts("SELECT * FROM cables WHERE key = %s AND version = %s", (reference_id, version))
        return self.cable_from_row(rows[0]) if rows else None

    def exists(self, reference_id: str) -> bool:
        """Whether the archive holds a current version of this cable."""
        return self.conn.execute("SELECT 1 FROM cables WHERE key = %s AND is_current = 1",
                                 (reference_id,)).fetchone() is not None

    def cable_from_row(self, row: dict) -> Cable:
        """Rebuild the full record from a `cables` row and the tables that hold its parts."""
        cable = read_record(row, row["body"], lambda part, cable_id: self.conn.execute(
            PART_QUERIES[part].replace("?", "%s"), (cable_id,)).fetchall())
        scores = self.conn.execute("SELECT sensitivity, level FROM cable_scores WHERE cable_id = %s",
                                   (row["id"],)).fetchone()
        if scores is not None:  # (written by `review --score`, see store/scores.py)
            cable.sensitivity = Sensitivity(p_classified=scores[0], level=scores[1], paragraphs=[
                r[0] for r in self.conn.execute("SELECT s.p_classified FROM paragraphs p LEFT JOIN paragraph_scores s "
                                                "ON s.cable_id = p.cable_id AND s.position = p.position "
                                                "WHERE p.cable_id = %s ORDER BY p.position", (row["id"],))])
        return cable

    def versions(self, reference_id: str) -> list[dict]:
        """All versions of a cable, oldest first, with where each came from."""
        return self._dicts(
            """SELECT c.id, c.version, c.is_current, c.released, c.partial, c.redactions, c.ingested, c.content_hash,
                      length(c.body) AS length,
                      (SELECT string_agg(path, ' | ') FROM sources s WHERE s.cable_id = c.id) AS sources
               FROM cables c WHERE c.key = %s ORDER BY c.version""", (reference_id,))

    def body(self, reference_id: str, version: int) -> str | None:
        """The clean text of one version."""
        row = self.conn.execute("SELECT body FROM cables WHERE key = %s AND version = %s",
                                (reference_id, version)).fetchone()
        return row[0] if row else None

    def iter_current(self, compiled: Any = None) -> Iterator[Cable]:
        """Stream current cables in id order, those a compiled query (`compile_query`) matches when given.
        A server-side cursor: memory stays flat however many there are."""
        source, where, params = (compiled.source, compiled.where, compiled.params) if compiled else (
            "cables c", "c.is_current = 1", [])
        with self.conn.transaction(), self.conn.cursor(name="cablebase_iter", row_factory=dict_row) as cur:
            cur.itersize = 200
            for row in cur.execute(f"SELECT c.* FROM {source} WHERE {where} ORDER BY c.id", params):
                yield self.cable_from_row(row)

    def count(self) -> int:
        """Number of cables (current versions)."""
        return self.conn.execute("SELECT count(*) FROM cables WHERE is_current = 1").fetchone()[0]

    def failures(self, limit: int | None = None) -> list[dict]:
        """Records that could not be parsed, newest first."""
        return self._dicts("SELECT path, record, reason, run_id, seen FROM failures ORDER BY seen DESC, id DESC "
                           "LIMIT %s", (limit,))

    def select(self, query: str = "") -> Iterator[Cable]:
        """Stream the current cables matching a query (all for ""), in id order. Raises QueryError."""
        return self.iter_current(compile_query(parse_query(query)) if query else None)

    def matching_ids(self, query: str, limit: int = 10000, oldest_first: bool = False) -> set[str]:
        """Ids of at most `limit` cables matching a query (the oldest when `oldest_first`)."""
        compiled = compile_query(parse_query(query))
        order = " ORDER BY c.created ASC NULLS LAST, c.id" if oldest_first else ""
        return {r[0] for r in self.conn.execute(
            f"SELECT c.key FROM {compiled.source} WHERE {compiled.where}{order} LIMIT %s", [*compiled.params, limit])}

    def entity_ids(self, reference_id: str) -> dict[str, int]:
        """Entity key -> id of the people and organisations a cable names."""
        return dict(self.conn.execute(
            "SELECT e.key, e.id FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "JOIN cables c ON c.id = m.cable_id WHERE c.key = %s AND c.is_current = 1", (reference_id,)).fetchall())

    # -- caching -------------------------------------------------------------------------------
    def etag(self, reference_id: str) -> str | None:
        """The cable's versions, the last ingest run (which may have added cables that cite it) and the
        model that scored it; None when the archive has no such cable."""
        versions = self.conn.execute("SELECT version, content_hash FROM cables WHERE key = %s ORDER BY version",
                                     (reference_id,)).fetchall()
        if not versions:
            return None
        run = self.conn.execute("SELECT max(id) FROM runs").fetchone()[0]
        scored = self.conn.execute("SELECT s.model FROM cables c JOIN cable_scores s ON s.cable_id = c.id "
                                   "WHERE c.key = %s AND c.is_current = 1", (reference_id,)).fetchone()
        return entity_tag(versions, run, scored[0] if scored else None)

    # -- whole-archive summaries (see store/backend.py) -------------------------------------------
    def generation(self) -> int:
        return queries.generation(self.conn)

    def summary_generations(self) -> dict[str, int]:
        return queries.summary_generations(self.conn)

    def stored_summary(self, name: str) -> tuple[int, str] | None:
        return queries.stored_summary(self.conn, name, reads.POSTGRES)

    def save_summary(self, name: str, generation: int, value: str) -> None:
        with self.conn.transaction():
            queries.save_summary(self.conn, name, generation, value, reads.POSTGRES)

    @contextmanager
    def computing_summaries(self) -> Iterator[None]:
        """A session advisory lock (readers may take one)."""
        self.conn.execute("SELECT pg_advisory_lock(%s)", (_SUMMARIES_LOCK,))
        try:
            yield
        finally:
            if not self.conn.broken:
                self.conn.execute("SELECT pg_advisory_unlock(%s)", (_SUMMARIES_LOCK,))

    # -- the reference graph, analysis views, statistics (see store/postgres/reads.py) ----------
    def search(self, query: str = "", sort: str = "rank", page: int = 1, per_page: int = 20,
               facets: bool = True) -> SearchResult:
        return search.search(self.conn, query, sort=sort, page=page, per_page=per_page, facets=facets)

    def facets(self, query: str = "") -> Facets:
        return search.result_facets(self.conn, query)

    def cited(self, reference_id: str) -> list[dict]:
        return reads.cited(self.conn, reference_id)

    def candidates(self, origin: str, serial: int, year: int | None, window: int) -> list[str]:
        return reads.candidates(self.conn, origin, serial, year, window)

    def summary(self, reference_id: str) -> dict | None:
        return reads.summary(self.conn, reference_id)

    def cited_by(self, reference_id: str) -> list[dict]:
        return reads.cited_by(self.conn, reference_id)

    def citation_edges(self, citing: set[str] | None = None) -> list[tuple[str, str]]:
        return reads.citation_edges(self.conn, citing)

    def headings(self, reference_ids: list[str]) -> dict[str, dict]:
        return reads.headings(self.conn, reference_ids)

    def entity_names(self) -> list[dict]:
        return queries.entity_names(self.conn, reads.POSTGRES)

    def find_entities(self, name: str, kind: str | None = None, limit: int = 50) -> list[dict]:
        return queries.find_entities(self.conn, name, kind, limit, reads.POSTGRES)

    def entity_detail(self, entity_id: int, limit: int = 200) -> dict | None:
        return queries.entity_detail(self.conn, entity_id, limit, reads.POSTGRES)

    def timeline(self, cable_ids: list[str], limit: int = 2000) -> list[dict]:
        return reads.timeline(self.conn, cable_ids, limit)

    def timeline_years(self, query: str) -> list[tuple[int | None, int]]:
        return queries.timeline_years(self.conn, *self._matching_rows(query))

    def timeline_page(self, query: str, period: tuple[int, int] | str | None = None, limit: int = 50,
                      offset: int = 0) -> list[dict]:
        return reads.timeline_page(self.conn, *self._matching_rows(query), period, limit, offset)

    @staticmethod
    def _matching_rows(query: str) -> tuple[str, list]:
        """SQL selecting the row ids of the current cables a query matches, and its parameters."""
        compiled = compile_query(parse_query(query))
        return compiled.ids, list(compiled.params)

    def action_requests(self, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
        return reads.action_requests(self.conn, limit, offset)

    def unanalysed_count(self) -> int:
        return 0  # (an ingest into PostgreSQL analyses the cables as it parses them)

    def stats(self, top: int = 20) -> dict:
        return reads.stats(self.conn, top)

    def browse(self, what: str) -> list[dict]:
        return reads.browse(self.conn, what)

    def held_ids(self) -> list[tuple[str, str | None]]:
        return reads.held_ids(self.conn)
