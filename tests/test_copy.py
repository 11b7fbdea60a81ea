"""`cablebase copy`: an archive with versions, failures, runs, analysis and review scores copied from
SQLite to PostgreSQL and back holds the same rows (ids kept) and reads back the same records."""

from __future__ import annotations

import json
import os
from importlib import resources

import psycopg
import pytest
from typer.testing import CliRunner

from cablebase.cli import app as cli
from cablebase.copying import CopyError, copy_archive
from cablebase.ingest import ingest
from cablebase.parse import parse_text
from cablebase.analysis import analyse
from cablebase.reader import Reader
from cablebase.review.archive import score_archive
from cablebase.store import open_archive
from cablebase.store.postgres.check import check_database
from cablebase.store.transfer import JSON_COLUMNS, TABLES

import pgserver

SAMPLE = os.fspath(resources.files("cablebase.data").joinpath("sample"))


@pytest.fixture(scope="module")
def source(tmp_path_factory, seed_path):
    """An SQLite archive of the sample with a second version of the seed, a failure, two runs and
    the review's scores."""
    root = tmp_path_factory.mktemp("copy")
    bad = root / "inputs" / "bad.txt"
    bad.parent.mkdir()
    bad.write_text("nothing that looks like a cable\n")
    db = root / "source.db"
    assert ingest([SAMPLE, str(bad)], db, workers=1).failed == 1
    later = seed_path.read_text().replace("Dushanbe minimize considered.", "Dushanbe minimize considered.\n\n"
                                          "19. (U) A later release adds this paragraph.")
    with open_archive(db) as archive:
        assert archive.add([analyse(parse_text(later, path="05ALMATY2058-later.txt"))])["version"] == 1
        assert score_archive(archive) > 30
    return db


def _rows(archive) -> dict[str, list[tuple]]:
    """Every stored row by table, JSON decoded (PostgreSQL's jsonb orders keys its own way), sorted."""
    out: dict[str, list] = {table: [] for table in TABLES}
    for table, rows in archive.dump():
        at = [TABLES[table].index(c) for c in JSON_COLUMNS.get(table, ())]
        out[table] += [tuple(json.loads(v) if i in at else v for i, v in enumerate(row)) for row in rows]
    return {table: sorted(rows, key=repr) for table, rows in out.items()}


def _records(archive) -> dict[tuple[str, int], str]:
    """Every version of every cable as its record's JSON, by (key, version)."""
    keys = {row[1] for table, rows in archive.dump() if table == "cables" for row in rows}
    return {(key, v["version"]): json.dumps(archive.get(key, v["version"]).to_json_dict(), ensure_ascii=False)
            for key in keys for v in archive.versions(key)}


def test_sqlite_to_postgresql_and_back_keeps_every_row_and_record(source, pg_url, tmp_path):
    back = tmp_path / "back.db"
    there = copy_archive(source, pg_url)
    again = copy_archive(pg_url, back)
    with open_archive(source, readonly=True) as a, open_archive(pg_url, readonly=True) as b, \
            open_archive(back, readonly=True) as c:
        counts = a.table_counts()
        assert counts == b.table_counts() == c.table_counts() == there.counts == again.counts
        assert counts["cables"] == 40 and counts["failures"] == 1 and counts["runs"] == 1
        assert counts["cable_scores"] > 30 and counts["review_models"] == 0 and counts["mentions"] > 500
        assert _rows(a) == _rows(b) == _rows(c)  # every row of every table, ids kept
        records = _records(a)
        assert ("05ALMATY2058", 2) in records and records == _records(b) == _records(c)
        assert a.get("05ALMATY2058").sensitivity == b.get("05ALMATY2058").sensitivity is not None
    with Reader.open(source) as a, Reader.open(pg_url) as b, Reader.open(back) as c:
        for query in ("iran", "later release", "tag:PGOV", "person:Kiselyov", "has:action"):
            assert a.search(query).total == b.search(query).total == c.search(query).total > 0
        entity = a.find_entities("Kiselyov")[0]
        assert entity == b.find_entities("Kiselyov")[0] and a.entity(entity["id"]) == b.entity(entity["id"])
        assert a.actions() == b.actions() == c.actions() and a.stats() == b.stats() == c.stats()
        assert a.failures() == b.failures() == c.failures()


def _keys(url: str) -> set[tuple]:
    """A PostgreSQL archive's constraints, indexes and triggers (enabled or not), as defined."""
    with psycopg.connect(url) as conn:
        return set(conn.execute(
            """SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid), '' FROM pg_constraint
                WHERE connamespace = current_schema()::regnamespace
               UNION ALL SELECT indrelid::regclass::text, indexrelid::regclass::text, pg_get_indexdef(indexrelid), ''
                 FROM pg_index WHERE indrelid::regclass::text NOT LIKE 'pg_%'
               UNION ALL SELECT tgrelid::regclass::text, tgname, tgenabled::text, '' FROM pg_trigger
                WHERE NOT tgisinternal""").fetchall())


def test_the_copy_goes_on_as_the_source_would(source, pg_url, pg_server):
    with pgserver.scratch_database(pg_server, "cablebase_fresh") as fresh:
        with open_archive(fresh):  # (a new archive: the schema made)
            made = _keys(fresh)
    copy_archive(source, pg_url)  # (it drops the keys and indexes while it loads: all made again)
    assert _keys(pg_url) == made and len(made) > 60
    assert check_database(pg_url).ok  # the indexes valid, the words counted right
    again = ingest([SAMPLE], pg_url, workers=1)  # the same inputs: already stored, by the same parser
    assert (again.new, again.new_versions, again.unchanged) == (0, 0, 39)
    with open_archive(pg_url, readonly=True) as archive:
        assert [r["id"] for r in archive.runs()] == [2, 1]  # the ids go on after the copied ones


def test_a_target_that_holds_anything_is_refused_unless_replaced(source, pg_url, tmp_path):
    ingest([SAMPLE + "/05ALMATY2058.txt"], pg_url, workers=1)
    with pytest.raises(CopyError, match="already holds 1 ingest run, 1 cable"):
        copy_archive(source, pg_url)
    first = copy_archive(source, pg_url, replace=True)
    second = copy_archive(source, pg_url, replace=True)  # the same again: the same archive
    assert first.counts == second.counts and first.counts["cables"] == 40
    with pytest.raises(CopyError, match="the same archive"):
        copy_archive(source, source)


def test_the_command_reports_the_counts_and_refuses_clearly(source, pg_url, tmp_path):
    runner = CliRunner()
    done = runner.invoke(cli, ["copy", str(source), pg_url])
    assert done.exit_code == 0, done.output
    assert "cables" in done.output and "40" in done.output and "every count checked" in done.output
    refused = runner.invoke(cli, ["copy", str(source), pg_url])
    assert refused.exit_code == 2 and "pass --replace" in refused.output
    missing = runner.invoke(cli, ["copy", str(tmp_path / "none.db"), str(tmp_path / "x.db")])
    assert missing.exit_code == 2 and "no archive at" in missing.output


def test_a_source_waiting_for_its_analysis_is_refused(tmp_path, seed_path):
    db = tmp_path / "later.db"
    assert ingest([str(seed_path)], db, workers=1, analysis="later").unanalysed == 1
    with pytest.raises(CopyError, match=r"1 cable of the source waits for the analysis .*: `cablebase analyse --db "):
        copy_archive(db, tmp_path / "copy.db")
