"""Reader for the plain-text dump layout: five metadata lines, then the text."""

from __future__ import annotations

import re

from ..errors import ParseError
from .raw import RawCable, split_partial

_REF_ID = re.compile(r"^\d{2}[A-Z][A-Z0-9]*\d+$")
_DATE = re.compile(r"^\w{3} \w{3} \d{2} \d{2}:\d{2}:\d{2} [+-]\d{4} \d{4}$")
# A body opens with the classification banner (or, in printouts, the date line before it).
_BODY_START = re.compile(
    r"^(?:[A-Z][a-z]+day, \d{1,2} [A-Z][a-z]+ \d{4}, \d{2}:\d{2}$"
    r"|(?:UNCLAS|C O N F|S E C R E T|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE|TOP SECRET)\b)",
    re.IGNORECASE,
)
# A routing block's first line: its envelope, date-time group, a printout's first page or distribution list
# (`PAGE 01 HARARE 06677 01 OF 03 291400Z`, `ACTION AF-00`), or the FM line.
_HEADER_START = re.compile(r"^(?:VZCZC|\d{6}Z|[OPRZ](?: [OPRZ])? \d{6}Z|null\b|PAGE 01\b|ACTION [A-Z0-9]+-\d\d\b|FM [A-Z]"
                           r"|.{0,80}From\s+\S+/Inbox)")
# A printout's page head above its routing block: the level and the printout's own number (`CONFIDENTIAL  PTQ1859`).
_PRINTOUT_HEAD = re.compile(r"^\s*(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)\s+[A-Z]{2,4}\d{3,6}\s*$")


def looks_like_txt(text: str) -> bool:
    """True if `text` has the five metadata lines of the text dump."""
    lines = text.lstrip("\ufeff").split("\n", 5)
    return len(lines) > 4 and bool(_REF_ID.match(lines[0].strip())) and bool(_DATE.match(lines[2].strip()))


def read_txt(text: str) -> RawCable:
    """Parse a text-dump file."""
    lines = text.lstrip("\ufeff").split("\n", 5)
    if len(lines) < 5 or not _REF_ID.match(lines[0].strip()) or not _DATE.match(lines[2].strip()):
        raise ParseError("not a text-dump cable: expected id, subject, date, classification, origin lines")
    ref_id, _subject, created, classification, origin = (x.strip() for x in lines[:5])
    notice, rest = split_partial(lines[5] if len(lines) > 5 else "")
    header, body = split_header(rest)
    return RawCable(format="txt", body=body, header=header, partial_notice=notice,
                    reference_id=ref_id, created=created, classification=classification or None,
                    origin=origin or None)


def split_header(text: str) -> tuple[str, str]:
    """Split 'header, blank line, body' where a routing header is present (under a printout's page
    head or not); else all is body."""
    opening = text.lstrip(" ")
    if _PRINTOUT_HEAD.match(opening.split("\n", 1)[0]):
        opening = opening.split("\n", 1)[-1].lstrip(" \n")
    if not _HEADER_START.match(opening):
        return "", text
    lines = text.split("\n")
    # The body cannot start before the routing block's FM line (printouts repeat the banner above it).
    start = next((i for i, line in enumerate(lines) if line.startswith("FM ")), 0)
    last_blank = None
    for i, line in enumerate(lines):
        if i < start:
            continue
        if not line.strip():
            last_blank = i
        elif last_blank is not None and _BODY_START.match(line.rstrip()):
            return "\n".join(lines[:last_blank]).strip("\n"), "\n".join(lines[last_blank + 1:])
    first_blank = next((i for i, line in enumerate(lines) if not line.strip()), None)
    if first_blank is None:
        return text.strip("\n"), ""
    return "\n".join(lines[:first_blank]).strip("\n"), "\n".join(lines[first_blank + 1:])
