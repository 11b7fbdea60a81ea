"""The REF line: lettered items, cable references with canonical ids, and non-cable references."""

from __future__ import annotations

import re

from ..model import Reference
from ..vocab.ids import canonical_id, full_year, is_post, nearest_post, origin_code
from .clean import one_line

_PREFIX = re.compile(r"^(?:(?:REF(?:S|TELS?|ERENCES?)?\b|REF\(S\))\s*:?\s*)+", re.I)
# Where a REF field runs into the handling note after it: `(U) THIS CABLE IS SENSITIVE BUT
# UNCLASSIFIED...`, `Sensitive but unclassified; not for Internet Distribution.`
_NOT_A_REFERENCE = re.compile(r"\((?:U|SBU)\)\s+THIS\s+(?:CABLE|MESSAGE|TELEGRAM)\b|"
                              r"\b(?:sensitive but unclassified|not for internet distribution)\b", re.I)
_NONE = re.compile(r"\(?NONE\)?\.?|N/?A", re.I)
_YEAR_NOTE = re.compile(r"\(\d{2}\)")
_NUMBER = re.compile(r"\d+")
_CABLE = re.compile(
    r"(?<![\w/.-])(?:\(?(?P<year>\d{4}|0?\d{2})\)?(?:\s+|(?=[A-Za-z]{3})))?"
    r"(?P<origin>(?:ST\.\s*)?[A-Za-z][A-Za-z'-]*(?:\s+[A-Za-z][A-Za-z'-]*){0,4}?)"
    r"(?:\s*:\s*|\s+)(?:\((?P<year3>\d{2})\)\s*|\((?:U|C|S|SBU)\)\s*)?0*(?P<serial>\d{1,7})\b"
    r"(?:[-/](?P<year4>\d{2})(?![\d/.:-]))?"  # `AMMAN 5049-01`, `PANAMA 00789/08`: the year after the serial
    r"(?:\s*\((?P<year2>\d{2})\))?"
    r"(?P<more>(?:/(?!(?:19|20)\d\d\b)0*\d{3,7}\b|\s*(?:,|\bAND\b|&)\s*0*\d{1,7}\b(?![/.:-]\d)(?:\s*\(\d{2}\))?)*)"
    r"(?![/.:-]\d|\s*(?:Z\b|/)|-)",
    re.I,
)
_ID_FORM = re.compile(r"(?<![\w/.-])(?P<year>\d{4}|\d{2})-?(?P<origin>[A-Z]{3,}?)-?0*(?P<serial>\d{1,7})\b(?![/.:-]\d)")
_SERIAL_FIRST = re.compile(r"0*(?P<serial>\d{1,7})\s+(?P<origin>[A-Za-z][A-Za-z' -]{2,30}?)\.?")  # `870 Ulaanbaatar`
_GLUED_CABLE = re.compile(r"([A-Za-z]{4,})0*(\d{1,7})\.?")
_REDACTED = re.compile(r"X{4,}")
_DIGIT_FOR_LETTER = re.compile(r"(?<=[A-Za-z])0(?=[A-Za-z]|\s+\d)|(?<![\w])O(?=\d\b)")  # `SANTIAG0 465`, `O4 CHENNAI`
NOT_ORIGIN = {
    "JAN", "JANUARY", "FEB", "FEBRUARY", "MAR", "MARCH", "APR", "APRIL", "MAY", "JUN", "JUNE", "JUL", "JULY",
    "AUG", "AUGUST", "SEP", "SEPT", "SEPTEMBER", "OCT", "OCTOBER", "NOV", "NOVEMBER", "DEC", "DECEMBER",
    "REF", "REFS", "REFTEL", "REFTELS", "PARA", "PARAS", "PARAGRAPH", "PARAGRAPHS", "SECTION", "OF", "AND",
    "NO", "NR", "NUMBER", "THE", "A", "AN", "TEL", "TELEGRAM", "CABLE", "CABLES", "E-MAIL", "EMAIL", "MAIL",
    "FAM", "FAH", "USC", "CFR", "RES", "RESOLUTION", "UNSCR", "DATED", "DTG", "ON", "IN", "AT", "FROM", "TO",
    "PHONE", "TELCON", "MEMO", "REPORT", "LAW", "ARTICLE", "PAGE", "SEE", "ALSO", "AS", "PER", "BY", "WITH",
    "FOR", "IIR", "DOC", "DOCUMENT", "LETTER", "NOTE", "ROOM", "VOL", "CHAPTER", "ANNEX", "ITEM", "MSG",
    "MESSAGE", "DATE", "SUBJ", "SUBJECT", "STATEMENT", "AMEMBASSY", "AMCONSUL", "USMISSION", "OR", "EO",
    "DECL", "WASHDC", "WASHINGTON", "DC", "PREVIOUS", "POINTS",
}
_KINDS = [
    ("email", re.compile(r"\bE-?\s?MAILS?\b|\bEMAILS?\b", re.I)),
    ("telcon", re.compile(r"\bTELE?CONS?\b|\bTELECONFERENCE\b|\bPHONE\b|\bTELEPHONE\b|\bCALL\b", re.I)),
    ("memo", re.compile(r"\bMEMO(?:RANDUM)?S?\b|\bMEMCON\b", re.I)),
    ("report", re.compile(r"\bREPORTS?\b|\bIIR\b|\bINCSR\b|\bINTSUM\b|\bTD-\d{3}/|\bOSC\s+[A-Z]{3}\d", re.I)),
    ("document", re.compile(r"\b\d+\s+FA[MH]\b|\bU\.?S\.?C\b|\bCFR\b|\bRESOLUTION\b|\bUNSCR\b|\bLETTER\b|"
                            r"\bNOTE\b|\bAGREEMENT\b|\bDOCUMENT\b|\bSTATEMENT\b|\bLAW\b|\bREGULATIONS?\b",
                            re.I)),
]
_ANY_KIND = re.compile("|".join(rx.pattern for _, rx in _KINDS), re.I)  # one scan for the usual answer: none


def parse_references(raw: str, citing_year: int | None, warnings: list[str] | None = None) -> list[Reference]:
    """Parse a REF field; references with no year of their own take `citing_year`. A post name
    read as a known post one letter away (`BISHTEK` -> `BISHKEK`) and a post not in the posts
    table are said in `warnings`."""
    text = one_line(_PREFIX.sub("", one_line(raw)))
    end = _NOT_A_REFERENCE.search(text)
    text = text[:end.start()].rstrip(" ,;.") if end else text
    if not text or _NONE.fullmatch(text):
        return []
    refs: list[Reference] = []
    for letter, item in split_items(text):
        refs.extend(parse_item(letter, item, citing_year, warnings))
    if warnings is not None:
        for ref in refs:
            if ref.kind == "cable" and ref.origin_code and not is_post(ref.origin_code):
                warnings.append(f"reference {ref.raw!r}: unknown post {ref.origin_code}")
    return refs


_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The label of item X: case-sensitive for the first item, then either case (`a.` after `A.`).
_LABELS = {(letter, later): re.compile(rf"(?:^|(?<=[\s,;]))(?:\(?{letter}[.):]|\[{letter}\])(?=\s|[A-Z0-9(]|$)",
                                       re.I if later else 0)
           for letter in _LETTERS for later in (False, True)}
# Labels without a stop, `A Montreal 365, B Ottawa 406, C 05 Ottawa 2970`: tried when no other label is found.
_BARE_LABELS = {letter: re.compile(rf"(?:^|(?<=[,;] ))(?-i:{letter}) (?=[A-Z0-9])") for letter in _LETTERS}
# A label printed twice (`A. A) CARACAS 328`, `A. (A) RIO 329`, `A. REF A HAVANA 639`).
_REPEATED_LABEL = {letter: re.compile(rf"^(?:REF\s+)?(?:\(?{letter}[.):]|{letter}(?= [A-Z]))\s*", re.I)
                   for letter in _LETTERS}


def split_items(text: str) -> list[tuple[str | None, str]]:
    """Split on the sequential labels A., B), (C) ...; unlabelled text splits on ';'."""
    positions: list[tuple[str, int, int]] = []
    pos = 0
    lower_first = text[:3] in ("a. ", "a) ", "(a)")  # `a. 05 state 201650 B. 05 berlin 3726 c. ...`
    n = 0
    while n < len(_LETTERS):
        letter = _LETTERS[n]
        m = _LABELS[letter, bool(positions) or lower_first].search(text, pos)
        again = _LABELS[positions[-1][0], True].search(text, pos) if positions else None
        if again and (m is None or again.start() < m.start()) and text[pos:again.start()].strip(" ,;"):
            positions.append((positions[-1][0], again.start(), again.end()))  # `A) ... B) ... B) ...`: a label twice
            pos = again.end()
            continue
        if not m:
            break
        positions.append((letter, m.start(), m.end()))
        pos = m.end()
        n += 1
    if not positions and _BARE_LABELS["A"].match(text):
        for letter in _LETTERS:
            m = _BARE_LABELS[letter].search(text, pos)
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


def parse_item(letter: str | None, item: str, citing_year: int | None,
               warnings: list[str] | None = None) -> list[Reference]:
    """One REF item -> one or more References (`BRASILIA 2799 AND 2764` is two cables)."""
    kind = next((k for k, rx in _KINDS if rx.search(item)), None) if _ANY_KIND.search(item) else None
    if kind is not None:
        return [Reference(letter=letter, kind=kind, raw=item)]
    text = _DIGIT_FOR_LETTER.sub(lambda m: "O" if m.group(0) == "0" else "0", item) if "0" in item or "O" in item \
        else item
    cables: list[Reference] = []

    def add(year: int | None, origin: str | None, serial: int) -> None:  # (origin None: withheld)
        cables.append(Reference(letter=letter, kind="cable", raw=item, serial=serial, year=year, origin_code=origin,
                                id=canonical_id(year, origin, serial) if origin else None))

    for m in _ID_FORM.finditer(text):  # `09CAIRO0561`, `2005PANAMA2342`, `10-OTTAWA-57`
        origin = _post(m.group("origin").split(), item, warnings)
        if origin:
            yy = m.group("year")
            add(int(yy) if len(yy) == 4 else full_year(int(yy)), origin, int(m.group("serial")))
    if cables:
        return cables
    for m in _CABLE.finditer(text):
        origin = _post(m.group("origin").split(), item, warnings)
        if origin is None:
            continue
        if _REDACTED.fullmatch(origin):  # `09 XXXXXXXXXXXX 167`: a cable, its post withheld
            origin = None
        yy = m.group("year2") or m.group("year4") or m.group("year3") or m.group("year")
        year = (int(yy) if len(yy) == 4 else full_year(int(yy[-2:]))) if yy else citing_year
        more = _YEAR_NOTE.sub("", m.group("more") or "")
        for serial in [int(m.group("serial"))] + [int(s) for s in _NUMBER.findall(more)]:
            add(year, origin, serial)
    if not cables:
        first = _SERIAL_FIRST.fullmatch(text.strip())
        glued = _GLUED_CABLE.fullmatch(text)
        if first and is_post(origin_code(first.group("origin"))):  # `870 Ulaanbaatar`: a known post only
            add(citing_year, origin_code(first.group("origin")), int(first.group("serial")))
        elif glued and glued.group(1).upper() not in NOT_ORIGIN:  # `BELGRADE743`: the space lost
            add(citing_year, origin_code(glued.group(1)), int(glued.group(2)))
    return cables or [Reference(letter=letter, kind="other", raw=item)]


def _post(words: list[str], item: str, warnings: list[str] | None) -> str | None:
    """The post the words before a serial name: the longest run of last words that is a known post
    or alias (`SEE TEL AVIV` -> TELAVIV), else the words after any leading non-post words (`REFTEL
    KABUL`), a known post one letter away said in `warnings`; None when a word is not a post's."""
    for k in range(len(words)):
        code = origin_code(" ".join(words[k:]))
        if is_post(code):
            return code
    if len(words) > 1 and len(words[-1]) == 2 and is_post(origin_code(" ".join(words[:-1]))):
        return origin_code(" ".join(words[:-1]))  # `MADRID SP 0307`: the country's code after the post
    while words and words[0].upper().rstrip(".") in NOT_ORIGIN:
        words = words[1:]
    if not words or any(w.upper() in NOT_ORIGIN for w in words):
        return None
    code = origin_code(" ".join(words))
    near = nearest_post(code)
    if near:
        if warnings is not None:
            warnings.append(f"reference {item!r}: post {code} read as {near}")
        return near
    return code
