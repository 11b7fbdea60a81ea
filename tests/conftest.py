"""Shared fixtures: where the real corpus lives, and small helpers."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

import pytest

import pgserver

ROOT = Path(__file__).resolve().parents[1]
CORPUS = Path(os.environ.get("CABLEBASE_CORPUS", ROOT.parent / "shared" / "corpus")).resolve()
SEED = CORPUS / "seed" / "05ALMATY2058.txt"
FIXTURES = Path(__file__).parent / "fixtures"


def pytest_sessionstart(session: pytest.Session) -> None:
    if not (CORPUS / "cables-dev.csv").exists():
        raise pytest.UsageError(f"the test corpus is missing at {CORPUS} (set CABLEBASE_CORPUS)")


@pytest.fixture(scope="session")
def corpus() -> Path:
    return CORPUS


@pytest.fixture(scope="session")
def seed_path() -> Path:
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
    name = f"cablebase_test_{uuid.uuid4().hex[:12]}"
    url = pgserver.create_database(pg_server, name)
    yield url
    pgserver.drop_database(pg_server, name)
