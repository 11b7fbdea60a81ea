"""The coverage estimator and its gap logic on known serial sequences (no archive needed)."""

from __future__ import annotations

import random
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cablebase import coverage
from cablebase.coverage import estimate, gaps, post_year, post_years, split_series, tank_interval

serial_sets = st.sets(st.integers(1, 5000), min_size=1, max_size=300)


@settings(deadline=None)  # the interval's bisections take longer on a loaded machine; nothing here is timed
@given(serial_sets)
def test_the_estimate_is_at_least_the_highest_serial_and_inside_its_interval(serials):
    e = estimate(sorted(serials))
    assert e.max_serial == max(serials) and e.held == len(serials)
    assert e.max_serial <= e.low <= e.estimate <= e.high


@settings(max_examples=200, deadline=None)
@given(st.integers(1, 20000), st.data())
def test_the_interval_shrinks_as_more_serials_are_held(top, data):
    k = data.draw(st.integers(1, min(top, 2000) - 1)) if top > 1 else 1
    more = data.draw(st.integers(k, min(top, 2000)))
    narrow, wide = tank_interval(top, more), tank_interval(top, k)
    assert narrow[1] - narrow[0] <= wide[1] - wide[0] and narrow[1] <= wide[1]


def test_known_sequences():
    assert estimate(list(range(1, 101))) == coverage.Estimate(100, 100, 100, 100, 100, "serials")
    e = estimate([10, 20, 30, 40])  # m + m/k - 1 = 40 + 10 - 1
    assert e.estimate == 49 and e.low >= 40
    assert estimate([7]).estimate == 13  # one cable: twice its serial, less one
    assert gaps([2, 3, 7]) == [[1, 1], [4, 6]]
    assert gaps([1, 2, 3]) == [] and gaps([5], last=8) == [[1, 4], [6, 8]]


def test_the_interval_holds_the_truth_at_its_level_under_even_sampling():
    rng = random.Random(7)
    trials = [(n, rng.sample(range(1, n + 1), rng.randint(1, 200))) for n in
              (rng.randint(200, 20000) for _ in range(600))]
    covered = sum(estimate(s).low <= n <= estimate(s).high for n, s in trials)
    assert 0.93 <= covered / len(trials) <= 0.99


def _year(total: int, year: int = 2005) -> dict[int, date]:
    """A post's cables of a year, numbered in date order at an even rate."""
    return {s: date(year, 1, 1) + timedelta(days=(s - 1) * 365 // total) for s in range(1, total + 1)}


def test_a_lost_end_of_year_is_extrapolated_from_the_rate_of_traffic():
    rng = random.Random(3)
    sent = _year(3650)
    held = {s: d for s, d in sent.items() if d.month <= 8 and rng.random() < 0.1}  # nothing after August
    tank = estimate(list(held))
    dated = estimate(list(held), held, (date(2005, 1, 1), date(2005, 12, 31)))
    assert tank.method == "serials" and tank.high < 3650  # the serials alone cannot know
    assert dated.method == "dates" and dated.low <= 3650 <= dated.high
    assert abs(dated.estimate - 3650) / 3650 < 0.05


def test_a_restart_and_a_secondary_series_are_told_apart_from_months_lost():
    rng = random.Random(5)
    first = {s: d for s, d in _year(2000).items() if d.month <= 6}
    again = {s: date(2005, 7, 1) + timedelta(days=(s - 1) * 183 // 1000) for s in range(1, 1001)}
    held = {s: d for s, d in first.items() if rng.random() < 0.15}
    held |= {s: d for s, d in again.items() if rng.random() < 0.15 and s not in held}
    series = split_series(held, held, 2005)
    assert [s.kind for s in series] == ["main", "restart"]
    assert series[1].start.month == 7 and series[0].end == series[1].start - timedelta(days=1)
    row = post_year("X", 2005, ["X"], dict(held), [], "X")
    assert row["low"] <= len(first) + len(again) <= row["high"]

    main = {s: d for s, d in _year(1500).items() if rng.random() < 0.1}
    extra = {9000 + i: date(2005, 3 * i, 10) for i in (1, 2, 3)}  # 9001, 9002, 9003 among low serials' dates
    series = split_series(main | extra, main | extra, 2005)
    assert [s.kind for s in series] == ["main", "secondary"] and series[1].base == 9000
    assert max(series[0].serials) < 1501

    lost = {s: d for s, d in main.items() if d.month in (1, 2, 12)}  # months lost: the jump is in the dates too
    assert [s.kind for s in split_series(lost, lost, 2005)] == ["main"]


def test_months_and_time_gaps_say_what_was_sent_while_nothing_is_held():
    sent = _year(3650)
    held = {s: d for s, d in sent.items() if s % 10 == 0 and not date(2005, 5, 12) <= d <= date(2005, 5, 30)}
    row = post_year("ALMATY", 2005, ["ALMATY"], held, [], "Embassy Almaty")
    may = [g for g in row["time_gaps"] if g["first"] == "2005-05-12"]
    assert may and may[0]["last"] == "2005-05-30" and abs(may[0]["sent"] - 190) <= 10
    assert coverage.gap_sentence(row, may[0]) == \
        f"no cable from Almaty held between 12 and 30 May 2005, about {may[0]['sent']} sent"
    months = {m["month"]: m for m in row["months"]}
    assert len(months) == 12 and abs(sum(m["sent"] for m in row["months"]) - row["estimate"]) <= 12
    assert abs(months["2005-03"]["sent"] - 310) <= 15 and months["2005-05"]["held"] < months["2005-04"]["held"]


def test_post_years_join_a_renamed_post_and_list_cited_missing_cables():
    held = [("95BOMBAY10", date(1995, 1, 20)), ("95MUMBAI40", date(1995, 3, 1)), ("95MUMBAI30", None),
            ("05ALMATY2058", None), ("notanid", None)]
    cited = {"95MUMBAI35": 3, "95MUMBAI90": 1, "04ALMATY7": 2}
    rows = post_years(held, cited, {"BOMBAY": "MUMBAI"}, {"MUMBAI": "Consulate Mumbai"})
    assert [(r["post"], r["year"], r["held"]) for r in rows] == [("ALMATY", 2005, 1), ("MUMBAI", 1995, 3)]
    mumbai = rows[1]
    assert mumbai["origin"] == "MUMBAI" and mumbai["codes"] == ["MUMBAI", "BOMBAY"]
    assert mumbai["serials"] == [10, 30, 40] and mumbai["gaps"] == [[1, 9], [11, 29], [31, 39]]
    assert [(c["id"], c["serial"], c["cited_by"]) for c in mumbai["cited_missing"]] == \
        [("95MUMBAI35", 35, 3), ("95MUMBAI90", 90, 1)]
    assert mumbai["estimate"] >= 90  # a cited serial above the highest held, within the interval, is a floor
    assert coverage.select(rows, "Bombay") == [mumbai] and coverage.select(rows, year=2005) == [rows[0]]
