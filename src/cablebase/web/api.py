"""The JSON API under /api: search with facets, cables, references, browse lists, stats."""

from __future__ import annotations

import importlib.util
from dataclasses import asdict
from typing import Iterator, Optional

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import JSONResponse, StreamingResponse

from .. import coverage
from ..errors import QueryError
from ..export import export_name
from ..model import MAX_INTEGER
from ..reader import Reader, canonical
from ..search import SORTS
from . import caching, timeline_view
from .querytext import advanced_query

router = APIRouter(prefix="/api", tags=["api"])


def error_response(status: int, code: str, message: str, **extra) -> JSONResponse:
    """The one error shape: {"error": {"status", "code", "message", ...}}."""
    return JSONResponse({"error": {"status": status, "code": code, "message": message, **extra}},
                        status_code=status)


def _json(payload: dict) -> JSONResponse:
    """A JSON response made straight from plain data. (Returning the dict would have FastAPI walk it
    in Python first to make it JSON-ready: ≈ 1.3 ms for a search page's facets and histogram.)"""
    return JSONResponse(payload)


def reader(request: Request) -> Reader:
    """The archive's reader for this server thread."""
    return request.app.state.readers.get()


@router.get("", summary="This list: every endpoint of the API, with what it answers")
def api_index(request: Request):
    spec = request.app.openapi()  # built once by FastAPI, from the routes themselves
    endpoints = [{"path": path, "method": method.upper(), "summary": op.get("summary", ""),
                  "parameters": [p["name"] for p in op.get("parameters", []) if p.get("in") == "query"]}
                 for path, ops in spec["paths"].items() for method, op in ops.items()]
    return _json({"name": spec["info"]["title"], "docs": "/api/docs", "openapi": "/api/openapi.json",
                  "endpoints": endpoints})


@router.get("/search", summary="Search with facets")
def api_search(request: Request,
               q: str = Query("", max_length=1000, description="Query in the cablebase search language"),
               sort: str = Query("rank", description="rank, date or date-asc"),
               page: int = Query(1, ge=1, le=10000),
               per_page: int = Query(20, ge=1, le=200),
               facets: bool = Query(True, description="Include facet counts and the monthly histogram")):
    if sort not in SORTS:
        return error_response(400, "bad_parameter", f"sort must be one of {', '.join(SORTS)}")
    result = reader(request).search(q, sort=sort, page=page, per_page=per_page, facets=facets)
    return _json({
        "query": result.query, "sort": result.sort, "page": result.page, "per_page": result.per_page,
        "total": result.total, "pages": result.pages,
        "hits": [asdict(h) for h in result.hits],
        "facets": {name: [asdict(v) for v in values] for name, values in result.facets.items()},
        "months": [{"month": m, "count": c} for m, c in result.months],
        "facets_sampled": result.sampled,
        "suggestions": [asdict(s) for s in result.suggestions],
    })


@router.get("/facets", summary="Counts over a query's whole result set: total, facets, cables per month")
def api_facets(request: Request,
               q: str = Query("", max_length=1000, description="Query in the cablebase search language")):
    """What `/api/search` gives beside its hits, asked for apart: a client shows the page of hits
    (`/api/search?facets=false`) without waiting for these counts."""
    result = reader(request).facets(q)
    return _json({
        "query": result.query, "total": result.total,
        "facets": {name: [asdict(v) for v in values] for name, values in result.facets.items()},
        "months": [{"month": m, "count": c} for m, c in result.months],
        "facets_sampled": result.sampled,
    })


@router.get("/cables/{reference_id}", summary="One cable: current version (or ?version=N) and its versions")
def api_cable(request: Request, reference_id: str,
              version: Optional[int] = Query(None, ge=1, le=MAX_INTEGER)):
    found = caching.look_up(request, reader(request), reference_id, version)
    if found.not_modified:
        return found.not_modified
    if found.view is None:
        return error_response(404, "not_found", f"no cable {reference_id} in this archive")
    body = {"cable": found.view["cable"].to_json_dict(),
            "versions": [{k: v for k, v in row.items() if k != "id"} for row in found.view["versions"]]}
    return JSONResponse(body, headers=found.headers)


@router.get("/cables/{reference_id}/references", summary="What a cable cites, resolved against the archive")
def api_references(request: Request, reference_id: str):
    archive = reader(request)
    return _missing(archive, reference_id) or _json({
        "reference_id": canonical(reference_id),
        "references": [asdict(link) for link in archive.references(reference_id)]})


@router.get("/cables/{reference_id}/cited-by", summary="Archived cables that cite this id")
def api_cited_by(request: Request, reference_id: str):
    return _json({"reference_id": canonical(reference_id), "cited_by": reader(request).cited_by(reference_id)})


@router.get("/cables/{reference_id}/thread", summary="The connected conversation around a cable")
def api_thread(request: Request, reference_id: str):
    archive = reader(request)
    return _missing(archive, reference_id) or _json({
        "reference_id": canonical(reference_id), "nodes": [asdict(n) for n in archive.thread(reference_id)]})


@router.get("/browse/{what}", summary="Browse lists: origins, tags, dates, classifications")
def api_browse(request: Request, what: str):
    try:
        return _json({what: reader(request).browse(what)})
    except ValueError as exc:
        return error_response(404, "not_found", str(exc))


@router.get("/most-cited", summary="Most-cited cables (in-degree, PageRank), overall or by a query's results")
def api_most_cited(request: Request, limit: int = Query(20, ge=1, le=200), missing: bool = False,
                   q: Optional[str] = Query(None, max_length=1000, description="Count only citations by these cables")):
    return _json({"query": q, "cables": reader(request).most_cited(limit, missing_only=missing, query=q)})


@router.get("/coverage", summary="How much of each post's traffic per year the archive holds, from serial numbers")
def api_coverage(request: Request, origin: Optional[str] = Query(None, max_length=100, description="A post code or name"),
                 year: Optional[int] = Query(None, ge=1900, le=2100),
                 summary: bool = Query(False, description="Leave out the long lists (serials, gaps, months)")):
    rows = coverage.select(reader(request).coverage(), origin, year)
    if not rows and (origin or year):
        return error_response(404, "not_found", "no cable of that post and year in this archive")
    return _json({"level": coverage.LEVEL, "post_years": [coverage.summary(r) for r in rows] if summary else rows})


@router.get("/entities", summary="People and organisations whose name matches")
def api_entities(request: Request, name: str = Query(..., min_length=1, max_length=200),
                 kind: Optional[str] = Query(None, description="person or organization")):
    try:
        return _json({"entities": reader(request).find_entities(name, kind)})
    except ValueError as exc:
        return error_response(400, "bad_parameter", str(exc))


@router.get("/entities/{entity_id}", summary="One person or organisation: cables, titles, co-occurring entities")
def api_entity(request: Request, entity_id: int = Path(ge=1, le=MAX_INTEGER)):
    detail = reader(request).entity(entity_id)
    if detail is None:
        return error_response(404, "not_found", f"no entity {entity_id}")
    return _json(detail)


@router.get("/timeline", summary="The timeline of every cable matching a query: periods counted, one page of events")
def api_timeline(request: Request, q: str = Query("", max_length=1000),
                 zoom: str = Query("year", pattern="^(year|5y|decade)$"),
                 period: str = Query("", pattern=r"^(\d{1,4}|undated)?$"),
                 page: int = Query(1, ge=1, le=MAX_INTEGER), per_page: int = Query(200, ge=1, le=1000)):
    """Every cable matching `q` counts (no cut to the oldest ones): `periods` gives the entries of
    each period at this zoom (undated last), `events` one page of one period (all periods when
    `period` is empty), in date order; an entry is a sentence at the first date it gives."""
    archive = reader(request)
    years = archive.query_timeline_years(q)
    periods = timeline_view.periods(years, zoom)
    total = timeline_view.entries_in(periods, period)
    events = archive.query_timeline(q, timeline_view.period_years(period, zoom), per_page, (page - 1) * per_page)
    return _json({"query": q, "zoom": zoom, "period": period,
                  "periods": [{"start": start, "label": label, "entries": n} for start, label, n in periods],
                  "total": total, "page": page, "pages": max(1, -(-total // per_page)), "per_page": per_page,
                  "events": events})


@router.get("/cables/{reference_id}/timeline", summary="Dated events of one cable (or its whole thread)")
def api_cable_timeline(request: Request, reference_id: str, thread: bool = False):
    archive = reader(request)
    return _missing(archive, reference_id) or _json({
        "reference_id": canonical(reference_id), "events": archive.timeline(reference_id, whole_thread=thread)})


@router.get("/actions", summary="Cables with an action request: points, addressees, deadline")
def api_actions(request: Request, page: int = Query(1, ge=1, le=10000), per_page: int = Query(50, ge=1, le=200)):
    total, rows = reader(request).actions(per_page, (page - 1) * per_page)
    return _json({"total": total, "page": page, "actions": rows})


EXPORT_TYPES = {"csv": "text/csv; charset=utf-8", "jsonl": "application/x-ndjson; charset=utf-8",
                "parquet": "application/vnd.apache.parquet"}


@router.get("/export", summary="Every cable matching a query as one CSV, JSON Lines or Parquet download (streamed)")
def api_export(request: Request, q: str = Query("", max_length=1000, description="Query (empty: every cable)"),
               format: str = Query("csv", description="csv, jsonl or parquet")):
    if format not in EXPORT_TYPES:
        return error_response(400, "bad_parameter", f"format must be one of {', '.join(EXPORT_TYPES)}")
    if format == "parquet" and importlib.util.find_spec("pyarrow") is None:
        return error_response(501, "not_installed", "Parquet export needs pyarrow: pip install 'cablebase[parquet]'")
    archive = Reader.open(request.app.state.readers.db)  # its own connection, for as long as the download
    try:
        pieces = archive.export_pieces(format, q)
    except QueryError:  # answered by the app's handler
        archive.close()
        raise

    def body() -> Iterator[bytes]:
        try:
            for piece in pieces:
                yield piece.encode() if isinstance(piece, str) else piece
        finally:
            archive.close()
    return StreamingResponse(body(), media_type=EXPORT_TYPES[format],
                             headers={"Content-Disposition": f'attachment; filename="{export_name(q, format)}"'})


@router.get("/advanced-query", summary="The query the advanced-search form's fields make (all, phrase, any, none, "
                                        "origin, tag, class, caption, signer, person, org, subject, from, to, has, is)")
def api_advanced_query(request: Request):
    return _json({"query": advanced_query(request.query_params)})


@router.get("/stats", summary="Archive statistics")
def api_stats(request: Request):
    return _json(reader(request).stats())


def _missing(archive: Reader, reference_id: str) -> JSONResponse | None:
    """A 404 error response when the archive has no such cable, else None."""
    if archive.exists(reference_id):
        return None
    return error_response(404, "not_found", f"no cable {reference_id} in this archive")
