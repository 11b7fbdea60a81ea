"""How to cite a cable: one line for people, BibTeX and CSL-JSON for reference managers."""

from __future__ import annotations

import re

from .formatting import human_day
from .model import Cable


def _title(cable: Cable) -> str:
    return cable.subject or "(no subject)"


def _author(cable: Cable) -> str:
    return cable.origin or cable.origin_code or "unknown origin"


def cite_line(cable: Cable, url: str) -> str:
    """'Embassy Almaty, "KAZAKHSTAN: …", cable 05ALMATY2058, 9 June 2005. https://…/cable/05ALMATY2058'."""
    return (f'{_author(cable)}, "{_title(cable)}", cable {cable.reference_id}, '
            f"{human_day(cable.created)}. {url}")


def _bibtex_escape(text: str) -> str:
    return re.sub(r"([{}\\&%$#_^~])", r"\\\1", text)


def bibtex(cable: Cable, url: str) -> str:
    """A @misc BibTeX entry keyed by the cable id; the origin as a corporate author (in braces)."""
    fields = [("author", "{" + _bibtex_escape(_author(cable)) + "}"), ("title", "{" + _bibtex_escape(_title(cable)) + "}"),
              ("howpublished", "Diplomatic cable " + _bibtex_escape(cable.reference_id or "")),
              ("note", _bibtex_escape(cable.classification_raw or cable.classification or "classification unknown"))]
    if cable.created:
        fields += [("year", cable.created[:4]), ("month", cable.created[5:7].lstrip("0")),
                   ("date", cable.created[:10])]
    fields.append(("url", url))
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    key = re.sub(r"[^A-Za-z0-9]", "", cable.reference_id or "cable")
    return f"@misc{{{key},\n{body}\n}}\n"


def csl_json(cable: Cable, url: str) -> list[dict]:
    """A CSL-JSON item list (what Zotero and pandoc read): one item of type 'document'."""
    item: dict = {"id": cable.reference_id, "type": "document", "title": _title(cable),
                  "author": [{"literal": _author(cable)}], "genre": "Diplomatic cable",
                  "number": cable.reference_id, "URL": url}
    if cable.created:
        item["issued"] = {"date-parts": [[int(part) for part in cable.created[:10].split("-")]]}
    if cable.classification_raw or cable.classification:
        item["note"] = cable.classification_raw or cable.classification
    return [item]
