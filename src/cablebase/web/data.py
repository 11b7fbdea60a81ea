"""What the API and the pages show, read from the archive: shared by both so they never disagree."""

from __future__ import annotations

import difflib
from dataclasses import asdict
from typing import Any

from .. import graph
from ..model import Cable
from ..store.archive import Archive
from ..store.driver import sqlite3
from ..store.memo import per_state
from ..coverage import from_archive
from ..store.stats import archive_stats, browse, held_ids


def cable_view(conn: sqlite3.Connection, reference_id: str, version: int | None = None) -> dict | None:
    """A cable with its references resolved, what cites it and its versions."""
    archive = Archive.from_connection(conn)
    cable = archive.get(reference_id, version)
    if cable is None:
        return None
    versions = archive.versions(reference_id)
    entity_ids = {r["key"]: r["id"] for r in conn.execute(
        "SELECT e.key, e.id FROM mentions m JOIN entities e ON e.id = m.entity_id "
        "JOIN cables c ON c.id = m.cable_id WHERE c.key = ? AND c.is_current = 1", (reference_id,))}
    return {
        "entity_ids": entity_ids,
        "cable": cable,
        "references": [asdict(link) for link in graph.references(conn, reference_id)],
        "cited_by": graph.cited_by(conn, reference_id),
        "versions": versions,
    }


def cable_record(conn: sqlite3.Connection, reference_id: str) -> Cable | None:
    """The current version of a cable, or None."""
    return Archive.from_connection(conn).get(reference_id)


def version_diff(conn: sqlite3.Connection, reference_id: str, old: int, new: int) -> list[tuple[str, str]]:
    """Unified diff between two versions as (kind, line) with kind in add/del/hunk/same."""
    archive = Archive.from_connection(conn)
    bodies = {v: archive.body(reference_id, v) for v in (old, new)}
    if bodies[old] is None or bodies[new] is None:
        return []
    lines = difflib.unified_diff(bodies[old].splitlines(), bodies[new].splitlines(),
                                 f"version {old}", f"version {new}", lineterm="", n=2)
    out = []
    for line in lines:
        kind = "hunk" if line.startswith(("@@", "---", "+++")) else "add" if line.startswith("+") else \
            "del" if line.startswith("-") else "same"
        out.append((kind, line))
    return out


def browse_list(conn: sqlite3.Connection, what: str) -> list[dict]:
    """A browse list (see `store.stats.browse`), computed once per archive state."""
    return per_state(conn, f"browse {what}", lambda c: browse(c, what))


def stats(conn: sqlite3.Connection) -> dict[str, Any]:
    """Archive statistics (same as `cablebase stats --json`), computed once per archive state."""
    return per_state(conn, "stats", archive_stats)



def coverage(conn: sqlite3.Connection) -> list[dict]:
    """Coverage of every post and year (`cablebase.coverage`), computed once per archive state."""
    return per_state(conn, "coverage", lambda c: from_archive(held_ids(c), graph.citation_counts(c)))
