"""Portion markings, the grammar written once: the level (TS, S, C, U, SBU, FOUO, LOU), then
dissemination controls and REL TO lists, joined by `/`, `//`, `-` or spaces, as paragraphs,
subjects and summaries print them: `(S/NF)`, `(SBU/REL NATO)`, `(S//FGI//NF)`, `(C NF)`, `(SNF)`,
`(S//Rel NATO, ISAF)`, `(C/REL TO USA, AUS, CAN, GBR and NZL)`."""

from __future__ import annotations

import re
from functools import lru_cache

LEVEL = r"TS|S|C|U|SBU|FOUO|LOU"
CONTROL = r"NF|NOFORN|FGI|FOUO|SBU|LES|ORCON|OC|PROPIN|PR|EXDIS|NODIS|LIMDIS|NC|SI|TK|HCS"
_NAME = r"[A-Z][A-Za-z.]*"
REL = rf"REL(?:\s+TO)?\s+{_NAME}(?:(?:\s*,\s*(?:and\s+)?|\s+and\s+|\s+)(?!(?:{CONTROL})\b){_NAME}){{0,9}}"
SEPARATOR = r"\s*//?\s*|\s*-\s*|\s+"
# The regex source of one marking (used inside parentheses by the paragraph and summary patterns).
MARK = rf"(?i:(?:{LEVEL})(?:(?:{SEPARATOR})(?:{CONTROL}|{REL})\b)*|(?:TS|S|C|U|SBU)NF|NF)"
_MARKING = re.compile(MARK)
_SEPARATORS = re.compile(r"\s*(//?|-)\s*|\s+")
LEVELS = {"TS": "TOP SECRET", "S": "SECRET", "C": "CONFIDENTIAL", "U": "UNCLASSIFIED", "SBU": "UNCLASSIFIED",
          "FOUO": "UNCLASSIFIED", "LOU": "UNCLASSIFIED"}
_GLUED = re.compile(r"(TS|S|C|U|SBU)NF")
_LEVEL_END = re.compile(r"[/\s-]")


@lru_cache(maxsize=1024)
def normalise_marking(raw: str) -> str | None:
    """The marking in capitals with its separators as printed but no spaces around a slash
    (`s / nf` -> `S/NF`, `S//Rel NATO, ISAF` -> `S//REL NATO, ISAF`); None when `raw` is not one."""
    text = " ".join(raw.split())
    if not _MARKING.fullmatch(text):
        return None
    return _SEPARATORS.sub(lambda m: m.group(1) or " ", text).upper()


@lru_cache(maxsize=1024)  # a handful of markings, on most paragraphs of most cables
def marking_level(marking: str | None) -> str | None:
    """The level a marking says: `S//FGI//NF` -> SECRET, `SBU/REL NATO` -> UNCLASSIFIED, `SNF` -> SECRET."""
    if not marking:
        return None
    glued = _GLUED.fullmatch(marking)
    head = glued.group(1) if glued else _LEVEL_END.split(marking, maxsplit=1)[0]
    return LEVELS.get(head.upper())
