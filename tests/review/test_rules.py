"""Each format rule on a real cable that breaks it and one that keeps it (dev corpus, seed)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

import pytest

from cablebase.model import Cable
from cablebase.parse import parse_file, parse_text
from cablebase.review import RULES, review
from cablebase.review.rules import check



@lru_cache(maxsize=None)
def real(corpus: Path, reference_id: str) -> Cable:
    """A dev-corpus cable by id: the seed, its text file, or its release page."""
    if reference_id == "05ALMATY2058":
        path = corpus / "seed" / "05ALMATY2058.txt"
    elif (corpus / "cablegate-txt" / f"{reference_id}.txt").exists():
        path = corpus / "cablegate-txt" / f"{reference_id}.txt"
    else:
        path = next(corpus.glob(f"cablegate-html/*/*/{reference_id}.html"))
    cable = next(iter(parse_file(path)))
    assert isinstance(cable, Cable), cable
    return cable


def edited(corpus: Path, reference_id: str, pattern: str, replacement: str) -> Cable:
    """A real cable's text file with one line changed, for the rules no dev cable breaks."""
    path = corpus / ("seed" if reference_id == "05ALMATY2058" else "cablegate-txt") / f"{reference_id}.txt"
    text, count = re.subn(pattern, replacement, path.read_text(encoding="utf-8"), count=1, flags=re.M)
    assert count == 1, pattern
    return parse_text(text, path=str(path))


# rule id -> (the cable that breaks it, the cable that keeps it). A string is a dev cable as it is;
# a tuple is a real cable with one line edited (no dev cable breaks these rules).
CASES = {
    "banner-missing": (("05ALMATY2058", r"^UNCLAS ALMATY 002058$", ""), "05ALMATY2058"),
    "banner-disagrees": ("07PARIS2725", "05MADRID171"),
    "marking-missing": ("05MADRID171", "05ANKARA1730"),
    "marking-partial": ("04MADRID2164", "05ALMATY2058"),
    "marking-above-banner": ("08BERLIN1387", "05MADRID171"),
    "banner-above-markings": ("05ANKARA3199", "05ANKARA1730"),
    "noforn-caption": ("07KAMPALA1848", "04OTTAWA3115"),
    "subject-missing": ("02BRASILIA4227", "05ALMATY2058"),
    "tags-missing": ("09STOCKHOLM194", "05ALMATY2058"),
    "tag-unknown": ("05ALMATY2058", "05MADRID171"),
    "eo-missing": ("09BERLIN1626", "05ALMATY2058"),
    "eo-order-unknown": ("09PARIS559", "05ALMATY2058"),
    "declassify-missing": (("09DOHA214", r"^E\.O\. 12958: DECL: .*$", "E.O. 12958: N/A"), "09DOHA214"),
    "declassify-unreadable": ("09BEIJING1336", "05MADRID171"),
    "declassify-unclassified": ("66BUENOSAIRES2481", "05ALMATY2058"),
    "declassify-before-date": (("09DOHA214", r"^E\.O\. 12958: DECL: .*$", "E.O. 12958: DECL: 01/01/2008"),
                               "09DOHA214"),
    "declassify-late": ("09RIYADH651", "05MADRID171"),
    "classified-by-missing": ("08LONDON2556", "05MADRID171"),
    "classified-by-reason": ("05ANKARA1730", "05MADRID171"),
    "classified-by-unclassified": ("10MEXICO614", "05ALMATY2058"),
    "ref-unrecognised": ("05PARIS7527", "05ALMATY2058"),
    "ref-letters": ("08ALGIERS198", "05ALMATY2058"),
    # the seed's request with its points taken out (every dev request now yields points: #28 reads
    # them from the paragraphs a request points at, or from its sentences)
    "action-points": (("05ALMATY2058", r"^17\. \(SBU\) Action request:[\s\S]*?(?=^\S*18\.)",
                       "17. (SBU) Action request.\n\n"), "05ALMATY2058"),
    "paragraph-numbering": ("05ALMATY2058", "05MADRID171"),
    "text-empty": ("09DUSHANBE575", "05ALMATY2058"),
}


def _cable(corpus: Path, case) -> Cable:
    return edited(corpus, *case) if isinstance(case, tuple) else real(corpus, case)


def test_every_rule_has_a_case():
    assert sorted(CASES) == sorted(rule.id for rule in RULES)


@pytest.mark.parametrize("rule", [rule.id for rule in RULES])
def test_rule_on_real_cables(corpus, rule):
    breaks, keeps = (_cable(corpus, case) for case in CASES[rule])
    assert rule in {f.rule for f in check(breaks)}
    assert rule not in {f.rule for f in check(keeps)}


def test_the_seed_has_no_error(corpus):
    findings = check(real(corpus, "05ALMATY2058"))
    assert [f for f in findings if f.severity == "error"] == []
    assert {f.rule for f in findings} == {"tag-unknown", "paragraph-numbering"}  # POLITICAL; a repeated 4.


def test_finding_says_where_and_what_to_do(corpus):
    checked = review(real(corpus, "05MADRID171"))
    (finding,) = [f for p in checked.paragraphs for f in p.findings if f.rule == "marking-missing"]
    assert finding.where == "paragraph 1"
    assert finding.severity == "error" and "(C)" in finding.advice
    assert checked.paragraphs[0].findings == [finding]
    assert checked.errors >= 1


def test_a_draft_as_written(tmp_path):
    """Plain text with no id and no metadata: the banner, the preamble and the paragraphs are read."""
    draft = ("CONFIDENTIAL\n\nE.O. 13526: DECL: 06/01/2035\nTAGS: PGOV PREL KZ\n"
             "SUBJECT: KAZAKHSTAN: A DRAFT\n\nREF: A. ALMATY 1854 B. STATE 12345\n\n"
             "Classified By: Ambassador John Ordway for reasons 1.4 (b) and (d)\n\n"
             "1. (C) Summary: the first paragraph.\n\n2. (S) A paragraph marked above the banner.\n\n"
             "3. A paragraph left unmarked.\n")
    findings = {(f.rule, f.where) for f in check(parse_text(draft))}
    assert findings == {("marking-above-banner", "paragraph 2"), ("marking-missing", "paragraph 3")}


def test_docs_list_every_rule_as_the_table_says():
    docs = (Path(__file__).resolve().parents[2] / "docs" / "review.md").read_text(encoding="utf-8")
    for rule in RULES:
        assert f"| `{rule.id}` | {rule.severity} | {rule.checks} |" in docs, rule.id
