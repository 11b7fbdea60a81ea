"""Shared fixtures: where the real corpus lives, and small helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import pgserver
from pgserver import BACKENDS

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CABLEBASE_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()
SEED = CORPUS / "seed" / "05ALMATY2058.txt"
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def corpus() -> Path:
    """The dev corpus, for the tests that read it (the others run without it). Missing: those tests
    are skipped, except in CI (`$CI` set), where that is a failure."""
    if not (CORPUS / "cables-dev.csv").exists():
        message = f"the test corpus is missing at {CORPUS} (set CABLEBASE_CORPUS)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return CORPUS


@pytest.fixture(scope="session")
def seed_path(corpus) -> Path:
    return SEED


@pytest.fixture(scope="session")
def corpus_db(tmp_path_factory, corpus) -> Path:
    """An archive built from the whole dev corpus (HTML + CSV + text + seed), once per session."""
    from cablebase.ingest import ingest

    db = tmp_path_factory.mktemp("archive") / "corpus.db"
    summary = ingest([str(corpus)], db, workers=1)
    assert summary.new == 945, summary
    return db


@pytest.fixture(scope="session")
def pg_server():
    """A PostgreSQL server's superuser URL: `$CABLEBASE_TEST_PG`, or a throwaway cluster started for
    this test process (see tests/pgserver.py). Skipped where there is no PostgreSQL at all, except
    in CI (`$CI` set), where that is a failure."""
    try:
        with pgserver.test_server() as url:
            yield url
    except pgserver.NoServer as exc:
        if os.environ.get("CI"):
            raise
        pytest.skip(str(exc))


@pytest.fixture
def pg_url(pg_server):
    """The URL of a fresh, empty database on the test server, dropped after the test."""
    with pgserver.scratch_database(pg_server, "cablebase_test") as url:
        yield url



@pytest.fixture(scope="session")
def corpus_pg(corpus_db, pg_server):
    """The corpus archive copied into a PostgreSQL database (`cablebase copy`); its URL."""
    with pgserver.scratch_database(pg_server, "cablebase_corpus", copy_of=corpus_db) as url:
        yield url


@pytest.fixture(scope="session", params=BACKENDS)
def corpus_archive(request):
    """The corpus archive on each backend in turn: its SQLite file, then its PostgreSQL URL."""
    return request.getfixturevalue("corpus_db" if request.param == "sqlite" else "corpus_pg")


@pytest.fixture(params=BACKENDS)
def empty_archive(request, tmp_path):
    """Where to make a new archive on each backend in turn: a file name, then an empty database's URL."""
    return tmp_path / "new.db" if request.param == "sqlite" else request.getfixturevalue("pg_url")
