"""The vocabularies every layer shares (ids, posts and their aliases, levels, markings, tags): the
package's own tables, no corpus needed."""

from __future__ import annotations

import pytest

from cablebase.vocab.ids import (canonical_id, full_year, is_post, nearest_post, normalise_id, origin_code,
                                 post_renames, split_id, year_from_name)
from cablebase.vocab.levels import normalise_level
from cablebase.vocab.markings import marking_level, normalise_marking
from cablebase.vocab.tags import decode_tag, split_glued


def test_ids():
    assert canonical_id(2005, "ALMATY", 2058) == "05ALMATY2058"
    assert canonical_id(2005, "SECSTATE", 92206) == "05STATE92206"
    assert canonical_id(None, "ALMATY", 1) is None
    assert canonical_id(2009, "Rio de Janeiro", 329) == "09RIODEJANEIRO329"
    for printed in ("05ALMATY002058", "05almaty2058", " 05Almaty02058 ", "05ALMATY2058"):
        assert normalise_id(printed) == "05ALMATY2058"
    assert split_id("05almaty002058") == (2005, "ALMATY", 2058)
    assert split_id("hello") is None and normalise_id("ALMATY2058") is None
    assert (full_year(87), full_year(5)) == (1987, 2005)  # cables run from the 1960s to 2010
    assert year_from_name("/inputs/87STATE1.txt") == 1987 and year_from_name("notes.txt") is None


def test_posts_aliases_and_typos():
    assert [origin_code(name) for name in ("SECSTATE", "THE HAGUE", "Embassy Vienna", "RIO", "Nowhere Land")] == [
        "STATE", "THEHAGUE", "VIENNA", "RIODEJANEIRO", "NOWHERELAND"]  # unknown names are kept, without spaces
    assert is_post("ALMATY") and not is_post("NOWHERELAND")
    assert (nearest_post("BISHTEK"), nearest_post("COLOMOBO")) == ("BISHKEK", "COLOMBO")
    assert nearest_post("ALMATY") is None and nearest_post("ABC") is None  # known; too short to guess
    assert post_renames()["BOMBAY"] == "MUMBAI"


@pytest.mark.parametrize("raw, level", [
    ("SECRET//NOFORN", "SECRET"), ("UNCLASSIFIED//FOR OFFICIAL USE ONLY", "UNCLASSIFIED"),
    ("CONFIDENTIAL//NOFORN", "CONFIDENTIAL"), ("TOP SECRET", "TOP SECRET"), ("bogus", None)])
def test_levels(raw, level):
    assert normalise_level(raw) == level


def test_markings():
    assert normalise_marking("s / nf") == "S/NF"
    assert normalise_marking("S//Rel NATO, ISAF") == "S//REL NATO, ISAF"
    assert normalise_marking("hello") is None
    assert [marking_level(m) for m in ("S//FGI//NF", "SBU/REL NATO", "SNF", None)] == [
        "SECRET", "UNCLASSIFIED", "SECRET", None]


def test_tags():
    known = decode_tag(" pgov ")
    assert (known.code, known.kind, known.known) == ("PGOV", "subject", True)
    typo = decode_tag("POGOV")
    assert (typo.known, typo.probably) == (False, "PGOV")  # a letter away from one known code
    assert split_glued("PHUMBA") == ("PHUM", "BA") and split_glued("HELLO") is None
