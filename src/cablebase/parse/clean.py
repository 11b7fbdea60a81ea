"""Text clean-up: line endings, `¶` anchors, markdown tag links, end-of-message markers, redactions."""

from __future__ import annotations

import re
from typing import Iterator

_MD_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\(#?[^()\s]*\)")
_END_MARKS = ("NNNN", "BT")
# Page-break lines, repeated at each page of a printout. Modern: `KABUL 00001239 001.6 of 005`; old:
# `CONFIDENTIAL PAGE 02 HARARE 06677 01 OF 03 291400Z` (the level may stand on the line above, the
# text may go on after the time), and the line under a routing block, `------------------A54E38 291401Z /38`.
_PAGE_MARKER = re.compile(r"^\s*[A-Z][A-Z ]{1,30} 0{2,}\d{1,6}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}\s*$", re.I)
_MODERN_PAGE = re.compile(r"\s*\b(?-i:(?:[A-Z]+ ){0,2}[A-Z]+) 0{2,}\d{1,6}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}\b\s*", re.I)
_LEVEL = r"(?:UNCLASSIFIED|UNCLAS|CONFIDENTIAL|SECRET|LIMITED OFFICIAL USE)"
_OLD_PAGE = re.compile(rf"(?:{_LEVEL}\s+)?PAGE\s+\d{{2,3}}\s+[A-Z][A-Z.'-]*(?: [A-Z][A-Z.'-]*)?\s+\d{{3,7}}\s+"
                       r"(?:\d{2}\s+OF\s+\d{2}\s+)?\d{6}Z\b\s*")
_ROUTING_RULE = re.compile(r"-{6,}[0-9A-F]{6}\s+\d{6}Z\s*/\d{2}")
# What a page break prints around its PAGE line: the level, the SIPDIS caption, blank lines.
_BREAK_FILLER = re.compile(rf"\s*(?:{_LEVEL}(?:\s+PTQ\d+)?|SIPDIS)?\s*")
_PARA_NUMBER = re.compile(r"\s*\d{1,3}\s?\.")
_GLUED_LEVEL = re.compile(rf"\s{{2,}}{_LEVEL}\s*$")
_SENTENCE_END = (".", ":", "!", "?", '"', ")", "\u201d")
_CHAR_REF = re.compile(r"&#(?:x([0-9a-fA-F]{1,6})|(\d{1,7}));")
_CONTINUATION = re.compile(r"[ \t]*\\\n")
_REDACTION = re.compile(b"xxxx+")  # run over the lower-cased text: a literal prefix the regex engine jumps to


def clean_text(text: str) -> str:
    """Return the clean text of a body: no `¶`, no markdown links, no NNNN trailer, tidy whitespace."""
    return "\n".join(clean_lines(text))


def clean_lines(text: str) -> list[str]:
    """`clean_text(text).split("\n")`, without joining and splitting again."""
    # One-character tests first: Python finds those with memchr, two-character needles ~100x slower.
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = text.replace("\u00a0", " ").replace("\ufeff", "").replace("\u00b6", "")
    if "]" in text and "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    if "&" in text and "&#" in text:  # numeric character references (`&#8217;`): never text; named ones may be (`R&D;`)
        text = _CHAR_REF.sub(_char, text)
    if "\\" in text and "\\\n" in text:  # a dump's line continuations: `...FRUSTRATION \` / `LEAD TO ...`
        text = _CONTINUATION.sub("\n", text)
    lines = [line for line in map(str.rstrip, text.strip().split("\n"))
             if not (line[-1:].isdigit() and _PAGE_MARKER.match(line))]  # one pass, page markers dropped
    if ("PAGE " in text or " OF 00" in text or " of 00" in text) and _may_break(lines):
        lines = drop_page_breaks(lines)
    while lines and lines[-1] in _END_MARKS:
        lines.pop()
    if lines and lines[-1].endswith("NNNN"):
        lines[-1] = lines[-1][:-4].rstrip()
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    while len(lines) > first and not lines[-1]:
        lines.pop()
    return lines[first:] or [""]


def _may_break(lines: list[str]) -> bool:
    """Could `drop_page_breaks` change these lines? Not without a line holding what each of its
    patterns needs (most texts that print page markers lose them all to `_PAGE_MARKER`)."""
    text = "\n".join(lines)  # (four searches of one text: a loop over the lines costs more)
    return "PAGE" in text or " OF 00" in text or " of 00" in text or "Z /" in text


def drop_page_breaks(lines: list[str]) -> list[str]:
    """The lines without the page-break lines a printout repeats at each page, and without the
    level, SIPDIS and blank lines around them: a paragraph split by a page break is one paragraph
    again (a blank line is kept before a numbered paragraph). A page header the text goes on after
    (`PAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION LEADER`) leaves the text."""
    out: list[str] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        rest = _OLD_PAGE.sub(" ", line) if "PAGE" in line else line
        if " OF 00" in rest or " of 00" in rest:
            rest = _MODERN_PAGE.sub(" ", rest)
        if rest == line:
            if not ("Z /" in line and _ROUTING_RULE.fullmatch(line.strip())):
                out.append(line)
            i += 1
            continue
        head = line.lstrip()
        if not (_OLD_PAGE.match(head) or _MODERN_PAGE.match(head)):  # after text on the line: the text stays
            out.append(rest.rstrip())
            i += 1
            continue
        if _LATER_SECTION.match(head):  # a later section's first page: its routing and preamble repeated
            resume = _after_section_head(lines, i, out)
            if resume is not None:
                while out and _BREAK_FILLER.fullmatch(out[-1]):
                    out.pop()
                i = resume
                continue
        popped = []
        while out and _BREAK_FILLER.fullmatch(out[-1]):  # the level and caption printed above it
            popped.append(out.pop())
        if out and "  " in out[-1]:
            out[-1] = _GLUED_LEVEL.sub("", out[-1])  # `... ESSENTIALLY, A  CONFIDENTIAL`
        i += 1
        if rest.strip():  # `PAGE 02 HARARE 06677 01 OF 03 291400Z OPPOSITION LEADER`: the text goes on
            if popped and not popped[-1].strip() and out and out[-1].endswith(_SENTENCE_END):
                out.append("")
            out.append(rest.strip())
            continue
        while i < len(lines) and (_BREAK_FILLER.fullmatch(lines[i]) or _ROUTING_RULE.fullmatch(lines[i].strip())):
            i += 1
        if out and i < len(lines) and (
                (popped and not popped[-1].strip() and out[-1].endswith(_SENTENCE_END))
                or _PARA_NUMBER.match(lines[i]) or lines[i].lstrip().startswith("---")):
            out.append("")  # between paragraphs, not within one
    return out


# The first page of section 2 or later (`PAGE 01 HARARE 06677 02 OF 03 291401Z ACTION AF-00`): the
# section's routing block follows, then its banner and the cable's preamble printed again.
_LATER_SECTION = re.compile(rf"(?:{_LEVEL}\s+)?PAGE\s+0*1\s+[A-Z][A-Z.' -]*?\s+\d{{3,7}}\s+(?!0*1\s)\d{{2}}\s+OF\s+\d{{2}}\s")
_SECTION_BANNER = re.compile(r"(?:[A-Z] ){4,}[A-Z]\s+SECTION\s+\d+\s+OF\s+\d+\b|[A-Z ]{5,30}\bSECTION\s+\d+\s+OF\s+\d+\b")
_PREAMBLE_FIELD = re.compile(r"(?:E\.?\s?O\.?\s*:?\s*\d{5}|TAGS?\b|SUBJ(?:ECT)?\s*:|REF\w*\s*:|SIPDIS|NOFORN|EXDIS|NODIS)", re.I)


def _after_section_head(lines: list[str], i: int, out: list[str]) -> int | None:
    """Where the text goes on after a later section's head that starts at `lines[i]`: its routing
    block up to the section's banner, then the lines of the cable's preamble printed again (those
    `out` already holds before its first paragraph, field lines, page lines). None when no banner
    comes within 40 lines: then it is no section head."""
    banner = next((j for j in range(i, min(i + 40, len(lines))) if _SECTION_BANNER.match(lines[j].strip())), None)
    if banner is None:
        return None
    first = next((k for k, line in enumerate(out) if _PARA_NUMBER.match(line)), len(out))
    preamble = {" ".join(line.split()) for line in out[:first] if line.strip()}
    j = banner + 1
    while j < len(lines):
        line = lines[j].strip()
        page = _OLD_PAGE.match(line)
        if page and line[page.end():].strip():
            lines[j] = line[page.end():].strip()  # `PAGE 02 ... 291401Z OPPOSITION LEADER`: the rest replaces it
            continue
        if not (page or not line or _BREAK_FILLER.fullmatch(line) or _PREAMBLE_FIELD.match(line)
                or " ".join(line.split()) in preamble):
            break
        j += 1
    return j


def _char(m: re.Match) -> str:
    code = int(m.group(1), 16) if m.group(1) else int(m.group(2))
    return chr(code) if 0 < code < 0x110000 and not 0xD800 <= code < 0xE000 else m.group(0)


def count_redactions(text: str) -> int:
    """Number of `xxxxx`-style redaction runs in the text."""
    runs = _folding(text)[0]  # X made x, nothing else made x: the runs are the same
    return len(_REDACTION.findall(runs)) if b"xxxx" in runs else 0


def one_line(text: str) -> str:
    """Collapse all runs of whitespace to single spaces."""
    return " ".join(text.split())


def may_hold(text: str, word: str) -> bool:
    """Could a case-insensitive pattern find `word` (lower-case ASCII) in `text`?"""
    ascii_text, folds = _folding(text)
    return word.encode() in ascii_text or folds


_last_folded: tuple[str, bytes, bool] = ("", b"", False)


def _folding(text: str) -> tuple[bytes, bool]:
    """`text` folded: its ASCII letters in lower case and every other character a `?`, one byte per
    character so that offsets are the text's (at C speed: `str.lower()` takes 3 ns a character on
    text with curly quotes, this 1); and whether `text` holds a letter a case-insensitive regex
    takes for an ASCII one (İ ı ſ K: the folded text would miss it). The last text's are kept,
    found by identity: one body is asked for by several extractors in turn, and hashing it for a
    cache costs more."""
    global _last_folded
    last = _last_folded
    if last[0] is not text:
        folds = not text.isascii() and any(c in text for c in "\u0130\u0131\u017f\u212a")
        last = _last_folded = (text, text.encode("ascii", "replace").lower(), folds)
    return last[1], last[2]


def finditer_near(pattern: re.Pattern, text: str, word: str, lookback: int = 0, pos: int = 0,
                  first: str = "") -> Iterator[re.Match]:
    """What `pattern.finditer(text, pos)` finds, for a case-insensitive pattern whose every match
    holds `word` (lower case) at most `lookback` characters after its start, and starts with one of
    the characters `first` (in lower case; any when empty). The word is found by plain substring
    search and the pattern is tried only there: a case-insensitive regex cannot skip ahead on its
    own, so scanning a whole body with it is slow."""
    ascii_text, folds = _folding(text)
    if folds:  # rare letters the substring search would miss: scan the slow way
        yield from pattern.finditer(text, pos)
        return
    needle, starts = word.encode(), first.encode()
    cursor, at = pos, ascii_text.find(needle, pos)
    while at != -1:
        for start in range(max(cursor, at - lookback), at + 1):
            if starts and ascii_text[start] not in starts:
                continue
            m = pattern.match(text, start)
            if m:
                yield m
                cursor = m.end()
                break
        at = ascii_text.find(needle, max(at + 1, cursor))
