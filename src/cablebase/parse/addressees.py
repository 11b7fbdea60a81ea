"""Addressee lines of the preamble: `DEPARTMENT FOR EUR/CACEN (JMUDGE), DRL/PHD (CKUCHTA-HELBLING)`,
`NSC FOR SENIOR AFRICA DIRECTOR B. PITTMAN`, `L/LEI FOR MARK KULISH`: agency, office symbol, person."""

from __future__ import annotations

import re

from ..model import Addressee
from ..vocab.ids import post_names
from .clean import one_line
from .preamble import is_caption_line

_ADDRESSEE_LINE = re.compile(  # (no agency: `FOR S, S/SRAP HOLBROOKE`, `ALSO FOR NEA/ARP`)
    r"^(?:ALSO\s+)?(?:(?P<agency>[A-Z][A-Z0-9/&.\- ]{1,40}?)\s+)?(?:PLEASE\s+)?(?:ALSO\s+)?"
    r"(?P<how>FOR|PASS(?:\s+TO)?)\s+(?P<rest>\S.*)$")
_OPEN_END = re.compile(r"(?:,|\s+AND)\s*$")  # a list the next line goes on with
_ADDRESSEE_ITEM = re.compile(r"^(?P<office>.+?)\s*\((?P<name>[^()]+)\)$")
# (?<!\s): a separator starts where the white space before it does, so a long run of spaces is
# scanned once, not once from each of its characters (20,000 spaces took 2.8 s); a separator is
# inside parentheses when a `)` closes them within 80 characters (looking further made long lines
# quadratic): `EUR/WE (ALEX MCKNIGHT, STACIE ZERDECKI)` is one office
_INSIDE_PARENS = r"(?![^()]{0,80}\))"
_SPLIT_ITEMS = re.compile(rf"(?<!\s)\s*[,;]\s*{_INSIDE_PARENS}|(?<!\s)\s+AND\s+{_INSIDE_PARENS}")
_SPLIT_NAMES = re.compile(r"\s*[,;]\s*|\s+AND\s+")
_SYMBOL = r"[A-Z0-9]+(?:/[A-Z0-9-]+)+"  # an office symbol: `EUR/CACEN`, `CA/OCS/ACS`
_OFFICE_SYMBOL = re.compile(rf"^{_SYMBOL}$")
_NAME_WORD = r"(?!(?:FOR|FROM|OF|AND|THE|TO|BUREAU|OFFICE)\b)[A-Z][A-Z.'-]*"
# `NEA/ARP AMACDONALD`, `L/LEI FOR MARK KULISH`: an office symbol, then a name without parentheses
_OFFICE_THEN_NAME = re.compile(rf"^(?P<office>{_SYMBOL})\s+(?:FOR\s+)?(?P<name>{_NAME_WORD}(?: {_NAME_WORD}){{0,3}})$")

_LONE_NAME = re.compile(r"[A-Z][A-Z'-]{5,}")
_NOT_LONE_NAME = re.compile(r"(?:ITY|ION|ICE|SHIP|ANCE|ENCE|MENT|ING|ICS|NAL|COM|SECDEF|-DESIGNATE|-[A-Z])$")
_OFFICE_WORDS = {"AMBASSADOR", "COUNSELOR", "ADVISOR", "ADVISER", "DIRECTOR", "SECRETARY", "ATTACHE", "EMBASSY",
                 "CONSULATE", "BUREAU", "DEPUTY", "ASSISTANT", "CHARGE", "JICCENT", "JICENT", "ICITAP", "USNATO",
                 "AFFAIRS"}

# A person written out (`B. PITTMAN`, `ELAINE SAMSON`, `DAS FISK`), maybe after an office and a title.
_OFFICES = {  # offices and agencies that stand before a person's name (`WHA TOM SHANNON`, `OFAC SZUBIN`)
    "AF", "EUR", "WHA", "NEA", "EAP", "SCA", "IO", "INR", "DRL", "ISN", "INL", "OES", "EEB", "PRM", "PM", "CA",
    "DS", "H", "L", "P", "S", "D", "E", "T", "M", "G", "R", "NSC", "NEC", "OIA", "FPA", "ITA", "OFAC", "USTR", "OSD",
    "DOD", "JCS", "USAID", "AID", "FBI", "DOJ", "DHS", "NNSA", "OPIC", "USDA", "DOE", "CIA", "OASIA", "TFFC",
    "USDOC", "MCC", "ODNI", "EXBS", "OMB", "CEQ", "OVP", "VP"}
_TITLES = {
    "A/S", "AA/S", "DAS", "PDAS", "DASD", "ASD", "USD", "USDP", "NSA", "DNSA", "DPNSA", "APDNSA", "AMB", "AMBASSADOR",
    "DIRECTOR", "DIR", "SECRETARY", "ASSISTANT", "DEPUTY", "UNDER", "SENIOR", "PRINCIPAL", "ACTING", "SPECIAL",
    "ENVOY", "REPRESENTATIVE", "SENATOR", "CONGRESSMAN", "CONGRESSWOMAN", "CODEL", "GENERAL", "GEN", "COL", "LTC",
    "ADM", "MAJ", "CAPT", "CDR", "POLAD", "ADVISOR", "ADVISER", "COUNSELOR", "CHIEF", "SRAP", "COORDINATOR",
    "ADMINISTRATOR", "COMMISSIONER", "ATTORNEY", "ATTACHE", "MR", "MS", "MRS", "DR", "STAFF"}
_NOT_NAMES = _TITLES | _OFFICES | _OFFICE_WORDS | {
    "FOR", "FROM", "OF", "AND", "THE", "TO", "IN", "ON", "AT", "ALL", "ONLY", "PLEASE", "PASS", "ALSO", "INFO",
    "ACTION", "OFFICE", "OFFICES", "CENTER", "TEAM", "OPS", "DEL", "REPS", "FORCE", "TASK", "SERVICE",
    "SERVICES", "SECTION", "DIVISION", "DESK", "UNIT", "GROUP", "COMMISSION", "COMMITTEE", "COUNCIL", "AGENCY",
    "PARTY", "DISTRIBUTION", "CITY", "WATCHER", "WATCHERS", "MISSION", "COMMAND", "HQ", "FO", "SECRETARIAT",
    "DIRECTORATE", "DEPARTMENT", "MINISTRY", "PROGRAM", "INTERNATIONAL", "US", "USG", "POSTS", "ADDRESSEES",
    "PUBLIC", "DIPLOMACY", "POLITICAL", "ECONOMIC", "CONSULAR", "REGIONAL", "SECURITY", "NATIONAL", "FRONT",
    "AMEMBASSY", "AMCONSUL", "AMEMB", "USMISSION", "USOFFICE", "NUCLEAR", "ENERGY"}
_INITIALS_NAME = re.compile(r"(?:[A-Z]\. ?){1,2}[A-Z][A-Z'-]+|[A-Z][A-Z'-]+ [A-Z]\. [A-Z][A-Z'-]+")
_WORD = re.compile(r"[A-Z][A-Z']+(?:-[A-Z][A-Z']+)?")
_ACRONYM = re.compile(r"[A-Z]{2,6}")
_TITLE_FILLERS = {"OF", "AFRICA", "ASIA", "EUROPE", "MIDDLE", "NEAR", "EAST", "SOUTH", "CENTRAL", "LATIN",
                  "AMERICA", "WESTERN", "HEMISPHERE"}
_SEPARATOR = re.compile(r"\s+--?\s+|\s*:\s*")  # `S/CT - H. CRUMPTON`, `FWS: TOM RILEY`
_OFFICE_PART = re.compile(r"[A-Z0-9/.&-]+(?: [A-Z0-9/.&-]+){0,2}")  # before a separator: up to three words


def parse_addressees(lines: list[str]) -> list[Addressee]:
    """Addressee lines such as `DEPARTMENT FOR EUR/CACEN (JMUDGE), DRL/PHD (CKUCHTA-HELBLING)`."""
    result: list[Addressee] = []
    for line in _joined(lines):
        m = _ADDRESSEE_LINE.match(line)
        if not m or is_caption_line(line):
            continue
        agency, via = one_line(m.group("agency") or "") or None, m.group("how")
        for item in _SPLIT_ITEMS.split(_OPEN_END.sub("", m.group("rest").rstrip(" ."))):
            item = one_line(item)
            item = item[4:] if item.startswith("AND ") else item  # `EAP/CM, AND H`
            inner = _ADDRESSEE_LINE.match(item) if " FOR " in item or " PASS" in item else None
            if inner and inner.group("agency") and not _OFFICE_SYMBOL.match(inner.group("agency")) \
                    and not is_caption_line(item):
                # `STATE FOR EUR/SCE, NSC FOR HELGERSON`: another agency (`L/LEI FOR MARK KULISH`: an office)
                agency, via, item = one_line(inner.group("agency")), inner.group("how"), inner.group("rest")
            if item:
                result += [Addressee(agency=agency, office=office, name=name, raw=item)
                           for office, name in _office_and_names(item, via)]
    return result


def _joined(lines: list[str]) -> list[str]:
    """The lines with an addressee list that ends on `,` or `AND` joined to the line that goes on with it
    (`DEPARTMENT PASS TO ISN/RA RMANGIELLO AND RNEPHEW, AND` + `NEA/ARP BMCGRATH`)."""
    out: list[str] = []
    for line in lines:
        if out and _OPEN_END.search(out[-1]) and _ADDRESSEE_LINE.match(out[-1]) and not is_caption_line(line) \
                and not _ADDRESSEE_LINE.match(line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _office_and_names(item: str, via: str) -> list[tuple[str | None, str | None]]:
    """An item's office symbol and the people named in it (one pair per person)."""
    m = _ADDRESSEE_ITEM.match(item)
    if m:  # `EUR/CACEN (JMUDGE)`, `EUR/WE (ALEX MCKNIGHT, STACIE ZERDECKI)`, `EUR (SCE, RPM)`: offices
        office, names = m.group("office"), [name for name in _SPLIT_NAMES.split(m.group("name").strip()) if name]
        if len(names) > 1 and all(len(name) <= 3 and name.isalpha() for name in names):
            return [(f"{office}/{name}", None) for name in names]
        return [(office, name) for name in names] or [(office, None)]
    m = _OFFICE_THEN_NAME.match(item)
    if m:
        return [(m.group("office"), m.group("name").strip())]
    if via == "FOR" and _is_lone_name(item):  # (after PASS a lone word is a post: PASS BRAZZAVILLE)
        return [(None, item)]
    names = item.split("/")
    if via == "FOR" and len(names) > 1 and any(_is_lone_name(n) for n in names) and all(
            len(n) >= 4 and _WORD.fullmatch(n) and n not in _NOT_NAMES and any(v in n for v in "AEIOUY") for n in names):
        return [(None, name) for name in names]  # `ENERGY FOR EKIMOFF/BURPOE/COHEN`: people, not an office
    return [_person(item) or (item, None)]


def _is_lone_name(item: str) -> bool:
    """`NSC FOR HELGERSON`, `TREASURY FOR MKACZMAREK`: a person without an office. Office symbols are
    short (DRL, OASIA, USTR); a long single word is a name unless it reads as an ordinary word
    (SECURITY, CRIMINAL), a title, a post, or a military command (CENTCOM, DEPSECDEF)."""
    return (_LONE_NAME.fullmatch(item) is not None and not _NOT_LONE_NAME.search(item)
            and item not in _OFFICE_WORDS and item not in post_names())


def _person(item: str) -> tuple[str | None, str] | None:
    """(office, name) when `item` names a person: [office [- or :]] [title...] name, where the name
    has initials (`B. PITTMAN`, `D.FISK`), or is one to three words (one only after an office or a
    title: `OFAC SZUBIN`, `DAS FISK`). The title stays with the name, as in `SCA/FO (DAS GASTRIGHT)`."""
    parts = _SEPARATOR.split(item, maxsplit=1)
    if len(parts) == 2 and _OFFICE_PART.fullmatch(parts[0]) and _titled_name(parts[1].split(), after_office=True):
        return parts[0], parts[1]
    words = item.split()
    office = words[0] if len(words) > 1 and (words[0] in _OFFICES or _OFFICE_SYMBOL.match(words[0])) else None
    rest = words[1:] if office else words
    if office is None and len(rest) > 1 and rest[1] in _TITLES and rest[0] not in _TITLES and (
            _ACRONYM.fullmatch(rest[0])):
        office, rest = rest[0], rest[1:]  # `EXBS ADVISOR TYLER HOFFMAN`: an office a title follows
    if not _titled_name(rest, after_office=office is not None):
        return None
    return office, " ".join(rest)


def _titled_name(words: list[str], after_office: bool = False) -> bool:
    """Are `words` a person's name, maybe after a title (`SENIOR AFRICA DIRECTOR B. PITTMAN`)?"""
    end = 0  # the title: title words and the region words between them (`SENIOR AFRICA DIRECTOR`)
    for i, word in enumerate(words):
        if word in _TITLES:
            end = i + 1
        elif not (end and word in _TITLE_FILLERS):
            break
    titled, name = end > 0, words[end:]
    if not name:
        return False
    text = " ".join(name)
    if _INITIALS_NAME.fullmatch(text):
        return True
    return (len(name) <= 3 and (len(name) >= 2 or titled or after_office) and " ".join(words) not in post_names()
            and all(_WORD.fullmatch(w) and w not in _NOT_NAMES and w not in post_names() for w in name)
            and (titled or after_office or not _NOT_LONE_NAME.search(name[-1])))  # (RICE: a surname)
