"""How good are the coverage estimates? Archives whose true totals are known, hidden in known ways.

Each simulated post-year has a true number of cables sent, dated by a realistic rate of traffic
(fewer at weekends, in August and at Christmas, a crisis fortnight now and then), numbered in date
order; some post-years also number a few cables in a secondary series far above the main one, or
start numbering again from 1 in mid-year (ids that then collide are held once); 2 % of cables are
dated a few days out of step with their serials. Then an archive is
drawn from them by one hiding pattern at a time:

  random      each cable held with a probability of 1-30 % (the post-year's share)
  months      the same, with one to three whole months lost (December too)
  classified  a post's classified traffic (30-70 % of it) withheld, the rest sampled as above
  window      the archive starts in mid-year (a post joining the network) or stops early
  rising      the share held grows through the year (as Cablegate's did), from a third to twice it

and the estimates of cablebase.coverage are compared with the truth: median and 90th-percentile
relative error, and how often the interval holds the true total, for post-years with at least 20
cables held (the target: median error < 10 %, interval coverage >= 90 %), for all, and for those
with a restart or a secondary series. Each pattern
is estimated twice: from serials and dates (what cablebase does) and from serials alone (the
German-tank estimate, what an archive without dates gets).

    python bench/coverage.py [--post-years 400] [--seed 1]
"""

from __future__ import annotations

import argparse
import calendar
import math
import random
import statistics
import sys
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from common import percentile, report  # noqa: E402

from cablebase.coverage import post_year  # noqa: E402

PATTERNS = ("random", "months", "classified", "window", "rising")


def day_weights(year: int, rng: random.Random) -> list[float]:
    """Relative traffic on each day of a year: weekends, August, Christmas, an occasional crisis."""
    days = 366 if calendar.isleap(year) else 365
    weights = []
    crisis = rng.randrange(days) if rng.random() < 0.3 else None
    for i in range(days):
        day = date(year, 1, 1) + timedelta(days=i)
        w = 0.25 if day.weekday() >= 5 else 1.0
        w *= 0.75 if day.month == 8 else 1.0
        w *= 0.4 if (day.month == 12 and day.day >= 22) or (day.month == 1 and day.day == 1) else 1.0
        w *= 1 + 0.15 * math.sin(2 * math.pi * i / days)
        if crisis is not None and crisis <= i < crisis + 14:
            w *= 2.5
        weights.append(w)
    return weights


LATE = 0.02
"""Share of cables whose date is out of step with their serial: dated 1-20 days late (a late
date-time group, as 10BRASILIA43, dated four days after 10BRASILIA136), within the year."""


def traffic(year: int, total: int, rng: random.Random) -> list[date]:
    """The dates of `total` cables, in serial order (a few of them dated late)."""
    weights = day_weights(year, rng)
    days = sorted(rng.choices(range(len(weights)), weights=weights, k=total))
    days = [min(len(weights) - 1, d + rng.randint(1, 20)) if rng.random() < LATE else d for d in days]
    return [date(year, 1, 1) + timedelta(days=d) for d in days]


def post_year_truth(rng: random.Random, year: int, state: bool) -> tuple[int, list[tuple[int, date, str]]]:
    """A post-year: (true total, [(serial, date, series)]); a restart's serials count from 1 again."""
    total = rng.randint(60_000, 130_000) if state else int(math.exp(rng.uniform(math.log(300), math.log(9000))))
    dates = traffic(year, total, rng)
    cables = [(i + 1, d, "main") for i, d in enumerate(dates)]
    if not state and rng.random() < 0.05:  # numbering starts again from 1 on some day
        cut = rng.randrange(total // 4, 3 * total // 4)
        cables = cables[:cut] + [(i + 1, d, "restart") for i, (_, d, _) in enumerate(cables[cut:])]
    if not state and rng.random() < 0.1:  # a few cables numbered in a series of their own, far above
        base = 10 ** len(str(total)) * rng.choice((1, 5, 9)) // 1
        extra = max(3, total // rng.randint(25, 50))
        cables += [(base + i + 1, d, "secondary") for i, d in enumerate(traffic(year, extra, rng))]
        total += extra
    return total, cables


def hide(cables: list[tuple[int, date, str]], pattern: str, rng: random.Random, year: int
         ) -> dict[int, date]:
    """The cables an archive holds of a post-year (serial -> date), one id held once."""
    share = math.exp(rng.uniform(math.log(0.01), math.log(0.3)))
    keep = lambda: rng.random() < share  # noqa: E731
    if pattern == "months":
        lost = set(rng.sample(range(1, 13), rng.randint(1, 3)))
        keep_cable = lambda s, d: d.month not in lost and keep()  # noqa: E731
    elif pattern == "classified":
        withheld = rng.uniform(0.3, 0.7)
        keep_cable = lambda s, d: rng.random() >= withheld and keep()  # noqa: E731
    elif pattern == "window":
        cut = date(year, 1, 1) + timedelta(days=rng.randrange(30, 300))
        later = rng.random() < 0.5
        keep_cable = lambda s, d: (d >= cut if later else d < cut) and keep()  # noqa: E731
    elif pattern == "rising":
        keep_cable = lambda s, d: rng.random() < share * (1 / 3 + 5 / 3 * (d.timetuple().tm_yday / 366))  # noqa: E731
    else:
        keep_cable = lambda s, d: keep()  # noqa: E731
    held: dict[int, date] = {}
    for serial, day, _ in rng.sample(cables, len(cables)):  # a colliding id: whichever comes first
        if keep_cable(serial, day) and serial not in held:
            held[serial] = day
    return held


def measure(post_years: int, seed: int) -> list[dict]:
    rows = []
    for pattern in PATTERNS:
        rng = random.Random(f"{seed}-{pattern}")
        results: dict[str, list[tuple[int, float, bool, bool]]] = {"dates": [], "serials": []}
        for i in range(post_years):
            year = rng.randint(2003, 2009)
            truth, cables = post_year_truth(rng, year, state=i % 50 == 0)
            held = hide(cables, pattern, rng, year)
            if not held:
                continue
            quirk = any(kind != "main" for _, _, kind in cables)
            for how, known in (("dates", held), ("serials", {s: None for s in held})):
                row = post_year("X", year, ["X"], known, [], "X")
                error = abs(row["estimate"] - truth) / truth
                results[how].append((len(held), error, row["low"] <= truth <= row["high"], quirk))
        for how, found in results.items():
            for label, subset in (("held>=20", [r for r in found if r[0] >= 20]), ("all", found),
                                  ("quirks, held>=20", [r for r in found if r[0] >= 20 and r[3]])):
                errors = [r[1] for r in subset]
                rows.append({"pattern": pattern, "from": how, "post_years": label, "n": len(subset),
                             "median_err_%": round(100 * statistics.median(errors), 1) if errors else None,
                             "p90_err_%": round(100 * percentile(errors, 90), 1) if errors else None,
                             "covered_%": round(100 * sum(r[2] for r in subset) / len(subset), 1)
                             if subset else None})
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--post-years", type=int, default=400, help="simulated post-years per pattern")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rows = measure(args.post_years, args.seed)
    both = [r for r in rows if r["from"] == "dates" and r["post_years"] == "held>=20"]
    report("coverage", rows, {"post_years": args.post_years, "seed": args.seed,
                              "targets_met": all(r["median_err_%"] < 10 and r["covered_%"] >= 90 for r in both)})


if __name__ == "__main__":
    main()
