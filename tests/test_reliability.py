"""The places and inputs that used to break a run (issue 25), run as a user would: real processes,
real SQLite files, real file systems."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from cablebase.ingest import ingest
from cablebase.store.driver import sqlite3

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
        [f"failed {tmp_path}/x\\u001b]0;pwned\\u0007\\u000afailed forged.txt: "
         "binary data (NUL bytes), not a text cable"]


# -- places: a full disk, read-only media, files that are not archives ------------------------------

@pytest.fixture
def mount(tmp_path):
    """Mount a small tmpfs (root only: skipped elsewhere); yields (directory, remount read-only)."""
    mounted: list[Path] = []

    def make(size: str) -> Path:
        point = tmp_path / f"mnt{len(mounted)}"
        point.mkdir()
        if subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(point)],
                          capture_output=True).returncode != 0:
            pytest.skip("cannot mount a file system here (needs root)")
        mounted.append(point)
        return point

    yield make
    for point in mounted:
        subprocess.run(["umount", "-l", str(point)], check=True)


def _read_only(point: Path) -> None:
    subprocess.run(["mount", "-o", "remount,ro", str(point)], check=True)


def test_a_full_disk_is_one_line_and_its_own_exit_status(mount, corpus):
    small = mount("10m")
    db = small / "a.db"
    r = run("ingest", corpus / "cables-dev.csv", "--db", db, "--workers", "1", "--quiet")
    assert r.returncode == 3, r.stderr
    assert "Traceback" not in r.stderr
    (line,) = [l for l in r.stderr.splitlines() if l.startswith("error:")]
    assert "the disk is full" in line and str(db) in line and "run the same command again" in line
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"  # what was stored is intact
    assert conn.execute("SELECT count(*) FROM cables").fetchone()[0] > 0


def test_an_archive_on_read_only_media_is_searched_checked_and_served(mount, corpus):
    from web.conftest import free_port

    point = mount("20m")
    db = point / "a.db"
    ingest([str(corpus / "cablegate-txt")], db, workers=1)
    _read_only(point)
    before = sorted(p.name for p in point.iterdir())
    assert run("stats", "--db", db).returncode == 0
    found = run("search", "iran", "--json", "--db", db)
    assert found.returncode == 0 and len(found.stdout.splitlines()) > 0
    checked = run("check", "--db", db)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    assert "not checked here" in checked.stdout  # the FTS check writes: said, not failed
    port = free_port()
    proc = subprocess.Popen(CLI + ["serve", "--db", str(db), "--port", str(port)], stderr=subprocess.PIPE)
    try:
        import httpx
        for _ in range(300):
            try:
                response = httpx.get(f"http://127.0.0.1:{port}/api/search?q=iran", timeout=2)
                break
            except httpx.HTTPError:
                time.sleep(0.1)
        assert response.status_code == 200 and response.json()["total"] > 0
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert sorted(p.name for p in point.iterdir()) == before  # no -shm, no lock: nothing written


def test_another_applications_database_is_left_as_it_is(tmp_path, seed_path):
    other = tmp_path / "other.sqlite"
    conn = sqlite3.connect(other)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('mine')")
    conn.commit()
    conn.close()
    before = other.read_bytes()
    r = run("ingest", seed_path, "--db", other)
    assert r.returncode == 2 and "is not a cablebase archive (it holds notes)" in r.stderr, r.stderr
    assert other.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["other.sqlite"]  # no -wal, no stray .lock


@pytest.mark.parametrize("command", [["ingest", "SEED"], ["stats"], ["search", "iran"], ["check"]])
def test_a_file_that_is_not_sqlite_is_a_clear_error(tmp_path, seed_path, command):
    notdb = tmp_path / "notes.db"
    notdb.write_text("hello, I am a text file\n" * 200)
    r = run(*[seed_path if a == "SEED" else a for a in command], "--db", notdb)
    assert r.returncode in (2, 4) and "Traceback" not in r.stderr
    assert "not a SQLite database" in r.stdout + r.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.db"]


def test_an_empty_cablebase_db_setting_is_a_usage_error(tmp_path, seed_path):
    r = run("ingest", seed_path, cwd=tmp_path, env={**os.environ, "CABLEBASE_DB": ""})
    assert r.returncode == 2 and "is empty" in r.stderr and "Traceback" not in r.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_ingest_lock_holds_for_a_symlinked_archive(tmp_path, seed_path):
    from cablebase.errors import IngestLocked
    from cablebase.ingest import _writer_lock

    db = tmp_path / "a.db"
    ingest([str(seed_path)], db, workers=1)
    (tmp_path / "link.db").symlink_to(db)
    with _writer_lock(db):
        with pytest.raises(IngestLocked):
            ingest([str(seed_path)], tmp_path / "link.db", workers=1)


def test_failures_are_one_per_file_however_its_path_is_typed(tmp_path, monkeypatch):
    (tmp_path / "in").mkdir()
    for i in range(3):
        (tmp_path / "in" / f"bad{i}.txt").write_bytes(b"\x00")
    db = tmp_path / "a.db"
    monkeypatch.chdir(tmp_path)
    ingest(["in"], db, workers=1)
    ingest([str(tmp_path / "in")], db, workers=1)
    ingest(["./in/../in"], db, workers=1)
    assert sqlite3.connect(db).execute("SELECT count(*) FROM failures").fetchone()[0] == 3


def test_one_damaged_zip_member_is_one_failure(tmp_path, seed_path, corpus):
    """A bit-rotted member and one whose header under-states its size: each is one failure naming
    the member; the other members and the other inputs of the run are stored."""
    cable = seed_path.read_bytes()
    other = sorted((corpus / "cablegate-txt").glob("*.txt"))[:2]
    path = tmp_path / "pile.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("rotten.txt", cable)
        zf.writestr("good.txt", other[0].read_bytes())
        zf.writestr("short.txt", cable.replace(b"ALMATY", b"ASTANA"))
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        rotten, _good, short = zf.infolist()
    start = rotten.header_offset + 30 + len(rotten.filename)
    data[start + 200:start + 260] = bytes(60)  # bit rot inside the deflate stream
    path.write_bytes(bytes(data))
    _understate(path, short)
    r = run("ingest", path, other[1], "--db", tmp_path / "a.db", "--workers", "1", "--quiet")
    assert r.returncode == 1 and "Traceback" not in r.stderr, r.stderr
    conn = sqlite3.connect(tmp_path / "a.db")
    assert conn.execute("SELECT count(*) FROM cables").fetchone()[0] == 2  # good.txt and the other input
    failed = dict(conn.execute("SELECT path, reason FROM failures"))
    assert set(failed) == {f"{path}!rotten.txt", f"{path}!short.txt"}, failed
    assert all("damaged archive member" in reason or "cannot read" in reason for reason in failed.values()), failed


def _understate(path: Path, info: zipfile.ZipInfo) -> None:
    """Make the central directory say the member is 100 bytes shorter than it is."""
    data = bytearray(path.read_bytes())
    central = data.rindex(b"PK\x01\x02" + data[data.rindex(b"PK\x01\x02") + 4:][:0])
    at = data.find(info.filename.encode(), central) - 46
    size = int.from_bytes(data[at + 24:at + 28], "little")
    data[at + 24:at + 28] = (size - 100).to_bytes(4, "little")
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("name", ["pile.zip", "pile.tar", "pile.tar.gz"])
def test_parse_points_archives_to_ingest(tmp_path, name):
    (tmp_path / name).write_bytes(b"PK\x03\x04 whatever")
    r = run("parse", tmp_path / name)
    assert r.returncode == 1 and f"`cablebase ingest {tmp_path / name}` reads its members" in r.stderr
    assert "binary" not in r.stderr


def test_a_zip_member_without_a_name_is_one_failure(tmp_path, seed_path):
    """Found by the member fuzzer: zipfile's is_dir() raised IndexError on an empty name and the
    whole run stopped."""
    path = tmp_path / "noname.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("x", b"")
        zf.writestr("05ALMATY2058.txt", seed_path.read_bytes())
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")  # the first member's central directory entry: its name "x" goes
    assert data[central + 28:central + 30] == b"\x01\x00" and data[central + 46:central + 47] == b"x"
    data[central + 28:central + 30] = b"\x00\x00"
    del data[central + 46]
    end = data.index(b"PK\x05\x06")
    data[end + 12:end + 16] = (int.from_bytes(data[end + 12:end + 16], "little") - 1).to_bytes(4, "little")
    path.write_bytes(bytes(data))
    with zipfile.ZipFile(path) as zf:
        assert zf.infolist()[0].filename == ""
    summary = ingest([str(path)], tmp_path / "a.db", workers=1)
    assert (summary.new, summary.failed) == (1, 1)
    assert "member without a name" in summary.failures[0].reason


def test_export_to_a_terminal_is_escaped_and_to_a_pipe_is_data(hostile_db):
    import pty

    master, slave = pty.openpty()
    proc = subprocess.Popen(CLI + ["export", "--format", "csv", "--db", str(hostile_db)], stdout=slave,
                            stderr=subprocess.DEVNULL)
    os.close(slave)
    shown = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the terminal is closed when the process ends
            break
        if not chunk:
            break
        shown += chunk
    proc.wait(timeout=60)
    os.close(master)
    assert b"\\u001b]0;pwned" in shown and b"\x1b" not in shown and b"\x07" not in shown
    piped = run("export", "--format", "csv", "--db", hostile_db).stdout
    assert "\x1b]0;pwned\x07" in piped  # the data itself, unchanged, when it goes to a file or a pipe


@pytest.mark.parametrize("patch, reason", [
    ({6: b"\xea\x00"}, "zip file version 23.4"),  # the version needed to extract
    ({8: b"\x00\x08", 49: b"\xff"}, "utf-8"),  # a name flagged UTF-8 that is not
])
def test_a_zip_that_zipfile_cannot_read_is_one_failure(tmp_path, seed_path, patch, reason):
    """Found by the member fuzzer: zipfile.ZipFile() raised NotImplementedError for a version it
    does not read, and the run stopped; a name flagged UTF-8 that is not UTF-8 raises ValueError."""
    path = tmp_path / "odd.zip"
    with zipfile.ZipFile(path, "w") as zf:
        zf.writestr("cafe.txt", b"x")
    data = bytearray(path.read_bytes())
    central = data.index(b"PK\x01\x02")
    for at, value in patch.items():
        data[central + at:central + at + len(value)] = value
    path.write_bytes(bytes(data))
    summary = ingest([str(path), str(seed_path)], tmp_path / "a.db", workers=1)
    assert (summary.new, summary.failed) == (1, 1)
    assert "unreadable zip" in summary.failures[0].reason and reason in summary.failures[0].reason
