"""The README is complete: every CLI command has help and a row in its command table, and every JSON
API route is listed in its API section (as sqlite-utils and Datasette test their docs)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from typer.main import get_command

from cablebase.cli import app as cli
from cablebase.web.app import create_app

README = (Path(__file__).resolve().parents[1] / "README.md").read_text(encoding="utf-8")
COMMANDS = sorted(get_command(cli).commands.items())


def _section(title: str) -> str:
    """The README's text under a heading, up to the next heading of the same or a higher level."""
    m = re.search(rf"^(#+) {re.escape(title)}$", README, re.M)
    assert m, f"no section {title!r} in the README"
    rest = README[m.end():]
    following = re.search(rf"^#{{1,{len(m.group(1))}}} ", rest, re.M)
    return rest[:following.start()] if following else rest


def _paths(routes, prefix: str = ""):
    """The paths of an app's routes, those of the routers it includes too (which FastAPI 0.165 keeps
    as included-router objects, earlier versions as routes of their own)."""
    for route in routes:
        included = getattr(route, "original_router", None)
        if included is not None:
            yield from _paths(included.routes, prefix + route.include_context.prefix)
        elif hasattr(route, "path"):
            yield prefix + route.path


def _path_pattern(path: str) -> str:
    """A path with each parameter as one placeholder: `/api/cables/{reference_id}` -> `/api/cables/{}`."""
    return re.sub(r"\{[^}]*\}", "{}", path)


@pytest.mark.parametrize("name, command", COMMANDS, ids=[name for name, _ in COMMANDS])
def test_every_cli_command_is_documented(name, command):
    assert (command.help or "").strip(), f"`cablebase {name}` has no help"
    table = _section("Using it")
    assert re.search(rf"^\|.*`{re.escape(name)}[ `]", table, re.M), f"`{name}` is missing from the README's commands"


def test_every_api_route_is_documented(tmp_path):
    api_section = _section("JSON API (read-only)")
    listed = {_path_pattern(p.split("?")[0].split("[")[0]) for p in re.findall(r"`(/api[^`]*)`", api_section)}
    app = create_app(tmp_path / "none.db")
    # every route the server answers under /api, those left out of the OpenAPI spec too (the spec
    # itself, the interactive docs and their assets); the spec's paths are among them (else the
    # walk missed some)
    routes = [path for path in _paths(app.routes) if path == "/api" or path.startswith("/api/")]
    assert set(app.openapi()["paths"]) <= set(routes) and len(routes) > 10
    missing = [path for path in routes if _path_pattern(path) not in listed]
    assert not missing, f"API routes missing from the README: {missing}"
