"""The lines between the banner and the first paragraph: captions, addressees, E.O., TAGS,
SUBJECT, REF and Classified By, split into fields for the extractors."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from ..model import ClassifiedBy, ExecutiveOrder, Paragraph
from .clean import one_line
from ..vocab.markings import MARK
from .banner import parse_banner
from .tags import TAGS_LABEL

FIELD_START = {
    "eo": re.compile(r"^E\.?\s?O\.?\s*:?\s*\d{5}\b", re.I),
    "tags": re.compile(rf"^(?:{TAGS_LABEL}\s*[:;,]|TAGS?\s+(?=[A-Z]{{2,}}))", re.I),
    "subject": re.compile(r"^(?:SUBJ(?:ECT)?|UBJECT|SUBJET)\s*:", re.I),
    "ref": re.compile(r"^(?:REF(?:S|TELS?|ERENCES?|\(S\))?\s*:|REF\s*(?:\(?[A-Z][.)]\s|\d{2}\s|[A-Z]+ \d)|\(?A[.)]\s+REF\s)",
                      re.I),
    "classified_by": re.compile(r"^(?:\([A-Z/]{1,6}\)\s*)?(?:CLASSIFIED|CLASSIFED|DERIVED)\s+BY\b", re.I),
}
# One pattern for "which field does this line start?", the alternatives in FIELD_START's order.
_FIELD_KEY = re.compile("|".join(f"(?P<{key}>{rx.pattern})" for key, rx in FIELD_START.items()), re.I)
_INLINE = re.compile(  # a field starting mid-line
    rf"(?<=[^\s:,])\s+(?=(?:{TAGS_LABEL}|SUBJECT|REFS?|REF\(S\)|Classified By|CLASSIFIED BY)\s?:\s|E\.O\.\s?\d{{5}}\b)", re.I)
_INLINE_WORDS = ("TAG", "AGS:", "TAS:", "TABS:", "TGS:", "SUBJ", "REF", "CLASSIFIED BY", "E.O.")  # what _INLINE and _GLUED_REF look for (ASCII)
_GLUED_REF = re.compile(r"(?<=[A-Z]{3})(?=REF:\s)")  # `...AS UK PRIMEREF: A. LONDON 1939`: glued by the dump
PARA_START = re.compile(
    rf"^\s*(\d{{1,4}})\s?\.\.?(?:\s+|(?=\())(?:\((?P<mark>{MARK})\)\s*)?(?=\S)")
_GLUED_PARA = re.compile(r"\s(?=1\s?\.\s*\((?:U|SBU|C|S|TS|S/NF|C/NF)\)\s)")
CAPTION_WORDS = {
    "SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS", "STADIS", "ORCON", "NOCONTRACT",
    "CHEROKEE", "ROGER", "CHANNEL", "EYES", "ONLY", "BUT", "UNCLASSIFIED", "FOR", "OFFICIAL", "USE",
    "FOUO", "NOFORN/SIPDIS", "SIPDIS/NOFORN", "DISSEM", "NOT", "FOREIGN", "NATIONALS", "REL", "TO",
    "LIMITED", "DISTRIBUTION", "CORRECTED", "COPY", "CORRECTEDCOPY", "EFTO", "STATE", "E.O.", "EXCLUSIVE",
}
CAPTION_PHRASES = [
    ("SENSITIVE BUT UNCLASSIFIED", "SBU"), ("FOR OFFICIAL USE ONLY", "FOUO"), ("ROGER CHANNEL", "ROGER CHANNEL"),
    ("EYES ONLY", "EYES ONLY"), ("CORRECTED COPY", "CORRECTED COPY"), ("LIMITED OFFICIAL USE", "LOU"),
]


@dataclass
class Preamble:
    """The fields found before the first paragraph (raw text per field, lines of the rest)."""

    fields: dict[str, str] = field(default_factory=dict)
    other: list[str] = field(default_factory=list)
    end: int = 0
    glued_text: str = ""


def is_para_start(line: str) -> re.Match | None:
    """Match a numbered paragraph opening (`1. (C) ...`, `1.(C)`, `12. Summary`)."""
    first = line[:1]  # a quick look first: this runs on every line of every cable
    return PARA_START.match(line) if first and (first.isdigit() or first.isspace()) else None


def split_preamble(lines: list[str], start: int) -> Preamble:
    """Read fields from `lines[start:]` up to the first paragraph; `end` is where the text begins."""
    pre = Preamble()
    end = len(lines)
    for i in range(start, len(lines)):  # the first paragraph (is_para_start written out: a call a line costs)
        line = lines[i]
        if line and (line[0].isdigit() or line[0].isspace()) and PARA_START.match(line) \
                and not FIELD_START["eo"].match(line):
            end = i
            break
    region: list[tuple[int, str]] = []  # (line index in `lines`, text)
    for i in range(start, end):
        # Quick looks first (this runs on every preamble line): each pattern needs the character tested.
        head, *glued = _GLUED_PARA.split(lines[i], maxsplit=1) if "(" in lines[i] else (lines[i],)
        upper = head.upper() if ":" in head or "." in head else ""
        if upper and (not head.isascii() or any(upper.find(word, 1) > 0 for word in _INLINE_WORDS)):  # mid-line
            if "REF:" in head:
                head = _GLUED_REF.sub("\n", head)
            region.extend((i, part) for part in _INLINE.sub("\n", head).split("\n"))
        else:
            region.append((i, head))
        if glued:  # paragraph 1 glued to the end of a preamble line
            pre.glued_text, end = glued[0], i + 1
            break
    texts = [t for _, t in region]
    current: str | None = None
    buffer: list[str] = []
    last_field_line = start - 1
    others: list[tuple[int, str]] = []
    for idx, (line_no, line) in enumerate(region):
        stripped = line.strip()
        key = (m := _FIELD_KEY.match(stripped)) and m.lastgroup if stripped else None
        if key:
            _flush(pre, current, buffer)
            current, buffer = key, [stripped]
            last_field_line = line_no
        elif not stripped:
            if not (current and _continues(current, texts, idx, buffer)):
                _flush(pre, current, buffer)
                current, buffer = None, []
        elif current == "subject" and _ENDS_SUBJECT.match(stripped) or (
                current and stripped[:1] in "CSTU" and _is_banner_line(stripped)):
            _flush(pre, current, buffer)  # a dashed rule, `This is an action request`, a banner: text, not subject
            current, buffer = None, []
            others.append((line_no, stripped))
        elif current:
            buffer.append(stripped)
            last_field_line = line_no
        elif _SUMMARY_HEADING.match(stripped):  # `Summary =======`, `SUMMARY:` alone: the text starts here
            end = line_no
            break
        else:
            others.append((line_no, stripped))
    _flush(pre, current, buffer)
    # The text starts after the last preamble field: anything between it and paragraph 1 is a
    # heading or lead text, not preamble.
    pre.end = last_field_line + 1 if pre.fields and not pre.glued_text else end
    if not pre.fields and end == len(lines) and _is_prose(lines[start:end]):
        # no field, no numbered paragraph, lines of prose: a fragment of the text, not addressees
        pre.end = next((i for i in range(start, len(lines)) if lines[i].strip() and not is_caption_line(lines[i])),
                       len(lines))
    pre.other = [text for line_no, text in others if line_no < pre.end]
    return pre


_SENTENCE_STOP = re.compile(r"[a-z]{3}[.!?](?:\s|$)", re.I)  # `COMMITTED.  TO`: a sentence ends (not `E.O.`)


def _is_prose(lines: list[str]) -> bool:
    """Lines of running text rather than addressees: one of nine words or more, or sentences over
    lines of five words or more (`AND BY WHOMEVER COMMITTED.  TO POST'S KNOWLEDGE, THE`)."""
    long = [line for line in lines if len(line.split()) >= 5]
    return any(len(line.split()) >= 9 for line in long) or (
        len(long) >= 2 and any(_SENTENCE_STOP.search(line) for line in long))


# A summary's heading on a line of its own (`------- SUMMARY -------`, `Summary -------`, `SUMMARY:`).
_SUMMARY_HEADING = re.compile(r"^[-=*\s]*(?:BEGIN\s+)?SUMMARY(?:\s*[-=*]{3,}\s*|\s*[:.]?\s*)$", re.I)
# Where a subject ends though no field starts: a dashed rule, an action request's first sentence.
_ENDS_SUBJECT = re.compile(r"-{3,}\s*$|=+\s*$|This is an action request\b", re.I)
_SPACED_LEVEL = re.compile(r"(?:[A-Z] ){4,}[A-Z]\b")  # `C O N F I D E N T I A L`


def _is_banner_line(line: str) -> bool:
    """A classification banner inside the preamble (a page's header repeated): spaced letters, or
    a level with a post and a serial."""
    if _SPACED_LEVEL.match(line):
        return parse_banner(line) is not None
    banner = parse_banner(line)
    return banner is not None and banner.origin_code is not None


def _is_double_spaced(region: list[str]) -> bool:
    nonblank = [i for i, line in enumerate(region) if line.strip()]
    if len(nonblank) < 4:
        return False
    return all(b - a >= 2 for a, b in zip(nonblank, nonblank[1:]))


_NEXT_REF_ITEM = re.compile(r"^[-\s]*\(?[B-Z][.)]\s")
# A REF line that stops where its item does not: after a label (`C)`), or a post's name the serial
# comes after (`(B) Rio de Janeiro` \n\n `00723`).
_DANGLING_LABEL = re.compile(r"(?:^|[\s,;])\(?[A-Z][.):]\s*$")


def _continues(key: str, region: list[str], idx: int, buffer: list[str]) -> bool:
    """Does the field go on after the blank line at `idx`? (`buffer`: the field's lines so far)"""
    nxt = next((region[j].strip() for j in range(idx + 1, len(region)) if region[j].strip()), None)
    if nxt is None or _FIELD_KEY.match(nxt) or is_para_start(nxt):
        return False
    if key == "ref":  # the next item, or the rest of one a blank line (a page break) cut: `C) \n\nSTATE 02034`
        return bool(_NEXT_REF_ITEM.match(nxt) or (_DANGLING_LABEL.search(buffer[-1]) and nxt[:1].isalnum())
                    or (buffer[-1][-1:].isalpha() and nxt[:1].isdigit()))
    if key == "subject" and _is_double_spaced(region):
        return nxt.upper() == nxt and any(c.isalpha() for c in nxt) and not is_caption_line(nxt)
    return False


def _flush(pre: Preamble, key: str | None, buffer: list[str]) -> None:
    if key and buffer and key not in pre.fields:
        pre.fields[key] = "\n".join(buffer)


@lru_cache(maxsize=4096)  # SIPDIS, NOFORN, SENSITIVE ...: the same few lines in most cables
def is_caption_line(line: str) -> bool:
    """A line made only of handling captions (SIPDIS, NOFORN, SENSITIVE, EXDIS, ...)."""
    words = line.upper().replace(",", " ").split()
    return bool(words) and all(w in CAPTION_WORDS for w in words) and any(
        w in ("SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS", "STADIS", "ORCON", "NOCONTRACT",
              "CHEROKEE", "ROGER", "EYES", "FOUO", "NOFORN/SIPDIS", "SIPDIS/NOFORN", "OFFICIAL", "DISSEM",
              "CORRECTED", "CORRECTEDCOPY", "EXCLUSIVE", "DISTRIBUTION")
        for w in words)


def captions_in(line: str) -> list[str]:
    """Normalised captions named on a caption line."""
    text = " ".join(line.upper().replace("/", " ").split())
    found = []
    for phrase, name in CAPTION_PHRASES:
        if phrase in text:
            found.append(name)
            text = text.replace(phrase, " ")
    for word in text.split():
        if word in ("SIPDIS", "NOFORN", "SENSITIVE", "EXDIS", "NODIS", "LIMDIS", "STADIS", "ORCON",
                    "NOCONTRACT", "CHEROKEE", "FOUO"):
            found.append(word)
    return found


_EO = re.compile(r"^E\.?\s?O\.?\s*:?\s*(?P<order>\d{5})\s*:?\s*(?P<rest>.*)$", re.I | re.S)
_NOT_APPLICABLE = re.compile(r"^N\s*/?\s*A\b", re.I)
_DECL_DATE = re.compile(r"(\d{1,4})\s*[/-]\s*(\d{1,2})\s*[/-]\s*(\d{2,4})")  # 01/11/2015, 2019/12/08, 2019-02-12
_DECL_LABEL = re.compile(r"^DECL(?:ASSIFY)?\s*:?\s*", re.I)


def parse_eo(raw: str) -> ExecutiveOrder:
    """`E.O. 12958: DECL: 01/11/2015` -> order 12958, declassify 2015-01-11; `N/A` kept as N/A."""
    text = one_line(raw)
    m = _EO.match(text)
    if not m:
        return ExecutiveOrder(raw=text)
    rest = m.group("rest").strip()
    declassify: str | None = _DECL_LABEL.sub("", rest) or None  # `DECL: MR` -> MR (manual review)
    if _NOT_APPLICABLE.match(rest):
        declassify = "N/A"
    else:
        d = _DECL_DATE.search(rest)
        if d:
            declassify = _iso_date(*d.groups()) or rest
    return ExecutiveOrder(order=m.group("order"), declassify=declassify, raw=text)


def _iso_date(a: str, b: str, c: str) -> str | None:
    try:
        if len(a) == 4:  # YYYY/MM/DD
            return date(int(a), int(b), int(c)).isoformat()
        year = int(c) if len(c) == 4 else 2000 + int(c) if int(c) < 70 else 1900 + int(c)
        return date(year, int(a), int(b)).isoformat()
    except ValueError:
        return None


_REASON = re.compile(r"\b1\s?[./]\s?[45]\s*(?:[\(\[]?\s*[a-h](?![a-z])\s*[\)\]]?(?:(?:\s*(?:,|and|&|\+|/)){1,3}\s*|\s+)?)+",
                     re.I)
_REASON_LETTER = re.compile(r"[\(\[\s,/]([a-hA-H])(?=[\)\]\s,&/]|$)")
_CLASSIFIED_BY = re.compile(r"^(?:\([A-Z/]{1,6}\)\s*)?(?:CLASSIFIED|CLASSIFED|DERIVED)\s+BY\s*:?\s*", re.I)
_CLASSIFIED_BY_IN = re.compile(r"\bClassified\s+by\b", re.I)
_WHO_END = re.compile(r"\s*(?:[,;.]\s*)?\b(?:for\s+|per\s+)?(?:reasons?|E\.?O\.?\s*\d{5}|1\.[45]\s*\()", re.I)
_FOR_PER = re.compile(r"\s*\b(?:for|per)\s*$", re.I)
_SUBJECT_LABEL = re.compile(r"^(?:(?:SUBJ(?:ECT)?|UBJECT|SUBJET)\s*:\s*)+", re.I)
_WRAPPED_HYPHEN = re.compile(r"(?<=\w-)\s*\n\s*(?=\w)")  # `THE US-` / `LATIN AMERICAN`: one word


def parse_classified_by(raw: str) -> ClassifiedBy:
    """`Classified By: Ambassador James F. Jeffrey for reason 1.4 (b, d)`."""
    text = one_line(raw)
    body = _CLASSIFIED_BY.sub("", text)
    who = _WHO_END.split(body, maxsplit=1)[0]
    who = _FOR_PER.sub("", who).strip(" ,;.:") or None
    if who and _REASON.match(who):
        who = None
    reasons: list[str] = []
    for m in _REASON.finditer(body):
        number = "".join(m.group(0)[:4].split())[:3].replace("/", ".")
        for letter in _REASON_LETTER.findall(m.group(0)[3:] + " "):
            reason = f"{number}({letter.lower()})"
            if reason not in reasons:
                reasons.append(reason)
    return ClassifiedBy(who=who, reasons=reasons, raw=text)


def find_classified_by(ref: str | None, paragraphs: list[Paragraph]) -> ClassifiedBy | None:
    """A `Classified by` line outside the preamble's fields: run into the REF line, or opening one
    of the first paragraphs (`1. (U) Classified by Ambassador Marcelle M. Wahba for reasons 1.5 (B)
    and (D).`)."""
    glued = _CLASSIFIED_BY_IN.search(ref) if ref else None
    if glued:
        return parse_classified_by(ref[glued.start():])  # type: ignore[index]
    for paragraph in paragraphs[:3]:
        if paragraph.text[:1] in "Cc(Dd" and _CLASSIFIED_BY.match(paragraph.text):
            return parse_classified_by(paragraph.text)
    return None


def clean_subject(raw: str) -> str:
    """Subject text joined across line breaks, without the `SUBJECT:` label."""
    text = _SUBJECT_LABEL.sub("", raw.strip())
    return one_line(_WRAPPED_HYPHEN.sub("", text) if "-\n" in text or "- \n" in text else text)
