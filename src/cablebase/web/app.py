"""The ASGI application: routes, security headers, limits, and the server entry point."""

from __future__ import annotations

import gc
import ipaddress
import os
import threading
from contextlib import asynccontextmanager
from pathlib import Path
from typing import AsyncIterator, Iterable

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.datastructures import MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..errors import QueryError
from .. import summaries
from ..reader import Reader
from ..store.check import is_damage
from . import api, docs, views

STATIC = Path(__file__).parent / "static"
MAX_URL = 4096
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "X-Frame-Options": "DENY",
}


LOOPBACK_NAMES = ("localhost", "127.0.0.1", "::1")
ALLOWED = ("GET", "HEAD", "OPTIONS")


def host_name(header: str) -> str:
    """The name in a Host header, without port, brackets, trailing dot or case: `[::1]:8000` → `::1`."""
    name = header.strip().lower()
    if name.startswith("["):
        name = name[1:name.find("]")] if "]" in name else name
    elif name.count(":") == 1:
        name = name.split(":", 1)[0]
    return name.rstrip(".")


class Guard:
    """In front of every request: refuse a Host the server does not answer to (DNS rebinding),
    overlong URLs and anything but reads; answer HEAD as GET without the body and OPTIONS with the
    methods allowed; add the security headers to every response. (Plain ASGI: Starlette's
    `@app.middleware` would copy each response through a stream.)"""

    def __init__(self, app: ASGIApp, hosts: frozenset[str] | None, cors: bool = False) -> None:
        self.app, self.hosts, self.cors = app, hosts, cors

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        head = scope["method"] == "HEAD"

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers.setdefault(name, value)
            elif head:
                message = {**message, "body": b""}
            await send(message)

        request = Request(scope)
        host = host_name(request.headers.get("host", ""))
        if self.hosts is not None and host not in self.hosts:
            response: Response = api.error_response(
                400, "bad_host", f"this server does not answer to the host name {host[:100]!r} "
                                 "(see serve --allow-host)")
        elif len(str(request.url)) > MAX_URL:
            response = api.error_response(414, "uri_too_long", f"request URL longer than {MAX_URL} characters")
        elif scope["method"] not in ALLOWED:
            response = api.error_response(405, "method_not_allowed", "this server is read-only")
            response.headers["Allow"] = ", ".join(ALLOWED)
        elif scope["method"] == "OPTIONS" and not (self.cors and "access-control-request-method" in request.headers):
            response = Response(status_code=204, headers={"Allow": ", ".join(ALLOWED)})
        else:
            await self.app({**scope, "method": "GET"} if head else scope, receive, send_with_headers)
            return
        await response(scope, receive, send_with_headers)


def allowed_hosts(host: str, extra: Iterable[str] = (), allow_remote: bool = False) -> frozenset[str] | None:
    """The Host names the server answers to: loopback names, the address it binds and `extra`;
    None (any) for a wildcard address opened with `allow_remote` and no names given."""
    wildcard = host in ("0.0.0.0", "::", "")
    if wildcard and allow_remote and not extra:
        return None
    names = {*LOOPBACK_NAMES, *(host_name(e) for e in extra)}
    if not wildcard:
        names.add(host_name(f"[{host}]" if ":" in host else host))
    return frozenset(names)


class Readers:
    """Readers of the archive (an SQLite file or a PostgreSQL database), each on a read-only
    connection of its own: one per server thread."""

    def __init__(self, db: str | os.PathLike, served: summaries.Served) -> None:
        self.db, self.served = db, served
        self.local = threading.local()

    def get(self) -> Reader:
        reader = getattr(self.local, "reader", None)
        if reader is None:
            reader = self.local.reader = Reader.open(self.db, self.served)
        return reader


def create_app(db: str | os.PathLike, cors_origin: str | None = None,
               hosts: frozenset[str] | None = frozenset(LOOPBACK_NAMES)) -> FastAPI:
    """Build the application for the archive at `db`, answering to the Host names `hosts` (None: any)."""
    served = summaries.Served(db)

    @asynccontextmanager
    async def started(app: FastAPI) -> AsyncIterator[None]:
        Reader.open(db).close()  # (SchemaError now if it is no archive)
        served.read_stored()  # what is stored is decoded before the first request (0.5 s at 251k)
        views.compile_templates()
        # what the server holds for good (the summaries' millions of objects, the templates) is
        # left out of the collector's full passes: one ran in a page's first request (+130 ms at 251k)
        gc.collect()
        gc.freeze()
        served.refresh_later()  # what is missing or stale is computed meanwhile: the server answers
        yield

    app = FastAPI(title="cablebase", version="1", docs_url=None, redoc_url=None, lifespan=started,
                  openapi_url="/api/openapi.json",
                  description="Read-only JSON API over a cable archive. Errors are "
                              '`{"error": {"status", "code", "message"}}`.')
    app.state.readers = Readers(db, served)
    app.include_router(api.router)
    app.include_router(docs.router)
    app.include_router(views.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    if cors_origin:
        app.add_middleware(CORSMiddleware, allow_origins=[cors_origin], allow_methods=["GET"])

    app.add_middleware(Guard, hosts=hosts, cors=bool(cors_origin))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        code = {404: "not_found", 405: "method_not_allowed"}.get(exc.status_code, "http_error")
        if request.url.path.startswith("/api/"):
            return api.error_response(exc.status_code, code, str(exc.detail))
        return views.error_page(request, exc.status_code, str(exc.detail))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        first = exc.errors()[0] if exc.errors() else {}
        where = ".".join(str(p) for p in first.get("loc", ()) if p not in ("query", "path"))
        message = f"{where}: {first.get('msg', 'invalid value')}" if where else "invalid request"
        if request.url.path.startswith("/api/"):
            return api.error_response(400, "bad_parameter", message)
        return views.error_page(request, 400, message)

    @app.exception_handler(QueryError)
    async def bad_query(request: Request, exc: QueryError) -> Response:
        if request.url.path.startswith("/api/"):
            return api.error_response(400, "bad_query", exc.message, position=exc.position,
                                      query=request.query_params.get("q"), suggestions=list(exc.suggestions))
        return views.error_page(request, 400, f"That query cannot be read: {exc.message}.")

    @app.exception_handler(summaries.NotReady)
    async def not_ready(request: Request, exc: summaries.NotReady) -> Response:
        message = ("the archive's statistics, browse lists, most-cited ranks and coverage are being computed "
                   "(it holds none of this generation yet; minutes on a Cablegate-sized archive): "
                   "try again in a minute")
        if request.url.path.startswith("/api/"):
            response = api.error_response(503, "computing", message)
        else:
            response = views.error_page(request, 503, message[0].upper() + message[1:] + ".")
        response.headers["Retry-After"] = "30"
        return response

    @app.exception_handler(Exception)
    async def server_error(request: Request, exc: Exception) -> Response:
        if is_damage(exc):  # said plainly, on the page and in the API, not as a generic 500
            message = f"the archive file is damaged ({exc}): `cablebase check` says what is wrong"
            if request.url.path.startswith("/api/"):
                return api.error_response(500, "damaged_archive", message)
            return views.error_page(request, 500, message)
        return JSONResponse({"error": {"status": 500, "code": "internal", "message": "internal error"}},
                            status_code=500)

    return app


def check_bind(host: str, allow_remote: bool) -> None:
    """Refuse a non-loopback address unless explicitly allowed."""
    if allow_remote or host == "localhost":
        return
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"refusing to bind {host}: the archive would be reachable from other machines; "
                         "pass --allow-remote if that is what you want")


def from_environment() -> FastAPI:
    """The application each worker process of `serve --workers N` builds for itself, from
    `$CABLEBASE_DB`, `$CABLEBASE_CORS` and `$CABLEBASE_HOSTS` (the processes share nothing but the archive)."""
    hosts = os.environ.get("CABLEBASE_HOSTS", "")
    return create_app(os.environ["CABLEBASE_DB"], os.environ.get("CABLEBASE_CORS") or None,
                      None if hosts == "*" else frozenset(hosts.split(",")) if hosts else frozenset(LOOPBACK_NAMES))


def run(db: str | os.PathLike, host: str = "127.0.0.1", port: int = 8000, cors_origin: str | None = None,
        workers: int = 1, hosts: frozenset[str] | None = frozenset(LOOPBACK_NAMES)) -> None:
    """Serve the archive with uvicorn: in this process, or in `workers` processes sharing the port;
    answering to the Host names `hosts` (None: any)."""
    import uvicorn

    options = dict(host=host, port=port, log_level="warning", limit_concurrency=256, timeout_keep_alive=5,
                   h11_max_incomplete_event_size=16 * 1024)
    if workers == 1:
        uvicorn.run(create_app(db, cors_origin, hosts), **options)
        return
    os.environ["CABLEBASE_DB"], os.environ["CABLEBASE_CORS"] = os.fspath(db), cors_origin or ""
    os.environ["CABLEBASE_HOSTS"] = "*" if hosts is None else ",".join(sorted(hosts))
    uvicorn.run("cablebase.web.app:from_environment", factory=True, workers=workers, **options)
