"""Spans of cable text, shared by the parser, the analysis, the store and the front ends: how a
paragraph's wrapped lines join into its text (`unwrap`), the text of a stored paragraph
(`paragraph_text`), the sentence an event points into (`sentence_in`), where sentences end
(`SENTENCE_END`) and a passage's opening cut at a sentence or word end (`excerpt`)."""

from __future__ import annotations

import re

_ITEM_FIRST = frozenset("-*o\u2022(=_")
LIST_ITEM = re.compile(r"^(?:--?|\*|o|\u2022|\(?[a-z]\)|[a-z]\.|\(?\d{1,2}\))\s")  # a list item's marker
# Where a sentence of cable prose ends: after `.`, `!` or `?` before a capital, not after an initial
# (`Sharri R. Clark`, `U.S. Embassy`).
SENTENCE_END = re.compile(r"(?<=[.!?])(?<![\s.][A-Z]\.)\s+(?=[A-Z(\"])")


def is_frame(line: str) -> bool:
    """A line of dashes (or `=`, `_`, `*`; `- - -`: single spaces between) framing a heading."""
    body = line.rstrip()  # (string methods: `(?:[-=_*] ?){3,}` took 1.5 µs a line)
    return (body[:1] in "-=_*" and body != "" and not body.strip("-=_* ") and "  " not in body
            and len(body) - body.count(" ") >= 3)


def unwrap(block: list[str]) -> str:
    """Join hard-wrapped lines; keep list items and blank-line breaks as line breaks."""
    out: list[str] = []  # the lines, each after the break that joins it to the one before
    blank = False
    for raw in block:
        line = raw.strip()
        if not line:
            blank = bool(out)
            continue
        if out:
            first = line[0]
            if blank and not first.islower():
                out.append("\n\n")
            elif (first in _ITEM_FIRST or first.isdigit() or line[1:2] in ").") and (
                    LIST_ITEM.match(line) or is_frame(line)):  # a cheap look first
                out.append("\n")
            else:
                out.append(" ")
        out.append(line)
        blank = False
    return "".join(out)


def paragraph_text(body: str, text: str | None, start: int | None, end: int | None) -> str:
    """A stored paragraph's text: as stored, or its span of the body unwrapped (see store/schema.py _V3)."""
    return text if text is not None else unwrap(body[start:end].split("\n"))


def sentence_in(paragraph_text: str, start: int, end: int) -> str:
    """The sentence an event's `_at` points to (see model.Event)."""
    return " ".join(paragraph_text.split())[start:end]


def excerpt(text: str, limit: int) -> str:
    """`text` (white space made single) if it fits in `limit` characters; else its opening, cut at the
    last sentence end that leaves at least half of `limit`, else at a word end, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    head = text[:limit]
    ends = [m.start() for m in SENTENCE_END.finditer(head) if m.start() >= limit // 2]
    if ends:
        return head[:ends[-1]] + " \u2026"
    cut = head.rfind(" ")
    return (head[:cut] if cut > 0 else head).rstrip(" ,;:-") + "\u2026"
