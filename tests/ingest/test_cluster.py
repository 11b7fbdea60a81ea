"""Ingest with parsing and analysis on a Dask cluster (a real LocalCluster of worker processes):
the same archive as an ingest in this process, into SQLite and into PostgreSQL."""

from __future__ import annotations

import subprocess
import sys

import pytest

from cablebase.ingest import ingest
from cablebase.ingest.workers import ClusterError
from cablebase.store import Archive
from cablebase.store.postgres import PostgresArchive


def _records(archive) -> dict[str, dict]:
    return {c.reference_id: c.to_json_dict() for c in archive.select()}


def test_a_local_cluster_stores_what_one_process_stores(corpus, seed_path, tmp_path, pg_url):
    inputs = [str(corpus / "cablegate-txt"), str(seed_path)]
    here = ingest(inputs, tmp_path / "here.db", workers=1)
    there = ingest(inputs, tmp_path / "there.db", cluster="local:2")
    assert (there.new, there.failed, there.parsed) == (here.new, here.failed, here.parsed) == (41, 0, 41)
    on_postgres = ingest(inputs, pg_url, cluster="local:2")
    assert on_postgres.new == 41
    with Archive(tmp_path / "here.db") as a, Archive(tmp_path / "there.db") as b, PostgresArchive(pg_url) as c:
        expected = _records(a)
        assert _records(b) == expected
        assert _records(c) == expected
    assert ingest(inputs, pg_url, cluster="local:1").unchanged == 41  # idempotent there too


@pytest.mark.parametrize("address", ["local:0", "local:x"])
def test_a_bad_cluster_says_what_is_wrong(address, tmp_path, corpus):
    with pytest.raises(ClusterError, match="local:N"):
        ingest([str(corpus / "seed")], tmp_path / "a.db", cluster=address)
    cli = subprocess.run([sys.executable, "-m", "cablebase.cli", "ingest", str(corpus / "seed"), "--db",
                          str(tmp_path / "b.db"), "--cluster", address], capture_output=True, text=True)
    assert cli.returncode == 2 and "local:N" in cli.stderr
