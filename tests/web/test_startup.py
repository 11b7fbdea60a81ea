"""A real server's start: it reads the whole-archive summaries its archive stores (cablebase.summaries)
instead of computing them, answers its first requests with them, and computes again those a
change has made stale while its pages answer."""

from __future__ import annotations

import json
import os
import shutil
from importlib import resources

import httpx
import pytest

from cablebase import summaries
from cablebase.ingest import ingest
from cablebase.reader import Reader
from cablebase.store import bodies, open_archive
from cablebase.store.driver import sqlite3

PAGES = ["/", "/api/stats", "/most-cited", "/api/most-cited", "/browse/origins", "/browse/tags", "/browse/dates",
         "/api/browse/classifications", "/coverage", "/api/coverage"]


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory):
    db = tmp_path_factory.mktemp("startup") / "sample.db"
    ingest([os.fspath(resources.files("cablebase.data").joinpath("sample"))], db, workers=1)
    return db


@pytest.fixture
def archive_copy(sample_file, tmp_path):
    shutil.copy(sample_file, tmp_path / "sample.db")
    return tmp_path / "sample.db"


def test_the_first_requests_show_what_the_archive_stores(serve, archive_copy):
    """Every first request answers with the stored summaries: the same content as computing them
    now; a stored value the server could not have computed (a marker) proves it reads them."""
    with open_archive(archive_copy) as archive:
        computed = {name: compute(archive) for name, compute in summaries.COMPUTE.items()}
        generation = archive.generation()
        assert archive.summary_generations() == {name: generation for name in summaries.COMPUTE}
        marked = dict(computed["stats"], first="marker")
        archive.save_summary("stats", generation, json.dumps(marked))
    with serve(archive_copy) as proc:
        first = {page: httpx.get(proc.base + page, timeout=60) for page in PAGES}
        assert all(r.status_code == 200 for r in first.values()), {p: r.status_code for p, r in first.items()}
        assert first["/api/stats"].json() == {**marked, "unanalysed": 0}
        assert first["/api/browse/classifications"].json()["classifications"] == computed["browse classifications"]
        assert first["/api/coverage"].json()["post_years"][0]["post"] == computed["coverage"][0]["post"]
        top = computed["ranks"][0]
        assert first["/api/most-cited"].json()["cables"][0]["reference_id"] == top[0]
        assert top[0] in first["/most-cited"].text
        for row in computed["browse origins"][:3]:
            assert row["label"] in first["/browse/origins"].text


def test_a_stale_summary_is_shown_until_it_is_computed_again(serve, archive_copy):
    with Reader.open(archive_copy) as reader:
        cables = reader.stats()["cables"]
    with serve(archive_copy) as proc:
        assert httpx.get(proc.base + "/api/stats", timeout=60).json()["cables"] == cables
        shell = sqlite3.connect(archive_copy)  # a cable deleted by hand, in the sqlite3 shell
        bodies.register(shell)
        shell.execute("PRAGMA foreign_keys = ON")
        shell.execute("DELETE FROM cables WHERE id = (SELECT max(id) FROM cables)")
        shell.commit()
        shell.close()
        seen = set()
        for _ in range(600):
            answer = httpx.get(proc.base + "/api/stats", timeout=60)
            assert answer.status_code == 200  # the stale one meanwhile: never an error
            seen.add(answer.json()["cables"])
            if cables - 1 in seen:
                break
        assert cables - 1 in seen and seen <= {cables, cables - 1}
    with open_archive(archive_copy) as archive:
        assert archive.summary_generations()["stats"] == archive.generation()  # stored by the server
