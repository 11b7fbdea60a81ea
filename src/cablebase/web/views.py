"""HTML pages: search, cable, browse, thread, help. Readable without JavaScript."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import quote_plus
from typing import Optional

from fastapi import APIRouter, Path as UrlPath, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.templating import Jinja2Templates
from markupsafe import Markup, escape

from .. import citation, coverage, summaries
from ..errors import QueryError
from ..spans import excerpt
from ..formatting import human_date, human_day, plural
from ..reader import Reader, canonical
from ..search.fields import FACETS, FIELDS, SORTS
from ..search.highlight import highlighter
from ..search.results import Facets, SearchResult
from ..model import MAX_INTEGER
from ..store import BROWSE_LISTS
from ..vocab.markings import marking_level
from . import caching, timeline_view
from .api import reader
from .histogram import histogram_svg
from .querytext import ADVANCED_FIELDS, advanced_query, chips, date_bounds, with_dates
from .serial_line import serial_line_svg, share_class

router = APIRouter(include_in_schema=False)
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")
templates.env.filters["n"] = lambda number: f"{number:,}"  # counts as people read them: 146,565
templates.env.filters["excerpt"] = excerpt  # a passage's opening, cut at a sentence or word end
templates.env.filters["date"] = human_date  # 1 April 2009, 17:01 UTC; "date unknown"
templates.env.filters["day"] = human_day  # 1 April 2009
templates.env.globals["plural"] = plural  # plural(n, "cable") -> "1 cable", "2 cables"
# how many cables wait for their analysis (_waiting_for_analysis.html says so on the pages it shapes)
templates.env.globals["waiting_for_analysis"] = lambda request: reader(request).unanalysed()
_BIDI_CONTROL = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _isolated(value):
    """Every value a page prints that holds a bidirectional control character is isolated (FSI …
    PDI, the plain-text `<bdi>`, which holds in `<title>` and attributes too): a right-to-left
    override in a subject cannot reorder the text around it, so a title cannot be spoofed."""
    if isinstance(value, str) and _BIDI_CONTROL.search(value):
        return Markup("\u2068") + value + Markup("\u2069")  # a plain str is escaped on the way in
    return value


templates.env.finalize = _isolated


def compile_templates() -> None:
    """Compile every page's template before the server answers (each page's first request compiled
    its own: the search page's 25-70 ms, the cable page's 40-120 ms)."""
    for name in templates.env.list_templates():
        templates.env.get_template(name)


BROWSE_TITLES = {what: what.capitalize() for what in BROWSE_LISTS}  # the browse lists the archive offers


def error_page(request: Request, status: int, message: str) -> Response:
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


def add_filter(query: str, field: str, value: str, exclude: bool = False) -> str:
    """The query with one more filter (quoted when the value has spaces), or excluding it (-field:value)."""
    value = f'"{value}"' if re.search(r"\s", value) else value
    term = f"{'-' if exclude else ''}{field}:{value}"
    return query if term in query.split() else f"{query} {term}".strip()


@router.get("/", response_class=HTMLResponse)
def search_page(request: Request, q: str = Query("", max_length=1000), sort: str = "rank",
                page: int = Query(1, ge=1, le=10000),
                date_from: Optional[str] = Query(None, alias="from", max_length=10),
                date_to: Optional[str] = Query(None, alias="to", max_length=10),
                facets: bool = False):
    """The hits first: the counts over the whole result (facets, coverage line, histogram) are
    filled in by the page's script from `/refine`, or, without scripts, here with `facets=1`."""
    if sort not in SORTS:
        sort = "rank"
    params = request.query_params
    if "adv" in params:  # the advanced-search form: the query it builds, shown in the box
        return RedirectResponse(f"/?q={quote_plus(advanced_query(params))}&sort={sort}&built=1", status_code=303)
    if date_from is not None or date_to is not None:  # the date-range form: the same search, its dates replaced
        narrowed = with_dates(q, (date_from or "").strip(), (date_to or "").strip())
        return RedirectResponse(f"/?q={quote_plus(narrowed)}&sort={sort}", status_code=303)
    error, result = None, None
    try:
        result = reader(request).search(q, sort=sort, page=page, per_page=20, facets=facets)
    except QueryError as exc:
        error = exc
    query = f"q={quote_plus(q)}&sort={sort}"
    context = {"q": q, "sort": sort, "result": result, "error": error, "fields": FIELDS,
               "chips": chips(q) if result else [], "built": "built" in params, "advanced_fields": ADVANCED_FIELDS,
               "refined": facets, "refine_url": f"/refine?{query}", "refine_page": f"/?{query}&page={page}&facets=1"}
    if facets and result:
        context.update(_refined(reader(request), q, sort, result))
    return templates.TemplateResponse(request, "search.html", context, status_code=400 if error else 200)


@router.get("/refine", response_class=HTMLResponse)
def refine(request: Request, q: str = Query("", max_length=1000), sort: str = "rank"):
    """The search page's counts over a query's whole result, as HTML for the page to put in place:
    facets, coverage line and monthly histogram (see `search_page`)."""
    if sort not in SORTS:
        sort = "rank"
    try:
        counted = reader(request).facets(q)
    except QueryError as exc:
        return error_page(request, 400, exc.message)
    context = {"q": q, "sort": sort, **_refined(reader(request), q, sort, counted)}
    return templates.TemplateResponse(request, "_refine.html", context)


def _refined(archive: Reader, q: str, sort: str, counted: SearchResult | Facets) -> dict:
    """The template context of a query's counts (the `_facet_lists.html` and `_result_overview.html` parts)."""
    date_from, date_to = date_bounds(q)
    return {"result": counted, "facet_fields": FACETS, "add_filter": add_filter,
            "date_from": date_from, "date_to": date_to,
            "histogram": histogram_svg(counted.months, q) if counted.months else None,
            "coverage": _coverage_line(archive, q, counted.total) if counted.total else None}


COVERAGE_SPAN = 20000
"""A search's coverage line reads the post-years of at most this many of its cables."""


def _coverage_line(archive: Reader, q: str, total: int) -> dict | None:
    """The coverage of the posts and years a search's results span (all of them up to COVERAGE_SPAN)."""
    try:
        rows = archive.coverage()
    except summaries.NotReady:  # being computed: the counts come without the line meanwhile
        return None
    ids = archive.matching_ids(q, limit=COVERAGE_SPAN) if q.strip() else None
    line = coverage.spanned(rows, ids)
    return line and {**line, "from_cables": min(total, COVERAGE_SPAN) if total > COVERAGE_SPAN else None}


@router.get("/coverage", response_class=HTMLResponse)
def coverage_page(request: Request):
    rows = reader(request).coverage()
    posts: dict[str, dict] = {}
    for r in rows:
        posts.setdefault(r["post"], {"post": r["post"], "name": r["name"], "years": {}})["years"][r["year"]] = r
    return templates.TemplateResponse(request, "coverage.html", {
        "posts": sorted(posts.values(), key=lambda p: p["name"].removeprefix("Embassy ").lower()),
        "years": sorted({r["year"] for r in rows}), "overall": coverage.spanned(rows, None),
        "share_class": share_class, "level": coverage.LEVEL})


@router.get("/coverage/{post}", response_class=HTMLResponse)
def coverage_post_page(request: Request, post: str):
    rows = coverage.select(reader(request).coverage(), post)
    if not rows:
        return error_page(request, 404, f"No cable from {post} in this archive.")
    return templates.TemplateResponse(request, "coverage_post.html", {
        "rows": rows, "name": rows[0]["name"], "post": rows[0]["post"], "overall": coverage.spanned(rows, None),
        "serial_line": serial_line_svg, "gap_sentence": coverage.gap_sentence, "level": coverage.LEVEL})


@router.get("/cable/{reference_id}", response_class=HTMLResponse)
def cable_page(request: Request, reference_id: str, version: Optional[int] = Query(None, ge=1, le=MAX_INTEGER),
               hl: str = Query("", max_length=1000, description="Highlight this query's terms in the text")):
    archive = reader(request)
    found = caching.look_up(request, archive, reference_id, version)
    if found.not_modified:
        return found.not_modified
    view = found.view
    if view is None:
        return error_page(request, 404, f"No cable {reference_id} in this archive.")
    diffs = []
    versions = view["versions"]
    for a, b in zip(versions, versions[1:]):
        diffs.append((a["version"], b["version"], archive.version_diff(reference_id, a["version"], b["version"])))
    cable = view["cable"]
    url = _permalink(request, cable.reference_id)
    response = templates.TemplateResponse(request, "cable.html", {
        **view, "diffs": diffs, "anchors": _anchors(cable), "hl": hl, "mark": highlighter(hl) if hl else None,
        "cite": citation.cite_line(cable, url), "permalink": url,
        "marking_class": _marking_class, "link_refs": link_refs})
    response.headers.update(found.headers)
    return response


def _permalink(request: Request, reference_id: str) -> str:
    return str(request.url_for("cable_page", reference_id=reference_id))


CITE_TYPES = {"bib": "application/x-bibtex; charset=utf-8", "json": "application/vnd.citationstyles.csl+json"}


@router.get("/cable/{reference_id}/cite.{fmt}")
def cite(request: Request, reference_id: str, fmt: str):
    """The citation as a download: BibTeX (cite.bib) or CSL-JSON (cite.json)."""
    cable = reader(request).cable(reference_id) if fmt in CITE_TYPES else None
    if cable is None:
        return error_page(request, 404, f"No cable {reference_id} in this archive, or no citation format {fmt!r}.")
    url = _permalink(request, cable.reference_id)
    body = citation.bibtex(cable, url) if fmt == "bib" else json.dumps(citation.csl_json(cable, url),
                                                                        ensure_ascii=False, indent=2)
    return Response(body, media_type=CITE_TYPES[fmt],
                    headers={"Content-Disposition": f'attachment; filename="{cable.reference_id}.{fmt}"'})


@router.get("/cable/{reference_id}/thread", response_class=HTMLResponse)
def thread_page(request: Request, reference_id: str, zoom: str = Query("", max_length=10),
                period: str = Query("", max_length=10), page: int = Query(1, ge=1, le=10000)):
    archive, key = reader(request), canonical(reference_id)
    if not archive.exists(key):
        return error_page(request, 404, f"No cable {reference_id} in this archive.")
    nodes = archive.thread(key)
    events = archive.thread_events(nodes)
    return templates.TemplateResponse(request, "thread.html", {
        "reference_id": key, "nodes": nodes, "base": f"/cable/{key}/thread?",
        "timeline_open": bool(zoom or period or page > 1), **_thread_timeline_context(events, zoom, period, page)})


@router.get("/browse", response_class=HTMLResponse)
def browse_index(request: Request):
    return templates.TemplateResponse(request, "browse_index.html", {"titles": BROWSE_TITLES})


@router.get("/browse/{what}", response_class=HTMLResponse)
def browse_page(request: Request, what: str):
    if what not in BROWSE_TITLES:
        return error_page(request, 404, f"Nothing to browse by {what!r}.")
    rows = reader(request).browse(what)
    field = {"origins": "origin", "tags": "tag", "classifications": "class", "dates": None}[what]
    return templates.TemplateResponse(request, "browse.html", {
        "what": what, "title": BROWSE_TITLES[what], "rows": rows, "field": field, "add_filter": add_filter,
        "month_query": _month_query})


@router.get("/most-cited", response_class=HTMLResponse)
def most_cited_page(request: Request, q: str = Query("", max_length=1000)):
    archive = reader(request)
    return templates.TemplateResponse(request, "most_cited.html", {
        "q": q, "present": archive.most_cited(30, query=q or None),
        "missing": archive.most_cited(30, missing_only=True, query=q or None)})


@router.get("/entity/{entity_id}", response_class=HTMLResponse)
def entity_page(request: Request, entity_id: int = UrlPath(ge=1, le=MAX_INTEGER)):
    detail = reader(request).entity(entity_id)
    if detail is None:
        return error_page(request, 404, "No such person or organisation in this archive.")
    field = "person" if detail["kind"] == "person" else "org"
    months = detail["months"]
    return templates.TemplateResponse(request, "entity.html", {
        "e": detail, "field": field, "add_filter": add_filter,
        "histogram": histogram_svg(months, add_filter("", field, detail["name"])) if months else None})


LETTERS = [chr(c) for c in range(ord("A"), ord("Z") + 1)] + ["#"]


@router.get("/entities", response_class=HTMLResponse)
def entities_page(request: Request, name: str = Query("", max_length=200), kind: str = "",
                  letter: str = Query("", max_length=1), page: int = Query(1, ge=1, le=10000)):
    kind = kind if kind in ("person", "organization") else ""
    letter = letter.upper() if letter.upper() in LETTERS else ""
    rows, total = [], 0
    if name:
        rows = reader(request).find_entities(name, kind or None, limit=100)
    else:  # before any search: the index of names, most-mentioned first
        total, rows = reader(request).entity_index(kind or None, letter or None, 100, (page - 1) * 100)
    return templates.TemplateResponse(request, "entities.html", {
        "name": name, "kind": kind, "letter": letter, "letters": LETTERS, "rows": rows, "total": total,
        "page": page, "pages": max(1, -(-total // 100))})


@router.get("/timeline", response_class=HTMLResponse)
def timeline_page(request: Request, q: str = Query("", max_length=1000), zoom: str = Query("", max_length=10),
                  period: str = Query("", max_length=10), page: int = Query(1, ge=1, le=10000)):
    """The timeline of every cable a query matches: its periods counted and one page of one period
    read by the store (nothing is cut to the oldest cables)."""
    error, context = None, _timeline_context([], [], zoom, period, page)
    try:
        context = _query_timeline_context(reader(request), q, zoom, period, page)
    except QueryError as exc:
        error = exc
    return templates.TemplateResponse(request, "timeline.html", {"q": q, "error": error, **context},
                                      status_code=400 if error else 200)


def _query_timeline_context(archive: Reader, query: str, zoom: str, period: str, page: int) -> dict:
    """_timeline_context for a query's whole result: counts by year and the page from the store."""
    years = archive.query_timeline_years(query)
    zoom = zoom if zoom in timeline_view.ZOOMS else timeline_view.default_zoom(years)
    period = _period(period)
    found = timeline_view.periods(years, zoom)
    shown = timeline_view.entries_in(found, period)
    per_page = timeline_view.PER_PAGE
    page = min(page, max(1, -(-shown // per_page)))
    events = archive.query_timeline(query, timeline_view.period_years(period, zoom), per_page, (page - 1) * per_page)
    return _timeline_context(timeline_view.entries(events), years, zoom, period, page, shown, paged=True)


def _thread_timeline_context(events: list[dict], zoom: str, period: str, page: int) -> dict:
    """_timeline_context for the events of a cable or thread (few: paged here)."""
    items = timeline_view.entries(events)
    years = timeline_view.year_counts(items)
    zoom = zoom if zoom in timeline_view.ZOOMS else timeline_view.default_zoom(years)
    period = _period(period)
    shown = timeline_view.in_period(items, zoom, period)
    return _timeline_context(shown, years, zoom, period, page, len(shown))


def _period(period: str) -> str:
    return period if period == "undated" or period.isdigit() else ""


def _timeline_context(items: list, years: list[tuple[int | None, int]], zoom: str, period: str, page: int,
                      shown: int = 0, paged: bool = False) -> dict:
    """What timeline.html and events.html show: the periods at this zoom and one page of one period
    (`items`: that page already when `paged`, else the whole period, cut here)."""
    zoom = zoom if zoom in timeline_view.ZOOMS else timeline_view.default_zoom(years)
    per_page = timeline_view.PER_PAGE
    pages = max(1, -(-shown // per_page))
    page = min(page, pages)
    found = timeline_view.periods(years, zoom)
    label = next((name for start, name, _ in found if timeline_view.period_key(start) == period), "")
    return {"entries": items if paged else items[(page - 1) * per_page:page * per_page],
            "total_entries": sum(n for _, n in years), "period_label": label, "shown_entries": shown, "zoom": zoom,
            "zooms": timeline_view.ZOOM_NAMES, "period": period, "periods": found, "page": page, "pages": pages}


@router.get("/actions", response_class=HTMLResponse)
def actions_page(request: Request, page: int = Query(1, ge=1, le=10000)):
    total, rows = reader(request).actions(limit=50, offset=(page - 1) * 50)
    return templates.TemplateResponse(request, "actions.html", {"total": total, "rows": rows, "page": page,
                                                                "pages": max(1, -(-total // 50))})


@router.get("/help", response_class=HTMLResponse)
def help_page(request: Request):
    return templates.TemplateResponse(request, "help.html", {"fields": FIELDS})


def _month_query(month: str | None) -> str:
    return f"from:{month} to:{month}" if month else "is:undated"


def _anchors(cable) -> list[str]:
    """A unique id per paragraph: par7, and par4-2 for a second paragraph printed as 4."""
    seen: dict[str, int] = {}
    out = []
    for i, p in enumerate(cable.paragraphs):
        base = f"par{p.number}" if p.number is not None else f"p{i + 1}"
        seen[base] = seen.get(base, 0) + 1
        out.append(base if seen[base] == 1 else f"{base}-{seen[base]}")
    return out


_LEVEL_CLASS = {"TOP SECRET": "m-ts", "SECRET": "m-s", "CONFIDENTIAL": "m-c", "UNCLASSIFIED": "m-u"}
_CONTROLLED = re.compile(r"(?:SBU|FOUO|LOU)\b")  # unclassified but controlled: its own colour


def _marking_class(marking: str | None) -> str:
    """The colour class of a paragraph or subject marking, by the level the marking grammar reads
    (`SNF`, `C NF`, `S//FGI//NF` as `S/NF`, `C`, `S`); grey for none or one it cannot read."""
    level = marking_level(marking)
    if level is None:
        return "m-none"
    return "m-sbu" if level == "UNCLASSIFIED" and _CONTROLLED.match((marking or "").upper()) else _LEVEL_CLASS[level]


_REF_IN_TEXT = re.compile(r"\b(REF(?:TEL)?S?|ref(?:tel)?)\s+([A-H])\b")


def link_refs(text: str, letters: dict[str, str], mark: re.Pattern | None = None) -> Markup:
    """Escape paragraph text, link `ref A` mentions to the cited cable when it is archived, and put
    what `mark` matches (the search's terms) in <mark>."""
    spans: list[tuple[int, int, str]] = []  # (start, end, kind) in the raw text, not overlapping
    for m in _REF_IN_TEXT.finditer(text):
        if letters.get(m.group(2)):
            spans.append((m.start(), m.end(), "ref"))
    if mark is not None:
        taken = [(a, b) for a, b, _ in spans]
        spans += [(m.start(), m.end(), "mark") for m in mark.finditer(text)
                  if m.end() > m.start() and not any(a < m.end() and m.start() < b for a, b in taken)]
    out, pos = [], 0
    for start, end, kind in sorted(spans):
        out.append(str(escape(text[pos:start])))
        piece = str(escape(text[start:end]))
        if kind == "ref":
            ref = _REF_IN_TEXT.match(text, start)
            out.append(f'<a href="/cable/{escape(letters[ref.group(2)])}">{piece}</a>')
        else:
            out.append(f"<mark>{piece}</mark>")
        pos = end
    out.append(str(escape(text[pos:])))
    return Markup("".join(out))
