"""The REF line: lettered items, cable references with canonical ids, and non-cable references."""

from __future__ import annotations

import re

from ..model import Reference
from ..vocab.ids import canonical_id, full_year, origin_code
from .clean import one_line

_PREFIX = re.compile(r"^(?:REF(?:S|TELS?|ERENCES?)?\b\s*:?\s*)+", re.I)
# Where a REF field runs into the handling note after it: `(U) THIS CABLE IS SENSITIVE BUT
# UNCLASSIFIED...`, `Sensitive but unclassified; not for Internet Distribution.`
_NOT_A_REFERENCE = re.compile(r"\((?:U|SBU)\)\s+THIS\s+(?:CABLE|MESSAGE|TELEGRAM)\b|"
                              r"\b(?:sensitive but unclassified|not for internet distribution)\b", re.I)
_NONE = re.compile(r"\(?NONE\)?\.?|N/?A", re.I)
_YEAR_NOTE = re.compile(r"\(\d{2}\)")
_NUMBER = re.compile(r"\d+")
_CABLE = re.compile(
    r"(?<![\w/.-])(?:(?P<year>\d{4}|\d{2})(?:\s+|(?=[A-Za-z]{3})))?"
    r"(?P<origin>[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){0,4}?)\s+0*(?P<serial>\d{1,7})\b"
    r"(?![/.:-]\d|\s*(?:Z\b|/)|-)"
    r"(?:\s*\((?P<year2>\d{2})\))?"
    r"(?P<more>(?:\s*(?:,|\bAND\b|&)\s*0*\d{1,7}\b(?![/.:-]\d)(?:\s*\(\d{2}\))?)*)",
    re.I,
)
_GLUED_CABLE = re.compile(r"([A-Za-z]{4,})0*(\d{1,7})\.?")
NOT_ORIGIN = {
    "JAN", "JANUARY", "FEB", "FEBRUARY", "MAR", "MARCH", "APR", "APRIL", "MAY", "JUN", "JUNE", "JUL", "JULY",
    "AUG", "AUGUST", "SEP", "SEPT", "SEPTEMBER", "OCT", "OCTOBER", "NOV", "NOVEMBER", "DEC", "DECEMBER",
    "REF", "REFS", "REFTEL", "REFTELS", "PARA", "PARAS", "PARAGRAPH", "PARAGRAPHS", "SECTION", "OF", "AND",
    "NO", "NR", "NUMBER", "THE", "A", "AN", "TEL", "TELEGRAM", "CABLE", "CABLES", "E-MAIL", "EMAIL", "MAIL",
    "FAM", "FAH", "USC", "CFR", "RES", "RESOLUTION", "UNSCR", "DATED", "DTG", "ON", "IN", "AT", "FROM", "TO",
    "PHONE", "TELCON", "MEMO", "REPORT", "LAW", "ARTICLE", "PAGE", "SEE", "ALSO", "AS", "PER", "BY", "WITH",
    "FOR", "IIR", "DOC", "DOCUMENT", "LETTER", "NOTE", "ROOM", "VOL", "CHAPTER", "ANNEX", "ITEM", "MSG",
    "MESSAGE", "DATE", "SUBJ", "SUBJECT", "STATEMENT", "AMEMBASSY", "AMCONSUL", "USMISSION", "OR", "EO",
    "DECL", "WASHDC", "WASHINGTON", "DC",
}
_KINDS = [
    ("email", re.compile(r"\bE-?\s?MAILS?\b|\bEMAILS?\b", re.I)),
    ("telcon", re.compile(r"\bTELE?CONS?\b|\bTELECONFERENCE\b|\bPHONE\b|\bTELEPHONE\b|\bCALL\b", re.I)),
    ("memo", re.compile(r"\bMEMO(?:RANDUM)?S?\b|\bMEMCON\b", re.I)),
    ("report", re.compile(r"\bREPORTS?\b|\bIIR\b|\bINTSUM\b|\bTD-\d{3}/|\bOSC\s+[A-Z]{3}\d", re.I)),
    ("document", re.compile(r"\b\d+\s+FA[MH]\b|\bU\.?S\.?C\b|\bCFR\b|\bRESOLUTION\b|\bUNSCR\b|\bLETTER\b|"
                            r"\bNOTE\b|\bAGREEMENT\b|\bDOCUMENT\b|\bSTATEMENT\b|\bLAW\b|\bREGULATIONS?\b",
                            re.I)),
]
_ANY_KIND = re.compile("|".join(rx.pattern for _, rx in _KINDS), re.I)  # one scan for the usual answer: none


def parse_references(raw: str, citing_year: int | None) -> list[Reference]:
    """Parse a REF field; references with no year of their own take `citing_year`."""
    text = one_line(_PREFIX.sub("", one_line(raw)))
    end = _NOT_A_REFERENCE.search(text)
    text = text[:end.start()].rstrip(" ,;.") if end else text
    if not text or _NONE.fullmatch(text):
        return []
    refs: list[Reference] = []
    for letter, item in split_items(text):
        refs.extend(parse_item(letter, item, citing_year))
    return refs


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The label of item X: case-sensitive for the first item, then either case (`a.` after `A.`).
_LABELS = {(letter, later): re.compile(rf"(?:^|(?<=[\s,;]))\(?{letter}[.):](?=\s|[A-Z0-9(])", re.I if later else 0)
           for letter in _LETTERS for later in (False, True)}
_REPEATED_LABEL = {letter: re.compile(rf"^\(?{letter}[.):]\s*", re.I) for letter in _LETTERS}


def split_items(text: str) -> list[tuple[str | None, str]]:
    """Split on the sequential labels A., B), (C) ...; unlabelled text splits on ';'."""
    positions: list[tuple[str, int, int]] = []
    pos = 0
    lower_first = text[:3] in ("a. ", "a) ", "(a)")  # `a. 05 state 201650 B. 05 berlin 3726 c. ...`
    for letter in _LETTERS:
        m = _LABELS[letter, bool(positions) or lower_first].search(text, pos)
        if not m:
            break
        positions.append((letter, m.start(), m.end()))
        pos = m.end()
    if not positions:
        return [(None, part.strip()) for part in text.split(";") if part.strip()]
    items = []
    head = text[:positions[0][1]].strip(" ,;:")
    if head:
        items.append((None, head))
    for n, (letter, _start, end) in enumerate(positions):
        stop = positions[n + 1][1] if n + 1 < len(positions) else len(text)
        item = _REPEATED_LABEL[letter].sub("", text[end:stop].strip(" ,;"))  # 'A. A) ...'
        items.append((letter, item.strip(" ,;")))
    return items


def parse_item(letter: str | None, item: str, citing_year: int | None) -> list[Reference]:
    """One REF item -> one or more References (`BRASILIA 2799 AND 2764` is two cables)."""
    kind = next((k for k, rx in _KINDS if rx.search(item)), None) if _ANY_KIND.search(item) else None
    cables: list[Reference] = []
    if kind is None:
        for m in _CABLE.finditer(item):
            words = m.group("origin").split()
            while words and words[0].upper() in NOT_ORIGIN:
                words.pop(0)
            if not words or any(w.upper() in NOT_ORIGIN for w in words):
                continue
            origin = origin_code(" ".join(words))
            yy = m.group("year2") or m.group("year")
            year = (int(yy) if len(yy) == 4 else full_year(int(yy))) if yy else citing_year
            more = _YEAR_NOTE.sub("", m.group("more") or "")
            serials = [int(m.group("serial"))] + [int(s) for s in _NUMBER.findall(more)]
            for serial in serials:
                cables.append(Reference(letter=letter, kind="cable", raw=item, id=canonical_id(year, origin, serial),
                                        origin_code=origin, serial=serial, year=year))
    glued = _GLUED_CABLE.fullmatch(item) if not cables and kind is None else None
    if glued and glued.group(1).upper() not in NOT_ORIGIN:  # `BELGRADE743`: the space lost
        origin, serial = origin_code(glued.group(1)), int(glued.group(2))
        cables.append(Reference(letter=letter, kind="cable", raw=item, id=canonical_id(citing_year, origin, serial),
                                origin_code=origin, serial=serial, year=citing_year))
    if cables:
        return cables
    return [Reference(letter=letter, kind=kind or "other", raw=item)]
