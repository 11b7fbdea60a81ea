"""Text clean-up: line endings, `¶` anchors, markdown tag links, end-of-message markers, redactions."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator

_MD_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\(#?[^()\s]*\)")
_END_MARKS = ("NNNN", "BT")
# Page markers of the printouts, repeated through the text: `KABUL 00001239 001.6 of 005`.
_PAGE_MARKER = re.compile(r"^\s*[A-Z][A-Z ]{1,30} 0{2,}\d{1,6}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}\s*$", re.I)
_REDACTION = re.compile("xxxx+")  # run over the lower-cased text: a literal prefix the regex engine jumps to


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
    lines = [line for line in map(str.rstrip, text.strip().split("\n"))
             if not (line[-1:].isdigit() and _PAGE_MARKER.match(line))]  # one pass, page markers dropped
    while lines and lines[-1] in _END_MARKS:
        lines.pop()
    if lines and lines[-1].endswith("NNNN"):
        lines[-1] = lines[-1][:-4].rstrip()
    first = next((i for i, line in enumerate(lines) if line), len(lines))
    while len(lines) > first and not lines[-1]:
        lines.pop()
    return lines[first:] or [""]


def count_redactions(text: str) -> int:
    """Number of `xxxxx`-style redaction runs in the text."""
    lower = lowered(text)  # lower() maps only X to x, so the runs are the same
    return len(_REDACTION.findall(lower)) if "xxxx" in lower else 0


def one_line(text: str) -> str:
    """Collapse all runs of whitespace to single spaces."""
    return " ".join(text.split())


@lru_cache(maxsize=4)
def lowered(text: str) -> str:
    """`text.lower()`, computed once for the several extractors that look for words in one body."""
    return text.lower()


def finditer_near(pattern: re.Pattern, text: str, word: str, lookback: int = 0, pos: int = 0) -> Iterator[re.Match]:
    """What `pattern.finditer(text, pos)` finds, for a case-insensitive pattern whose every match
    holds `word` (lower case) at most `lookback` characters after its start. The word is found by
    plain substring search and the pattern is tried only there: a case-insensitive regex cannot
    skip ahead on its own, so scanning a whole body with it is slow."""
    lower = lowered(text)
    if len(lower) != len(text):  # lower() changed some offsets (rare letters): scan the slow way
        yield from pattern.finditer(text, pos)
        return
    cursor, at = pos, lower.find(word, pos)
    while at != -1:
        for start in range(max(cursor, at - lookback), at + 1):
            m = pattern.match(text, start)
            if m:
                yield m
                cursor = m.end()
                break
        at = lower.find(word, max(at + 1, cursor))
