"""The interactive API docs (Swagger UI) served from the installed `swagger-ui-py` package: no
network needed, and inside the app's Content-Security-Policy (no inline script, no CDN)."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import FileResponse, HTMLResponse, Response

router = APIRouter(include_in_schema=False)
ASSETS = {"swagger-ui-bundle.js": "text/javascript", "swagger-ui.css": "text/css", "LICENSE": "text/plain"}
PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>cablebase API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css">
<script src="/api/docs/assets/swagger-ui-bundle.js" defer></script>
<script src="/static/api-docs.js" defer></script>
</head>
<body>
<p><a href="/">cablebase</a> · JSON API · <a href="/api/openapi.json">OpenAPI spec</a> ·
<a href="/api">endpoint list (JSON)</a> · Swagger UI (<a href="/api/docs/assets/LICENSE">Apache-2.0</a>)</p>
<div id="swagger-ui"><noscript>The interactive docs need JavaScript: read <a href="/api/openapi.json">the OpenAPI
spec</a> or <a href="/api">the endpoint list</a>.</noscript></div>
</body>
</html>
"""


def _assets() -> Path:
    import swagger_ui

    return Path(swagger_ui.__file__).parent / "static"


@router.get("/api/docs", response_class=HTMLResponse)
def api_docs() -> HTMLResponse:
    return HTMLResponse(PAGE)


@router.get("/api/docs/assets/{name}")
def api_docs_asset(name: str) -> Response:
    if name not in ASSETS:
        return Response("no such asset", status_code=404, media_type="text/plain")
    return FileResponse(_assets() / name, media_type=ASSETS[name], headers={"Cache-Control": "public, max-age=86400"})
