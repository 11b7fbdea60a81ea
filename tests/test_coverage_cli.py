"""`cablebase coverage` on the dev corpus's archive, run as a user would."""

from __future__ import annotations

import json
import subprocess
import sys

CLI = [sys.executable, "-m", "cablebase.cli", "coverage"]


def run(*args):
    return subprocess.run(CLI + [str(a) for a in args], capture_output=True, text=True)


def test_json_lines_one_per_post_and_year(corpus_db):
    r = run("--db", corpus_db, "--json")
    assert r.returncode == 0, r.stderr
    rows = [json.loads(line) for line in r.stdout.splitlines()]
    assert sum(row["held"] for row in rows) == 945  # every cable of the corpus has an id with a serial
    assert len({(row["origin"], row["year"]) for row in rows}) == len(rows)
    for row in rows:
        assert {"origin", "year", "held", "max_serial", "estimate", "low", "high", "share", "gaps"} <= set(row)
        held = set(row["serials"])
        in_gaps = {s for a, b in row["gaps"] for s in range(a, b + 1)}
        main_top = row["series"][0]["max_serial"]
        assert held.isdisjoint(in_gaps) and {s for s in held if s <= main_top} | in_gaps == set(range(1, main_top + 1))
        assert row["max_serial"] <= row["low"] <= row["estimate"] <= row["high"]
        assert row["share"] == round(row["held"] / row["estimate"], 6)
    madrid = {row["year"]: row for row in rows if row["origin"] == "MADRID"}
    assert madrid[2009]["held"] == len([1 for row in rows if row["origin"] == "MADRID" and row["year"] == 2009
                                        for _ in row["serials"]])


def test_one_post_year_with_its_cited_but_missing_cables(corpus_db):
    r = run("--db", corpus_db, "--origin", "Almaty", "--year", "2005", "--json")
    assert r.returncode == 0, r.stderr
    (row,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert (row["origin"], row["year"], row["held"], row["max_serial"], row["serials"]) == ("ALMATY", 2005, 1, 2058, [2058])
    assert row["gaps"] == [[1, 2057]] and row["estimate"] == 4115  # 2058 + 2058/1 - 1
    assert {(c["id"], c["serial"], c["cited_by"]) for c in row["cited_missing"]} >= {
        ("05ALMATY1854", 1854, 1), ("05ALMATY1838", 1838, 1)}
    table = run("--db", corpus_db, "--origin", "ALMATY", "--year", "2005")
    assert "ALMATY" in table.stdout and "cited but missing: 05ALMATY1854 (serial 1854), cited by 1" in table.stdout


def test_nothing_held_exits_1(corpus_db):
    r = run("--db", corpus_db, "--origin", "NOWHERE")
    assert r.returncode == 1 and "no cable of that post and year" in r.stderr
