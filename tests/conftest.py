"""Shared fixtures: where the real corpus lives, and small helpers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

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
