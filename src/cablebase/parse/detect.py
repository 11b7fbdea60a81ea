"""What kind of file this is, decided in one place: the container (a zip or tar archive by its name,
gzip by its magic number, see `decode.open_stream`) and the input form, from the name when it says
(`NAMED`), else from the first bytes. The registry of input forms is `FORMATS`."""

from __future__ import annotations

import re

from ..errors import ParseError
from .decode import decode_text
from .txtdump import looks_like_txt

FORMATS = {"html": "a cable page as Cablegate/WikiLeaks published it", "csv": "a cables.csv dump, one cable a row",
           "txt": "a text dump's file (id, subject, date, classification and origin lines first)",
           "text": "one cable's bare text, as drafted or printed"}
"""The input forms the parser reads: name -> what it is."""
NAMED = {".html": "html", ".htm": "html", ".xhtml": "html", ".csv": "csv"}
"""File name suffixes that decide the form without reading (after a .gz suffix is taken off)."""
ARCHIVES = {"zip": (".zip",), "tar": (".tar", ".tar.gz", ".tgz", ".tar.bz2", ".tbz2", ".tar.xz", ".txz")}
"""Archives whose members are inputs, by their names' suffixes."""
_CSV_ROW = re.compile(r'^"\d+","\d{2}/\d{2}/\d{4} \d{2}:\d{2}","')


def archive_kind(name: str) -> str | None:
    """"zip" or "tar" for an archive whose members are inputs (by its name), else None."""
    lower = name.lower()
    return next((kind for kind, suffixes in ARCHIVES.items() if lower.endswith(suffixes)), None)


def detect_format(name: str, head: bytes) -> str:
    """One of FORMATS for a file called `name` (a .gz suffix is ignored) whose (decompressed) data
    starts with `head` (a few KB). The name decides when it can, without decoding anything; else
    the start of the text. Raises ParseError when the start is not text."""
    lower = name.lower().removesuffix(".gz")
    named = next((form for suffix, form in NAMED.items() if lower.endswith(suffix)), None)
    if named:
        return named
    text = decode_text(head)[0]
    start = text.lstrip("\ufeff \r\n\t")[:2000]
    if start.startswith(("<?xml", "<!DOCTYPE", "<html")) or "<table class='cable'>" in text:
        return "html"
    if _CSV_ROW.match(start):
        return "csv"
    if looks_like_txt(text):
        return "txt"
    return "text"
