"""HTTP caching of cable records and pages: an ETag that changes when the cable may have changed,
checked before any of the record is read."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import Request
from fastapi.responses import Response

from ..reader import Reader

CACHE_CONTROL = "public, max-age=60"


@dataclass
class CableLookup:
    """A cable asked for by its page or its API record: the caching headers to send, and either a
    304 answer (the client already holds this version) or the cable's view (None: no such cable)."""

    headers: dict[str, str] = field(default_factory=dict)
    not_modified: Response | None = None
    view: dict | None = None


def look_up(request: Request, reader: Reader, reference_id: str, version: int | None) -> CableLookup:
    """Check the client's ETag before reading the record; read it only when it must be sent."""
    etag = reader.etag(reference_id)
    if etag is None:
        return CableLookup()
    headers = {"ETag": etag, "Cache-Control": CACHE_CONTROL}
    if request.headers.get("if-none-match") == etag:
        return CableLookup(headers, not_modified=Response(status_code=304, headers=headers))
    return CableLookup(headers, view=reader.cable_view(reference_id, version))
