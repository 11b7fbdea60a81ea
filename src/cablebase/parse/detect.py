"""Guess the input form of a file from its name and first bytes."""

from __future__ import annotations

import re

from .txtdump import looks_like_txt

FORMATS = {"html": "a cable page as Cablegate/WikiLeaks published it", "csv": "a cables.csv dump, one cable a row",
           "txt": "a text dump's file (id, subject, date, classification and origin lines first)",
           "text": "one cable's bare text, as drafted or printed"}
"""The input forms the parser reads: name -> what it is."""
HTML_NAMES = (".html", ".htm", ".xhtml")
_CSV_ROW = re.compile(r'^"\d+","\d{2}/\d{2}/\d{4} \d{2}:\d{2}","')


def detect_format(name: str, head: str) -> str:
    """One of html, csv, txt, text. `head` is the decoded start of the file (a few KB)."""
    lower = name.lower().removesuffix(".gz")
    start = head.lstrip("\ufeff \r\n\t")[:2000]
    if lower.endswith(HTML_NAMES) or start.startswith(("<?xml", "<!DOCTYPE", "<html")) \
            or "<table class='cable'>" in head:
        return "html"
    if lower.endswith(".csv") or _CSV_ROW.match(start):
        return "csv"
    if looks_like_txt(head):
        return "txt"
    return "text"
