"""Every broken input gives a specific failure record; the archive stays intact and nothing is
stored twice. The committed inputs are in fixtures/bad/ (tools/make_bad_inputs.py); the ones git
cannot hold (a 200 MB line, a symlink loop, a FIFO, a dangling link) are made here."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import pytest

from cablebase.ingest import ingest
from cablebase.store import Archive
from cablebase.store.driver import sqlite3

BAD = Path(__file__).parent / "fixtures" / "bad"
EXPECTED = {
    "binary.bin": "binary data", "blank-lines.txt": "empty record", "bomb.txt.gz": "binary data",
    "control-chars.txt": "no cable structure", "corrupt.gz": "corrupt gzip", "corrupt.zip": "unreadable zip",
    "data.json": "no cable structure", "deep-nesting.html": "no cable text", "empty.txt": "empty record",
    "entity-bomb.html": "no cable metadata table", "header-row.csv:1": "3 columns, expected 8",
    "image.png": "binary data", "no-table.html": "no cable metadata table",
    "nul-in-field.csv:1": "contains NUL", "prose.txt": "no cable structure", "short-table.html": "has 1 cells",
    "table-no-text.html": "no cable text", "tar-device.tar!dev": "special files",
    "tar-slip.tar!../../escaped.txt": "escapes the archive", "tar-symlink.tar!link.txt": "links and special files",
    "truncated.html": "no cable text", "truncated.tar.gz": "truncated or corrupt",
    "truncated.txt.gz": "truncated gzip", "unterminated-quote.csv:1": "malformed CSV record",
    "utf16-no-bom.txt": "binary data", "wrong-columns.csv:1": "5 columns, expected 8",
    "zip-absolute.zip!/etc/cron.d/evil": "escapes the archive", "zip-bomb.zip!zeros.txt": "zip bomb",
    "zip-slip.zip!../../escaped.txt": "escapes the archive",
    # made at run time
    "huge-line.txt": "too large", "text-bomb.txt.gz": "possible bomb",
    "loop.txt": "Too many levels of symbolic links", "pipe.txt": "not a regular file",
    "dangling.txt": "No such file",
}


@pytest.fixture
def pile(tmp_path):
    d = tmp_path / "bad"
    d.mkdir()
    for f in BAD.iterdir():
        (d / f.name).write_bytes(f.read_bytes())
    with open(d / "huge-line.txt", "wb") as fh:  # one 200 MB line
        chunk = b"UNCLAS " * (1 << 20)
        while fh.tell() < 200 * 1024 * 1024:
            fh.write(chunk)
    with gzip.open(d / "text-bomb.txt.gz", "wb") as fh:  # 80 MB of text: only its start is inflated
        for _ in range(80):
            fh.write(b"UNCLAS " * 150_000)
    os.symlink(d / "loop.txt", d / "loop.txt")
    os.mkfifo(d / "pipe.txt")
    os.symlink(d / "nowhere", d / "dangling.txt")
    return d


def test_each_broken_input_has_a_specific_failure(pile, tmp_path, seed_path):
    db = tmp_path / "a.db"
    first = ingest([str(seed_path)], db, workers=1)
    assert first.new == 1
    summary = ingest([str(pile)], db, workers=2)
    conn = sqlite3.connect(db)
    found = {}
    for path, record, reason in conn.execute("SELECT path, record, reason FROM failures"):
        name = path.split("/bad/", 1)[1] + (f":{record}" if record is not None else "")
        found[name] = reason
    assert set(found) == set(EXPECTED), set(found) ^ set(EXPECTED)
    for name, expected in EXPECTED.items():
        assert expected in found[name], (name, found[name])
    assert summary.failed == len(EXPECTED) and len(EXPECTED) >= 30
    # the decodable files (cp1252, latin-1, UTF-16, BOM) are one text: a new version of the seed's id
    assert (summary.parsed, summary.new_versions, summary.unchanged, summary.new) == (4, 1, 3, 0)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT count(*) FROM cables").fetchone()[0] == 2
    with Archive(db, readonly=True) as archive:
        old, new = archive.body("05ALMATY2058", 1), archive.get("05ALMATY2058").body
    assert "Kiselyov" in old  # the seed, stored first, is intact
    assert "CAF\u00c9 TALK WITH A\u00cfDA" in new
    assert not (tmp_path / "escaped.txt").exists() and not (tmp_path.parent / "escaped.txt").exists()

    again = ingest([str(pile)], db, workers=1)
    assert again.failed == len(EXPECTED) and again.new == 0
    assert conn.execute("SELECT count(*) FROM failures").fetchone()[0] == len(EXPECTED)  # not duplicated
