"""Text clean-up: line endings, `¶` anchors, markdown tag links, end-of-message markers, redactions."""

from __future__ import annotations

import re

_MD_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\(#?[^()\s]*\)")
_TRAILING_WS = re.compile(r"[ \t\r\f\v]+$", re.MULTILINE)
_END_MARK = re.compile(r"\n?\s*(?:NNNN|BT)\s*\Z")
_REDACTION = re.compile(r"[xX]{4,}")


def clean_text(text: str) -> str:
    """Return the clean text of a body: no `¶`, no markdown links, no NNNN trailer, tidy whitespace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\ufeff", "").replace("\u00b6", "")
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    text = _TRAILING_WS.sub("", text)
    text = _END_MARK.sub("", text.strip("\n"))
    return text.strip("\n")


def count_redactions(text: str) -> int:
    """Number of `xxxxx`-style redaction runs in the text."""
    return len(_REDACTION.findall(text))


def one_line(text: str) -> str:
    """Collapse all runs of whitespace to single spaces."""
    return " ".join(text.split())
