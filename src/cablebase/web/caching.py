"""HTTP caching of cable records and pages: an ETag that changes when the cable may have changed,
checked before any of the record is read."""

from __future__ import annotations

from fastapi import Request
from fastapi.responses import Response

from ..store.driver import sqlite3

CACHE_CONTROL = "public, max-age=60"


def cable_etag(conn: sqlite3.Connection, key: str) -> str | None:
    """The cable's versions and the last ingest run (which may have added cables that cite it);
    None when the archive has no such cable."""
    versions = conn.execute("SELECT version, content_hash FROM cables WHERE key = ? ORDER BY version",
                            (key,)).fetchall()
    if not versions:
        return None
    run = conn.execute("SELECT max(id) FROM runs").fetchone()[0]
    return '"' + "-".join([f"r{run}"] + [f"{v}.{h[:12]}" for v, h in versions]) + '"'


def not_modified(request: Request, etag: str) -> Response | None:
    """A 304 response when the client already holds this version, else None."""
    if request.headers.get("if-none-match") == etag:
        return Response(status_code=304, headers={"ETag": etag, "Cache-Control": CACHE_CONTROL})
    return None
