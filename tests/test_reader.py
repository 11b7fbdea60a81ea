"""The reading face, on a small archive the test builds from the sample shipped in the package (no
external corpus needed): every command and route takes a cable id however it is typed."""

from __future__ import annotations

import json
import os
import uuid
from importlib import resources

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from cablebase.cli import app as cli
from cablebase.copying import copy_archive
from cablebase.ingest import ingest
from cablebase.reader import Reader, canonical
from cablebase.web.app import create_app
import pgserver
from pgserver import BACKENDS

FORMS = ["05ALMATY2058", "05ALMATY002058", "05almaty2058", " 05Almaty02058 "]


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    db = tmp_path_factory.mktemp("sample") / "sample.db"
    summary = ingest([os.fspath(resources.files("cablebase.data").joinpath("sample"))], db, workers=1)
    assert summary.new > 30 and summary.failed == 0
    return db


@pytest.fixture(scope="module", params=BACKENDS)
def sample_db(request, sample_file):
    """The sample's archive: the SQLite file, then a copy of it in PostgreSQL."""
    if request.param == "sqlite":
        yield sample_file
        return
    url = request.getfixturevalue("pg_server")
    name = f"cablebase_sample_{uuid.uuid4().hex[:8]}"
    url = pgserver.create_database(url, name)
    copy_archive(sample_file, url)
    yield url
    pgserver.drop_database(request.getfixturevalue("pg_server"), name)


def test_canonical_ids():
    assert {canonical(form) for form in FORMS} == {"05ALMATY2058"}
    assert canonical("09STATE00012") == "09STATE12" and canonical("not an id") == "NOT AN ID"


def test_the_reader_answers_alike_for_every_form_of_an_id(sample_db):
    with Reader.open(sample_db) as reader:
        answers = [(reader.exists(f), reader.cable(f).reference_id, reader.versions(f), reader.etag(f),
                    reader.references(f), reader.cited_by(f), reader.thread(f), reader.timeline(f),
                    reader.timeline(f, whole_thread=True), reader.cable_view(f)["references"]) for f in FORMS]
        assert all(a == answers[0] for a in answers)
        exists, key, versions, etag, references, _, thread, events, _, _ = answers[0]
        assert exists and key == "05ALMATY2058" and versions and etag and references and thread and events
        assert reader.search("id:05almaty002058").total == 1


@pytest.mark.parametrize("command", [["show"], ["show", "--json"], ["versions"], ["refs", "--json"],
                                     ["citedby", "--json"], ["thread", "--json"], ["timeline", "--json"]])
def test_every_cli_command_takes_any_form_of_an_id(sample_db, command):
    runner = CliRunner()
    outputs = []
    for form in FORMS:
        result = runner.invoke(cli, [*command, form, "--db", str(sample_db)])
        assert result.exit_code in (0, 1), result.output  # citedby: 1 when nothing cites it
        outputs.append((result.exit_code, result.stdout.replace(form.strip(), "05ALMATY2058")))
    assert all(o == outputs[0] for o in outputs)
    assert command == ["citedby", "--json"] or (outputs[0][0] == 0 and outputs[0][1].strip())


@pytest.mark.parametrize("route", ["/api/cables/{}", "/api/cables/{}/references", "/api/cables/{}/cited-by",
                                   "/api/cables/{}/thread", "/api/cables/{}/timeline?thread=true",
                                   "/cable/{}", "/cable/{}/thread"])
def test_every_route_takes_any_form_of_an_id(sample_db, route):
    with TestClient(create_app(sample_db), base_url="http://127.0.0.1") as client:
        responses = [client.get(route.format(form.strip())) for form in FORMS]
    assert all(r.status_code == 200 for r in responses), [r.status_code for r in responses]
    if route.startswith("/api/"):
        bodies = [json.dumps(r.json(), sort_keys=True) for r in responses]
        assert all(b == bodies[0] for b in bodies) and "05ALMATY2058" in bodies[0]
    else:
        assert all("05ALMATY2058" in r.text for r in responses)


