"""Whole-archive results remembered per archive state: computed once, computed again after any write."""

from __future__ import annotations

from cablebase.parse import ParseError, parse_text
from cablebase.store import Archive, bodies
from cablebase.store.driver import sqlite3
from cablebase.store.memo import per_state
from cablebase.store.stats import archive_stats


def test_computed_once_per_state_and_again_after_each_write(tmp_path, seed_path):
    calls = []

    def stats(conn):
        calls.append(1)
        return archive_stats(conn)

    with Archive(tmp_path / "m.db") as archive:
        conn = archive.conn
        empty = per_state(conn, "stats", stats)
        assert per_state(conn, "stats", stats) is empty and len(calls) == 1 and empty["cables"] == 0
        archive.add([parse_text(seed_path.read_text(), path="05ALMATY2058.txt")])
        one = per_state(conn, "stats", stats)
        assert len(calls) == 2 and one["cables"] == 1 and one == archive_stats(conn)
        archive.add([], [ParseError("no cable structure found", "bad.txt")])
        assert per_state(conn, "stats", stats)["failures"] == 1 and len(calls) == 3
        run = archive.start_run(["x"], "parser")
        archive.finish_run(run)
        per_state(conn, "stats", stats)
        assert len(calls) == 4
        assert per_state(conn, "other", lambda c: "another name") == "another name"


def test_computed_again_after_a_row_is_deleted_elsewhere(tmp_path, corpus):
    """Any commit counts, not only an ingest: a cable deleted in another connection (as in the
    sqlite3 shell), which is not the newest, or an archive file replaced at the same path."""
    from cablebase.ingest import ingest

    path = tmp_path / "d.db"
    ingest([str(corpus / "cablegate-txt")], path, workers=1)
    reader = Archive(path).conn
    before = per_state(reader, "stats", archive_stats)
    assert per_state(reader, "stats", archive_stats) is before
    shell = sqlite3.connect(path)
    bodies.register(shell)  # built into the sqlite3 shell; the index triggers use them
    shell.execute("PRAGMA foreign_keys = ON")
    shell.execute("DELETE FROM cables WHERE id = (SELECT min(id) FROM cables)")
    shell.commit()
    shell.close()
    after = per_state(reader, "stats", archive_stats)
    assert after["cables"] == before["cables"] - 1 and after == archive_stats(reader)
    path.unlink()
    Archive(path).conn.close()  # a new, empty archive at the same path
    assert per_state(Archive(path).conn, "stats", archive_stats)["cables"] == 0


def test_archive_in_memory_is_not_remembered():
    conn = sqlite3.connect(":memory:")
    values = iter(range(10))
    assert per_state(conn, "n", lambda c: next(values)) == 0
    assert per_state(conn, "n", lambda c: next(values)) == 1
