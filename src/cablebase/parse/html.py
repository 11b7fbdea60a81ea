"""Reader for Cablegate cable pages (the XHTML "Cable Viewer" release pages)."""

from __future__ import annotations

import codecs
import re
from html.entities import html5

from selectolax.lexbor import LexborHTMLParser, LexborNode, SelectolaxError

from ..errors import ParseError
from .decode import decode_text
from .raw import RawCable, split_partial

_KNOWN_ENTITY = "|".join(sorted((re.escape(k[:-1]) for k in html5 if k.endswith(";")), key=len, reverse=True))
# A '&' that does not start a well-formed entity is a stray ampersand from the cable text (R&D;, &pounding);
# pages escape every newline (&#x000A;).
_STRAY_AMP = re.compile(rf"&(?!#x000A;|#[0-9]+;|#[xX][0-9a-fA-F]+;|(?:{_KNOWN_ENTITY});)".encode())
_BOMS = (codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
_FIELDS = ("reference_id", "created", "released", "classification", "origin")


def read_html(page: str | bytes) -> RawCable:
    """Parse one cable page: metadata table, partial notice, routing header and body. Given the
    page's bytes, only its cable part is decoded when that is UTF-8 (Lexbor reads UTF-8 bytes),
    else the whole page as `decode_text` does."""
    if isinstance(page, str):
        page = page.encode("utf-8", "replace")
    elif page.startswith(_BOMS) or b"\x00" in page:
        page = decode_text(page)[0].encode("utf-8", "replace")  # (UTF-16, a BOM; NUL bytes refused there)
    fragment = _fragment(page)
    try:
        fragment.decode("utf-8")
    except UnicodeDecodeError:  # a page in cp1252 or latin-1
        fragment = _fragment(decode_text(page)[0].encode("utf-8"))
    try:
        tree = LexborHTMLParser(fragment)  # an HTML5 parser: it repairs broken markup
        cells, pres = _cells_and_pres(tree)
    except SelectolaxError as exc:  # Lexbor gave up (out of memory, say)
        raise ParseError(f"unparseable HTML ({exc})") from None
    if cells is None:
        raise ParseError("HTML page has no cable metadata table")
    if len(cells) < len(_FIELDS):
        raise ParseError(f"cable metadata table has {len(cells)} cells, expected {len(_FIELDS)}")
    meta = dict(zip(_FIELDS, cells))
    if not pres:
        raise ParseError("HTML page has no cable text (<pre>)")
    notice, header = None, ""
    if len(pres) > 1:
        notice, header = split_partial(pres[0])
        pres = pres[1:]
    body = "\n".join(pres)
    return RawCable(format="html", body=body, header=header.strip("\n"), partial_notice=notice,
                    reference_id=meta["reference_id"] or None, created=meta["created"] or None,
                    released=meta["released"] or None, classification=meta["classification"] or None,
                    origin=meta["origin"] or None)


def _fragment(page: bytes) -> bytes:
    """The page from its metadata table to the end of its last <pre>, closed, stray `&` escaped."""
    # Searched backwards from the page's end: the table stands ≈ 12 KB before it, 35 KB after the top.
    end = page.rfind(b"</pre>")
    start = page.rfind(b"<table class='cable'>", 0, end) if end >= 0 else -1
    if start < 0 and end >= 0:
        start = page.rfind(b'<table class="cable">', 0, end)
    if start < 0:
        if b"<table class='cable'>" in page or b'<table class="cable">' in page:
            raise ParseError("HTML page has no cable text (<pre>) after the metadata table")
        raise ParseError("HTML page has no cable metadata table (<table class='cable'>)")
    return _STRAY_AMP.sub(b"&amp;", page[start:end + len(b"</pre>")] + b"</code>")


def _cells_and_pres(tree: LexborHTMLParser) -> tuple[list[str] | None, list[str]]:
    """The metadata table's cells (None without a table) and the texts of the <pre> blocks."""
    # The usual layout is reached by walking a few nodes (a CSS search costs more than the walk):
    # body > table > tbody > tr > td, and body > code > pre. Any other: search the whole tree.
    tds, pres = _walk(tree.body, "table", "tbody", "tr", "td"), _walk(tree.body, "code", "pre")
    if len(tds) < len(_FIELDS) or not pres:
        table = tree.css_first("table")
        if table is None:
            return None, [pre.text() for pre in tree.tags("pre")]
        tds, pres = table.css("td"), tree.tags("pre")
    return [" ".join(td.text().split()) for td in tds], [pre.text() for pre in pres]


def _walk(node: LexborNode | None, *tags: str) -> list[LexborNode]:
    """The nodes reached from `node` through children with these tags in turn."""
    nodes = [node] if node is not None else []
    for tag in tags:
        nodes = [child for parent in nodes for child in parent.iter() if child.tag == tag]
    return nodes
