"""What the paragraphs say: summary, comments and the action request."""

from __future__ import annotations

import re
from typing import Iterator

from ..model import ActionRequest, Paragraph
from ..spans import LIST_ITEM, SENTENCE_END
from .clean import finditer_near, may_hold
from ..vocab.markings import MARK

# `Summary:`, `BEGIN SUMMARY`, `Introduction and summary:`, `SUMMARY & COMMENT:`, `C) Summary:` (the
# marking's `(` lost), `Summary/Introduction.`
_SUMMARY_START = re.compile(
    r"^(?:[A-Z/]{1,5}\)\s*)?(?:(?:introduction|intro|background)\s+and\s+)?(?:begin\s+)?summary"
    r"(?:\s*(?:and|&|/)\s*(?:action\s+requests?|comments?|introduction|intro))?\s*(?:[:.\-]+|(?=\s[A-Z]))\s*",
    re.I)
_ENDS_WITH_END_SUMMARY = re.compile(r"\bEND\s+SUMMARY\W*$", re.I)
_NOTHING = re.compile("")
_LEAD_MARK = re.compile(rf"\((?:{MARK})\)\s*")
_BEGIN_SUMMARY = re.compile(r"\n\s*begin\s+summary\s*[:.\-]*\s*", re.I)  # after a first line
_SUMMARY_END = re.compile(r"\(?\bend\s+(?:of\s+)?(?:(?:introduction|intro)\s+and\s+)?summary\b[.:)\s]*\)?\.?", re.I)
_COMMENT_OPEN = re.compile(r"\b(?:begin\s+)?comment\s*[:.\-]", re.I)
# What a passage opened by a `Comment` heading starts with: its frame, the paragraph number and marking.
_PASSAGE_LEAD = re.compile(rf"^[-=_*\s]*(?:\d{{1,3}}\s?\.\s*)?(?:\((?:{MARK})\)\s*)?")
_COMMENT_CLOSE = re.compile(r"\(?\bend\s+comment\b\.?\)?", re.I)
_CLOSING_END_COMMENT = re.compile(rf"\s*{_COMMENT_CLOSE.pattern}\s*$", re.I)  # the same, closing a paragraph
_ACTION_START = re.compile(r"^(?:\d\.\s*)?action\s+(?:request(?:ed)?|requests|recommendation)\b\s*[:.\-]?\s*", re.I)
_ACTION_REQUEST = re.compile(r"\baction request\b", re.I)
# Does the paragraph a pointer names ask for something? (`We request assistance`, `Please deliver`)
_ASKS = re.compile(r"\b(?:request|requests|ask|asks)\s+(?:that|the|assistance|posts?|embassy|"
                   r"department|washington|guidance|you)\b|\bplease\s+(?!visit)", re.I)
_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
                 "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty")
_PARA_NUMBER = rf"(?:\d{{1,3}}|{'|'.join(_NUMBER_WORDS)})\b"
# `This is an action request.  Please see paragraphs 2-5.`, `action request; see Para. 13`, `See action
# requests at para 8`, `paras 4 and 6`, `paragraph five`: the pointer may follow in the next sentence.
_SEE_PARA = re.compile(
    rf"action\s+requests?\b.{{0,90}}?\bpara(?:graph)?s?\.?\s*(?P<numbers>{_PARA_NUMBER}"
    rf"(?:\s*(?:-|\u2013|through|to|and|&|,)\s*{_PARA_NUMBER})*)", re.I | re.S)
_RANGE = re.compile(rf"(?P<first>{_PARA_NUMBER})(?:\s*(?:-|\u2013|through|to)\s*(?P<last>{_PARA_NUMBER}))?", re.I)
# A label opening the request's paragraph, not a point of it: `Action request:`, `ACTION REQUESTED.`
_ACTION_LABEL = re.compile(r"^(?:comment\s+and\s+)?action\s+(?:request(?:ed)?|requests|recommendation)\b\s*[:.\-]?\s*",
                           re.I)
_END_MARK = re.compile(r"^\(?end\s+(?:summary|comment|(?:comment\s+and\s+)?action\s+request)\b\.?\)?$", re.I)
_DEADLINE = re.compile(
    r"\b(?:by|before|no later than|NLT|prior to)\s+((?:COB\s+|close of business\s+)?"
    r"(?:(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday),?\s+)?"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    r"Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)\.?\s+\d{1,2}(?:,?\s+\d{4})?|\d{1,2}/\d{1,2}(?:/\d{2,4})?))",
    re.I)


def find_summary(paragraphs: list[Paragraph]) -> str | None:
    """Text from `Summary:` to `End summary.` (possibly over several paragraphs)."""
    for i, para in enumerate(paragraphs):
        under_heading = para.heading is not None and para.heading.strip().upper().startswith("SUMMARY")
        m = _SUMMARY_START.match(para.text) if para.text[:1] in "sSbBiIcCuU" else None  # (a quick look first)
        if m is None and i < 3 and para.text.find("BEGIN SUMMARY", 0, 400) >= 0:
            m = _BEGIN_SUMMARY.search(para.text, 0, 400)
        if not (m or under_heading) and i < 2 and _ENDS_WITH_END_SUMMARY.search(para.text, max(0, len(para.text) - 40)):
            m = _NOTHING.match(para.text)  # a first paragraph that closes with `END SUMMARY`: the summary
        if not (m or under_heading):
            continue
        text = para.text[m.end():] if m else para.text
        mark = _LEAD_MARK.match(text)  # `1. Summary: (SBU) Japanese ...`: the marking is not text
        text = text[mark.end():] if mark else text
        end = _summary_end(text)
        if end is None:  # the summary may go on over the next paragraphs
            following: list[str] = []
            for nxt in paragraphs[i + 1:i + 6]:
                if under_heading and nxt.heading:
                    break
                following.append(nxt.text)
                if _has_end(nxt.text):
                    text = "\n\n".join([text, *following])
                    end = _summary_end(text)
                    break
        return (text[:end.start()] if end else text).strip() or None
    return None


def _summary_end(text: str) -> re.Match | None:
    return next(finditer_near(_SUMMARY_END, text, "summary", lookback=24, first="(e"), None)


def _has_end(text: str) -> bool:
    return _summary_end(text) is not None


def find_comments(paragraphs: list[Paragraph], body: str) -> list[str]:
    """`Comment: ... End comment.` passages and paragraphs under a COMMENT heading."""
    comments: list[str] = []
    for passage in _comment_passages(body) if may_hold(body, "end comment") else ():
        text = _PASSAGE_LEAD.sub("", " ".join(passage.split()))
        if text and text not in comments:
            comments.append(text)
    under = False
    for para in paragraphs:
        if para.heading:
            under = para.heading.strip(" -").upper() in ("COMMENT", "COMMENTS", "COMMENT AND ACTION REQUEST")
        if not under:
            continue
        text = " ".join(para.text.split())
        closing = _CLOSING_END_COMMENT.search(text, max(0, len(text) - 24))  # (a regex tried at its end only)
        text = text[:closing.start()] if closing else text
        if any(text in c for c in comments):
            continue
        within = [i for i, c in enumerate(comments) if c in text]  # a passage of this paragraph: the paragraph
        if within:
            comments[within[0]] = text
            comments = [c for i, c in enumerate(comments) if i not in within[1:]]
        else:
            comments.append(text)
    return comments


def _comment_passages(body: str) -> Iterator[str]:
    """The text between each `Comment:` and the `End comment.` after it. (One lazy regex for the
    whole passage would try its ending at every character: slow on long comments.)"""
    done = 0
    for opening in finditer_near(_COMMENT_OPEN, body, "comment", lookback=16, first="bc"):
        if opening.start() < done:
            continue  # within the last passage, or its `End comment.`
        close = next(finditer_near(_COMMENT_CLOSE, body, "comment", lookback=16, pos=opening.end(), first="(e"), None)
        if close is None:
            return
        yield body[opening.end():close.start()]
        done = close.end()


def find_action_request(paragraphs: list[Paragraph], body: str) -> ActionRequest | None:
    """The paragraph holding the action request, its points and any stated deadline. When the
    request points at paragraphs (`Please see paragraphs 2-5`), the points are taken from them."""
    if not may_hold(body, "action"):
        return None
    pointed: list[Paragraph] = []
    pointer = next(finditer_near(_SEE_PARA, body, "action"), None)
    if pointer:
        wanted = _paragraph_numbers(pointer.group("numbers"))
        pointed = [p for p in paragraphs if p.number in wanted]
        if not any("action" in p.text[:200].lower() or _ASKS.search(p.text) for p in pointed):
            pointed = []  # a pointer to paragraphs that ask nothing is not trusted
    if not pointed:  # (quick looks first: a case-insensitive pattern is slow to fail)
        target = next((p for p in paragraphs if ((p.text[:1] in "aA" or p.text[:1].isdigit())
                                                 and _ACTION_START.match(p.text))
                       or (p.heading or "").upper().startswith("ACTION REQUEST")), None)
        if target is None:
            target = next((p for p in paragraphs[:3] if "action request" in p.text[:120].lower()
                           and _ACTION_REQUEST.search(p.text[:120]) and not _SEE_PARA.search(p.text)), None)
        pointed = [target] if target is not None else []
    if not pointed:
        return None
    deadline = next((m for p in pointed if (m := _DEADLINE.search(p.text))), None)
    return ActionRequest(paragraph=pointed[0].number, text=pointed[0].text,
                         points=[point for p in pointed for point in _points(p.text)],
                         deadline=deadline.group(1) if deadline else None)


def _paragraph_numbers(numbers: str) -> set[int]:
    """`2-5` -> {2, 3, 4, 5}; `4 and 6` -> {4, 6}; `five` -> {5}."""
    def value(word: str) -> int:
        return int(word) if word.isdigit() else _NUMBER_WORDS.index(word.lower()) + 1

    found: set[int] = set()
    for m in _RANGE.finditer(numbers):
        first = value(m.group("first"))
        last = value(m.group("last")) if m.group("last") else first
        found.update(range(first, min(last, first + 30) + 1))  # (a typo'd range stays short)
    return found


def _points(text: str) -> list[str]:
    """What a request's paragraph asks for: its list items; or, without a list, its sentences (the
    `Action request:` label and `End comment.` marks left out)."""
    items = [LIST_ITEM.sub("", line).strip() for line in text.split("\n") if LIST_ITEM.match(line)]
    if items:
        return items
    sentences = SENTENCE_END.split(_ACTION_LABEL.sub("", " ".join(text.split())))
    return [s for s in (s.strip() for s in sentences) if s and not _END_MARK.match(s)]
