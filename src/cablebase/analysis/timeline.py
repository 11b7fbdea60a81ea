"""Dated events: date expressions in the text ("June 9", "the week of May 23", "11/12", "early May",
"on Tuesday", "last week", "two months ago") resolved against the cable's own date, and kept with
their sentence and paragraph (a list item is a sentence of its own). A date without a year takes
the year that the verb's tense allows ("was sentenced in September" in a July cable: last
September; "will meet on January 10" in a December cable: next January), else the nearest; words
such as "last", "next" and "last year" decide it outright; the named events cables refer to by
their day ("the September 11 attacks", "3/11", "post-9/11") resolve to that day."""

from __future__ import annotations

import re
from bisect import bisect_right
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

from ..spans import LIST_ITEM, SENTENCE_END
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
    rf"|(?P<day2>\d{{1,2}})(?:\s*-\s*\d{{1,2}})?\s+{_MONTH.replace('month', 'month2')}(?:\s+(?P<year2>(?:19|20)\d{{2}}))?"
    rf"|{_MONTH.replace('month', 'month3')}(?:,?\s+(?:of\s+)?(?P<year3>(?:19|20)\d{{2}}))?)\b"
    rf"|\b(?:on\s+)?(?P<slash>(?<![\d/])(?P<m>\d{{1,2}})/(?P<d>\d{{1,2}})(?:/(?P<y>\d{{2}}|\d{{4}}))?(?![\d/]))"
    rf"|\b(?P<on>[Oo]n|[Ll]ast|[Nn]ext|[Tt]his)\s+(?P<weekday>Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)\b",
    )
# Dates counted from the cable's own: `last week`, `earlier this month`, `yesterday`, `two months ago`.
_COUNTS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "few": None}
_RELATIVE = re.compile(
    r"\b(?:(?P<which>last|next|this|(?:earlier|later|early|late)\s+this)\s+(?P<unit>week|month)"
    r"|(?P<day>yesterday|tomorrow|last\s+night)"  # (not `today`: mostly "today's war", "the policy today")
    rf"|(?P<count>{'|'.join(c for c in _COUNTS if _COUNTS[c])}|\d{{1,2}})\s+(?P<units>days?|weeks?|months?)\s+ago)\b",
    re.I)
_RELATIVE_HINT = ("week", "month", "yesterday", "tomorrow", "last night", " ago")
# The word each of them holds, in any case (a text's spaces are single: none starts 20 characters before it)
_RELATIVE_WORD = re.compile(r"(?=[wmytnaWMYTNA])(?:week|month|yesterday|tomorrow|night|ago)", re.I)
# Named events that cables write as a day: the slash forms and `September 11` before these words.
_NAMED = {(9, 11): date(2001, 9, 11), (3, 11): date(2004, 3, 11), (7, 7): date(2005, 7, 7),
          (11, 26): date(2008, 11, 26)}  # (Mumbai)
_EVENT_WORDS = re.compile(r"[\s-]*(?:attacks?|bombings?|strikes?|terror\w*|hijack\w*|commission|connection|era|"
                          r"world|plot|plotters|victims|families|style|type)\b", re.I)
_WEEKDAY_DATE = re.compile(r",?\s{1,2}")  # `on Sunday, January 3`, `on Wednesday May 16`: the date itself follows
# The tense of the clause around a date: the nearest of these words before it (else after it) decides.
_FUTURE = {"will", "shall", "may", "might", "could", "should", "must", "can", "plans", "plan", "planning",
           "scheduled", "schedule", "expects", "expect", "expected", "intends", "intend", "upcoming", "forthcoming",
           "next", "until", "due", "beginning", "starting", "going", "hopes", "wants", "aims", "await", "awaits", "awaiting", "ahead",
           "before", "coming", "forward", "proposed", "slated", "set", "tentatively", "likely", "anticipated", "'ll"}
_PAST = {"was", "were", "had", "did", "ago", "last", "met", "took", "made", "gave", "went", "came",
         "held", "began", "won", "lost", "saw", "sent", "left", "led", "wrote", "spoke", "became", "brought", "found",
         "fled", "thought", "knew", "got", "paid", "sold", "bought", "caught", "fell", "rose", "struck", "drew",
         "grew", "threw", "chose", "broke", "underwent", "withdrew", "sought", "taught", "fought", "heard", "meant",
         "felt", "stood", "spent", "built", "dealt", "since", "previously", "already", "former", "late"}
# Verbs of speech are past only when the date is theirs (`said on Tuesday`, `told us November 21`, `on
# November 30 noted`), not when it belongs to what was said (`He said the December 10 visit`, `expressed
# worry that the early-December meetings`, `recommended that NATO act at its April Summit`).
_REPORTING = {"said", "told", "says", "tells", "noted", "stressed", "explained", "expressed", "added", "argued",
              "warned", "emphasized", "stated", "recommended", "suggested", "claimed", "asserted", "insisted",
              "predicted", "reported", "announced", "confirmed", "acknowledged", "complained", "cautioned", "urged"}
_BETWEEN = {"on", "in", "at", "to", "us", "him", "her", "them", "me", "that"}
_NOT_PAST = {"need", "speed", "seed", "feed", "bed", "red", "based", "united", "concerned", "interested",
             "related", "limited", "detailed", "so-called", "called", "advanced", "armed", "expected", "scheduled",
             "proposed", "planned", "anticipated", "designed", "supposed", "prepared", "unprecedented", "embed",
             "indeed", "hundred", "shed", "proceed", "exceed", "succeed"}
_FULL_MONTHS = {name for name, number in MONTH_NUMBERS.items() if len(name) > 3 and name != "sept"} | {"may"}
_WORD = re.compile(r"[A-Za-z'-]+|[;:(]|(?<![A-Z])\.(?=\s+[A-Z\"(])")  # words, and marks that end a clause
_CLAUSE = 12  # words looked at before a date for its tense (4 after it)
_GRACE = timedelta(days=3)  # a cable's date is when it was sent (GMT): "today" elsewhere may be a day on


def sentences(text: str) -> list[str]:
    """Split paragraph text into sentences (good enough for cable prose)."""
    return [text[a:b].strip() for a, b in _sentence_spans(" ".join(text.split()), text) if text[a:b].strip()]


MAX_SENTENCE = 2000
"""An event's sentence longer than this (a paragraph without full stops) is cut to the words
around its date: a paragraph of thousands of dates would otherwise give each a copy of itself."""


def extract_events(cable: Cable) -> list[Event]:
    """Every date expression in the paragraphs, resolved where the cable's date allows."""
    anchor = _anchor(cable)
    events: list[Event] = []
    for index, para in enumerate(cable.paragraphs):
        relative = any(hint in para.text for hint in _RELATIVE_HINT)
        if not (relative or _DATE_HINT.search(para.text)):
            continue
        text = " ".join(para.text.split())
        matches = _find_dates(text)
        if relative:
            matches = sorted(matches + [m for m in _near_hints(_RELATIVE, _RELATIVE_WORD, text, 24, 24)
                                        if not any(d.start() <= m.start() < d.end() for d in matches)],
                             key=lambda m: m.start())
        if not matches:
            continue
        starts = [a for a, _ in _sentence_spans(text, para.text)]
        for m in matches:
            event = _resolve(m, text, anchor)
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
            when, precision, *undecided = event
            found = Event.trusted(
                date=when.isoformat() if when else None, precision=precision if when else "unresolved",
                uncertain=bool(undecided),
                text=" ".join((m.groupdict().get("slash") or m.group(0)).split()), sentence=text[first:last],
                paragraph=para.number)
            object.__setattr__(found, "_at", (index, first, last))  # a plain slot (see Event)
            events.append(found)
    return events


def _sentence_spans(text: str, raw: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence of `text` (`raw` with its white space made single spaces): split
    at sentence ends and before each list item (a line of `raw` opening with `--`, `a)`, ...)."""
    cuts = {0} | {m.end() for m in SENTENCE_END.finditer(text)}
    if "\n" in raw:
        at = 0
        for line in raw.split("\n"):
            words = line.split()
            if not words:
                continue
            if at and LIST_ITEM.match(line.lstrip()):
                cuts.add(at)
            at += len(" ".join(words)) + 1
    ordered = sorted(cuts)
    return list(zip(ordered, ordered[1:] + [len(text)]))


def _find_dates(text: str) -> list[re.Match]:
    """What `_DATE.finditer(text)` finds, searching only the windows around hints."""
    return _near_hints(_DATE, _DATE_HINT, text, _LOOKBACK, _LOOKAHEAD)


def _near_hints(pattern: re.Pattern, hints: re.Pattern, text: str, lookback: int, lookahead: int) -> list[re.Match]:
    """What `pattern.finditer(text)` finds when each of its matches holds a match of `hints` and starts at
    most `lookback` characters before it and ends well within `lookahead` after its start: the pattern
    runs only in those windows."""
    found: list[re.Match] = []
    cursor = 0
    for hint in hints.finditer(text):
        at = hint.start()
        while at >= cursor:
            m = pattern.search(text, max(cursor, at - lookback), at + lookahead)
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


def _tense(text: str, start: int, end: int) -> str | None:
    """"past", "future" or None: the nearest tense word in the clause before the date (up to a
    clause mark), else in the few words after it."""
    before = _WORD.findall(text, max(0, start - 120), start)[-_CLAUSE:]
    if before and before[-1].lower() == "for" or before[-2:-1] == ["for"] and before[-1].lower() == "the":
        return "future"  # `scheduled for March`, `ill prepared for March`
    if before and before[-1] == "by":
        return None  # a deadline (`resolved by December 17`): either side of the cable
    for k in range(len(before) - 1, -1, -1):
        if before[k] in ";:(.":
            break
        if before[k].lower() == "would":
            return None  # the future of reported speech (`said he would travel on February 2`): either side
        if before[k].lower() == "late" and k + 1 < len(before) and before[k + 1].lower() in _FULL_MONTHS:
            continue  # `late June or early July`: a date's part, not `the late President`
        if before[k] == "before" and _before_someone(before[k + 1:k + 3]):
            continue  # `appeared before the Senate on May 7`: a place, no time
        if _planned(before[k], before[k - 1] if k else ""):
            return None  # `Benjamin proposed a mid-March visit`, `Shuvalov proposed this during his September visit`
        if before[k] in _REPORTING:
            if all(w.lower() in _BETWEEN or w[:1].isupper() for w in before[k + 1:]) and not _REPORTED_FUTURE.match(
                    text, end):
                return "past"
            continue
        if tense := _word_tense(before[k], before[k - 1] if k else ""):
            lead = {w.lower() for w in before[max(0, k - 2):k]}
            if tense == "past" and lead & {"be", "being", "to", "is", "are"}:
                continue  # `likely to be released on`, `is ratified in early March`
            return "past" if tense == "future" and lead & {"was", "were", "had", "been"} else tense  # `was expected to`
    previous = ""
    for word in _WORD.findall(text, end, end + 40)[:4]:
        if word in ";:(." or word.lower() in ("would", "that", "which", "who"):
            break  # (what follows a `that` is a clause of its own: `in August noting that it may be`)
        if word in _REPORTING and not (previous or word.endswith("s")):
            return "past"  # `Turner on November 30 said that policy-makers should`: the day is the saying's
        if _planned(word, previous):
            return None  # `in October we proposed a treaty`
        if tense := _word_tense(word, previous):
            return tense
        previous = word
    return None


def _before_someone(after: list[str]) -> bool:
    """Do the words after a `before` name whom it faces (`the Senate`, `Magistrate Muchelule`), not a time?"""
    name = after[1] if after[:1] == ["the"] and len(after) > 1 else after[0] if after else ""
    return name[:1].isupper() and name.lower() not in MONTH_NUMBERS


def _word_tense(word: str, previous: str = "") -> str | None:
    """The tense `word` gives its clause (`previous`: the word before it: `we proposed` is a verb, `the
    proposed visit` none)."""
    if word == "May":  # the month
        return None
    word = word.lower()
    if word in _FUTURE:
        return "future"
    if word in _PAST or (len(word) > 4 and word.endswith("ed") and (
            word not in _NOT_PAST or previous.lower() in _PRONOUNS and word != "called")):  # (`he called for`)
        return "past"
    return None


_PRONOUNS = {"i", "we", "he", "she", "they", "it", "who"}
_DETERMINERS = {"the", "a", "an", "this", "that", "these", "those", "its", "his", "her", "their", "our", "your", "my"}


def _planned(word: str, previous: str) -> bool:
    """Is `word` a subject's past act about what may be to come (`we proposed`, `Shuvalov scheduled`; not
    `the proposed visit`, a future), which decides no tense?"""
    return word.endswith("ed") and word.lower() in _FUTURE and (previous.lower() in _PRONOUNS or (
        previous.isalpha() and previous[:1].isupper() and previous.lower() not in _DETERMINERS))


# After a reported day, a clause in the future of then (`He said that on July 10, he would preside`)
_REPORTED_FUTURE = re.compile(r",\s+(?:\w+\s+)?(?:would|will)\b")


def _resolve(m: re.Match, text: str, anchor: tuple[date | None, int | None]) -> tuple | None:
    """(date or None, precision[, True when its year is uncertain]) for a date expression, or None
    when the match is no date."""
    cable_date, cable_year = anchor
    g = m.groupdict()
    if "units" in g:  # a _RELATIVE match
        return _relative(g, cable_date)
    if g["weekday"]:
        gap = _WEEKDAY_DATE.match(text, m.end())
        after = _DATE.match(text, gap.end()) if gap else None
        if after is not None and not after.group("weekday"):
            return _resolve(after, text, anchor)  # `on Sunday, January 3`: that day
        if cable_date is None:
            return None, "unresolved"
        target = WEEKDAYS[g["weekday"].lower()]
        ahead = g["on"].lower() == "next" or (g["on"].lower() != "last" and _tense(text, m.start(), m.end()) == "future")
        if ahead:
            return cable_date + timedelta(days=(target - cable_date.weekday()) % 7 or 7), "day"
        return cable_date - timedelta(days=(cable_date.weekday() - target) % 7), "day"  # cables report the past
    if g["slash"]:
        month, day = int(g["m"]), int(g["d"])
        year = _year(g["y"]) if g["y"] else None
        if not (1 <= month <= 12 and 1 <= day <= 31) or (g["y"] is None and day > 31):
            return None
        if year is None and (month, day) in _NAMED and (
                (month, day) == (9, 11) or _EVENT_WORDS.match(text, m.end())):
            return _NAMED[(month, day)], "day"  # `9/11`, `the 3/11 attack`
        return _pick(year, month, day, cable_date, cable_year, "day", _tense(text, m.start(), m.end()))
    if _PUBLICATION.search(text, max(0, m.start() - 18), m.start()) or _NAMED_GROUP.match(text, m.end()):
        return None  # the Yemeni newspaper `26 September`, Lebanon's `March 14 coalition`: names, no dates
    name = g["month"] or g["month2"] or g["month3"]
    month = MONTH_NUMBERS[name.lower().rstrip(".")]
    day = g["day"] or g["day2"]
    year = g["year"] or g["year2"] or g["year3"] or _range_year(text, m.end(), month)
    if day is None:
        if g["month3"] and not (g["part"] or year) and (name.lower() == "may" or name.lower() not in _FULL_MONTHS
                                                         or _in_a_name(text, m.start())):
            return None  # the verb "may"; `Mar` of `Catia La Mar`; `the Long March`, `Affairs June Tancredi`
        precision = "month"
        if g["part"]:
            part = g["part"].lower().split()[0]
            precision = {"early": "early-month", "beginning": "early-month", "mid": "mid-month",
                         "late": "late-month", "end": "late-month"}[part]
        if year is None and cable_date is not None:
            if which := _which(text, m.start(), m.end()):  # `last August`, `August last year`, `next March`
                return _shifted(month, cable_date, which), precision
        return _pick(int(year) if year else None, month, 1, cable_date, cable_year, precision,
                     _tense(text, m.start(), m.end()))
    if not name[0].isupper():
        return None
    named = _NAMED.get((month, int(day))) if (month, int(day)) != (7, 7) else None  # (`July 7` is many days)
    if (year is None and named and cable_date is not None and cable_date > named
            and (_EVENT_WORDS.match(text, m.end()) or text[max(0, m.start() - 5):m.start()].lower() == "post-")):
        return named, "day"  # `the September 11 attacks`, `the March 11 bombings`
    return _pick(int(year) if year else None, month, int(day), cable_date, cable_year,
                 "week" if g["week"] else "day", _tense(text, m.start(), m.end()))


# The end of a range whose year is the whole range's: `January to March of 2009`, `between April and June 2009`
_RANGE_END = re.compile(rf"(?:-|\s+(?:to|through|until|and)\s+)(?:(?:early|mid|late)[\s-])?{_MONTH}(?:\s+\d{{1,2}})?,?\s+"
                        r"(?:of\s+)?(?P<year>(?:19|20)\d{2})\b")


def _range_year(text: str, end: int, month: int) -> int | None:
    """The year of a date that opens a range ending in a year (`January to March of 2009`: 2009; `December
    to February 2009`: 2008)."""
    m = _RANGE_END.match(text, end)
    if m is None:
        return None
    return int(m.group("year")) - (month > MONTH_NUMBERS[m.group("month").lower().rstrip(".")])


_NAME_BEFORE = re.compile(r"([A-Z][\w'-]*)\s+$")
# A publication named by a date: after its common noun, itself after an ordinary word (`government newspaper
# 26 September`; not `the "The Guardian" newspaper July 13`: that is the day it printed)
_NAMED_GROUP = re.compile(r"\s+(?:coalition|majority|alliance|movement|camp|bloc|forces|Coalition|"
                          r"Alliance|Movement|Forces)\b")
_PUBLICATION = re.compile(r"[a-z,] (?:newspaper|daily|weekly|paper|magazine)\s+[\"\u201c']?$")
_LEADS = {"In", "On", "By", "Since", "Until", "Till", "Last", "Next", "This", "Early", "Late", "Mid", "During",
          "From", "Through", "Before", "After", "Each", "Every", "Of", "Beginning", "End", "Also", "And", "But"}


def _in_a_name(text: str, start: int) -> bool:
    """Is a month alone part of a name (`the Long March`, `Refugee Affairs June Tancredi`): right after
    a capitalised word that is not a preposition or a sentence's opening word?"""
    before = _NAME_BEFORE.search(text, max(0, start - 30), start)
    return bool(before) and before.group(1) not in _LEADS and not _opens_sentence(text, before.start(1))


def _opens_sentence(text: str, at: int) -> bool:
    head = text[max(0, at - 3):at].rstrip()
    return not head or head[-1] in ".!?:;\"(-"


_LAST_NEXT = re.compile(r"(?:\b(last|next|this|past|coming)\s+)$", re.I)
_YEAR_AFTER = re.compile(r"\s+(last|next|this)\s+year\b", re.I)


def _which(text: str, start: int, end: int) -> str | None:
    """`last`, `next` or `this` said of a month: before it (`last August`) or as `August last year`."""
    before = _LAST_NEXT.search(text, max(0, start - 8), start)
    if before:
        word = before.group(1).lower()
        return {"past": "last", "coming": "next"}.get(word, word)
    after = _YEAR_AFTER.match(text, end)
    return after.group(1).lower() + " year" if after else None


def _shifted(month: int, cable_date: date, which: str) -> date:
    """The month `which` names, seen from the cable's date."""
    if which.endswith("year"):
        return date(cable_date.year + {"last": -1, "next": 1, "this": 0}[which.split()[0]], month, 1)
    year = cable_date.year
    if which == "last":
        year -= month >= cable_date.month
    elif which == "next":
        year += month <= cable_date.month
    return date(year, month, 1)


def _relative(g: dict, cable_date: date | None) -> tuple[date | None, str] | None:
    """`last week` (its Monday), `earlier this month`, `yesterday`, `two months ago`, from the cable's date."""
    if cable_date is None:
        return None, "unresolved"
    monday = cable_date - timedelta(days=cable_date.weekday())
    if g["day"]:
        word = " ".join(g["day"].lower().split())
        return cable_date + timedelta(days={"yesterday": -1, "last night": -1, "tomorrow": 1}[word]), "day"
    if g["unit"]:
        step = {"last": -1, "next": 1}.get(g["which"].lower(), 0)
        if g["unit"].lower() == "week":
            return monday + timedelta(weeks=step), "week"
        return date(cable_date.year, cable_date.month, 1) + relativedelta(months=step), "month"
    count = int(g["count"]) if g["count"].isdigit() else _COUNTS[g["count"].lower()]
    unit = g["units"].lower().rstrip("s")
    if unit == "day":
        return cable_date - timedelta(days=count), "day"
    if unit == "week":
        return monday - timedelta(weeks=count), "week"
    back = cable_date - relativedelta(months=count)
    return date(back.year, back.month, 1), "month"


def _year(text: str) -> int:
    y = int(text)
    return y if y > 100 else (1900 + y if y >= 50 else 2000 + y)


def _pick(year: int | None, month: int, day: int, cable_date: date | None, cable_year: int | None,
          precision: str, tense: str | None = None) -> tuple | None:
    """The date for a day and month: in `year` if given; else, seen from the cable's date, the latest
    one not after it for a past tense, the first one not before it (a month: not ended before it) for a
    future tense, else the nearest."""
    try:
        if year is not None:
            return date(year, month, day), precision
        if cable_year is None:
            return None, "unresolved"
        when = date(cable_year, month, day)
    except ValueError:
        return None
    if cable_date is None:
        return when, precision
    candidates = [_in_year(when, when.year + k) for k in (-1, 0, 1)]
    if tense == "past":
        return max(c for c in candidates if c <= cable_date + _GRACE), precision
    if tense == "future":
        if precision.endswith("month"):  # not ended before the cable (`is planning a trip in January` of January 9)
            floor = cable_date - _GRACE
            return min(c for c in candidates if (c.year, c.month) >= (floor.year, floor.month)), precision
        return min(c for c in candidates if c >= cable_date - _REPORTED), precision
    nearest = min(candidates, key=lambda c: (abs(c - cable_date), c))
    if abs(nearest - cable_date) > _UNDECIDED:
        return nearest, precision, True  # no year, no tense, months away either way: the nearest, marked uncertain
    return nearest, precision


def _in_year(day: date, year: int) -> date:
    """`day` in another year (29 February: the 28th in a year without it)."""
    try:
        return day.replace(year=year)
    except ValueError:
        return day.replace(year=year, day=28)


_REPORTED = timedelta(days=31)
"""How long before the cable a day in the future of what it reports may be: a cable reports talks up to weeks
old, whose future may have passed when it is sent (`Wen's upcoming October 4-6 visit` in a cable of October 26)."""

_UNDECIDED = timedelta(days=92)
"""How far from the cable's date a date without a year or tense may fall and still be taken as the
nearest one without doubt: further (`in September` in a May cable), its year is marked uncertain."""
