"""The command line, run as a user would: real processes, exit codes, stdout and stderr."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

CLI = [sys.executable, "-m", "cablebase.cli"]


def run(*args, **kw):
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, **kw)


def test_version_names_the_sqlite_it_runs_on():
    from importlib.metadata import version

    from cablebase.store.driver import sqlite3

    r = run("--version")
    assert r.returncode == 0, r.stderr
    assert r.stdout.startswith(f"cablebase {version('cablebase')} (SQLite {sqlite3.sqlite_version}, Python ")


def test_parse_single_record_pretty(seed_path):
    r = run("parse", seed_path)
    assert r.returncode == 0, r.stderr
    data = json.loads(r.stdout)
    assert data["reference_id"] == "05ALMATY2058" and "\n  " in r.stdout
    assert data["entities"] == [] and data["events"] == []  # the parser alone does no analysis
    analysed = json.loads(run("parse", "--analyse", seed_path).stdout)
    assert "Sergey Kiselyov" in {e["name"] for e in analysed["entities"]}
    assert any(e["date"] == "2005-06-08" and e["text"] == "June 8" for e in analysed["events"])


def test_parse_stream_and_bad_records(tmp_path, corpus):
    bad = tmp_path / "bad.csv"
    rows = (corpus / "cables-dev.csv").read_text(encoding="utf-8").split('\n"2","')[0]
    bad.write_text(rows + '\n"2","x","y"\n', encoding="utf-8")
    r = run("parse", "--jsonl", bad, tmp_path / "missing.txt")
    assert r.returncode == 1
    assert len(r.stdout.splitlines()) == 1 and json.loads(r.stdout)["reference_id"]
    assert f"{bad}:2: CSV record has 3 columns, expected 8" in r.stderr
    assert "missing.txt: cannot read file" in r.stderr


def test_parse_usage_errors(seed_path):
    assert run("parse", "--format", "pdf", seed_path).returncode == 2
    assert run("parse", "--year", "3000", seed_path).returncode == 2
    assert run("parse").returncode == 2
    r = run("parse", "--year", "2005", "--format", "text", seed_path)
    assert r.returncode == 0


def test_schema_is_published():
    schema = json.loads(run("schema").stdout)
    assert {"reference_id", "paragraphs", "references", "tags", "source"} <= set(schema["properties"])
    published = Path(__file__).parents[1] / "docs" / "cable.schema.json"
    assert json.loads(published.read_text()) == schema  # regenerate with: cablebase schema > docs/cable.schema.json


@pytest.fixture(scope="module")
def db(tmp_path_factory, corpus):
    path = tmp_path_factory.mktemp("cli") / "c.db"
    r = run("ingest", corpus / "cables-dev.csv", corpus / "seed", "--db", path, "--workers", "2")
    assert r.returncode == 0, r.stderr
    assert "new" in r.stderr and "945" in r.stderr
    return path


def test_ingest_again_reports_unchanged(db, corpus):
    r = run("ingest", corpus / "seed", "--db", db, "--quiet")
    assert r.returncode == 0
    assert "unchanged" in r.stderr and "│ 1" in r.stderr


def test_stats_table_and_json(db):
    data = json.loads(run("stats", "--db", db, "--json").stdout)
    assert data["cables"] == 945
    table = run("stats", "--db", db).stdout
    assert "945" in table and "CONFIDENTIAL" in table and "PREL" in table


def test_search_cli(db):
    r = run("search", "Kiselyov", "--db", db, "--json")
    hits = [json.loads(line) for line in r.stdout.splitlines()]
    assert [h["reference_id"] for h in hits] == ["05ALMATY2058"]
    table = run("search", "Kiselyov", "--db", db)
    assert "05ALMATY2058" in table.stdout and table.returncode == 0
    bad = run("search", "(iran", "--db", db)
    assert bad.returncode == 2 and "unbalanced" in bad.stderr and "Traceback" not in bad.stderr
    none = run("search", "zzzyyyxxx", "--db", db)
    assert none.returncode == 1 and none.stdout == "" and "no cables match 'zzzyyyxxx'" in none.stderr
    past = run("search", "Kiselyov", "--db", db, "--page", "9")
    assert past.returncode == 2 and "page 9 is past the end: 1 cable make 1 page of 20" in past.stderr
    one = run("search", "Kiselyov", "--db", db)
    assert "1 cable matches 'Kiselyov'" in one.stdout and "page 1 of 1" not in one.stdout
    spaced = run("search", "origin: ALMATY", "--db", db)
    assert spaced.returncode == 2 and "write origin:ALMATY" in spaced.stderr


def test_search_table_marks_only_the_hits():
    """Hits become Rich markup; cable text that looks like a tag or like markup stays text."""
    from cablebase.cli import _marked

    marked = _marked("R&amp;D &lt;mark&gt;not a hit&lt;/mark&gt; [bold] <mark>Kiselyov</mark>")
    assert marked == "R&D <mark>not a hit</mark> \\[bold] [bold yellow]Kiselyov[/bold yellow]"


def test_export_formats(db, tmp_path):
    r = run("export", "--db", db, "--format", "jsonl", "--where", "origin:ALMATY")
    records = [json.loads(line) for line in r.stdout.splitlines()]
    assert [x["reference_id"] for x in records] == ["05ALMATY2058"]
    assert records[0]["paragraphs"][6]["heading"] == "Actions to Date"
    r = run("export", "--db", db, "--format", "csv", "--where", "tag:FAID OR Kiselyov")
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert [row["reference_id"] for row in rows] == ["05ALMATY2058"]
    out = tmp_path / "all.parquet"
    r = run("export", "--db", db, "--format", "parquet", "--output", out)
    assert r.returncode == 0, r.stderr
    import pyarrow.parquet as pq

    table = pq.read_table(out)
    assert table.num_rows == 945 and "record" in table.column_names
    assert run("export", "--db", db, "--format", "jsonl", "--where", "(bad").returncode == 2
    r = run("export", "--db", db, "--format", "parquet", "--where", "origin:MADRID from:2009", cwd=tmp_path)
    named = tmp_path / "cables-origin-MADRID-from-2009.parquet"
    assert r.returncode == 0 and f"to {named.name}" in r.stderr, r.stderr
    madrid = json.loads(run("search", "origin:MADRID from:2009", "--db", db, "--json", "--limit", "1").stdout.splitlines()[0])
    assert pq.read_table(named).num_rows == int(re.search(r"exported (\d+) cables", r.stderr).group(1)) > 1
    assert madrid["reference_id"] in pq.read_table(named).column("reference_id").to_pylist()


def test_versions_failures_show(db, tmp_path, seed_path):
    changed = tmp_path / "05ALMATY2058.txt"
    changed.write_text(seed_path.read_text().replace("Dushanbe minimize considered.",
                                                     "Dushanbe minimize considered.\n\n19. (U) Added later."))
    assert run("ingest", changed, "--db", db, "--quiet").returncode == 0
    r = run("versions", "05ALMATY2058", "--db", db, "--diff")
    assert r.returncode == 0 and "+19. (U) Added later." in r.stdout and "version 2" in r.stdout
    assert "Added later" in run("show", "05ALMATY2058", "--db", db).stdout
    assert "Added later" not in run("show", "05ALMATY2058", "--db", db, "--version", "1").stdout
    garbage = tmp_path / "junk.txt"
    garbage.write_bytes(b"\x00\x01\x02")
    assert run("ingest", garbage, "--db", db, "--quiet").returncode == 1
    assert f"{garbage}: binary data" in run("failures", "--db", db).stdout
    assert run("versions", "NOSUCH1", "--db", db).returncode == 1
    single = run("versions", "09MADRID347", "--db", db, "--diff")
    assert single.returncode == 0 and "09MADRID347 has only one version: nothing to compare" in single.stderr
    assert run("show", "NOSUCH1", "--db", db).returncode == 1


def test_failures_says_when_there_are_none(tmp_path, seed_path):
    clean = tmp_path / "clean.db"
    assert run("ingest", seed_path, "--db", clean, "--quiet").returncode == 0
    r = run("failures", "--db", clean)
    assert r.returncode == 0 and r.stdout == "" and f"no failures in {clean}" in r.stderr


def test_ingest_skips_files_that_are_plainly_not_cables(tmp_path, seed_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "05ALMATY2058.txt").write_text(seed_path.read_text())
    (folder / "README.md").write_text("# My cables\nSee LICENSE.")
    (folder / "LICENSE").write_text("Public domain.")
    r = run("ingest", folder, "--db", tmp_path / "a.db", "--quiet")
    assert r.returncode == 0, r.stderr
    assert f"skipped {folder / 'LICENSE'}: a README or licence file, not a cable" in r.stderr
    assert f"skipped {folder / 'README.md'}: documentation, not a cable" in r.stderr
    assert run("failures", "--db", tmp_path / "a.db").stdout == ""


def test_missing_archive_is_a_usage_error(tmp_path):
    r = run("search", "x", "--db", tmp_path / "none.db")
    assert r.returncode == 2 and "no archive" in r.stderr


def test_serve_refuses_public_address(db):
    r = run("serve", "--db", db, "--host", "0.0.0.0")
    assert r.returncode == 2 and "allow-remote" in r.stderr


def test_demo_builds_the_sample(tmp_path):
    r = run("demo", "--db", tmp_path / "demo.db", "--no-serve")
    assert r.returncode == 0, r.stderr
    assert "39 new" in r.stderr and "0 failed" in r.stderr
    r = run("search", "Kiselyov", "--db", tmp_path / "demo.db", "--json")
    assert json.loads(r.stdout.splitlines()[0])["reference_id"] == "05ALMATY2058"


def test_most_cited_cli(db):
    r = run("most-cited", "origin:MADRID", "--db", db, "--json")
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert r.returncode == 0 and "06MADRID1914" in {x["reference_id"] for x in rows}
    assert run("most-cited", "(bad", "--db", db).returncode == 2
    table = run("most-cited", "origin:MADRID", "--db", db, "--limit", "5", env={**os.environ, "COLUMNS": "200"}).stdout
    for header in ("cable", "cited by", "pagerank", "date", "origin", "subject"):
        assert header in table
    assert "COURT FREES" in table and "28 July 2006" in table and "│ MADRID" in table


def test_ingest_analyse_later_then_analyse(tmp_path, seed_path):
    db = tmp_path / "later.db"
    r = run("ingest", seed_path, "--db", db, "--quiet", "--analyse-later")
    assert r.returncode == 0 and "waiting for analysis │ 1" in r.stderr
    assert f"1 cable searchable, their people, organisations and dates not yet found: `cablebase analyse --db {db}`" \
        in " ".join(r.stderr.split())
    assert "05ALMATY2058" in run("search", "Kiselyov", "--db", db).stdout
    r = run("entity", "Kiselyov", "--db", db)
    assert r.returncode == 1 and f"(1 cable not analysed yet: `cablebase analyse --db {db}`)" in " ".join(r.stderr.split())
    assert "not analysed yet" in run("timeline", "05ALMATY2058", "--db", db).stderr
    assert f"1 cable searchable but not analysed yet (no people, organisations or dates): `cablebase analyse --db " \
        f"{db}`" in " ".join(run("stats", "--db", db).stdout.split())
    assert json.loads(run("stats", "--db", db, "--json").stdout)["unanalysed"] == 1
    r = run("analyse", "--db", db)
    assert r.returncode == 0 and "analysed 1 cable in" in r.stderr
    assert run("entity", "Kiselyov", "--db", db).stdout.startswith("Sergey Kiselyov (person), 1 cable")
    assert "analysed 0 cables in" in run("analyse", "--db", db).stderr
    assert json.loads(run("stats", "--db", db, "--json").stdout)["unanalysed"] == 0
    assert "not analysed yet" not in run("stats", "--db", db).stdout
    r = run("analyse", "--db", tmp_path / "none.db")
    assert r.returncode == 2 and "no archive" in r.stderr


def test_choices_and_help_come_from_the_registries():
    from cablebase.export import FORMATS as EXPORT_FORMATS
    from cablebase.parse import FORMATS as INPUT_FORMATS
    from cablebase.reader import ENTITY_KINDS
    from cablebase.search.fields import FIELDS, SORTS

    def options(command: str) -> str:
        return " ".join(run(command, "--help", env={**os.environ, "COLUMNS": "400"}).stdout.split())

    assert f"<{'|'.join(SORTS)}>" in options("search")
    assert all(f"{name}:" in options("search") for name in FIELDS)
    assert f"<{'|'.join(EXPORT_FORMATS)}>" in options("export")
    assert f"<{'|'.join(['auto', *INPUT_FORMATS])}>" in options("parse")
    assert f"<{'|'.join(ENTITY_KINDS)}>" in options("entity")
    assert run("entity", "x", "--kind", "place").returncode == 2


def test_only_known_errors_are_usage_errors(tmp_path, monkeypatch):
    """A bad argument is the user's mistake (exit 2, one line); any other ValueError is a bug and surfaces."""
    from typer.testing import CliRunner

    from cablebase.cli import app
    from cablebase.errors import ArgumentError
    from cablebase.reader import Reader
    from cablebase.store import Archive

    Archive(tmp_path / "empty.db").close()
    runner = CliRunner()
    monkeypatch.setattr(Reader, "stats", lambda self: (_ for _ in ()).throw(ArgumentError("no such list")))
    said = runner.invoke(app, ["stats", "--db", str(tmp_path / "empty.db")])
    assert said.exit_code == 2 and "no such list" in said.output
    monkeypatch.setattr(Reader, "stats", lambda self: int("not a number"))
    bug = runner.invoke(app, ["stats", "--db", str(tmp_path / "empty.db")])
    assert isinstance(bug.exception, ValueError) and "invalid literal" in str(bug.exception)
