"""Whole-archive results remembered per archive state: computed once, computed again after any write."""

from __future__ import annotations

from cablebase.parse import ParseError, parse_text
from cablebase.store import Archive
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


def test_archive_in_memory_is_not_remembered():
    conn = sqlite3.connect(":memory:")
    values = iter(range(10))
    assert per_state(conn, "n", lambda c: next(values)) == 0
    assert per_state(conn, "n", lambda c: next(values)) == 1
