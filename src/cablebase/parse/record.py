"""Assemble a Cable from a RawCable by running every field extractor."""

from __future__ import annotations

import re
from datetime import datetime
from functools import lru_cache

from ..errors import ParseError
from ..model import Cable, Section, Source
from ..vocab.ids import canonical_id, post_names, split_id, year_from_name
from ..vocab.levels import normalise_level
from .addressees import parse_addressees
from .banner import find_banner
from .clean import clean_lines, clean_text, count_redactions
from .content import find_action_request, find_comments, find_summary
from .paragraphs import leading_marking, split_paragraphs
from .preamble import (captions_in, clean_subject, find_classified_by, is_caption_line, parse_classified_by,
                       parse_eo, split_preamble)
from .raw import RawCable
from .references import parse_references
from .routing import iso_minute, parse_dtg, parse_header
from .signature import minimize_considered, split_signers
from .tags import parse_tags

_CREATED_FORMATS = ("%Y-%m-%d %H:%M", "%m/%d/%Y %H:%M", "%a %b %d %H:%M:%S %z %Y", "%Y-%m-%dT%H:%M:%SZ",
                    "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d")
_CLASS_CAPTIONS = {"NOFORN": "NOFORN", "FOR OFFICIAL USE ONLY": "FOUO", "FOUO": "FOUO", "NODIS": "NODIS",
                   "EXDIS": "EXDIS", "LIMDIS": "LIMDIS", "ORCON": "ORCON", "SIPDIS": "SIPDIS"}
_COMMON_WHEN = re.compile(r"(?P<m>\d{2})/(?P<d>\d{2})/(?P<y>\d{4}) (?P<H>\d{2}):(?P<M>\d{2})$|"
                          r"(?P<y2>\d{4})-(?P<m2>\d{2})-(?P<d2>\d{2}) (?P<H2>\d{2}):(?P<M2>\d{2})$", re.ASCII)
_FM_POST = re.compile(r"^(AMEMBASSY|AMCONSUL|USMISSION|AMEMB)\s+(.+)$")


def build_cable(raw: RawCable, year: int | None = None) -> Cable:
    """Run the extractors over one raw cable. When the record has no date of its own, its year is
    `year`, else the one its file name gives (`05ALMATY2058.txt`), else unknown."""
    warnings = list(raw.notes)
    lines = clean_lines(raw.body)
    body = "\n".join(lines)
    header_text = clean_text(raw.header)
    banner = find_banner(lines)
    pre = split_preamble(lines, banner.line_index + 1 if banner else 0)
    if raw.format == "text" and banner is None and not ({"tags", "subject"} & pre.fields.keys()):
        raise ParseError("no cable structure found (no classification banner, no TAGS or SUBJECT line)")

    # Identity: metadata first, then the banner; the year from metadata, else the caller's.
    meta_id = split_id(raw.reference_id) if raw.reference_id else None
    if raw.reference_id and not meta_id:
        warnings.append(f"metadata reference id {raw.reference_id!r} is not a cable id")
    created = _parse_when(raw.created)
    if raw.created and created is None:
        warnings.append(f"unreadable creation date {raw.created!r}")
    header = parse_header(header_text)
    dtg = parse_dtg(header_text) or parse_dtg(raw.partial_notice or "")
    if created and dtg and dtg[1].date() == created.date() and dtg[1].hour == created.hour:
        created = dtg[1]  # the pages print the 12-hour-clock hour where the minute belongs
    if meta_id:
        the_year, origin, serial = meta_id
    else:
        the_year = created.year if created else year if year is not None else year_from_name(raw.path or "")
        origin = banner.origin_code if banner else None
        serial = banner.serial if banner else None
    if banner and banner.origin_code and meta_id and (banner.origin_code, banner.serial) != (origin, serial):
        warnings.append(f"banner says {banner.origin_code} {banner.serial}, metadata says {origin} {serial}; "
                        "using metadata")
    reference_id = canonical_id(the_year, origin, serial) if origin and serial is not None else None

    level = normalise_level(raw.classification)
    if raw.classification and level is None:
        warnings.append(f"unknown classification {raw.classification!r}")
    if level and banner and banner.level != level:
        warnings.append(f"banner says {banner.level}, metadata says {level}; using metadata")
    classification = level or (banner.level if banner else None)
    classification_raw = raw.classification or (banner.raw.split()[0] if banner else None)

    captions: list[str] = list(banner.captions) if banner else []
    for suffix in (raw.classification or "").upper().split("//")[1:]:
        if suffix.strip() in _CLASS_CAPTIONS:
            captions.append(_CLASS_CAPTIONS[suffix.strip()])
    non_caption = []
    for line in pre.other:
        if is_caption_line(line):
            captions += captions_in(line)
        else:
            non_caption.append(line)

    glued = [pre.glued_text] if pre.glued_text else []
    text_lines, signers = split_signers(glued + lines[pre.end:])
    paragraphs = split_paragraphs(text_lines, banner.section[0] if banner and banner.section else None,
                                  offset=sum(map(len, lines[:pre.end])) + pre.end, skip=len(glued))

    fields = pre.fields
    subject = clean_subject(fields["subject"]) if "subject" in fields else ""
    subject_marking, skip = leading_marking(subject)
    return Cable(
        reference_id=reference_id, origin_code=origin, serial=serial, year=the_year,
        origin=raw.origin or _post_name(origin, header.from_ if header else None),
        created=_iso(created), released=_iso(_parse_when(raw.released)),
        classification=classification, classification_raw=classification_raw,
        captions=list(dict.fromkeys(captions)),
        section=Section(number=banner.section[0], of=banner.section[1]) if banner and banner.section else None,
        header=header, addressees=parse_addressees(non_caption),
        eo=parse_eo(fields["eo"]) if "eo" in fields else None,
        tags=parse_tags(fields["tags"], warnings) if "tags" in fields else [],
        subject=subject[skip:] or None, subject_marking=subject_marking,
        references=parse_references(fields["ref"], the_year, warnings) if "ref" in fields else [],
        classified_by=parse_classified_by(fields["classified_by"]) if "classified_by" in fields
        else find_classified_by(fields.get("ref"), paragraphs),
        paragraphs=paragraphs, summary=find_summary(paragraphs), comments=find_comments(paragraphs, body),
        action_request=find_action_request(paragraphs, body), signers=signers,
        minimize_considered=minimize_considered(body), redactions=count_redactions(body),
        partial=raw.partial_notice is not None, partial_notice=raw.partial_notice,
        entities=[], events=[],  # the analysis' fields, given: pydantic deep-copies a list default it fills in
        preamble="\n".join(lines[:pre.end]).strip("\n"), body=body,
        source=Source(format=raw.format, path=raw.path, record=raw.record, sha256=raw.sha256),  # type: ignore
        warnings=warnings,
    )


@lru_cache(maxsize=4096)  # release dates repeat over thousands of pages (a datetime is immutable: shared)
def _parse_when(text: str | None) -> datetime | None:
    if not text:
        return None
    m = _COMMON_WHEN.match(text.strip())  # the dumps' two forms, read without strptime's overhead
    if m:
        g = m.groupdict()
        try:
            return datetime(int(g["y"] or g["y2"]), int(g["m"] or g["m2"]), int(g["d"] or g["d2"]),
                            int(g["H"] or g["H2"]), int(g["M"] or g["M2"]))
        except ValueError:
            return None
    for fmt in _CREATED_FORMATS:
        try:
            value = datetime.strptime(text.strip(), fmt)
        except ValueError:
            continue
        return value.replace(tzinfo=None)
    return None


def _iso(value: datetime | None) -> str | None:
    return iso_minute(value) if value else None


def _post_name(origin: str | None, from_line: str | None) -> str | None:
    if origin and origin in post_names():
        return post_names()[origin]
    m = _FM_POST.match(from_line or "")
    if m:
        kind = "Consulate" if m.group(1) == "AMCONSUL" else "Mission" if m.group(1) == "USMISSION" else "Embassy"
        return f"{kind} {m.group(2).title()}"
    return None
