"""Every real cable parses, in every form it is given, to the same record; metadata wins."""

from __future__ import annotations

import csv
import re
from collections import Counter
from datetime import datetime

import pytest

from cablebase.model import Cable
from cablebase.parse import ParseError, parse_file

IGNORED = {"source", "warnings", "partial", "partial_notice", "released"}


@pytest.fixture(scope="module")
def parsed(corpus):
    """reference id -> {format: Cable} for the HTML pages, the CSV rows and the text files."""
    files = sorted(corpus.glob("cablegate-html/*/*/*.html")) + [corpus / "cables-dev.csv"] + sorted(
        corpus.glob("cablegate-txt/*.txt"))
    out: dict[str, dict[str, Cable]] = {}
    errors: list[ParseError] = []
    for path in files:
        for result in parse_file(path):
            if isinstance(result, ParseError):
                errors.append(result)
            else:
                out.setdefault(result.reference_id, {})[result.source.format] = result
    assert errors == []
    return out


@pytest.fixture(scope="module")
def csv_rows(corpus):
    with open(corpus / "cables-dev.csv", encoding="utf-8", newline="") as fh:
        return {row[2]: row for row in csv.reader(fh)}


def test_every_form_parses(parsed):
    counts = Counter(fmt for forms in parsed.values() for fmt in forms)
    assert counts == {"html": 944, "csv": 944, "txt": 40}
    assert len(parsed) == 944


def test_metadata_is_kept(parsed, csv_rows):
    for ref_id, forms in parsed.items():
        row = csv_rows[ref_id]
        for cable in forms.values():
            assert cable.reference_id == ref_id
            assert cable.origin == row[3]
            assert cable.classification_raw == row[4]
            assert cable.classification == row[4].split("//")[0]
            created = datetime.strptime(row[1], "%m/%d/%Y %H:%M")
            assert cable.created == created.strftime("%Y-%m-%dT%H:%M:00Z"), (ref_id, cable.source.format)


def test_time_of_day_comes_from_the_date_time_group(parsed):
    cable = parsed["66BUENOSAIRES2481"]["html"]  # the page prints 18:06 for 281848Z
    assert cable.created == "1966-12-28T18:48:00Z"
    assert cable.header.dtg == "281848Z DEC 66"


def test_same_record_from_every_form(parsed):
    compared = 0
    for forms in parsed.values():
        dumps = {fmt: {k: v for k, v in c.to_json_dict().items() if k not in IGNORED} for fmt, c in forms.items()}
        first = dumps.pop("csv")
        for other in dumps.values():
            assert other == first
            compared += 1
    assert compared == 944 + 40


def test_released_and_partial_come_from_the_page(parsed):
    page = parsed["05MADRID171"]["html"]
    assert page.released == "2010-12-07T12:12:00Z"
    assert page.partial and page.partial_notice.startswith("This record is a partial extract")
    assert sum(forms["html"].partial for forms in parsed.values()) == 67


def test_metadata_wins_and_warns(parsed):
    cable = parsed["88BAGHDAD28"]["csv"]  # the body is a 2004 STATE cable
    assert cable.reference_id == "88BAGHDAD28" and cable.classification == "CONFIDENTIAL"
    assert any("metadata" in w for w in cable.warnings)


def test_counts_by_year_and_level(parsed):
    years = Counter(forms["csv"].year for forms in parsed.values())
    assert years[2009] == 409 and years[2010] == 149 and years[2008] == 161 and years[1966] == 1
    levels = Counter(forms["csv"].classification for forms in parsed.values())
    assert levels == {"CONFIDENTIAL": 504, "SECRET": 359, "UNCLASSIFIED": 81}


def test_no_anchor_left_and_fields_found(parsed):
    cables = [forms["csv"] for forms in parsed.values()]
    assert not any("\u00b6" in c.body for c in cables)
    assert sum(c.subject is not None for c in cables) >= 930
    assert sum(bool(c.tags) for c in cables) >= 940
    assert sum(c.eo is not None for c in cables) >= 935
    assert sum(bool(c.paragraphs) for c in cables) >= 935
    classified = [c for c in cables if c.classification != "UNCLASSIFIED"]
    assert sum(c.classified_by is not None for c in classified) >= len(classified) - 12  # 17 missed before
    assert all(re.fullmatch(r"\d{2}[A-Z]+\d+", c.reference_id) for c in cables)


def test_signers_found_where_the_text_ends(parsed):
    """A whole cable or its last section ends with its signer: found for nearly all of them (the rest:
    truncated texts, a signer in lower case, a stray date or fragment after it). Before the web-site
    trailers, closing classification lines and plain-case names were read, 289 of these 363."""
    ends = [forms["csv"] for forms in parsed.values()
            if not (forms["csv"].section and forms["csv"].section.number < forms["csv"].section.of)]
    assert len(ends) == 363
    assert sum(bool(c.signers) for c in ends) >= 350
    signers = {s for c in ends for s in c.signers}
    assert not {s for s in signers if "XXX" in s or "MINIMIZE" in s.upper() or "/" in s}
    assert {"LEBARON", "LeBaron", "JEFFREY", "Stapleton", "PATTERSON", "STEPHENS", "SHANNON"} <= signers
