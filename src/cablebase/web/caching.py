"""HTTP caching of cable records and pages: an ETag that changes when the cable may have changed,
checked before any of the record is read."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import Response

from ..store.driver import sqlite3
from . import data

CACHE_CONTROL = "public, max-age=60"


def cable_etag(conn: sqlite3.Connection, key: str) -> str | None:
    """The cable's versions, the last ingest run (which may have added cables that cite it) and the
    model that scored it (`review --score`); None when the archive has no such cable."""
    versions = conn.execute("SELECT version, content_hash FROM cables WHERE key = ? ORDER BY version",
                            (key,)).fetchall()
    if not versions:
        return None
    run = conn.execute("SELECT max(id) FROM runs").fetchone()[0]
    scored = conn.execute("SELECT s.model FROM cables c JOIN cable_scores s ON s.cable_id = c.id "
                          "WHERE c.key = ? AND c.is_current = 1", (key,)).fetchone()
    parts = [f"r{run}"] + [f"{v}.{h[:12]}" for v, h in versions] + ([f"s{scored[0][:8]}"] if scored else [])
    return '"' + "-".join(parts) + '"'


@dataclass
class CableLookup:
    """A cable asked for by its page or its API record: the caching headers to send, and either a
    304 answer (the client already holds this version) or the cable's view (None: no such cable)."""

    headers: dict[str, str] = field(default_factory=dict)
    not_modified: Response | None = None
    view: dict | None = None


def look_up(request: Request, conn: sqlite3.Connection, key: str, version: int | None) -> CableLookup:
    """Check the client's ETag before reading the record; read it only when it must be sent."""
    etag = cable_etag(conn, key)
    if etag is None:
        return CableLookup()
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if request.headers.get("if-none-match") == etag:
        return CableLookup(headers, not_modified=Response(status_code=304, headers=headers))
    return CableLookup(headers, view=data.cable_view(conn, key, version))
