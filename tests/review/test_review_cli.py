"""`cablebase review` run as a user would: real processes, real files, a real archive."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from importlib import resources
from pathlib import Path

import pytest

from cablebase.review import Model

CLI = [sys.executable, "-m", "cablebase.cli"]
PARAGRAPH_KEYS = {"reference_id", "number", "marking", "p_classified", "level", "findings"}
DRAFT = """SECRET

E.O. 13526: DECL: 06/01/2035
TAGS: PGOV PREL KZ
SUBJECT: KAZAKHSTAN: A DRAFT

Classified By: Ambassador John Ordway for reasons 1.4 (b) and (d)

1. (S) The Foreign Minister told the Ambassador in confidence that the President will dismiss the
Defense Minister next week; please protect this source.

2. The Embassy will host a reception for the national day on June 8.
"""


def run(*args, **kw):
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, **kw)


def test_seed_jsonl_shape_and_exit_0(seed_path):
    r = run("review", seed_path, "--jsonl")
    assert r.returncode == 0, r.stderr
    lines = [json.loads(line) for line in r.stdout.splitlines()]
    paragraphs, cable = lines[:-1], lines[-1]
    assert len(paragraphs) == 9 and all(set(p) == PARAGRAPH_KEYS for p in paragraphs)
    assert [p["number"] for p in paragraphs] == [1, 2, 3, 4, 4, 5, 6, 7, 8]
    assert [p["marking"] for p in paragraphs][:3] == ["U", "SBU", "SBU"]
    assert all(0 <= p["p_classified"] <= 1 and p["level"] in {"UNCLASSIFIED", "CONFIDENTIAL", "SECRET"}
               for p in paragraphs)
    assert paragraphs[4]["findings"][0]["rule"] == "paragraph-numbering"
    assert cable["reference_id"] == "05ALMATY2058" and cable["classification"] == "UNCLASSIFIED"
    assert 0 <= cable["p_classified"] <= 1 and cable["level"] in {"UNCLASSIFIED", "CONFIDENTIAL", "SECRET"}
    assert [f["rule"] for f in cable["findings"]] == ["tag-unknown"]
    assert {"rule", "severity", "where", "message", "advice"} == set(cable["findings"][0])


def test_draft_with_an_error_exits_1_and_says_what_to_do(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    r = run("review", draft)
    assert r.returncode == 1, r.stderr
    assert "marking-missing" in r.stdout and "paragraph 2" in r.stdout and "1 error(s)" in r.stdout
    lines = [json.loads(line) for line in run("review", draft, "--jsonl").stdout.splitlines()]
    assert lines[-1]["path"] == str(draft) and lines[-1]["reference_id"] is None
    assert [f["rule"] for f in lines[1]["findings"]] == ["marking-missing"]


def test_bad_file_is_reported_and_the_rest_goes_on(tmp_path, seed_path):
    r = run("review", tmp_path / "missing.txt", seed_path, "--jsonl")
    assert r.returncode == 1
    assert "missing.txt" in r.stderr and "cannot read" in r.stderr
    assert json.loads(r.stdout.splitlines()[-1])["reference_id"] == "05ALMATY2058"


def test_usage_errors(seed_path, tmp_path):
    assert run("review").returncode == 2
    assert run("review", seed_path, "--train", "--db", tmp_path / "x.db").returncode == 2
    r = run("review", "--score", "--db", tmp_path / "none.db")
    assert r.returncode == 2 and "no archive" in r.stderr


def test_a_model_of_an_older_format_is_refused_with_what_to_do(tmp_path, seed_path):
    from cablebase.store import Archive

    db = tmp_path / "old.db"
    with Archive(db) as archive:
        archive.save_review_model('{"format": "cablebase-review-model", "version": 1, "terms": []}')
    for args in (["--score"], [seed_path]):
        r = run("review", *args, "--db", db)
        assert r.returncode == 2 and "version 2" in r.stderr and "review --train" in r.stderr, r.stderr


def test_train_and_score_an_archive(empty_archive, seed_path):
    """On each backend: an SQLite file, a PostgreSQL database."""
    from cablebase.ingest import ingest
    from cablebase.store import open_archive as Archive

    db = empty_archive
    ingest([str(resources.files("cablebase.data").joinpath("sample"))], db, workers=1)
    r = run("review", "--train", "--db", db)
    assert r.returncode == 0, r.stderr
    assert "trained on" in r.stderr and "scored 39 cables" in r.stderr
    with Archive(db) as archive:
        model = Model.from_json(archive.review_model())
        assert model.info["archive_cables"] == 39 and {"UNCLASSIFIED", "CONFIDENTIAL"} <= set(model.paragraph.classes)
        scored = archive.get("05ALMATY2058").sensitivity
        assert len(scored.paragraphs) == 9 and all(0 <= p <= 1 for p in scored.paragraphs)
        assert 0 <= scored.p_classified <= 1 and scored.level in model.cable.classes
    assert "scored 0 cables" in run("review", "--score", "--db", db).stderr  # nothing new to score
    # sensitivity: in the query language.
    every = run("search", "sensitivity:>=0", "--db", db, "--json", "--limit", "100")
    assert every.returncode == 0, every.stderr
    assert len(every.stdout.splitlines()) == 39
    high = run("search", f"sensitivity:>{scored.p_classified}", "--db", db, "--json", "--limit", "100").stdout.splitlines()
    low = run("search", f"sensitivity:<={scored.p_classified}", "--db", db, "--json", "--limit", "100").stdout.splitlines()
    assert len(high) + len(low) == 39 and "05ALMATY2058" in "".join(low) and "05ALMATY2058" not in "".join(high)
    exported = run("export", "--format", "csv", "--where", "id:05ALMATY2058", "--db", db).stdout
    row = next(csv.DictReader(io.StringIO(exported)))
    assert float(row["sensitivity"]) == scored.p_classified
    bad = run("search", "sensitivity:>high", "--db", db)
    assert bad.returncode == 2 and "not a score from 0 to 1" in bad.stderr
    # Reviewing a file with --db uses the archive's model.
    trained = json.loads(run("review", seed_path, "--jsonl", "--db", db).stdout.splitlines()[0])
    shipped = json.loads(run("review", seed_path, "--jsonl").stdout.splitlines()[0])
    assert trained["p_classified"] == scored.paragraphs[0] != shipped["p_classified"]


def test_scoring_in_worker_processes_stores_what_the_model_gives_each_cable(tmp_path, monkeypatch):
    """The sample archive scored in batches of 7 cables by two worker processes: every cable holds
    the scores the model gives it alone."""
    from cablebase.ingest import ingest
    from cablebase.review import archive as review_archive, default_model
    from cablebase.store import Archive

    db = tmp_path / "sample.db"
    ingest([str(resources.files("cablebase.data").joinpath("sample"))], db, workers=1, analysis="later")
    monkeypatch.setattr(review_archive, "BATCH", 7)
    model = default_model()
    with Archive(db) as archive:
        assert review_archive.score_archive(archive, model, workers=2) == 39
        assert review_archive.score_archive(archive, model, workers=2) == 0  # nothing left to score
        for _id, key, _classification, paragraphs in archive.iter_review_paragraphs():
            alone = model.score([text for _marking, text in paragraphs])
            stored = archive.get(key).sensitivity
            assert stored.paragraphs == [s.p_classified for s in alone.paragraphs]
            assert (stored.p_classified, stored.level) == (alone.cable.p_classified, alone.cable.level)
