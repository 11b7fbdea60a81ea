"""Dated events: date expressions in the text ("June 9", "the week of May 23", "11/12", "early May",
"on Tuesday") resolved against the cable's own date, with year rollover, and kept with their
sentence and paragraph."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ..model import Cable, Event
from ..vocab.months import MONTH_NUMBERS

WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                                        "sunday"])}
# Every date expression holds a month name, a weekday or a d/m slash: these hints are found in one
# cheap pass (a leading character class lets the regex engine skip ahead), and the full pattern runs
# only in a small window around each. A date expression starts at most _LOOKBACK characters before
# its hint ("beginning of ", "the week of ") and ends within _LOOKAHEAD after it.
_DATE_HINT = re.compile(r"[JFMASONDTW0-9](?:(?<=J)(?:an|un|ul)|(?<=F)(?:eb|ri)|(?<=M)(?:ar|ay|on)|(?<=A)(?:pr|ug)|"
                     r"(?<=S)(?:ep|at|un)|(?<=O)ct|(?<=N)ov|(?<=D)ec|(?<=T)(?:ue|hu)|(?<=W)ed|(?<=[0-9])/[0-9])")
_LOOKBACK, _LOOKAHEAD = 20, 60
_MONTH = r"(?P<month>January|February|March|April|May|June|July|August|September|October|November|December|" \
         r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
_DATE = re.compile(
    rf"\b(?:(?P<week>the\s+week\s+of\s+)|(?P<part>[Ee]arly|[Mm]id|[Ll]ate|[Ee]nd\s+of|[Bb]eginning\s+of)[\s-])?"
    rf"(?:{_MONTH}\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?(?:\s*-\s*\d{{1,2}})?(?:,?\s+(?P<year>(?:19|20)\d{{2}}))?"
    rf"|(?P<day2>\d{{1,2}})\s+{_MONTH.replace('month', 'month2')}(?:\s+(?P<year2>(?:19|20)\d{{2}}))?"
    rf"|{_MONTH.replace('month', 'month3')}(?:\s+(?P<year3>(?:19|20)\d{{2}}))?)\b"
    rf"|\b(?:on\s+)?(?P<slash>(?<![\d/])(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?:/(?P<y>\d{{2}}|\d{{4}}))?(?![\d/]))"
    rf"|\b(?P<on>[Oo]n|[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    )
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z(\"])")


def sentences(text: str) -> list[str]:
    """Split paragraph text into sentences (good enough for cable prose)."""
    return [s.strip() for s in _SENTENCE_END.split(" ".join(text.split())) if s.strip()]


MAX_SENTENCE = 2000
"""An event's sentence longer than this (a paragraph without full stops) is cut to the words
around its date: a paragraph of thousands of dates would otherwise give each a copy of itself."""


def extract_events(cable: Cable) -> list[Event]:
    """Every date expression in the paragraphs, resolved where the cable's date allows."""
    anchor = _anchor(cable)
    events: list[Event] = []
    for index, para in enumerate(cable.paragraphs):
        if not _DATE_HINT.search(para.text):
            continue
        text = " ".join(para.text.split())
        matches = _find_dates(text)
        if not matches:
            continue
        starts = [0] + [m.end() for m in _SENTENCE_END.finditer(text)]
        for m in matches:
            event = _resolve(m, anchor)
            if event is None:
                continue
            first = starts[bisect_right(starts, m.start()) - 1]
            following = bisect_right(starts, m.start())
            last = starts[following] if following < len(starts) else len(text)
            if last - first > MAX_SENTENCE:  # a paragraph without full stops: the words around the date
                first = max(first, min(m.start() - MAX_SENTENCE // 2, last - MAX_SENTENCE))
                last = min(last, first + MAX_SENTENCE)
                before, after = text.find(" ", first, m.start()), text.rfind(" ", m.end(), last)
                first, last = (before + 1 if before >= 0 else first), (after if after >= 0 else last)  # whole words
            while text[first:first + 1].isspace():
                first += 1
            while last > first and text[last - 1].isspace():
                last -= 1
            when, precision = event
            found = Event.model_construct(
                date=when.isoformat() if when else None, precision=precision if when else "unresolved",
                text=" ".join((m.group("slash") or m.group(0)).split()), sentence=text[first:last],
                paragraph=para.number)
            object.__setattr__(found, "_at", (index, first, last))  # a plain slot (see Event)
            events.append(found)
    return events


def _find_dates(text: str) -> list[re.Match]:
    """What `_DATE.finditer(text)` finds, searching only the windows around hints."""
    found: list[re.Match] = []
    cursor = 0
    for hint in _DATE_HINT.finditer(text):
        at = hint.start()
        while at >= cursor:
            m = _DATE.search(text, max(cursor, at - _LOOKBACK), at + _LOOKAHEAD)
            if m is None or m.start() > at:
                break
            found.append(m)
            cursor = m.end()
    return found


def _anchor(cable: Cable) -> tuple[date | None, int | None]:
    if cable.created:
        d = date.fromisoformat(cable.created[:10])
        return d, d.year
    return None, cable.year


def _resolve(m: re.Match, anchor: tuple[date | None, int | None]) -> tuple[date | None, str] | None:
    cable_date, cable_year = anchor
    g = m.groupdict()
    if g["weekday"]:
        if cable_date is None:
            return None, "unresolved"
        target = WEEKDAYS[g["weekday"].lower()]
        delta = (cable_date.weekday() - target) % 7
        if g["on"].lower() == "next":
            return cable_date + timedelta(days=(target - cable_date.weekday()) % 7 or 7), "day"
        return cable_date - timedelta(days=delta), "day"  # cables report what already happened
    if g["slash"]:
        month, day = int(g["m"]), int(g["d"])
        year = _year(g["y"]) if g["y"] else None
        if not (1 <= month <= 12 and 1 <= day <= 31) or (g["y"] is None and day > 31):
            return None
        return _pick(year, month, day, cable_date, cable_year, "day")
    name = g["month"] or g["month2"] or g["month3"]
    month = MONTH_NUMBERS[name.lower().rstrip(".")]
    day = g["day"] or g["day2"]
    year = g["year"] or g["year2"] or g["year3"]
    if day is None:
        if g["month3"] and not (g["part"] or year) and name.lower() == "may":
            return None  # the verb "may"
        precision = "month"
        if g["part"]:
            part = g["part"].lower().split()[0]
            precision = {"early": "early-month", "beginning": "early-month", "mid": "mid-month",
                         "late": "late-month", "end": "late-month"}[part]
        return _pick(int(year) if year else None, month, 1, cable_date, cable_year, precision)
    if not name[0].isupper():
        return None
    return _pick(int(year) if year else None, month, int(day), cable_date, cable_year,
                 "week" if g["week"] else "day")


def _year(text: str) -> int:
    y = int(text)
    return y if y > 100 else (1900 + y if y >= 50 else 2000 + y)


def _pick(year: int | None, month: int, day: int, cable_date: date | None, cable_year: int | None,
          precision: str) -> tuple[date | None, str] | None:
    try:
        if year is not None:
            return date(year, month, day), precision
        if cable_year is None:
            return None, "unresolved"
        when = date(cable_year, month, day)
    except ValueError:
        return None
    if cable_date is not None:
        # Year rollover: a January cable writing "December 15" means last December; a December
        # cable writing "January 10" means next January.
        if when - cable_date > timedelta(days=183):
            when -= relativedelta(years=1)
        elif cable_date - when > timedelta(days=183):
            when += relativedelta(years=1)
    return when, precision
