"""The classification banner: `C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 001730`, `UNCLAS ...`."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from ..vocab.ids import origin_code
from ..vocab.levels import LEVELS

_SPACED = re.compile(r"^((?:[A-Za-z] ){2,}[A-Za-z])(?=\s|$)")
_BANNER = re.compile(
    r"^(?P<level>UNCLASSIFIED|UNCLAS|CONFIDENTIAL|TOP\s?SECRET|SECRET|LIMITED OFFICIAL USE)"
    r"(?P<eto>\s+E\s?F\s?T\s?O)?(?P<suffix>(?:\s*//\s*[A-Z ]+?)*)"
    r"(?:\s+(?P<caption>NOFORN|SIPDIS|EXDIS|NODIS|LIMDIS|SENSITIVE))?"
    r"(?:\s+SECTION\s+(?P<sec>\d{1,3})\s+OF\s+(?P<of>\d{1,3}))?"
    r"(?:\s+(?P<origin>[A-Z][A-Z .'-]*?)\s+(?P<serial>\d{1,7}))?(?P<rest>\s.*)?$",
    re.IGNORECASE,
)
_CAPTION_SPLIT = re.compile(r"[\s/]+")


@dataclass
class Banner:
    """What the banner line says."""

    line_index: int
    raw: str
    level: str
    section: tuple[int, int] | None = None
    origin_code: str | None = None
    serial: int | None = None
    captions: list[str] = field(default_factory=list)


def find_banner(lines: list[str], search: int = 12) -> Banner | None:
    """Find the banner in the first `search` non-blank lines."""
    seen = 0
    for i, line in enumerate(lines):
        if not line.strip():
            continue
        seen += 1
        if seen > search:
            break
        banner = parse_banner(line.strip(), i)
        if banner:
            return banner
    return None


def parse_banner(line: str, index: int = 0) -> Banner | None:
    """Parse one banner line, or None if it is not one."""
    m = _SPACED.match(line)
    if m:
        line = m.group(1).replace(" ", "") + line[m.end():]
    m = _BANNER.match(line)
    if not m:
        return None
    level = LEVELS.get(" ".join(m.group("level").upper().split()).replace("TOPSECRET", "TOP SECRET"))
    if level is None:
        return None
    banner = Banner(line_index=index, raw=line, level=level)
    if m.group("sec"):
        banner.section = (int(m.group("sec")), int(m.group("of")))
    if m.group("origin"):
        banner.origin_code = origin_code(m.group("origin"))
        banner.serial = int(m.group("serial"))
    for part in (m.group("caption"), m.group("rest"), m.group("suffix")):
        if part:
            banner.captions += [c for c in _CAPTION_SPLIT.split(part.upper()) if c in BANNER_CAPTIONS]
    if m.group("eto"):
        banner.captions.append("EFTO")
    return banner


BANNER_CAPTIONS = {"NOFORN", "SIPDIS", "EXDIS", "NODIS", "LIMDIS", "SENSITIVE", "ORCON", "NOCONTRACT"}
