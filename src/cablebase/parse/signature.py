"""The end of a cable: signer lines and `X minimize considered`."""

from __future__ import annotations

import re

from .clean import finditer_near

_NAME_LINE = re.compile(r"^[A-Z][A-Za-z'\-]*\.?(?: [A-Z][A-Za-z'\-]*\.?){0,3}$")
NOT_SIGNER = {
    "UNCLASSIFIED", "CONFIDENTIAL", "SECRET", "UNCLAS", "SIPDIS", "NOFORN", "END", "COMMENT", "SUMMARY",
    "BT", "NNNN", "LIMITED OFFICIAL USE", "SENSITIVE", "END COMMENT", "END SUMMARY", "NOTE", "END NOTE",
    "CONCLUSION", "BACKGROUND", "COMMENT:", "TOP SECRET", "EXDIS", "NODIS", "PAGE",
}
_MINIMIZE = re.compile(r"minimize\s+considered", re.I)
_LEAD = re.compile(r"[A-Za-z][A-Za-z ,/'&-]{0,80}$")


_PLAIN_NAME = re.compile(r"[A-Z][a-z]+(?:-[A-Z][a-z]+)?")  # `Kubiske`: only as the last line
_GLUED_SIGNER = re.compile(r"(?<=[.!?\u201d\"])\s+([A-Z][A-Z'-]{2,}|[A-Z][a-z]{2,})$")
_BOILERPLATE = re.compile(r"https?://|^\**\s*$|^\W*Visit\b", re.I)


def split_signers(lines: list[str]) -> tuple[list[str], list[str]]:
    """Split trailing signer lines (`ASQUINO`, or `... periodically. KUBISKE`) off the text lines;
    returns (lines, signers). Trailing web-site boilerplate is dropped from the text lines."""
    end = len(lines)
    while end and (not lines[end - 1].strip() or _BOILERPLATE.search(lines[end - 1])):
        end -= 1
    if end:
        glued = _GLUED_SIGNER.search(lines[end - 1])
        if glued and glued.group(1).upper() not in NOT_SIGNER:
            return lines[:end - 1] + [lines[end - 1][:glued.start()]], [glued.group(1).upper()]
    signers: list[str] = []
    while end and len(signers) < 3:
        line = lines[end - 1].strip()
        before = lines[end - 2].strip() if end >= 2 else ""
        plain_name = bool(_PLAIN_NAME.fullmatch(line)) and not signers and before.endswith((".", ")", '"'))
        if not ((_NAME_LINE.match(line) and line.upper() == line or plain_name) and line.rstrip(".") not in NOT_SIGNER
                and not line.startswith("END ")
                and len(line) <= 40 and (not before or before.endswith((".", ")", ":")) or signers)):
            break
        signers.insert(0, line.rstrip("."))
        end -= 1
        while end and not lines[end - 1].strip():
            end -= 1
    return lines[:end], signers


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
