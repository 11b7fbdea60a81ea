"""The format rules a cable is checked against, as one table (`RULES`).

Each rule reads the parser's record (`Cable`): markings, banner level and captions, TAGS, REF
items, subject, E.O. line, Classified By line, action request. A check yields `(where, message,
paragraph)` for each place the cable breaks the rule; `paragraph` is the index of the paragraph
the finding belongs to, or None for the cable as a whole.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, Iterator, Literal, Optional

from ..model import Cable
from .classifier import UNCLASSIFIED, marking_level

Severity = Literal["error", "warning"]
Hit = tuple[str, str, Optional[int]]
ORDER = {UNCLASSIFIED: 0, "CONFIDENTIAL": 1, "SECRET": 2, "TOP SECRET": 3}
KNOWN_ORDERS = {"11652", "12065", "12356", "12958", "13292", "13526"}
_EXEMPTION = re.compile(r"^(?:\d{0,2}X\d(?:[ ,/]+\d{0,2}X\d)*|1\.[56]\s*\(?X\d\)?|MR|OADR|DNG)\b", re.I)
_REASON = re.compile(r"1\.[45]")


@dataclass(frozen=True)
class Rule:
    """One format rule: a stable id, what it checks, how bad a breach is, where the form comes from."""

    id: str
    severity: Severity
    checks: str
    advice: str
    form: str
    check: Callable[[Cable], Iterator[Hit]]


@dataclass
class Finding:
    """A rule broken at one place of a cable."""

    rule: str
    severity: Severity
    where: str
    message: str
    advice: str
    paragraph: Optional[int] = None

    def to_json(self) -> dict:
        return {"rule": self.rule, "severity": self.severity, "where": self.where, "message": self.message,
                "advice": self.advice}


def _classified(cable: Cable) -> bool:
    return cable.classification is not None and cable.classification != UNCLASSIFIED


def _para(cable: Cable, i: int) -> str:
    number = cable.paragraphs[i].number
    return f"paragraph {number}" if number is not None else f"paragraph #{i + 1} (unnumbered)"


def _banner_missing(cable: Cable) -> Iterator[Hit]:
    if cable.classification is None:
        yield "banner", "no classification line opens the text", None


def _banner_disagrees(cable: Cable) -> Iterator[Hit]:
    for warning in cable.warnings:
        if warning.startswith("banner says") and any(level in warning for level in ORDER):
            yield "banner", warning.split(";")[0], None
        elif warning.startswith("unknown classification"):
            yield "banner", warning, None


def _marking_missing(cable: Cable) -> Iterator[Hit]:
    if not _classified(cable):
        return
    for i, p in enumerate(cable.paragraphs):
        if marking_level(p.marking) is None:
            yield _para(cable, i), f"no portion marking in a {cable.classification} cable", i


def _marking_partial(cable: Cable) -> Iterator[Hit]:
    if _classified(cable) or not any(p.marking for p in cable.paragraphs):
        return
    for i, p in enumerate(cable.paragraphs):
        if p.marking is None:
            yield _para(cable, i), "unmarked, while other paragraphs of this cable are marked", i


def _marking_above_banner(cable: Cable) -> Iterator[Hit]:
    if cable.classification not in ORDER:
        return
    for i, p in enumerate(cable.paragraphs):
        level = marking_level(p.marking)
        if level and ORDER[level] > ORDER[cable.classification]:
            yield _para(cable, i), f"marked ({p.marking}), above the cable's {cable.classification}", i


def _banner_above_markings(cable: Cable) -> Iterator[Hit]:
    levels = [marking_level(p.marking) for p in cable.paragraphs]
    if not _classified(cable) or not levels or None in levels:
        return
    top = max(levels, key=ORDER.__getitem__)  # type: ignore[arg-type]
    if ORDER[top] < ORDER[cable.classification]:  # type: ignore[index]
        yield "banner", f"the cable is {cable.classification} but no paragraph is marked above {top}", None


def _noforn_caption(cable: Cable) -> Iterator[Hit]:
    if "NOFORN" in cable.captions or "NOFORN" in (cable.classification_raw or "").upper():
        return
    for i, p in enumerate(cable.paragraphs):
        if p.marking and re.search(r"\b(?:NF|NOFORN)\b", p.marking):
            yield _para(cable, i), f"marked ({p.marking}) but the banner carries no NOFORN caption", i


def _subject_missing(cable: Cable) -> Iterator[Hit]:
    if not (cable.subject or "").strip():
        yield "SUBJECT", "no SUBJECT line", None


def _tags_missing(cable: Cable) -> Iterator[Hit]:
    if not cable.tags:
        yield "TAGS", "no TAGS line", None


def _tag_unknown(cable: Cable) -> Iterator[Hit]:
    for tag in cable.tags:
        if not tag.known and tag.kind != "person":
            hint = f" (did you mean {tag.probably}?)" if tag.probably else ""
            yield "TAGS", f"{tag.code} is not a known TAGS code{hint}", None


def _eo_missing(cable: Cable) -> Iterator[Hit]:
    if cable.eo is None:
        yield "E.O.", "no E.O. line", None


def _eo_order_unknown(cable: Cable) -> Iterator[Hit]:
    if cable.eo and cable.eo.order and cable.eo.order not in KNOWN_ORDERS:
        yield "E.O.", f"E.O. {cable.eo.order} is not a classification order", None


def _declassify_missing(cable: Cable) -> Iterator[Hit]:
    if _classified(cable) and cable.eo and (cable.eo.declassify or "N/A").upper() == "N/A":
        yield "E.O.", f"a {cable.classification} cable with no declassification date", None


def _declassify_unreadable(cable: Cable) -> Iterator[Hit]:
    when = cable.eo.declassify if cable.eo else None
    if _classified(cable) and when and when.upper() != "N/A" and not _iso(when) and not _EXEMPTION.match(when):
        yield "E.O.", f"declassification {when!r} is neither a date nor an exemption (25X1, MR, ...)", None


def _declassify_unclassified(cable: Cable) -> Iterator[Hit]:
    if cable.classification == UNCLASSIFIED and cable.eo and _iso(cable.eo.declassify):
        yield "E.O.", f"an unclassified cable with a declassification date ({cable.eo.declassify})", None


def _declassify_before(cable: Cable) -> Iterator[Hit]:
    when, written = _iso(cable.eo.declassify if cable.eo else None), _written(cable)
    if _classified(cable) and when and when <= written:
        yield "E.O.", f"declassification date {when} is not after the cable's date {written}", None


def _declassify_late(cable: Cable) -> Iterator[Hit]:
    when, written = _iso(cable.eo.declassify if cable.eo else None), _written(cable)
    if _classified(cable) and when and (when.year - written.year, when.month, when.day) > (25, written.month,
                                                                                            written.day):
        yield "E.O.", f"declassification date {when} is more than 25 years after {written}", None


def _classified_by_missing(cable: Cable) -> Iterator[Hit]:
    if _classified(cable) and cable.classified_by is None:
        yield "Classified By", f"a {cable.classification} cable with no Classified By line", None


def _classified_by_reason(cable: Cable) -> Iterator[Hit]:
    by = cable.classified_by
    if _classified(cable) and by and not by.reasons and not _REASON.search(by.raw):
        yield "Classified By", "the Classified By line gives no reason (1.4(b), 1.4(d), ...)", None


def _classified_by_unclassified(cable: Cable) -> Iterator[Hit]:
    if cable.classification == UNCLASSIFIED and cable.classified_by is not None:
        yield "Classified By", "an unclassified cable with a Classified By line", None


def _ref_unrecognised(cable: Cable) -> Iterator[Hit]:
    for ref in cable.references:
        if ref.kind == "other":
            yield f"REF {ref.letter or ''}".strip(), f"{ref.raw!r} is not a cable, e-mail, telcon, memo or report " \
                                                      "reference", None


def _ref_letters(cable: Cable) -> Iterator[Hit]:
    letters = [r.letter for r in cable.references]
    expected = [chr(ord("A") + i) for i in range(len(letters))]
    if len(letters) > 1 and letters != expected and any(letters):
        shown = ", ".join(letter or "-" for letter in letters)
        yield "REF", f"items lettered {shown}; expected {', '.join(expected)}", None


def _action_points(cable: Cable) -> Iterator[Hit]:
    action = cable.action_request
    if action and not action.points:
        where = f"paragraph {action.paragraph}" if action.paragraph else "action request"
        yield where, "an action request that lists no points", None


def _numbering(cable: Cable) -> Iterator[Hit]:
    expected = 1
    for i, p in enumerate(cable.paragraphs):
        if p.number is None:
            continue
        if p.number != expected:
            yield _para(cable, i), f"numbered {p.number} where {expected} was expected", i
        expected = p.number + 1


def _text_empty(cable: Cable) -> Iterator[Hit]:
    if not any(p.text.strip() for p in cable.paragraphs):
        yield "text", "no paragraphs of text", None


def _iso(text: Optional[str]) -> Optional[date]:
    try:
        return date.fromisoformat(text) if text and len(text) == 10 else None
    except ValueError:
        return None


def _written(cable: Cable) -> date:
    """The cable's date, or today for a draft that has none."""
    return _iso((cable.created or "")[:10]) or date.today()


RULES: tuple[Rule, ...] = (
    Rule("banner-missing", "error", "the text opens with a classification line",
         "Start with the classification: UNCLASSIFIED, CONFIDENTIAL, SECRET (captions after it).",
         "`C O N F I D E N T I A L SECTION 01 OF 02 ANKARA 001730`, `UNCLAS ALMATY 002058`", _banner_missing),
    Rule("banner-disagrees", "warning", "the banner's level agrees with the level recorded for the cable",
         "Make the banner and the recorded classification say the same level.",
         "Cablegate page whose metadata says SECRET over a `CONFIDENTIAL` banner", _banner_disagrees),
    Rule("marking-missing", "error", "every paragraph of a classified cable carries a portion marking",
         "Mark the paragraph: (U), (SBU), (C), (S), with //NF or /REL TO where it applies.",
         "`1. (C) Summary: ...` (E.O. 12958 s. 1.6(c), portion marking)", _marking_missing),
    Rule("marking-partial", "warning", "an unclassified cable marks all its paragraphs or none",
         "Mark this paragraph like the others: (U) or (SBU).",
         "`UNCLAS` cable with `1. (U) ...`, `2. (SBU) ...`", _marking_partial),
    Rule("marking-above-banner", "error", "no paragraph is marked above the cable's classification",
         "Raise the banner to the highest marking, or mark the paragraph at the banner's level.",
         "`(S)` paragraph in a `CONFIDENTIAL` cable", _marking_above_banner),
    Rule("banner-above-markings", "warning", "a fully marked classified cable has a paragraph at its level",
         "Lower the banner to the highest portion marking, or mark the paragraph that needs it.",
         "`SECRET` banner over paragraphs all marked `(C)`", _banner_above_markings),
    Rule("noforn-caption", "warning", "a paragraph marked NOFORN sits under a NOFORN banner",
         "Add NOFORN to the banner (`SECRET NOFORN`, `SECRET//NOFORN`).",
         "`S E C R E T SECTION 01 OF 02 ... NOFORN` over `(S/NF)` paragraphs", _noforn_caption),
    Rule("subject-missing", "error", "the cable has a SUBJECT line",
         "Add `SUBJECT: COUNTRY: WHAT THE CABLE IS ABOUT`.", "`SUBJECT: KAZAKHSTAN: WORRISOME NATIONAL SECURITY ...`",
         _subject_missing),
    Rule("tags-missing", "error", "the cable has a TAGS line", "Add `TAGS:` with subject and country codes.",
         "`TAGS: PGOV PHUM FAID KZ`", _tags_missing),
    Rule("tag-unknown", "warning", "every TAGS code is in the TAGS dictionary",
         "Use a code from the TAGS dictionary (subject, country, organisation or program).",
         "`TAGS: PGOV PREL` (dictionary in data/tags.tsv)", _tag_unknown),
    Rule("eo-missing", "error", "the cable has an E.O. line",
         "Add `E.O. 13526: DECL: MM/DD/YYYY` (or `E.O. 13526: N/A` when unclassified).",
         "`E.O. 12958: DECL: 01/11/2015`, `E.O. 12958: N/A`", _eo_missing),
    Rule("eo-order-unknown", "warning", "the E.O. line names a classification order (11652 ... 13526)",
         "Name the order in force: E.O. 13526 (12958 before 2009).", "`E.O. 12958: DECL: ...`", _eo_order_unknown),
    Rule("declassify-missing", "error", "a classified cable's E.O. line gives when it declassifies",
         "Give a declassification date (`DECL: MM/DD/YYYY`) or an exemption (25X1).",
         "`E.O. 12958: DECL: 06/02/2015` in a CONFIDENTIAL cable", _declassify_missing),
    Rule("declassify-unreadable", "warning", "the declassification is a date or an exemption code",
         "Write the date as MM/DD/YYYY, or an exemption such as 25X1.", "`DECL: 06/02/2015`, `DECL: 1.6X1`",
         _declassify_unreadable),
    Rule("declassify-unclassified", "warning", "an unclassified cable has no declassification date",
         "Write `E.O. 13526: N/A` in an unclassified cable.", "`E.O. 12958: N/A` in an UNCLAS cable",
         _declassify_unclassified),
    Rule("declassify-before-date", "error", "the declassification date is after the cable's date",
         "Give a date in the future (usually 10 years on).", "`E.O. 12958: DECL: 05/26/2015` in a 2005 cable",
         _declassify_before),
    Rule("declassify-late", "warning", "the declassification date is at most 25 years after the cable's date",
         "Use a date within 25 years, or an exemption code for longer.", "`DECL: 05/26/2030` in a 2005 cable",
         _declassify_late),
    Rule("classified-by-missing", "error", "a classified cable has a Classified By line",
         "Add `Classified By: NAME, TITLE; REASON: 1.4(b), (d)`.",
         "`Classified By: Ambassador John Ordway for reasons 1.4 (b) and (d)`", _classified_by_missing),
    Rule("classified-by-reason", "error", "the Classified By line gives a reason (1.4(x))",
         "Add the reason: `for reasons 1.4(b) and (d)`.", "`Classified By: DCM Mark Asquino, reasons 1.4 (b/d)`",
         _classified_by_reason),
    Rule("classified-by-unclassified", "warning", "an unclassified cable has no Classified By line",
         "Remove the Classified By line, or classify the cable.", "`UNCLAS` cables carry none",
         _classified_by_unclassified),
    Rule("ref-unrecognised", "warning", "each REF item is a cable, e-mail, telcon, memo or report",
         "Write the reference as `POST NNNN` (`ANKARA 1730`, `09 STATE 12345`) or name the document.",
         "`REF: A. ALMATY 1854 B. STATE 12345`", _ref_unrecognised),
    Rule("ref-letters", "warning", "several REF items are lettered A, B, C ... in order",
         "Letter the references in order: `REF: A. ... B. ...`.", "`REF: A) Almaty 1854, B) Almaty 1838`",
         _ref_letters),
    Rule("action-points", "warning", "an action request lists the points to make",
         "List the points after the request, one per `--` line.",
         "`7. (SBU) Action request: ... make the following points: -- The U.S. believes ...`", _action_points),
    Rule("paragraph-numbering", "warning", "paragraphs are numbered 1, 2, 3 ... without gaps or repeats",
         "Renumber the paragraphs in order.", "`1. (C) ...` `2. (C) ...`", _numbering),
    Rule("text-empty", "error", "the cable has paragraphs of text", "Write the text under the header.",
         "a body after `SUBJECT:` and `REF:`", _text_empty),
)
RULES_BY_ID = {rule.id: rule for rule in RULES}


def check(cable: Cable) -> list[Finding]:
    """Every finding of every rule on one cable, in the table's order."""
    return [Finding(rule.id, rule.severity, where, message, rule.advice, paragraph)
            for rule in RULES for where, message, paragraph in rule.check(cable)]
