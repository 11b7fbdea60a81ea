"""The archive: one SQLite file holding every cable version, its parts and the ingest history."""

from __future__ import annotations

import fcntl
import json
import os
from collections import Counter
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..errors import ParseError
from ..model import Cable, Sensitivity
from ..search.query import parse_query
from ..search.results import Facets, SearchResult
from . import bodies, links, queries, search, stats, transfer
from .compile import compile_query
from .connection import DEFAULT_DB, connect, is_current
from .driver import sqlite3
from .schema import transaction
from .records import PART_QUERIES, entity_tag, read_record
from .writer import Analysis, Prepared, merge_surnames, now, prepare, write_analysis, write_batch

class Archive:
    """A cable archive in one SQLite file: the SQLite implementation of `store.backend.Backend`.

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

    # -- the second pass: analysis of versions stored without it ----------------------------------
    def unanalysed(self, after: int = 0, limit: int = 1024) -> list[int]:
        """Ids of stored versions that wait for their analysis (see `unanalysed`), above `after`."""
        return [r[0] for r in self.conn.execute(
            "SELECT cable_id FROM unanalysed WHERE cable_id > ? ORDER BY cable_id LIMIT ?", (after, limit))]

    def unanalysed_count(self) -> int:
        """How many stored versions wait for their analysis."""
        return self.conn.execute("SELECT count(*) FROM unanalysed").fetchone()[0]

    def versions_by_id(self, ids: list[int]) -> list[tuple[int, Cable]]:
        """(id, record) of stored versions by their row ids, in that order (gone ones left out)."""
        rows = {r["id"]: r for r in self.conn.execute(
            f"SELECT * FROM cables WHERE id IN ({','.join('?' * len(ids))})", ids)}
        return [(i, self.cable_from_row(rows[i])) for i in ids if i in rows]

    def save_analysis(self, batch: list[Analysis]) -> int:
        """Store the analysis of versions stored without it (one transaction); returns how many."""
        return write_analysis(self.conn, batch)

    def merge_surnames(self) -> int:
        """Fold people named by a surname alone into the one full name that ends with it (see
        writer.merge_surnames); returns how many were folded."""
        return merge_surnames(self.conn)

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

    def select(self, query: str = "") -> Iterator[Cable]:
        """Stream the current cables matching a query (all for ""), in id order. A malformed query
        raises QueryError here, before any cable is read."""
        compiled = compile_query(parse_query(query))
        where, params = compiled.as_filters()
        # the covering index `cables_facets` picks the cables: a selective filter need not read every
        # wide row; the ids come in order from the index, so no sort holds the rows: an ORDER BY
        # outside would copy every matching row, text and all, into a temporary b-tree
        sql = (f"SELECT c.* FROM (SELECT c.id FROM cables c INDEXED BY cables_facets WHERE {where} ORDER BY c.id) "
               "picked CROSS JOIN cables c ON c.id = picked.id")
        return (self.cable_from_row(row) for row in self.conn.cursor().execute(sql, params))

    def entity_ids(self, reference_id: str) -> dict[str, int]:
        """Entity key -> id of the people and organisations a cable names."""
        return {r["key"]: r["id"] for r in self.conn.execute(
            "SELECT e.key, e.id FROM mentions m JOIN entities e ON e.id = m.entity_id "
            "JOIN cables c ON c.id = m.cable_id WHERE c.key = ? AND c.is_current = 1", (reference_id,))}

    # -- caching -------------------------------------------------------------------------------
    def etag(self, reference_id: str) -> str | None:
        """The cable's versions, the last ingest run (which may have added cables that cite it) and the
        model that scored it (`review --score`); None when the archive has no such cable."""
        versions = self.conn.execute("SELECT version, content_hash FROM cables WHERE key = ? ORDER BY version",
                                     (reference_id,)).fetchall()
        if not versions:
            return None
        run = self.conn.execute("SELECT max(id) FROM runs").fetchone()[0]
        scored = self.conn.execute("SELECT s.model FROM cables c JOIN cable_scores s ON s.cable_id = c.id "
                                   "WHERE c.key = ? AND c.is_current = 1", (reference_id,)).fetchone()
        return entity_tag(versions, run, scored[0] if scored else None)

    # -- whole-archive summaries (see store/backend.py) -------------------------------------------
    def generation(self) -> int:
        return queries.generation(self.conn)

    def summary_generations(self) -> dict[str, int]:
        return queries.summary_generations(self.conn)

    def stored_summary(self, name: str) -> tuple[int, str] | None:
        return queries.stored_summary(self.conn, name)

    def save_summary(self, name: str, generation: int, value: str) -> None:
        with transaction(self.conn):
            queries.save_summary(self.conn, name, generation, value)

    @contextmanager
    def computing_summaries(self) -> Iterator[None]:
        """A lock file beside the archive (none where it cannot be written: a reader computes alone)."""
        try:
            fh = open(f"{os.path.realpath(self.path)}.summaries.lock", "a+")
        except OSError:
            fh = None
        if fh is None:  # (outside the handler: an error of the caller's is not chained to this one)
            yield
            return
        with fh:
            fcntl.flock(fh, fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh, fcntl.LOCK_UN)

    # -- search, graph, analysis views, statistics (see store/backend.py) -------------------------
    def search(self, query: str = "", sort: str = "rank", page: int = 1, per_page: int = 20,
               facets: bool = True) -> SearchResult:
        return search.search(self.conn, query, sort=sort, page=page, per_page=per_page, facets=facets)

    def facets(self, query: str = "") -> Facets:
        return search.result_facets(self.conn, query)

    def matching_ids(self, query: str, limit: int = 10000, oldest_first: bool = False) -> set[str]:
        return search.matching_ids(self.conn, query, limit=limit, oldest_first=oldest_first)

    def cited(self, reference_id: str) -> list[dict]:
        return links.cited(self.conn, reference_id)

    def candidates(self, origin: str, serial: int, year: int | None, window: int) -> list[str]:
        return links.candidates(self.conn, origin, serial, year, window)

    def summary(self, reference_id: str) -> dict | None:
        return links.summary(self.conn, reference_id)

    def cited_by(self, reference_id: str) -> list[dict]:
        return links.cited_by(self.conn, reference_id)

    def citation_edges(self, citing: set[str] | None = None) -> list[tuple[str, str]]:
        return links.citation_edges(self.conn, citing)

    def headings(self, reference_ids: list[str]) -> dict[str, dict]:
        return queries.cable_headings(self.conn, reference_ids)

    def held_ids(self) -> list[tuple[str, str | None]]:
        return stats.held_ids(self.conn)

    def entity_names(self) -> list[dict]:
        return queries.entity_names(self.conn)

    def find_entities(self, name: str, kind: str | None = None, limit: int = 50) -> list[dict]:
        return queries.find_entities(self.conn, name, kind, limit)

    def entity_detail(self, entity_id: int, limit: int = 200) -> dict | None:
        return queries.entity_detail(self.conn, entity_id, limit)

    def timeline(self, cable_ids: list[str], limit: int = 2000) -> list[dict]:
        return queries.timeline(self.conn, cable_ids, limit)

    def timeline_years(self, query: str) -> list[tuple[int | None, int]]:
        return queries.timeline_years(self.conn, *search.matching_rows(query))

    def timeline_page(self, query: str, period: tuple[int, int] | str | None = None, limit: int = 50,
                      offset: int = 0) -> list[dict]:
        return queries.timeline_page(self.conn, *search.matching_rows(query), search.matching_filter(query),
                                     period, limit, offset)

    def action_requests(self, limit: int = 50, offset: int = 0) -> tuple[int, list[dict]]:
        return queries.action_requests(self.conn, limit, offset)

    def stats(self, top: int = 20) -> dict:
        return stats.archive_stats(self.conn, top)

    def browse(self, what: str) -> list[dict]:
        return stats.browse(self.conn, what)
