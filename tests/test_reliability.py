"""The places and inputs that used to break a run (issue 25), run as a user would: real processes,
real SQLite files, real file systems."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cablebase.ingest import ingest

CLI = [sys.executable, "-m", "cablebase.cli"]
EVIL = "\x1b]0;pwned\x07\x1b[2J\x1b]52;c;ZXZpbA==\x07\x9b31m\u202eevil\r"
RAW = ("\x1b", "\x07", "\x9b", "\u202e", "\r")


def run(*args, **kw) -> subprocess.CompletedProcess:
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True, **kw)


@pytest.fixture
def hostile_db(tmp_path, seed_path) -> Path:
    """An archive holding the seed cable with terminal control sequences in its subject and text,
    and a failure whose file name holds an escape and a line end."""
    text = seed_path.read_text(encoding="utf-8").replace("SUBJECT:", "SUBJECT: " + EVIL, 1)
    text = text.replace("1. (SBU)", f"1. (SBU) {EVIL}", 1)
    (tmp_path / "05ALMATY2058.txt").write_text(text, encoding="utf-8")
    (tmp_path / "bad\x1b[2J\nfailed forged.txt").write_bytes(b"\x00binary")
    db = tmp_path / "a.db"
    ingest([str(tmp_path / "05ALMATY2058.txt"), str(tmp_path / "bad\x1b[2J\nfailed forged.txt")], db, workers=1)
    return db


def test_control_characters_never_reach_the_terminal(hostile_db):
    for args in (["show", "05ALMATY2058"], ["search", "kazakhstan"], ["failures"], ["versions", "05ALMATY2058"]):
        r = run(*args, "--db", hostile_db)
        assert r.returncode == 0, r.stderr
        assert not any(c in r.stdout + r.stderr for c in RAW), (args, r.stdout)
    shown = run("show", "05ALMATY2058", "--db", hostile_db).stdout
    assert "\\u001b]0;pwned\\u0007" in shown  # shown, escaped, where it is
    (line,) = run("failures", "--db", hostile_db).stdout.splitlines()  # no forged second line
    assert "bad\\u001b[2J\\u000afailed forged.txt: binary data" in line


def test_json_output_escapes_and_keeps_the_text(hostile_db):
    r = run("show", "05ALMATY2058", "--json", "--db", hostile_db)
    assert not any(c in r.stdout for c in RAW)
    assert json.loads(r.stdout)["subject"].startswith(EVIL.rstrip("\r"))  # the reader reads CR as a line end


def test_the_ingest_summary_escapes_file_names(tmp_path):
    bad = tmp_path / "x\x1b]0;pwned\x07\nfailed forged.txt"
    bad.write_bytes(b"\x00")
    r = run("ingest", bad, "--db", tmp_path / "a.db", "--quiet")
    assert r.returncode == 1
    assert not any(c in r.stderr for c in RAW)
    assert [line for line in r.stderr.splitlines() if line.startswith("failed")] == \
        [f"failed {tmp_path}/x\\u001b]0;pwned\\u0007\\u000afailed forged.txt: binary data (NUL bytes), not a text cable"]
