"""The reference record parses to exactly what the brief says."""

from __future__ import annotations

import pytest

from cablebase.parse import parse_file
from cablebase.model import Cable


@pytest.fixture(scope="module")
def seed(seed_path) -> Cable:
    results = list(parse_file(seed_path))
    assert len(results) == 1 and isinstance(results[0], Cable), results
    return results[0]


def test_identity(seed):
    assert seed.reference_id == "05ALMATY2058"  # year from the file name
    assert (seed.origin_code, seed.serial, seed.year) == ("ALMATY", 2058, 2005)
    assert seed.classification == "UNCLASSIFIED"
    assert seed.source.format == "text"


def test_captions_addressees_eo(seed):
    assert {"SIPDIS", "SENSITIVE"} <= set(seed.captions)
    assert [(a.office, a.name) for a in seed.addressees] == [
        ("EUR/CACEN", "JMUDGE"), ("DRL/PHD", "CKUCHTA-HELBLING"), ("DRL/IRF", "NHEWETT")]
    assert seed.addressees[0].raw == "EUR/CACEN (JMUDGE)"
    assert seed.eo.order == "12958" and seed.eo.declassify == "N/A"


def test_tags(seed):
    assert [t.code for t in seed.tags] == ["PGOV", "PHUM", "FAID", "KZ", "POLITICAL"]
    decoded = {t.code: t for t in seed.tags}
    assert decoded["KZ"].kind == "country" and decoded["KZ"].description == "Kazakhstan"
    assert decoded["PGOV"].kind == "subject" and decoded["PGOV"].description
    assert decoded["PHUM"].description == "Human rights"
    assert decoded["FAID"].known and decoded["FAID"].description
    assert decoded["POLITICAL"].known is False and decoded["POLITICAL"].kind == "unknown"


def test_subject_and_references(seed):
    assert seed.subject == "KAZAKHSTAN: WORRISOME NATIONAL SECURITY, NGO LEGISLATION MOVING FORWARD"
    assert [(r.letter, r.kind, r.id) for r in seed.references] == [
        ("A", "cable", "05ALMATY1854"), ("B", "cable", "05ALMATY1838"), ("C", "cable", "05STATE92206")]


def test_paragraphs(seed):
    assert [p.number for p in seed.paragraphs] == [1, 2, 3, 4, 4, 5, 6, 7, 8]
    assert [p.marking for p in seed.paragraphs] == ["U", "SBU", "SBU", "SBU", "SBU", "SBU", "SBU", "SBU", "U"]
    headings = {i: p.heading for i, p in enumerate(seed.paragraphs) if p.heading}
    assert headings == {2: "National Security Amendments to Face Senate Vote",
                        4: "NGO Legislation on Track for June 8 Vote in Mazhilis",
                        6: "Actions to Date"}
    assert "June 16" in seed.paragraphs[2].text
    assert seed.paragraphs[7].text.startswith("Action request: Post requests")


def test_summary_action_request_signature(seed):
    assert seed.summary.startswith("Troubling legislation is progressing rapidly")
    assert seed.summary.endswith("with the Kazakhstani ambassador.")
    assert seed.action_request.paragraph == 7
    assert len(seed.action_request.points) == 7
    assert seed.action_request.points[0].startswith("The U.S. believes that this draft NGO legislation")
    assert seed.action_request.points[-1].startswith("Stability and NGOs building")
    assert seed.signers == ["ASQUINO"]
    assert seed.minimize_considered == ["DUSHANBE"]


def test_clean_body(seed):
    assert seed.partial is True
    assert "\u00b6" not in seed.body
    assert "[PGOV]" not in seed.body and "(#)" not in seed.body
    assert not seed.body.rstrip().endswith("NNNN")
    assert seed.redactions == 0
    assert "Bulat Utemuratov, also chair of the Security Council" in seed.paragraphs[5].text
