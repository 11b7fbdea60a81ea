"""The end of a cable: signer lines and `X minimize considered`."""

from __future__ import annotations

import re
from functools import lru_cache

from ..vocab.levels import normalise_level
from .clean import finditer_near

_NAME_LINE = re.compile(r"^[A-Z][A-Za-z'\-]*\.?(?: [A-Z][A-Za-z'\-]*\.?){0,3}$")
NOT_SIGNER = {
    "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "UNCLAS", "SIPDIS", "NOFORN", "END", "COMMENT", "SUMMARY",
    "BT", "NNNN", "LIMITED OFFICIAL USE", "SENSITIVE", "END COMMENT", "END SUMMARY", "NOTE", "END NOTE",
    "CONCLUSION", "BACKGROUND", "COMMENT:", "TOP SECRET", "EXDIS", "NODIS", "PAGE", "QUOTE", "UNQUOTE",
    "END QUOTE", "END TEXT",
}
_MINIMIZE = re.compile(r"minimize\s+considered", re.I)
_LEAD = re.compile(r"[A-Za-z][A-Za-z ,/'&-]{0,80}$")


_PLAIN_NAME = re.compile(r"[A-Z][a-z]{0,3}[A-Z]?[a-z]+(?:-[A-Z][a-z]+)?")  # `Kubiske`, `LeBaron`: only as the last line
_GLUED_SIGNER = re.compile(r"(?:(?<=[.!?)\u201d\"])|(?<=XXX)|(?<=MINIMIZE CONSIDERED)|(?<=END TEXT)|(?<=END COMMENT))"
                           r"\s+([A-Z][A-Z'-]{2,}|[A-Z][a-z]{2,}|(?!XXX)[A-Z][A-Z'-]+ [A-Z][A-Z'-]{2,})$")  # `LA LIME`
_LOWER_NAME = re.compile(r"[a-z]{3,}(?:-[a-z]+)?")  # `clinton`, `jones`: a signer typed in lower case, last line only
_ISO_DATE = re.compile(r"\d{4}-\d\d-\d\d")  # `SOBEL 2008-01-08`: a date after the name
_CAPS_WORD = re.compile(r"[A-Z][A-Z'-]{2,}")
_INITIAL_END = re.compile(r"\b[A-Z]\.$")  # `JAMES F.`: a name may end with an initial's stop
_WORDS = re.compile(r"\S+ \S+ \S+")  # three words or more: a line of text above a signer rather than a second one
_LOWER_LETTER = re.compile(r"[a-z]")
# What stands around signers without being text: the posts' web-site trailers (`Visit London's
# Classified Website: http://...`, `For more reporting from Embassy Kuwait, visit:`, the URL
# sometimes wrapped onto a line of its own), their frames, a closing classification line, end
# marks and redactions.
# Also what the communications centre and the dumps add after the signer: `NOTE BY OC/T: HEADING AS
# RECEIVED.`, `NOTE: NOT PASSED TO ABOVE ADDRESSEE(S)`, `2004CARACA01540 - UNCLASSIFIED`, a caption line.
_BOILERPLATE = re.compile(r"^\W*(?:(?:Please\s+)?Visit\b|For more reporting\b|https?://|$)|^NOTE(?: BY [A-Z/]+)?:"
                          r"|^NOTE:?\s+NOT PASSED\b|^\d{4}[A-Z]+\d+ - (?:Classification: )?[A-Z /]+$"
                          r"|^(?:SIPDIS|NOFORN|EXDIS|NODIS|LIMDIS)$", re.I)
# A trailer glued to the end of the last paragraph: `... issue. Visit London's Classified Website: http://...`
_GLUED_TRAILER = re.compile(r"(?<=[.!?)\u201d\"])\s+(?:Please\s+)?Visit\b[^\n]{0,80}?(?:https?://|www\.)", re.I)
# Frames, redactions, end marks, and after the signer a dump's leftovers: `GP-3`, `.`, `DANIEL ORTEGA AN...`,
# a release partner's stamp (`EPET @ EL PAÍS`, cut or not) and a web site's database query left in the page.
_FILLER = re.compile(r"[-=_*][-=_* ]{2,}|X{4,}|NNNN|>|End Cable Text|GP-\d|\.+|(?-i:[A-Z0-9 ,'-]+\.\.\.)"
                     r"|\w+ @ EL P\w*|SELECT \* FROM .*", re.I)
_SENTENCE_END = (".", ")", '"', "\u201d")


def split_signers(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split trailing signer lines (`ASQUINO`, `Kubiske`, or `... periodically. KUBISKE`) off the
    text lines; returns (lines, signers). Boilerplate after the text (web-site trailers, a closing
    classification line) is dropped from the text lines."""
    end = _text_end(lines, len(lines))
    trailing = lines[end:]
    last = lines[end - 1] if end else ""
    glued_trailer = _GLUED_TRAILER.search(last, max(0, len(last) - 400)) if "isit" in last else None
    if glued_trailer:
        trailing.insert(0, lines[end - 1][glued_trailer.start():].strip())
        lines = lines[:end - 1] + [lines[end - 1][:glued_trailer.start()]]
    trailer = _trailer_signer(trailing)
    if trailer or not end:
        return lines[:end], [trailer] if trailer else []
    glued = _GLUED_SIGNER.search(lines[end - 1], max(0, len(lines[end - 1]) - 80))  # (a long line: its end)
    if glued and glued.group(1).upper() not in NOT_SIGNER and (  # two words only in a mixed-case line
            " " not in glued.group(1) or _LOWER_LETTER.search(lines[end - 1], 0, glued.start())):
        return lines[:end - 1] + [lines[end - 1][:glued.start()]], [glued.group(1).upper()]
    signers: list[str] = []
    while end and len(signers) < 3:
        line = _name_only(lines[end - 1])
        previous = _text_end(lines, end - 1)
        if signers and line.upper() == signers[0].upper():  # `Huntsman` over `huntsman`: one name twice
            end = previous
            continue
        before = lines[previous - 1].strip() if previous else ""  # the text line above, boilerplate skipped
        above = lines[end - 2].strip() if end >= 2 else ""
        if not _is_signer(line, before, above, bool(signers)):
            break
        name = line.rstrip(".")
        signers.insert(0, name.upper() if name.islower() else name)
        end = previous
    return lines[:end], signers


def _name_only(line: str) -> str:
    """A line without what may follow a signer's name (`SOBEL 2008-01-08`, `KENNARD .`) and with
    each word once (`SHANNON Shannon`, `KUBISKE KUBISKE`)."""
    split = line.rstrip("#").split()
    if len(split) > 1 and (split[-1] == "." or _ISO_DATE.fullmatch(split[-1])):
        split.pop()
    words: dict[str, str] = {}
    for word in split:
        words.setdefault(word.upper(), word)
    return " ".join(words.values())


def _text_end(lines: list[str], end: int) -> int:
    """`end` moved up past blank and boilerplate lines."""
    while end and _is_boilerplate(lines[end - 1].strip()):
        end -= 1
    return end


@lru_cache(maxsize=4096)  # closing lines repeat: levels, captions, frames, trailers, signers
def _is_boilerplate(line: str) -> bool:
    """Blank, a web-site trailer or its wrapped URL, filler, or a closing classification line."""
    return (not line or bool(_BOILERPLATE.match(line) or _FILLER.fullmatch(line))
            or (" " not in line and "/" in line)  # a trailer's URL wrapped onto a line of its own
            or (len(line) < 60 and line[0] in "UCSTLucstl" and normalise_level(line) is not None))


def _trailer_signer(lines: list[str]) -> str | None:
    """A signer glued to the end of a trailing web-site line (`...Portal:United_Kingdom LEBARON`)."""
    for line in lines:
        url, _, last = line.rpartition(" ")
        if ("http" in url or "www." in url) and (_CAPS_WORD.fullmatch(last) or _PLAIN_NAME.fullmatch(last)) \
                and last.upper() not in NOT_SIGNER:
            return last
    return None


def _is_signer(line: str, before: str, above: str, more: bool) -> bool:
    """Is `line` a signer closing the text? `before` is the text line above it (boilerplate skipped),
    `above` the line right above. In capitals: under a blank line, the end of a sentence or another
    signer, or (`PATTERSON`) under a list of names in ordinary case; as a plain `Kubiske`: the last
    line, after a sentence or a blank line; in lower case (`clinton`): the last line, after a sentence, a trailer,
    `END COMMENT` or a name (`Jeff` closing a letter the cable quotes)."""
    if (line.rstrip(".").upper() in NOT_SIGNER or line.upper().startswith("END ") or len(line) > 40
            or "XXX" in line or "MINIMIZE" in line.upper()):
        return False
    if line.endswith(".") and above and not above.endswith(_SENTENCE_END + (":",)) and not _INITIAL_END.search(line):
        return False  # `APPEARS TO BE WAVERING.` closing a sentence of the text
    if _NAME_LINE.match(line) and line.upper() == line:
        return not above or not before or before.endswith(_SENTENCE_END + (":",)) or (more and not _WORDS.match(line)) or (
            bool(_CAPS_WORD.fullmatch(line)) and len(line) >= 4 and before.upper() != before)
    if more:
        return False
    if _LOWER_NAME.fullmatch(line):  # under a sentence, a trailer or frame, `END COMMENT` or a name
        return (before.endswith(_SENTENCE_END) or before.upper().endswith(("END COMMENT", "END TEXT"))
                or (bool(above) and _is_boilerplate(above)) or bool(_PLAIN_NAME.fullmatch(above)))
    return bool(_PLAIN_NAME.fullmatch(line)) and (
        not above or before.endswith(_SENTENCE_END) or above.endswith(_SENTENCE_END))


def minimize_considered(text: str) -> list[str]:
    """Posts named in `Dushanbe minimize considered.` (several may be listed)."""
    posts: list[str] = []
    for m in finditer_near(_MINIMIZE, text, "minimize"):
        start = m.start()
        while start and text[start - 1].isspace():
            start -= 1
        lead = _LEAD.search(text, max(0, start - 81), start) if start < m.start() else None
        if not lead:
            continue
        names = lead.group(0)
        for name in re.split(r"\s*(?:,|/|&|\band\b)\s*", names, flags=re.I):
            name = " ".join(name.split()).upper()
            name = re.sub(r"^\(?[A-Z]{1,3}\)\s*", "", name)
            if name and name not in posts and len(name) <= 40:
                posts.append(name)
    return posts
