"""Text clean-up: line endings, `¶` anchors, markdown tag links, end-of-message markers, redactions."""

from __future__ import annotations

import re

_MD_LINK = re.compile(r"\[([^\[\]\n]{1,80})\]\(#?[^()\s]*\)")
_END_MARKS = ("NNNN", "BT")
# Page markers of the printouts, repeated through the text: `KABUL 00001239 001.6 of 005`.
_PAGE_MARKER = re.compile(r"^\s*[A-Z][A-Z ]{1,30} 0{2,}\d{1,6}\s+\d{3}(?:\.\d+)?\s+OF\s+\d{3}\s*$", re.I)
_REDACTION = re.compile(r"[xX]{4,}")


def clean_text(text: str) -> str:
    """Return the clean text of a body: no `¶`, no markdown links, no NNNN trailer, tidy whitespace."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    text = text.replace("\ufeff", "").replace("\u00b6", "")
    if "](" in text:
        text = _MD_LINK.sub(r"\1", text)
    lines = [line.rstrip() for line in text.strip().split("\n")]
    if " of 0" in text or " OF 0" in text:
        lines = [line for line in lines if not _PAGE_MARKER.match(line)]
    while lines and lines[-1] in _END_MARKS:
        lines.pop()
    if lines and lines[-1].endswith("NNNN"):
        lines[-1] = lines[-1][:-4].rstrip()
    return "\n".join(lines).strip("\n")


def count_redactions(text: str) -> int:
    """Number of `xxxxx`-style redaction runs in the text."""
    if "xxxx" not in text.lower():
        return 0
    return len(_REDACTION.findall(text))


def one_line(text: str) -> str:
    """Collapse all runs of whitespace to single spaces."""
    return " ".join(text.split())
