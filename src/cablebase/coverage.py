"""How much of each post's traffic an archive holds, estimated from serial numbers (no SQL here).

A post numbers the cables it sends in a year 1, 2, 3, ...: 05ALMATY2058 is Almaty's 2,058th cable
of 2005. From the serials an archive holds of a post-year, `estimate` gives the total sent with an
interval, `gaps` the runs of serials not held, `months` the traffic month by month (serials against
dates) and `time_gaps` the stretches of time with nothing held. `post_years` assembles all of it
for an archive, from plain rows the storage layer reads. The method and its measured accuracy
are in docs/coverage.md.
"""

from __future__ import annotations

import calendar
import math
import string
from bisect import bisect_left, bisect_right
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from datetime import date, timedelta
from statistics import NormalDist, mean, median, stdev
from typing import Iterable, Sequence

from .vocab.ids import origin_code, post_names, post_renames, split_id

LEVEL = 0.95
"""Confidence of the intervals (two-sided)."""
TAIL_P = 0.05
"""A post-year whose last held cable is older than chance allows (probability below this that no
held cable falls in the rest of the year, were the held ones spread evenly) has lost its end:
the rest is extrapolated from its rate of traffic instead of the highest serial."""
RATE_SPREAD = 0.2
"""Least relative spread assumed for a post's rate of traffic over the rest of a year (months
differ: holidays, crises); the spread seen between the post-year's own quarters widens it."""
SECONDARY_MIN_MAIN = 10
"""A post-year needs this many cables in its main series before a far-off run of higher serials is
taken for a second series."""
SECONDARY_P = 1e-4
"""...and the jump up to that run must be this unlikely under even sampling of one series."""


@dataclass(frozen=True)
class Estimate:
    """The total sent in one series, from the serials held (and, when known, their dates)."""

    held: int
    max_serial: int
    estimate: int
    low: int
    high: int
    method: str  # "serials" (German tank) or "dates" (the end of the year lost: rate extrapolated)


@dataclass
class Series:
    """One run of serial numbers within a post-year: the main one, one after a restart, or a
    secondary series numbered far above it (counted from `base`)."""

    kind: str  # main | restart | secondary
    serials: list[int]
    dates: dict[int, date] = field(default_factory=dict)  # serial -> date, where known
    start: date | None = None  # first day of the series (a restart's date); None: 1 January
    end: date | None = None  # last day (the day before a restart); None: 31 December
    base: int = 0  # the series numbers base + 1, base + 2, ...

    @cached_property
    def points(self) -> list[tuple[date, int]]:
        """(date, serial) in serial order, dates never going back (see `_monotone`)."""
        return _monotone(self.dates)


def _log_choose(n: int, k: int) -> float:
    return math.lgamma(n + 1) - math.lgamma(k + 1) - math.lgamma(n - k + 1)


def _cdf_max(m: int, k: int, n: int) -> float:
    """P(the highest of k serials drawn without replacement from 1..n is <= m)."""
    if m < k:
        return 0.0
    if m >= n:
        return 1.0
    return math.exp(_log_choose(m, k) - _log_choose(n, k))


def _first(lo: int, hi: int, ok) -> int:
    """The least n in [lo, hi] with ok(n), ok being monotone (False then True); hi if none."""
    while lo < hi:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid + 1
    return lo


def tank_interval(max_serial: int, held: int, level: float = LEVEL) -> tuple[int, int]:
    """Exact interval for the total N from the highest serial m of k held, drawn evenly from 1..N:
    the N for which m is not in either tail (each of probability (1-level)/2) of the highest's law
    P(M <= m) = C(m, k) / C(N, k)."""
    m, k, tail = max_serial, held, (1 - level) / 2
    ceiling = max(m, math.ceil(m * tail ** (-1 / k))) + k + 1  # P(M <= m) ~ (m/N)^k: above it, surely too far
    low = _first(m, ceiling, lambda n: 1 - _cdf_max(m - 1, k, n) >= tail)
    high = _first(m, ceiling, lambda n: _cdf_max(m, k, n + 1) < tail)
    return low, high


def tank_estimate(max_serial: int, held: int) -> int:
    """The minimum-variance unbiased estimate of N from the highest serial m of k: m + m/k - 1."""
    return round(max_serial + max_serial / held - 1)


def estimate(serials: Sequence[int], dates: dict[int, date] | None = None,
             span: tuple[date, date] | None = None, level: float = LEVEL) -> Estimate:
    """The total a series sent, from the distinct serials held (>= 1) and, when known, their dates
    and the days the series ran (`span`: 1 January to 31 December unless it restarted).

    The German-tank estimate m + m/k - 1 and its exact interval assume the held serials are an even
    sample of 1..N. When the dates say that the end of the span is missing (no held cable over a
    stretch at the end that even sampling would almost surely have hit: a lost month, an archive
    that stops in the spring), the rest of the span is extrapolated at the series' own rate (m
    serials from its first day to the date of the last held cable); the interval then spans both
    estimates' intervals."""
    ordered = sorted(set(serials))
    m, k = ordered[-1], len(ordered)
    low, high = tank_interval(m, k, level)
    tank = Estimate(k, m, min(max(tank_estimate(m, k), low), high), low, high, "serials")
    if not dates or span is None:
        return tank
    begin, end = span
    last = min(max(dates.values()), end)
    elapsed, remaining = (last - begin).days + 1, (end - last).days
    if elapsed <= 0 or remaining <= 0 or (elapsed / (elapsed + remaining)) ** k >= TAIL_P:
        return tank
    sent = m / elapsed * remaining
    spread = _z(level) * max(RATE_SPREAD, _rate_spread(dates, begin))
    return Estimate(k, m, round(m + sent), min(low, round(m + sent * max(0.0, 1 - spread))),
                    max(high, round(m + sent * (1 + spread))), "dates")


def _z(level: float) -> float:
    """The standard normal quantile for a two-sided interval of this level."""
    return NormalDist().inv_cdf(0.5 + level / 2)


def _rate_spread(dates: dict[int, date], begin: date) -> float:
    """Relative spread (coefficient of variation) of a series' rate of traffic between quarters of
    the time its held cables cover, read from serials against dates; 0 when too little is held."""
    points = _monotone(dates)
    span = (points[-1][0] - begin).days if points else 0
    if len(points) < 8 or span < 120:
        return 0.0
    curve = [(begin, 0)] + points
    cuts = [begin + timedelta(days=span * i // 4) for i in range(5)]
    rates = [(_serial_at(curve, b) - _serial_at(curve, a)) / max(1, (b - a).days) for a, b in zip(cuts, cuts[1:])]
    return stdev(rates) / mean(rates) if mean(rates) > 0 else 0.0


def _monotone(dates: dict[int, date]) -> list[tuple[date, int]]:
    """(date, serial) in serial order, keeping the longest run whose dates never go back (a cable
    dated out of step with its serial — a typo in a date-time group — is left out)."""
    pairs = sorted(dates.items())
    tails: list[date] = []  # smallest last date of a kept run of each length
    links: list[int] = []
    ends: list[int] = []
    for i, (_, d) in enumerate(pairs):
        j = bisect_right(tails, d)
        if j == len(tails):
            tails.append(d)
            ends.append(i)
        else:
            tails[j] = d
            ends[j] = i
        links.append(ends[j - 1] if j else -1)
    out, i = [], ends[-1] if ends else -1
    while i >= 0:
        out.append((pairs[i][1], pairs[i][0]))
        i = links[i]
    return out[::-1]


def _serial_at(curve: list[tuple[date, int]], day: date) -> float:
    """The serial reached on `day`, interpolated along (date, serial) points in date order."""
    i = bisect_left(curve, day, key=lambda point: point[0])
    if i == 0:
        return float(curve[0][1])
    if i == len(curve):
        return float(curve[-1][1])
    (d0, s0), (d1, s1) = curve[i - 1], curve[i]
    return s0 + (s1 - s0) * (day - d0).days / (d1 - d0).days


def gaps(serials: Iterable[int], last: int | None = None) -> list[list[int]]:
    """Runs [first, last] of serials from 1 to `last` (the highest held by default) not held."""
    held = sorted(set(s for s in serials if s >= 1))
    top = last if last is not None else (held[-1] if held else 0)
    out, expected = [], 1
    for s in held:
        if s > top:
            break
        if s > expected:
            out.append([expected, s - 1])
        expected = s + 1
    if expected <= top:
        out.append([expected, top])
    return out


def split_series(serials: Iterable[int], dates: dict[int, date], year: int) -> list[Series]:
    """The serials of a post-year cut into series: the main one; above it, a run of serials too far
    up to belong to it (a secondary series), when enough is held to tell; and a new series from
    the day the numbering started again from 1 (a restart, see `_restart`), which ends the main one."""
    held = sorted(set(serials))
    secondary = _secondary(held, dates)
    if secondary:
        held = held[:len(held) - len(secondary.serials)]
    out = [Series("main", held, {s: dates[s] for s in held if s in dates})]
    restart = _restart(out[0].dates)
    if restart:
        begin, top, horizon = restart
        mine = [s for s in held if s in dates and dates[s] >= begin and not (s >= top and dates[s] <= horizon)]
        taken = set(mine)
        out = [Series("main", [s for s in held if s not in taken],
                      {s: d for s, d in out[0].dates.items() if s not in taken}, end=begin - timedelta(days=1)),
               Series("restart", mine, {s: dates[s] for s in mine}, begin)]
        out = [series for series in out if series.serials]
    return out + ([secondary] if secondary else [])


def _restart(dates: dict[int, date]) -> tuple[date, int, date] | None:
    """(day, highest serial before it, end of the days looked at) on which a post began numbering
    again from 1, if it did: in date order a serial below half the highest yet, and over the time
    the new series needs to reach that half at the old rate, at least three cables and two thirds
    of them as low, with (almost) none going on above the old highest. A cable dated out of step
    with its serial (a late date-time group) leaves the old series going on beside it: no restart."""
    by_date = sorted((d, s) for s, d in dates.items())
    top = 0
    for i, (d, s) in enumerate(by_date):
        if top and s < top / 2:
            horizon = d + timedelta(days=max(7, ((d - date(d.year, 1, 1)).days + 1) // 2))
            window = [t for e, t in by_date[i:] if e <= horizon]
            low = sum(t < top / 2 for t in window)
            if low >= 3 and low * 3 >= len(window) * 2 and sum(t >= top for t in window) <= len(window) // 10:
                return d, top, horizon
        top = max(top, s)
    return None


def _secondary(held: list[int], dates: dict[int, date]) -> Series | None:
    """The run of serials at the top that a jump too big for even sampling of one series separates
    from the rest (and that its dates, when known, put far above the rest's line of serials
    against dates: typically half again as high as the line on their day), numbered from the
    round number below it (9001, 9002, ... from 9000)."""
    k = len(held)
    for j in range(max(SECONDARY_MIN_MAIN, k - max(2, k // 4)), k):  # the run holds a quarter at most
        jump = held[j] - held[j - 1]
        if k * (1 - jump / held[-1]) ** k >= SECONDARY_P:
            continue
        upper = held[j:]
        below = [s for s in held[:j] if s in dates]
        if below and all(s in dates for s in upper):
            top = max(below)
            begin = date(dates[top].year, 1, 1)
            rate = top / ((dates[top] - begin).days + 1)
            if median(s / (rate * ((dates[s] - begin).days + 1)) for s in upper) < 1.5:
                return None  # dated where the rest's line puts them: months lost, not a series
        unit = 10 ** (len(str(upper[0] - 1)) - 1)
        return Series("secondary", upper, {s: dates[s] for s in upper if s in dates}, base=(upper[0] - 1) // unit * unit)
    return None


def months(series: Sequence[Series], totals: Sequence[Estimate], year: int,
           all_dates: Iterable[date]) -> list[dict]:
    """Month by month: cables held (dated in the month) and about how many were sent, read off the
    line of serials against dates of each series (from 0 on its first day to its estimate on its last)."""
    held = defaultdict(int)
    for d in all_dates:
        held[d.month] += 1
    curves = [_curve(s, e, year) for s, e in zip(series, totals) if s.kind != "secondary" and s.dates]
    if not curves:
        return []
    out = []
    for month in range(1, 13):
        first, last = date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
        sent = sum(_serial_at(c, last) - _serial_at(c, first - timedelta(days=1)) for c in curves)
        sent = max(round(sent), held[month])
        out.append({"month": f"{year}-{month:02d}", "held": held[month], "sent": sent,
                    "share": round(held[month] / sent, 6) if sent else None})
    return out


def _span(series: Series, year: int) -> tuple[date, date]:
    """The first and last day a series ran."""
    return series.start or date(year, 1, 1), series.end or date(year, 12, 31)


def _curve(series: Series, total: Estimate, year: int) -> list[tuple[date, int]]:
    """(date, serial reached) from 0 the day before the series began to its estimate on its last day."""
    begin, end = _span(series, year)
    points = [p for p in series.points if begin <= p[0] <= end]
    return [(begin - timedelta(days=1), 0)] + points + [(end, total.estimate)]


def time_gaps(series: Series, total: Estimate, year: int, all_dates: Iterable[date]) -> list[dict]:
    """Stretches of the year in which nothing of the post is held, longer than the held cables'
    usual spacing allows (three times the mean spacing, and two weeks at least), with about how
    many cables were sent in them (the serials between the held cables on either side)."""
    if not series.dates:
        return []
    begin, end = _span(series, year)
    points = [(d, s) for d, s in series.points if begin <= d <= end]
    if not points:
        return []
    threshold = max(14, 3 * ((end - begin).days + 1) / len(series.serials))
    dated = sorted(all_dates)
    edges = [(begin - timedelta(days=1), 0)] + points + [(end + timedelta(days=1), total.estimate + 1)]
    out = []
    for (d0, s0), (d1, s1) in zip(edges, edges[1:]):
        first, last = d0 + timedelta(days=1), d1 - timedelta(days=1)
        if (last - first).days + 1 < threshold or _any_between(dated, first, last):
            continue
        out.append({"first": first.isoformat(), "last": last.isoformat(), "days": (last - first).days + 1,
                    "sent": max(0, s1 - s0 - 1), "after": s0 or None, "before": s1 if d1 <= end else None})
    return out


def _any_between(dated: list[date], first: date, last: date) -> bool:
    i = bisect_right(dated, first - timedelta(days=1))
    return i < len(dated) and dated[i] <= last


def post_years(held: Iterable[tuple[str, date | None]], cited: dict[str, int] | None = None,
               renamed: dict[str, str] | None = None, names: dict[str, str] | None = None,
               post: str | None = None, year: int | None = None) -> list[dict]:
    """Coverage of every post and year of an archive (or of one `post` code and/or `year`), by
    post then year.

    `held`: (cable id, date) of every cable held; `cited`: id -> how many held cables cite it, for
    cited cables the archive lacks; `renamed`: old post code -> the code it became (its serials go
    on in one series); `names`: post code -> name."""
    renamed, names = renamed or {}, names or {}
    groups: dict[tuple[str, int], dict] = {}
    for reference_id, day in held:
        parts = split_id(reference_id)
        if parts is None or parts[2] < 1:
            continue
        sent, code, serial = parts
        group = groups.setdefault((renamed.get(code, code), sent), {"codes": defaultdict(int), "serials": {}})
        group["codes"][code] += 1
        group["serials"][serial] = day if day is not None and day.year == sent else None
    missing: dict[tuple[str, int], list[dict]] = defaultdict(list)
    for reference_id, count in (cited or {}).items():
        parts = split_id(reference_id)
        if parts and parts[2] >= 1:
            sent, code, serial = parts
            missing[(renamed.get(code, code), sent)].append({"id": reference_id, "serial": serial, "cited_by": count})
    rows = []
    for (code, when), group in sorted(groups.items()):
        if (post is None or code == post) and (year is None or when == year):
            codes = sorted(group["codes"], key=lambda c: (-group["codes"][c], c))
            rows.append(post_year(code, when, codes, group["serials"], missing.get((code, when), []),
                                  names.get(code, code)))
    return rows


def post_year(post: str, year: int, codes: list[str], serials: dict[int, date | None],
              cited_missing: list[dict], name: str) -> dict:
    """The coverage of one post-year from its held serials (serial -> date or None)."""
    dates = {s: d for s, d in serials.items() if d is not None}
    series = split_series(serials, dates, year)
    totals = [_series_estimate(s, year) for s in series]
    main, total = series[0], totals[0]
    cited_missing = sorted(cited_missing, key=lambda c: c["serial"])
    # A cited cable proves the series reached its serial, if the serials held allow it: a REF printed
    # without a year is given the citing cable's, and early in a year it may be last year's.
    allowed = tank_interval(total.max_serial, total.held)[1]
    floor = max((c["serial"] for c in cited_missing if total.max_serial < c["serial"] <= allowed), default=0)
    if floor > total.estimate:
        total = Estimate(total.held, total.max_serial, floor, max(total.low, floor), total.high, total.method)
        totals[0] = total
    low, guess, high = (sum(getattr(t, f) for t in totals) for f in ("low", "estimate", "high"))
    held = len(serials)
    all_dates = sorted(dates.values())
    return {
        "origin": codes[0], "post": post, "name": name, "codes": codes, "year": year, "held": held,
        "serials": sorted(serials), "max_serial": total.max_serial, "estimate": guess, "low": low, "high": high,
        "share": round(held / guess, 6), "method": total.method, "gaps": gaps(main.serials),
        "cited_missing": [{**c, "above_max": c["serial"] > total.max_serial} for c in cited_missing],
        "series": [{"kind": s.kind, "start": s.start.isoformat() if s.start else None, "held": t.held,
                    "first_serial": min(s.serials), "max_serial": t.max_serial, "estimate": t.estimate,
                    "low": t.low, "high": t.high, "method": t.method,
                    **({"gaps": gaps(s.serials)} if s is not main else {})} for s, t in zip(series, totals)],
        "months": months(series, totals, year, all_dates),
        "time_gaps": [g for s, t in zip(series, totals) if s.kind != "secondary"
                      for g in time_gaps(s, t, year, all_dates)],
    }


def _series_estimate(series: Series, year: int) -> Estimate:
    """A series' estimate; a secondary series' from its serials counted from its base, without its
    dates (its own rate is unknown: it is sent now and then)."""
    if series.kind == "secondary":
        e = estimate([s - series.base for s in series.serials])
        return Estimate(e.held, series.serials[-1], e.estimate, e.low, e.high, e.method)
    return estimate(series.serials, series.dates, _span(series, year))


def summary(row: dict) -> dict:
    """A post-year without its long lists (serials, gaps, months): for the heat map."""
    return {k: v for k, v in row.items() if k not in ("serials", "gaps", "months", "time_gaps", "cited_missing")} | {
        "gap_count": len(row["gaps"]), "cited_missing_count": len(row["cited_missing"])}


def gap_sentence(row: dict, gap: dict) -> str:
    """`no cable from Almaty held between 12 and 30 May 2005, about 140 sent`."""
    first, last = date.fromisoformat(gap["first"]), date.fromisoformat(gap["last"])
    if first.month == last.month:
        span = f"between {first.day} and {last.day} {calendar.month_name[last.month]} {last.year}"
    else:
        span = f"between {first.day} {calendar.month_name[first.month]} and {last.day} " \
               f"{calendar.month_name[last.month]} {last.year}"
    place = row["name"].removeprefix("Embassy ").removeprefix("Consulate ")
    return f"no cable from {place} held {span}, about {gap['sent']:,} sent"


def from_archive(held: Iterable[tuple[str, str | None]], citations: dict[str, int],
                 origin: str | None = None, year: int | None = None) -> list[dict]:
    """`post_years` of an archive (or of one post, by its code, former code or name, and/or one
    year): its held (id, 'YYYY-MM-DD' or None) and how many cables cite each cited id (those it
    does not hold are its cited-but-missing cables), post codes that changed name joined under the
    one they became (data/posts.tsv's `became`)."""
    held = [(i, _day(d)) for i, d in held]
    ids = {i for i, _ in held}
    missing = {i: n for i, n in citations.items() if i not in ids}
    return post_years(held, missing, post_renames(), post_names(), _post(origin), year)


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def select(rows: list[dict], origin: str | None = None, year: int | None = None) -> list[dict]:
    """The post-years of one post (its code, a former code or its name) and/or one year."""
    code = _post(origin)
    return [r for r in rows if (code is None or r["post"] == code) and (year is None or r["year"] == year)]


def _post(origin: str | None) -> str | None:
    """The current code of a post given by its code, a former code or its name."""
    code = origin_code(origin) if origin else None
    return post_renames().get(code, code)


def spanned(rows: list[dict], cables: Iterable[str] | None) -> dict | None:
    """The coverage of the post-years some cables (ids; None: the whole archive) belong to: how
    many post-years, which years, cables held of about how many sent, the share and its range."""
    if cables is None:
        chosen = rows
    else:
        renamed = post_renames()
        # an id's post and year are in what precedes its serial: each such start is split once
        # (20,000 ids of a search's result have a few hundred)
        starts = {i.rstrip(string.digits) for i in (c.strip().upper() for c in cables) if i[-1:].isdigit()}
        pairs = {(renamed.get(p[1], p[1]), p[0]) for p in (split_id(start + "0") for start in starts) if p}
        chosen = [r for r in rows if (r["post"], r["year"]) in pairs]
    if not chosen:
        return None
    held, guess, low, high = (sum(r[f] for r in chosen) for f in ("held", "estimate", "low", "high"))
    return {"post_years": len(chosen), "posts": len({r["post"] for r in chosen}),
            "first_year": min(r["year"] for r in chosen), "last_year": max(r["year"] for r in chosen),
            "held": held, "estimate": guess, "low": low, "high": high, "share": round(held / guess, 6),
            "share_low": round(held / high, 6), "share_high": round(held / low, 6)}
