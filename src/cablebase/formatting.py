"""Words for people: dates as "1 April 2009, 17:01 UTC", counts as "1 cable" / "2,310 cables".

Shared by the CLI and the web pages so both say the same thing the same way."""

from __future__ import annotations

import re

MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
UNKNOWN_DATE = "date unknown"
_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2})(?:[T ](\d{2}):(\d{2})(?::\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$")
_IRREGULAR = {"person": "people", "is": "are", "was": "were", "matches": "match"}


def human_date(value: str | None, unknown: str = UNKNOWN_DATE) -> str:
    """An ISO date, month, year or timestamp written for people; `unknown` when there is none.

    '2009-04-01T17:01:00Z' -> '1 April 2009, 17:01 UTC'; '2009-04' -> 'April 2009'. A value
    that is not ISO is returned as it is (never hidden)."""
    if not value:
        return unknown
    m = _ISO.match(value.strip())
    if not m:
        return value
    year, month, day, hour, minute, zone = m.groups()
    if not month:
        return year
    if not 1 <= int(month) <= 12:
        return value
    text = f"{MONTHS[int(month) - 1]} {year}"
    if day:
        text = f"{int(day)} {text}"
    if hour:
        suffix = " UTC" if zone in ("Z", "+00:00", "+0000", None) else f" {zone}"
        text += f", {hour}:{minute}{suffix}"
    return text


def human_day(value: str | None, unknown: str = UNKNOWN_DATE) -> str:
    """The date part only: '2009-04-01T17:01:00Z' -> '1 April 2009'."""
    return human_date(value[:10] if value else value, unknown)


def plural(count: int, noun: str, plural_form: str | None = None) -> str:
    """'1 cable', '2 cables', '1,204 entities' (a few irregular forms known; others can be given)."""
    return f"{count:,} {inflect(count, noun, plural_form)}"


def inflect(count: int, word: str, plural_form: str | None = None) -> str:
    """`word` as it goes with `count`: inflect(2, 'entity') -> 'entities', inflect(2, 'matches') -> 'match'."""
    if count == 1:
        return word
    if plural_form is not None:
        return plural_form
    if word in _IRREGULAR:
        return _IRREGULAR[word]
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    return word + "es" if word.endswith(("s", "x", "ch", "sh")) else word + "s"
