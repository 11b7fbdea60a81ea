"""The routing header: precedence, date-time group, FM, TO and INFO lines."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache
from typing import Iterator

from ..model import Header
from ..vocab.ids import full_year
from ..vocab.months import MONTH_NUMBERS

PRECEDENCE = {"Z": "FLASH", "O": "IMMEDIATE", "P": "PRIORITY", "R": "ROUTINE"}
DTG = re.compile(r"\b(\d{2})(\d{2})(\d{2})Z\s+([A-Za-z]{3})\s+(\d{2}|\d{4})\b")
_PREC_LINE = re.compile(r"^([OPRZ])(?:\s+[OPRZ])?\s+(\d{6}Z\s+[A-Za-z]{3}\s+\d{2,4})\b")
_ROUTE = re.compile(r"^[A-Z0-9]{5,9}/")
# Possessive quantifiers and a start only where white space starts: a long run of spaces in a
# station is scanned once (the backtracking form took seconds on a few thousand spaces)
_PRECEDENCES = ("FLASH", "IMMEDIATE", "PRIORITY", "ROUTINE", "NIACT")
_TRAIL = re.compile(rf"(?<!\s)\s++(?:(?:{'|'.join(_PRECEDENCES)})\s*+)*+(?:\d{{1,5}})?+\s*+$")
# A printout's distribution list, not an addressee: `LOG-00   EEB-00   AID-00   AMAD-00`
_OFFICE_CODES = re.compile(r"(?:[A-Z0-9]{1,6}-\d{2,3}\s+)+[A-Z0-9]{1,6}-\d{2,3}\s*(?:/\d+\w*)?$")
_SECTION_END = re.compile(r"^(?:BT|INFO|TO|FM|ZEN|ZFR|E\.?O\.?|TAGS|SUBJECT|PAGE \d+)\b")


@lru_cache(maxsize=8)  # asked twice of one header: for the record's time and by parse_header
def parse_dtg(text: str) -> tuple[str, datetime] | None:
    """First date-time group in `text` ('071803Z FEB 06') with its UTC datetime."""
    for m in _dtgs(text):
        day, hour, minute, mon, yr = m.groups()
        month = MONTH_NUMBERS.get(mon.lower())
        year = int(yr) if len(yr) == 4 else full_year(int(yr))
        if month is None:
            continue
        try:
            return m.group(0), datetime(year, month, int(day), int(hour), int(minute))
        except ValueError:
            continue
    return None


def _dtgs(text: str) -> Iterator[re.Match]:
    """The date-time groups in `text`, found from their `Z` (a pattern that opens with \b is tried
    at every character)."""
    at = text.find("Z", 6)
    while at != -1:
        m = DTG.match(text, at - 6) if text[at - 6:at].isdecimal() else None
        if m:
            yield m
        at = text.find("Z", at + 1)


def parse_header(text: str) -> Header | None:
    """Parse a routing header block; None when there is nothing recognisable."""
    if not text.strip():
        return None
    lines = [line.strip() for line in text.split("\n")]
    found = parse_dtg(text)
    precedence = from_ = None
    to: list[str] = []
    info: list[str] = []
    current: list[str] | None = None
    for line in lines:
        if not line:
            current = None
            continue
        m = _PREC_LINE.match(line)
        if m and precedence is None:
            precedence = PRECEDENCE[m.group(1)]
            current = None
        elif line.startswith("FM ") and from_ is None:
            from_ = _station(line[3:])
            current = None
        elif line.startswith("TO ") or line == "TO":  # (`TO` alone: its page-break line removed)
            current = to
            if line[3:]:
                current.append(_station(line[3:]))
        elif (line.startswith("INFO ") and not line.startswith("INFO:")) or line == "INFO":
            current = info
            if line[5:]:
                current.append(_station(line[5:]))
        elif current is not None and not _SECTION_END.match(line):
            current.append(_station(line))
        else:
            current = None
    to, info = _addressed(to), _addressed(info)
    if not (found or from_ or to):
        return None
    return Header(precedence=precedence, dtg=found[0] if found else None, sent=iso_minute(found[1]) if found else None,
                  from_=from_, to=to, info=info)


def _addressed(stations: list[str]) -> list[str]:
    """The stations of a TO or INFO list, without empty ones and a printout's distribution codes."""
    return [s for s in stations if s and not _OFFICE_CODES.match(s)]


@lru_cache(maxsize=4096)  # the record's created, released and sent times: the same minutes again and again
def iso_minute(when: datetime) -> str:
    """`2006-02-07T18:03:00Z`: a date-time to the minute, in the form the record uses."""
    return when.isoformat(timespec="minutes") + ":00Z"


@lru_cache(maxsize=4096)  # the same stations head and route thousands of cables
def _station(text: str) -> str:
    """`RUEHC/SECSTATE WASHDC PRIORITY 8849` -> `SECSTATE WASHDC`."""
    text = text.strip()
    route = _ROUTE.match(text)
    text = text[route.end():] if route else text
    if text[-1:].isdigit() or text.endswith(_PRECEDENCES):  # what _TRAIL can cut (the end is stripped)
        text = _TRAIL.sub("", text)
    return text.strip()
