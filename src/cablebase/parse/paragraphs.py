"""The text after the preamble: numbered paragraphs, their markings and section headings."""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import accumulate

from pydantic import TypeAdapter

from ..model import Paragraph
from ..spans import LIST_ITEM, is_frame, unwrap
from ..vocab.markings import MARK, marking_level, normalise_marking
from .preamble import PARA_START

_LEAD_MARK = re.compile(rf"^\((?P<mark>{MARK})\)\s*")
_FRAME = re.compile(r"^[-=_*/ ]+|[-=_*/ :]+$")


@dataclass
class _Start:
    line: int
    number: int
    marking: str | None
    text_offset: int


def split_paragraphs(lines: list[str], section: int | None = None, offset: int | None = None,
                     skip: int = 0) -> list[Paragraph]:
    """Split text lines into paragraphs, recovering damaged numbers (`¶11.` for 1 in the seed).

    With `offset`, where lines[skip] starts in the cable body (the lines from there on stand in it
    one after the other, the first `skip` do not), each paragraph records the span of body text it
    unwraps."""
    spans = _Spans(lines, offset, skip)
    starts = _find_starts(lines, first_section=section in (None, 1))
    if not starts:
        return _unnumbered(lines, spans)
    found = _Found()
    heading, lead = _take_heading(lines[:starts[0].line], whole=True)
    if unwrap(lead) and not all(is_frame(line.strip()) for line in lead if line.strip()):  # (a frame alone: none)
        found.add(None, None, None, lead, spans.of(0, 0, len(lead)))
    for n, start in enumerate(starts):
        stop = starts[n + 1].line if n + 1 < len(starts) else len(lines)
        block = [lines[start.line][start.text_offset:]] + lines[start.line + 1:stop]
        next_heading, block = _take_heading(block) if n + 1 < len(starts) else (None, block)
        span = spans.of(start.line, start.text_offset, start.line + len(block))
        found.add(start.number, start.marking, heading, block, span)
        heading = next_heading
    return found.paragraphs()


class _Spans:
    """Body offsets of line ranges, when every line of the range is in the body verbatim."""

    def __init__(self, lines: list[str], offset: int | None, skip: int) -> None:
        self.lines, self.skip = lines, skip
        # where lines[skip + k] starts is lengths[k] + k (the newlines): C-speed sums, no Python loop
        self.lengths = list(accumulate(map(len, lines[skip:]), initial=offset)) if offset is not None else None

    def of(self, first: int, column: int, stop: int) -> tuple[int, int] | None:
        """The span of lines[first][column:] through lines[stop - 1]."""
        if self.lengths is None or stop <= first or first < self.skip:
            return None
        head, tail = first - self.skip, stop - 1 - self.skip
        return self.lengths[head] + head + column, self.lengths[tail] + tail + len(self.lines[stop - 1])


def _find_starts(lines: list[str], first_section: bool) -> list[_Start]:
    starts: list[_Start] = []
    prev = 0
    for i, line in enumerate(lines):
        if not line or not (line[0].isdigit() or line[0].isspace()):
            continue  # is_para_start's quick look, written out: this runs on every line
        m = PARA_START.match(line)
        if not m:
            continue
        printed = int(m.group(1))
        number = _accept(printed, prev, bool(m.group("mark")), first_section and not starts)
        if number is None and _after_frame(lines, i):
            number = printed  # under a heading's frame a numbered line opens a paragraph, whatever its order
        if number is None:
            continue
        mark = m.group("mark")
        marking = _marking(mark) if mark else None
        if mark and marking is None:
            continue
        offset = m.end()
        if not mark and line[offset:offset + 1] == "(":  # (what a marking opens with, looked at first)
            lead, skip = leading_marking(line[offset:])
            if lead:
                marking, offset = lead, offset + skip
        starts.append(_Start(i, number, marking, offset))
        prev = number
    return starts


def _after_frame(lines: list[str], i: int) -> bool:
    """Is the last non-blank line before lines[i] a frame (`-----` under a section heading)?"""
    j = i - 1
    while j >= 0 and not lines[j].strip():
        j -= 1
    return j >= 0 and is_frame(lines[j].strip())


def _accept(n: int, prev: int, marked: bool, first: bool) -> int | None:
    """Is `n` the next paragraph number after `prev`? Returns the recovered number or None."""
    if n == prev + 1 or (n == prev and n > 0 and marked):
        return n
    if n >= 10:
        stripped = int(str(n)[1:])  # a stray '1' glued by a lost anchor: '¶11.' for 1
        if stripped == prev + 1 or (stripped == prev and stripped > 0 and marked):
            return stripped
    if prev < n <= prev + 4 and (marked or n - prev <= 2):
        return n
    if not first and prev == 0 and n <= 200:
        return n  # a later section of a multi-section cable continues the numbering
    return None


def leading_marking(text: str) -> tuple[str | None, int]:
    """The classification marking opening `text` (`(S/NF) NIGERIA: …` -> S/NF) and where the rest
    starts; (None, 0) when it does not open with one."""
    lm = _LEAD_MARK.match(text)
    marking = _marking(lm.group("mark")) if lm else None
    return (marking, lm.end()) if marking else (None, 0)  # type: ignore[union-attr]


def _marking(raw: str) -> str | None:
    """`s / nf` -> S/NF, `C/Rel Germany` -> C/REL GERMANY; None when it is not a marking."""
    return normalise_marking(raw)


def _take_heading(block: list[str], whole: bool = False) -> tuple[str | None, list[str]]:
    """Split a section heading (dash-framed, //SLASHED//, or a short title line) off the end of a block.

    The heading must follow a blank line unless `whole` (the block is the text before paragraph 1)."""
    end = len(block)
    while end and not block[end - 1].strip():
        end -= 1
    start, tail, words = end, [], []
    while start and (line := block[start - 1].strip()):
        if not (line[0] in "-=_*" and is_frame(line)):  # (is_frame's first test, without the call)
            if len(words) == 3:
                return None, block  # a fourth line of words: the end of a paragraph, not a heading
            words.append(line)
        tail.append(line)
        start -= 1
    if start == end or (start == 0 and not whole):
        return None, block
    tail.reverse()
    words.reverse()
    if not words or not (_framed(tail) or _is_title(words)):
        return None, block
    return _heading_text(words), block[:start]


def _heading_text(words: list[str]) -> str | None:
    """`--Power Behind the Throne--`, `COMMENT -------`, `//POSITIVE GESTURES//` -> the words alone."""
    text = " ".join(" ".join(words).split())
    text = _FRAME.sub("", text)
    return text or None


def _framed(tail: list[str]) -> bool:
    return (len(tail) >= 2 and (is_frame(tail[0]) or is_frame(tail[-1]))) or (
        len(tail) == 1 and tail[0].startswith("//") and tail[0].rstrip().endswith("//"))


def _is_title(words: list[str]) -> bool:
    if len(words) > 2:
        return False
    for line in words:  # (the cheapest test first: most short runs end a paragraph's sentence)
        if line.endswith((".", ",", ";", "?", "!", '"')) and not line.endswith("..."):
            return False  # a sentence's end: text (`SUMMARY: FOLLOWING ASSASSINATION [...].` / `END SUMMARY`)
    text = " ".join(words)
    if len(text) > 90 or len(text.split()) > 14 or not any(c.isalpha() for c in text):
        return False
    first = text.lstrip("(-/ ").split(" ")[0]
    return first[:1].isupper() and not LIST_ITEM.match(text)


class _Found:
    """Paragraphs as found, made into `Paragraph`s in one validation (half the cost of one at a time)."""

    _MAKE = TypeAdapter(list[Paragraph])

    def __init__(self) -> None:
        self.fields: list[dict] = []
        self.spans: list[tuple[int, int] | None] = []

    def add(self, number: int | None, marking: str | None, heading: str | None, block: list[str],
            span: tuple[int, int] | None) -> None:
        self.fields.append({"number": number, "marking": marking, "heading": heading, "text": unwrap(block),
                            "level": marking_level(marking)})
        self.spans.append(span)

    def paragraphs(self) -> list[Paragraph]:
        made = self._MAKE.validate_python(self.fields)
        for paragraph, span in zip(made, self.spans):
            object.__setattr__(paragraph, "_span", span)  # a plain slot (see Paragraph): pydantic's __setattr__ is 6x slower
        return made


def _unnumbered(lines: list[str], spans: _Spans) -> list[Paragraph]:
    found = _Found()
    block: list[str] = []
    heading: str | None = None
    for i, line in enumerate(lines + [""]):
        if line.strip():
            block.append(line)
            continue
        if not block:
            continue
        text = [b.strip() for b in block]
        if _framed(text) or (len(text) <= 2 and _is_title(text) and not _LEAD_MARK.match(text[0])):
            heading = _heading_text([t for t in text if not is_frame(t)])
        else:
            first = block[0].strip()
            marking, skip = leading_marking(first)
            column = 0
            if marking:
                column = len(block[0]) - len(block[0].lstrip()) + skip
                block = [first[skip:]] + block[1:]
            found.add(None, marking, heading, block, spans.of(i - len(block), column, i))
            heading = None
        block = []
    return found.paragraphs()
