"""Whole-archive summaries stored per archive generation (cablebase.summaries): written at the end
of an ingest or a copy, the same as computing them now, stale after any change to the cables or
the failures, by whatever writes it."""

from __future__ import annotations

import json
import os
import shutil
import threading
import time
from importlib import resources

import psycopg
import pytest
from fastapi.testclient import TestClient

import pgserver
from cablebase import graph, summaries
from cablebase.ingest import ingest
from cablebase.parse import ParseError
from cablebase.reader import Reader
from cablebase.store import bodies, open_archive
from cablebase.store.driver import sqlite3
from cablebase.web.app import create_app
from pgserver import BACKENDS


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    db = tmp_path_factory.mktemp("summaries") / "sample.db"
    ingest([os.fspath(resources.files("cablebase.data").joinpath("sample"))], db, workers=1)
    return db


@pytest.fixture(params=BACKENDS)
def sample(request, sample_file, tmp_path):
    """A copy of the sample's archive this test may change: a file, or a PostgreSQL database."""
    if request.param == "sqlite":
        shutil.copy(sample_file, tmp_path / "sample.db")
        yield tmp_path / "sample.db"
        return
    with pgserver.scratch_database(request.getfixturevalue("pg_server"), "cablebase_summaries",
                                   copy_of=sample_file) as url:
        yield url


def outside(db, *statements: str) -> None:
    """Run statements as the sqlite3 shell or psql would, outside cablebase."""
    if str(db).startswith("postgresql://"):
        with psycopg.connect(str(db), autocommit=True) as conn:
            for statement in statements:
                conn.execute(statement)
        return
    shell = sqlite3.connect(db)
    bodies.register(shell)  # built into the sqlite3 shell; the index triggers use them
    shell.execute("PRAGMA foreign_keys = ON")
    for statement in statements:
        shell.execute(statement)
    shell.commit()
    shell.close()


def delete_a_cable(db) -> None:
    """Delete the newest cable by hand."""
    newest = "(SELECT max(id) FROM cables)"
    outside(db, *([f"DELETE FROM search_text WHERE id = {newest}"] if str(db).startswith("postgresql://") else []),
            f"DELETE FROM cables WHERE id = {newest}")


def stored(archive) -> dict:
    generation = archive.generation()
    return {name: json.loads(archive.stored_summary(name)[1]) for name, made in archive.summary_generations().items()
            if made == generation}


def test_an_ingest_or_copy_stores_every_summary_as_computing_it_now_gives(sample):
    with Reader.open(sample) as reader:
        kept = stored(reader.archive)
        assert set(kept) == set(summaries.COMPUTE)
        assert kept == {name: compute(reader.archive) for name, compute in summaries.COMPUTE.items()}
        assert kept["stats"]["cables"] == 39 and reader.stats()["cables"] == 39
        assert [row["count"] for row in reader.browse("classifications")] == \
            [row["count"] for row in kept["stats"]["by_classification"]]
        top = reader.most_cited(5)
        assert len(top) == 5 and top[0]["cited_by"] >= top[-1]["cited_by"] >= 1
        assert reader.coverage() and all(row["held"] >= 1 for row in reader.coverage())


def test_a_change_made_outside_cablebase_makes_them_stale(sample):
    with open_archive(sample) as archive:
        before, cables = archive.generation(), archive.stats()["cables"]
        delete_a_cable(sample)
        assert archive.generation() > before
        assert stored(archive) == {}  # none is of this generation
        assert summaries.current(archive, "stats")["cables"] == cables - 1  # computed now, not the stored one
        assert summaries.refresh(archive) == len(summaries.COMPUTE)
        assert stored(archive)["stats"]["cables"] == cables - 1 and summaries.refresh(archive) == 0
        archive.add([], [ParseError("no cable structure found", "bad.txt")])
        assert stored(archive) == {} and summaries.current(archive, "stats")["failures"] == 1


def test_a_server_answers_at_once_on_an_archive_without_them_and_computes_them_meanwhile(sample, monkeypatch):
    """An archive written by an older cablebase holds no summaries: the pages that need one say they
    are being computed (503, Retry-After) while the others answer; then every page shows them and
    the archive holds them."""
    with open_archive(sample) as archive:
        expected = {name: compute(archive) for name, compute in summaries.COMPUTE.items()}
    outside(sample, "DELETE FROM summaries")
    release = threading.Event()
    stats = summaries.COMPUTE["stats"]
    slow = dict(summaries.COMPUTE, stats=lambda archive: release.wait(60) and stats(archive))
    monkeypatch.setattr(summaries, "COMPUTE", slow)
    with TestClient(create_app(sample), base_url="http://127.0.0.1") as client:
        waiting = client.get("/api/stats")
        assert waiting.status_code == 503 and waiting.headers["retry-after"] == "30"
        assert waiting.json()["error"]["code"] == "computing"
        page = client.get("/browse/origins")
        assert page.status_code == 503 and "being computed" in page.text
        assert client.get("/api/search", params={"q": "iran"}).json()["total"] > 0  # searching does not wait
        assert client.get("/cable/05ALMATY2058").status_code == 200
        release.set()
        deadline = time.monotonic() + 60
        while (answer := client.get("/api/stats")).status_code == 503 and time.monotonic() < deadline:
            time.sleep(0.1)
        assert answer.status_code == 200 and answer.json() == {**expected["stats"], "unanalysed": 0}
        assert client.get("/api/browse/origins").json()["origins"] == expected["browse origins"]
    with open_archive(sample) as archive:
        deadline = time.monotonic() + 60
        while len(stored(archive)) < len(slow) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert stored(archive) == expected


def test_a_server_counts_a_querys_citations_once_per_generation(sample, monkeypatch):
    calls = []
    ranked = graph.ranked
    monkeypatch.setattr(graph, "ranked", lambda edges: calls.append(1) or ranked(edges))
    with TestClient(create_app(sample), base_url="http://127.0.0.1") as client:
        first = client.get("/api/most-cited", params={"q": "iran"}).json()["cables"]
        assert first and client.get("/api/most-cited", params={"q": "iran"}).json()["cables"] == first
        assert len(calls) == 1
        client.get("/most-cited", params={"q": "iran"})  # the page's two lists: the same ranks
        assert len(calls) == 1
        client.get("/api/most-cited", params={"q": "nuclear"})
        assert len(calls) == 2
        delete_a_cable(sample)  # a new generation: counted again
        client.get("/api/most-cited", params={"q": "iran"})
        assert len(calls) == 3


def test_a_server_counts_a_querys_timeline_once_per_generation(sample, monkeypatch):
    """A query's timeline counts by year are remembered for the archive's generation: its pages,
    periods and zooms (the page and the API) count the result once; a change counts it again."""
    def periods(client) -> list[dict]:
        return client.get("/api/timeline", params={"q": "", "zoom": "decade"}).json()["periods"]

    with TestClient(create_app(sample), base_url="http://127.0.0.1") as client:
        backend, calls = type(client.app.state.readers.get().archive), []  # (each server thread has its own)
        counted = backend.timeline_years
        monkeypatch.setattr(backend, "timeline_years", lambda self, query: calls.append(query) or counted(self, query))
        first = periods(client)
        assert first and periods(client) == first and len(calls) == 1
        client.get("/timeline", params={"q": "", "zoom": "year"})
        client.get("/api/timeline", params={"q": "", "period": str(first[0]["start"]), "per_page": 1, "page": 2})
        assert calls == [""]
        client.get("/timeline", params={"q": "nuclear"})
        assert calls == ["", "nuclear"]
        delete_a_cable(sample)  # a new generation: counted again, without the cable's entries
        assert sum(p["entries"] for p in periods(client)) < sum(p["entries"] for p in first)
        assert calls == ["", "nuclear", ""]


def test_a_servers_worker_processes_compute_missing_summaries_once(sample, monkeypatch):
    """`serve --workers N` on an archive without summaries: the first worker computes and stores
    them while the others wait for it, then read what it stored."""
    with open_archive(sample) as archive:
        expected = {name: compute(archive) for name, compute in summaries.COMPUTE.items()}
    outside(sample, "DELETE FROM summaries")
    release, calls = threading.Event(), []
    stats = summaries.COMPUTE["stats"]
    slow = dict(summaries.COMPUTE, stats=lambda archive: (calls.append(1) or release.wait(60)) and stats(archive))
    monkeypatch.setattr(summaries, "COMPUTE", slow)
    workers = [summaries.Served(sample), summaries.Served(sample)]  # a lock file / advisory lock each, as processes
    for served in workers:
        served.refresh_later()
    time.sleep(1)  # the second is at the lock (without it: computing too)
    release.set()
    for served in workers:
        served.worker.join(60)
    assert len(calls) == 1
    for served in workers:
        assert {name: value for name, (_, value) in served.held.items()} == expected
    with open_archive(sample) as archive:
        assert stored(archive) == expected
