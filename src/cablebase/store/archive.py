"""The archive: one SQLite file holding every cable version, its parts and the ingest history."""

from __future__ import annotations

import json
import os
import threading
from collections import Counter
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator
from urllib.parse import quote

from ..errors import ParseError, SchemaError
from ..model import Cable, Sensitivity
from ..spans import paragraph_text, sentence_in
from ..vocab.markings import marking_level
from ..vocab.tags import decode_tag
from . import bodies
from .driver import sqlite3
from .schema import SCHEMA_VERSION, migrate, transaction
from .writer import RECORD_COLUMNS, Prepared, now, prepare, write_batch

DEFAULT_DB = "cables.db"
CANTOPEN = 14  # SQLITE_CANTOPEN: the file, or the files beside it, cannot be opened
NOTADB = 26  # SQLITE_NOTADB: the file does not start as a SQLite database does


def connect(path: str | os.PathLike, readonly: bool = False) -> sqlite3.Connection:
    """Open an archive file (creating and migrating it unless `readonly`).

    A read-only open of an archive written by an older cablebase upgrades it first (reads rely on
    the current schema's indexes). SchemaError if it cannot be, or if the file is not an archive:
    another application's SQLite database is refused before anything is written to it."""
    if readonly:
        conn = open_readonly(path)
        found = schema_of(conn, path)
        if found != SCHEMA_VERSION:
            conn.close()
            if found > SCHEMA_VERSION:
                raise SchemaError(f"archive schema version {found} is newer than this cablebase ({SCHEMA_VERSION})")
            try:
                connect(path).close()
            except sqlite3.OperationalError as exc:
                raise SchemaError(f"{path} was written by an older cablebase (schema {found}) and cannot be "
                                  f"upgraded here ({exc}); open it once where it is writable") from None
            conn = open_readonly(path)
    else:
        if os.path.exists(path) and os.path.getsize(path) > 0:
            peek = open_readonly(path)
            try:
                schema_of(peek, path, empty_ok=True)
            finally:
                peek.close()
        conn = sqlite3.connect(os.fspath(path), isolation_level=None, check_same_thread=False)
        _prepare(conn)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        migrate(conn)
    return conn


def schema_of(conn: sqlite3.Connection, path: str | os.PathLike, empty_ok: bool = False) -> int:
    """The schema version of the archive on `conn`; SchemaError if the file is not a SQLite database,
    or is one that is not a cablebase archive (unless it is an empty database and `empty_ok`)."""
    try:
        found = conn.execute("PRAGMA user_version").fetchone()[0]
        tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
    except sqlite3.DatabaseError as exc:
        if getattr(exc, "sqlite_errorcode", None) != NOTADB:
            raise  # a damaged file: said as such by the caller
        raise SchemaError(f"{path} is not a SQLite database ({exc})") from None
    if found > 0 and "cables" in tables or empty_ok and found == 0 and not tables:
        return found
    held = f" (it holds {', '.join(tables[:5])}{'…' if len(tables) > 5 else ''})" if tables else ""
    raise SchemaError(f"{path} is not a cablebase archive{held}: it is left as it is")


_READERS = threading.local()
READ_MMAP_BYTES = 1 << 40
"""How much of the archive file read-only connections map into memory (all of it, up to 1 TB):
they read pages straight from the operating system's file cache, shared by every connection,
instead of copying them into each connection's own page cache (2 MB by default: a server
thread's connection would keep re-reading the index pages a search needs)."""
WORKER_CACHE_KB = 65536
"""Page cache of each worker thread's connection (SQLite's default is 2 MB): the counts, facets and
rankings made there seek the same index pages search after search. Two such threads: ≤ 128 MB an archive."""


def database_file(conn: sqlite3.Connection) -> str | None:
    """The file `conn` has open; None for an in-memory database."""
    return conn.execute("PRAGMA database_list").fetchone()[2] or None


def thread_reader(path: str) -> sqlite3.Connection:
    """A read-only connection to the archive at `path` owned by the calling thread, kept for reuse
    (worker threads use it to run part of a query on another core). It is opened again when the
    file at `path` is a new one; a thread keeps at most four open."""
    opened: dict[str, tuple[sqlite3.Connection, tuple[int, int]]] = _READERS.__dict__.setdefault("conns", {})
    stat = os.stat(path)
    conn, identity = opened.pop(path, (None, None))
    if conn is not None and identity != (stat.st_dev, stat.st_ino):
        conn.close()
        conn = None
    while len(opened) >= 4:
        opened.pop(next(iter(opened)))[0].close()
    if conn is None:
        conn = open_readonly(path)
        conn.execute(f"PRAGMA cache_size = -{WORKER_CACHE_KB}")
    opened[path] = (conn, (stat.st_dev, stat.st_ino))  # most recent last
    return conn


def open_readonly(path: str | os.PathLike) -> sqlite3.Connection:
    """A read-only connection. On read-only media, where SQLite cannot make the shared-memory file
    a WAL archive needs, the file is opened as immutable — when no write-ahead log is pending
    beside it, which it would not see."""
    resolved = Path(path).resolve()
    conn = _readonly_connection(f"file:{quote(str(resolved))}?mode=ro")
    try:
        conn.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # SQLite opens the file lazily
    except sqlite3.DatabaseError as exc:
        conn.close()
        wal = Path(f"{resolved}-wal")
        if getattr(exc, "sqlite_errorcode", None) == NOTADB:
            raise SchemaError(f"{path} is not a SQLite database ({exc})") from None
        if getattr(exc, "sqlite_errorcode", None) != CANTOPEN or not resolved.exists():
            raise
        if wal.exists() and wal.stat().st_size > 0:
            raise SchemaError(f"{path} cannot be read here: its write-ahead log ({wal.name}) holds changes not yet "
                              "in the archive and this place is read-only; open it once where it is writable")
        conn = _readonly_connection(f"file:{quote(str(resolved))}?immutable=1")
    return conn


def _readonly_connection(uri: str) -> sqlite3.Connection:
    conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    _prepare(conn)
    conn.execute("PRAGMA query_only = ON")
    conn.execute(f"PRAGMA mmap_size = {READ_MMAP_BYTES}")
    return conn


def _prepare(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    bodies.register(conn)
    conn.execute("PRAGMA busy_timeout = 30000")
    conn.execute("PRAGMA foreign_keys = ON")


def is_current(conn: sqlite3.Connection, key: str) -> bool:
    """Whether the archive on `conn` holds a current version of the cable `key`."""
    return conn.execute("SELECT 1 FROM cables WHERE key = ? AND is_current = 1", (key,)).fetchone() is not None


PART_QUERIES = {
    "paragraphs": "SELECT number, marking, heading, text, start_offset, end_offset FROM paragraphs WHERE cable_id = ? "
                  "ORDER BY position",
    "tags": "SELECT t.code, t.kind, t.description, t.known FROM cable_tags c JOIN tags t ON t.code = c.code "
            "WHERE c.cable_id = ?",
    "entities": "SELECT e.kind, e.name, e.key, m.titles, m.aliases, m.paragraphs, m.count FROM mentions m "
                "JOIN entities e ON e.id = m.entity_id WHERE m.cable_id = ? ORDER BY e.kind, m.count DESC, e.name",
    "source": "SELECT format, path, record, sha256 FROM sources WHERE cable_id = ? LIMIT 1",
    "events": "SELECT date, precision, text, paragraph, sentence, paragraph_position, sentence_start, sentence_end "
              "FROM events WHERE cable_id = ? ORDER BY position",
}
"""The rows of a version's parts, by its id (`?`: the one parameter), that `read_record` assembles."""


def _json(value: Any) -> Any:
    """A JSON column's value: decoded here from SQLite's text, or already by the driver (jsonb)."""
    return json.loads(value) if isinstance(value, str) else value


def read_record(row: Any, body: str, fetch: Callable[[str, int], Iterable[tuple]]) -> Cable:
    """The full record from a `cables` row (by column name), its text, and `fetch(part, cable id)`,
    which gives the rows of PART_QUERIES[part]: the same for every backend."""
    data = _json(row["record"])
    data.update({column: row[column] for column in RECORD_COLUMNS})
    data["partial"], data["signers"] = bool(row["partial"]), _json(row["signers"])
    cable_id = row["id"]
    data["body"] = body
    data["preamble"] = body[:data.pop("preamble_length")]
    data["paragraphs"] = [{"number": p[0], "marking": p[1], "heading": p[2], "text": paragraph_text(body, *p[3:]),
                           "level": marking_level(p[1])} for p in fetch("paragraphs", cable_id)]
    tags = {r[0]: r for r in fetch("tags", cable_id)}
    data["tags"] = [{"code": code, "kind": tags[code][1], "description": tags[code][2], "known": bool(tags[code][3]),
                     "probably": None if tags[code][3] else decode_tag(code).probably} for code in data["tags"]]
    request = data.get("action_request")
    if request:
        request["text"] = next((p["text"] for p in data["paragraphs"] if p["number"] == request["paragraph"]), "")
    data["entities"] = [{"kind": r[0], "name": r[1], "key": r[2], "titles": _json(r[3]), "aliases": _json(r[4]),
                         "paragraphs": _json(r[5]), "mentions": r[6]} for r in fetch("entities", cable_id)]
    src = next(iter(fetch("source", cable_id)), None)
    data["source"] = dict(zip(("format", "path", "record", "sha256"), src)) if src else {
        "format": "text", "sha256": row["content_hash"]}
    data["events"] = [
        {"date": e[0], "precision": e[1], "text": e[2], "paragraph": e[3],
         "sentence": e[4] if e[4] is not None else sentence_in(data["paragraphs"][e[5]]["text"], *e[6:])}
        for e in fetch("events", cable_id)]
    return Cable.from_json_dict(data)


class Archive:
    """A cable archive. Library entry point for writes and record-level reads.

        >>> archive = Archive("cables.db")
        >>> archive.get("05ALMATY2058").subject
    """

    def __init__(self, path: str | os.PathLike = DEFAULT_DB, readonly: bool = False) -> None:
        self.path = Path(path)
        if readonly and not self.path.exists():
            raise FileNotFoundError(f"no archive at {self.path}")
        self.conn = connect(self.path, readonly)

    @classmethod
    def from_connection(cls, conn: sqlite3.Connection) -> "Archive":
        """Wrap an open connection (e.g. the web server's read-only one)."""
        bodies.register(conn)
        archive = cls.__new__(cls)
        archive.path, archive.conn = Path(conn.execute("PRAGMA database_list").fetchone()[2]), conn
        return archive

    def close(self) -> None:
        """Close the connection."""
        self.conn.close()

    def __enter__(self) -> "Archive":
        return self

    def __exit__(self, *exc: Any) -> None:
        self.close()

    # -- ingest runs -------------------------------------------------------------------------
    def start_run(self, inputs: list[str], parser: str | None = None) -> int:
        """Open an ingest run (`parser` names the code that parses it, see `seen`); runs left
        'running' by a killed process are marked interrupted."""
        with transaction(self.conn):
            self.conn.execute("UPDATE runs SET status = 'interrupted' WHERE status = 'running'")
            cur = self.conn.execute("INSERT INTO runs (started, inputs, parser) VALUES (?, ?, ?)",
                                    (now(), json.dumps(inputs), parser))
        return int(cur.lastrowid)

    def seen(self, sha256: str, path: str, parser: str) -> bool:
        """Whether these raw bytes were already stored from this path by a run of the same parser:
        reading them again would change nothing."""
        return self.conn.execute(
            "SELECT 1 FROM sources s JOIN runs r ON r.id = s.run_id WHERE s.sha256 = ? AND s.path = ? AND r.parser = ?",
            (sha256, path, parser)).fetchone() is not None

    def add(self, cables: Iterable[Cable | Prepared], failures: Iterable[ParseError] = (),
            run_id: int | None = None, seen: int = 0) -> Counter:
        """Store parsed cables (or their prepared rows, see `store.writer.prepare`) and parse failures
        in one transaction; returns what happened. `seen` counts inputs skipped as already stored
        (they are counted unchanged).

        People, organisations and events are stored as the cables carry them: pass cables through
        `cablebase.analysis.analyse` first (as `ingest` does) to have them."""
        cables = [c if isinstance(c, Prepared) else prepare(c) for c in cables]
        counts = write_batch(self.conn, cables, list(failures), run_id)
        counts["unchanged"] += seen
        if run_id is not None:
            with transaction(self.conn):
                self.conn.execute(  # a refreshed version's text is unchanged: counted so in the run
                    """UPDATE runs SET parsed = parsed + ?, new = new + ?, new_versions = new_versions + ?,
                       unchanged = unchanged + ?, failed = failed + ? WHERE id = ?""",
                    (len(cables) + seen, counts["new"], counts["version"], counts["unchanged"] + counts["refreshed"],
                     counts["failed"], run_id))
        return counts

    def finish_run(self, run_id: int) -> dict:
        """Close a run and return its summary row."""
        with transaction(self.conn):
            self.conn.execute("UPDATE runs SET status = 'done', finished = ? WHERE id = ?", (now(), run_id))
        return dict(self.conn.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchone())

    # -- reads ---------------------------------------------------------------------------------
    def get(self, reference_id: str, version: int | None = None) -> Cable | None:
        """A cable by id: the current version, or the given version number."""
        if version is None:
            row = self.conn.execute("SELECT * FROM cables WHERE key = ? AND is_current = 1",
                                    (reference_id,)).fetchone()
        else:
            row = self.conn.execute("SELECT * FROM cables WHERE key = ? AND version = ?",
                                    (reference_id, version)).fetchone()
        return self.cable_from_row(row) if row else None

    def exists(self, reference_id: str) -> bool:
        """Whether the archive holds a current version of this cable."""
        return is_current(self.conn, reference_id)

    def cable_from_row(self, row: sqlite3.Row) -> Cable:
        """Rebuild the full record from a `cables` row and the tables that hold its parts."""
        cable = read_record(row, bodies.unpack(row["body_zlib"], row["body_size"]),
                            lambda part, cable_id: self.conn.execute(PART_QUERIES[part], (cable_id,)))
        scores = self._sensitivity(row["id"])
        if scores is not None:
            cable.sensitivity = Sensitivity(**scores)
        return cable

    def _sensitivity(self, cable_id: int) -> dict | None:
        """The stored review scores of one cable version, or None (store/scores.py)."""
        from .scores import sensitivity

        return sensitivity(self.conn, cable_id)

    def versions(self, reference_id: str) -> list[dict]:
        """All versions of a cable, oldest first, with where each came from."""
        rows = self.conn.execute(
            """SELECT c.id, c.version, c.is_current, c.released, c.partial, c.redactions, c.ingested,
                      c.content_hash, length(sqlar_uncompress(c.body_zlib, c.body_size)) AS length,
                      (SELECT group_concat(path, ' | ') FROM sources s WHERE s.cable_id = c.id) AS sources
               FROM cables c WHERE c.key = ? ORDER BY c.version""", (reference_id,))
        return [dict(r) for r in rows]

    def body(self, reference_id: str, version: int) -> str | None:
        """The clean text of one version."""
        row = self.conn.execute("SELECT body_zlib, body_size FROM cables WHERE key = ? AND version = ?",
                                (reference_id, version)).fetchone()
        return bodies.unpack(*row) if row else None

    def failures(self, limit: int | None = None) -> list[dict]:
        """Records that could not be parsed, newest first."""
        sql = "SELECT path, record, reason, run_id, seen FROM failures ORDER BY seen DESC, id DESC"
        rows = self.conn.execute(sql + (" LIMIT ?" if limit else ""), (limit,) if limit else ())
        return [dict(r) for r in rows]

    def runs(self) -> list[dict]:
        """Ingest runs, newest first."""
        return [dict(r) for r in self.conn.execute("SELECT * FROM runs ORDER BY id DESC")]

    def count(self) -> int:
        """Number of cables (current versions)."""
        return self.conn.execute("SELECT count(*) FROM cables WHERE is_current = 1").fetchone()[0]

    def review_model(self) -> str | None:
        """The review model trained on this archive (JSON text), or None."""
        from .scores import review_model

        return review_model(self.conn)

    def save_review_model(self, text: str) -> None:
        """Store the review model trained on this archive (JSON text)."""
        from .scores import save_review_model

        save_review_model(self.conn, text)

    def iter_review_paragraphs(self, unscored_by: str | None = None, only=None):
        """Current cables as (cable id, key, classification, [(marking, text)]): see store/scores.py."""
        from .scores import iter_review_paragraphs

        return iter_review_paragraphs(self.conn, unscored_by, only)

    def save_review_scores(self, scores, model: str) -> int:
        """Store sensitivity scores (see store/scores.py); returns how many cables."""
        from .scores import save_review_scores

        return save_review_scores(self.conn, scores, model)

    def iter_current(self, where: str = "", params: tuple = (), narrow: bool = False) -> Iterator[Cable]:
        """Stream current cables in id order; `where` is a trusted SQL fragment over `cables c`.
        `narrow`: it reads only columns of the covering index `cables_facets`, which then picks the
        cables (a selective filter need not read every wide row)."""
        sql = "SELECT * FROM cables c WHERE is_current = 1" + (f" AND ({where})" if where else "") + " ORDER BY id"
        if where and narrow:
            sql = (f"SELECT c.* FROM (SELECT c.id FROM cables c INDEXED BY cables_facets WHERE is_current = 1 "
                   f"AND ({where})) picked CROSS JOIN cables c ON c.id = picked.id ORDER BY c.id")
        cur = self.conn.cursor()
        for row in cur.execute(sql, params):
            yield self.cable_from_row(row)
