"""The long tail of real cables (#24): page breaks, markings, posts and aliases, TAGS, subjects,
signers and summaries, each tested with the fragments that taught the rule, plus property tests
for the two grammars (markings, glued TAGS codes).

Fragments marked `cablemap` come from the offline test suite of cablemap, the earlier Python
parser of the Cablegate cables, used under its BSD licence:

    Copyright (c) 2011 - 2015 -- Lars Heuer - <heuer[at]semagia.com>
    All rights reserved.

    Redistribution and use in source and binary forms, with or without modification, are permitted
    provided that the following conditions are met:
      * Redistributions of source code must retain the above copyright notice, this list of
        conditions and the following disclaimer.
      * Redistributions in binary form must reproduce the above copyright notice, this list of
        conditions and the following disclaimer in the documentation and/or other materials
        provided with the distribution.
      * Neither the project name nor the names of the contributors may be used to endorse or
        promote products derived from this software without specific prior written permission.

    THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS OR
    IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF MERCHANTABILITY AND
    FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR
    CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL
    DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES; LOSS OF USE,
    DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON ANY THEORY OF LIABILITY,
    WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY
    WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.

The others are from the dev corpus (public-domain US government works), named by cable id.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cablebase.parse import parse_file, parse_text
from cablebase.parse.clean import clean_lines
from cablebase.parse.references import parse_references
from cablebase.parse.tags import parse_tags
from cablebase.vocab.ids import is_post, origin_code
from cablebase.vocab.markings import marking_level, normalise_marking
from cablebase.vocab.tags import split_glued, tag_dictionary

CORPUS = Path(os.environ.get("CABLEBASE_CORPUS", Path(__file__).parents[3] / "shared" / "corpus"))


def cable(fragment: str, year: int | None = None):
    """A fragment under a bare banner, as the peer cases give it: still a cable to parse."""
    return parse_text("UNCLASSIFIED\n\n" + fragment, year=year)


# -- page breaks --------------------------------------------------------------------------------

def test_page_breaks_leave_no_trace_in_the_fields_of_00HARARE6677():
    (record,) = parse_file(CORPUS / "cablegate-txt" / "00HARARE6677.txt")
    assert record.subject == "ASSISTANT SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER"
    assert not re.search(r"PAGE \d\d +HARARE", record.body)
    assert all(not a.startswith("---") for a in record.header.info)
    assert "A COALITION GOVERNMENT" in record.paragraphs[3].text  # the paragraph split by the page is one
    # sections 2 and 3 open with their routing block, banner and the preamble again, glued into the text
    assert not re.search(r"ACTION AF-00|LOG-00|SECTION 0[23] OF 03|E\.O\. 12958", record.body)
    assert "IF IT WAITS THAT LONG, THERE WILL BE \u201cNOTHING TO VOTE FOR\u201d" in record.paragraphs[4].text


def test_a_printout_routing_block_opening_a_bare_record_is_its_header():
    # 00HARARE6677 without the dump's metadata lines: the printout's page head, distribution list
    # and FM/TO/INFO lines open the text; they are the routing header, not the start of the body
    dump = (CORPUS / "cablegate-txt" / "00HARARE6677.txt").read_text()
    printout = dump[dump.index("\n\n"):]
    record = parse_text(printout, year=2000)
    assert record.body.startswith("Wednesday, 29 November 2000, 13:59\nC O N F I D E N T I A L SECTION 01 OF 03")
    assert "ACTION AF-00" not in record.body and "LOG-00" not in record.body
    assert (record.header.from_, record.header.to) == ("AMEMBASSY HARARE", ["SECSTATE WASHDC"])
    assert (record.reference_id, record.classification) == ("00HARARE6677", "CONFIDENTIAL")
    assert record.subject == "ASSISTANT SECRETARY MEETS WITH ZIMBABWE OPPOSITION LEADER"
    assert record.paragraphs[0].text.startswith("SUMMARY: ASSISTANT SECRETARY SUSAN E. RICE")


def test_a_page_break_inside_a_line_is_removed_and_the_text_goes_on():  # 09BRASILIA43
    lines = ["agencies understand that the BRASILIA 00000043 004 OF 004 full scope of the problem"]
    assert clean_lines("\n".join(lines)) == ["agencies understand that the full scope of the problem"]


@pytest.mark.parametrize("fragment, tags", [  # cablemap
    ("E.O. 12958: DECL: X1, X5 \nTAGS: PREL, ETRD, ETTC, PARM, IT                          SECRET       PAGE 02"
     "        ROME  03067  211833Z \nSUBJECT: ITALY ON LIBYA: RABTA GATHERS STEAM ",
     ["PREL", "ETRD", "ETTC", "PARM", "IT"]),
])
def test_page_breaks_are_not_tags(fragment, tags):
    assert [t.code for t in cable(fragment).tags] == tags


def test_page_breaks_are_not_references():  # cablemap
    record = cable("SUBJECT: AS PREDICTED, ITALY'S HUMAN RIGHTS REPORT GENERATES FODDER FOR DOMESTIC POLITICAL "
                   "MILLS REF: A. STATE 40721 CONFIDENTIAL PAGE 02 ROME 01196 01 OF 02 082030Z B. ROME 1098 "
                   "C. ROME 894 E. ROME 348 CLASSIFIED BY: POL", 2002)
    assert [r.id for r in record.references] == ["02STATE40721", "02ROME1098", "02ROME894", "02ROME348"]


# -- markings -----------------------------------------------------------------------------------

@pytest.mark.parametrize("printed, marking, level", [  # as real cables print them
    ("SBU/REL NATO", "SBU/REL NATO", "UNCLASSIFIED"), ("S//FGI//NF", "S//FGI//NF", "SECRET"),
    ("C NF", "C NF", "CONFIDENTIAL"), ("SNF", "SNF", "SECRET"), ("s / nf", "S/NF", "SECRET"),
    ("S//Rel NATO, ISAF", "S//REL NATO, ISAF", "SECRET"), ("S/Rel to Ukraine", "S/REL TO UKRAINE", "SECRET"),
    ("TS//SI//NF", "TS//SI//NF", "TOP SECRET"), ("U//FOUO", "U//FOUO", "UNCLASSIFIED"),
])
def test_markings_are_read_with_their_level(printed, marking, level):
    assert normalise_marking(printed) == marking and marking_level(marking) == level


@pytest.mark.parametrize("text", ["a", "Both", "C and D", "USA", "see above"])
def test_what_is_not_a_marking(text):
    assert normalise_marking(text) is None


def test_a_paragraph_opened_by_any_marking_is_its_own_paragraph():  # 08STATE103511
    record = cable("SUBJECT: FAINA\n\n1. (U) This is an action request.\n\n"
                   "2. (S/Rel to Ukraine) For Embassy Kyiv, please approach.\n\n3. (C NF) Background.\n\n"
                   "4. (SNF) More.\n\n5. (S//FGI//NF) Still more.\n")
    assert [(p.number, p.marking, p.level) for p in record.paragraphs] == [
        (1, "U", "UNCLASSIFIED"), (2, "S/REL TO UKRAINE", "SECRET"), (3, "C NF", "CONFIDENTIAL"),
        (4, "SNF", "SECRET"), (5, "S//FGI//NF", "SECRET")]


_LEVELS = {"TS": "TOP SECRET", "S": "SECRET", "C": "CONFIDENTIAL", "U": "UNCLASSIFIED", "SBU": "UNCLASSIFIED"}
_CONTROLS = st.sampled_from(["NF", "NOFORN", "FGI", "ORCON", "REL TO USA, GBR", "REL NATO", "FOUO"])


@given(st.sampled_from(sorted(_LEVELS)), st.lists(st.tuples(st.sampled_from(["/", "//", "-", " "]), _CONTROLS),
                                                  max_size=3), st.booleans())
def test_marking_grammar_reads_every_composition(level, controls, lower):
    printed = level + "".join(sep + control for sep, control in controls)
    printed = printed.lower() if lower else printed
    marking = normalise_marking(printed)
    assert marking is not None and marking_level(marking) == _LEVELS[level]
    assert normalise_marking(marking) == marking  # idempotent
    record = cable(f"SUBJECT: X\n\n1. (U) One.\n\n2. ({printed}) Two.\n")
    assert [p.number for p in record.paragraphs] == [1, 2] and record.paragraphs[1].text == "Two."


# -- posts and references -------------------------------------------------------------------------

@pytest.mark.parametrize("name, code", [
    ("THE HAGUE", "THEHAGUE"), ("HAGUE", "THEHAGUE"), ("RIO", "RIODEJANEIRO"), ("RIO DE JAN", "RIODEJANEIRO"),
    ("TEL AVIV", "TELAVIV"), ("CASA", "CASABLANCA"), ("UNVIE", "UNVIEVIENNA"), ("USUNESCO PARIS FR", "UNESCOPARISFR"),
    ("PARIS FR", "UNESCOPARISFR"), ("EMBASSY VIENNA", "VIENNA"), ("TALLIN", "TALLINN"), ("SECSTATE", "STATE"),
    ("MEXICO CITY", "MEXICO"), ("USUN", "USUNNEWYORK"), ("IRPO DUBAI", "RPODUBAI"),
])
def test_post_aliases_map_to_the_code_cablegate_uses(name, code):
    assert origin_code(name) == code and is_post(code)


@pytest.mark.parametrize("line, year, ids", [  # cablemap, and dev cables where named
    ("REF: (A) USUNESCO PARIS FR 000087, (B) USUNESCO PARIS FR 00187", 2010, ["10UNESCOPARISFR87", "10UNESCOPARISFR187"]),
    ("REF: A. 08 HAGUE 468 B. 07 HAGUE 714", 2009, ["08THEHAGUE468", "07THEHAGUE714"]),
    ("REF: TEL AVIV 1086", 2007, ["07TELAVIV1086"]),  # 07TELAVIV1114
    ("REF: A) TALLINN 366 B) LEE-GOLDSTEIN EMAIL 05/11/07 \nB) TALLINN 347", 2007,
     ["07TALLINN366", None, "07TALLINN347"]),
    ("REF: 09CAIRO0561; 08CAIRO2528", 2010, ["09CAIRO561", "08CAIRO2528"]),
    ("REF: 10-OTTAWA-57", 2010, ["10OTTAWA57"]),
    ("REF: (99) ROME 2196", 2001, ["99ROME2196"]),
    ("REF: STATE: 73097", 2002, ["02STATE73097"]),
    ("Refs:  A) Kabul 936/935; B) 06 Kabul 5353/5194", 2007,
     ["07KABUL936", "07KABUL935", "06KABUL5353", "06KABUL5194"]),
    ("REF: A. SECSTATE 51937 B. AMMAN 5049-01", 2002, ["02STATE51937", "01AMMAN5049"]),
    ("Ref: 870 Ulaanbaatar", 2006, ["06ULAANBAATAR870"]),
    ("REF: A. ST. PETERSBURG 75 B. MOSCOW 510", 2007, ["07STPETERSBURG75", "07MOSCOW510"]),
    ("REF: A. REF A HAVANA 639 B. B HAVANA 772", 2010, ["10HAVANA639", "10HAVANA772"]),
    ("Ref: A Montreal 365, B Ottawa 406, C 05 Ottawa 2970 This message is Sensitive but Unclassified", 2006,
     ["06MONTREAL365", "06OTTAWA406", "05OTTAWA2970"]),
    ("REF: 05 SANTIAG0 465", 2006, ["05SANTIAGO465"]),
])
def test_references_resolve_to_cablegate_ids(line, year, ids):
    assert [r.id for r in parse_references(line, year)] == ids


def test_a_near_miss_post_is_corrected_and_an_unknown_one_flagged():
    warnings: list[str] = []
    refs = parse_references("REF: A. STOCKHOLM 1498 B. BISHTEK 1194 C. USDEL 00007 D. 09 XXXXXXXXXXXX 167", 2005,
                            warnings)
    assert [r.id for r in refs] == ["05STOCKHOLM1498", "05BISHKEK1194", "05USDEL7", None]
    assert warnings == ["reference 'BISHTEK 1194': post BISHTEK read as BISHKEK",
                        "reference 'USDEL 00007': unknown post USDEL"]  # the withheld post is no post's name


def test_a_reference_cut_by_a_blank_line_is_one_reference():  # cablemap; 05MADRID4026
    record = cable("REFS: A) STATE (01) 201265, B) STATE (01) 213042,C) \n \nSTATE 02034 \n", 2002)
    assert [(r.letter, r.id) for r in record.references] == [("A", "01STATE201265"), ("B", "01STATE213042"),
                                                             ("C", "02STATE2034")]


# -- TAGS -----------------------------------------------------------------------------------------

@pytest.mark.parametrize("line, codes", [  # cablemap
    ("TAS: ECON, ETRD, IS, JO", ["ECON", "ETRD", "IS", "JO"]),
    ("TABS: EFIS, ECON, EPET, VE, NS", ["EFIS", "ECON", "EPET", "VE", "NS"]),
    ("TAGES:  OIIP, KPAO, PREL, JO", ["OIIP", "KPAO", "PREL", "JO"]),
    ("TAGS;  PGOV, TU", ["PGOV", "TU"]),
    ("TAGS, ASEC, APER, AMGT, PE", ["ASEC", "APER", "AMGT", "PE"]),
    ("TAGS: KCRM KWMN ASEC PHUMBA", ["KCRM", "KWMN", "ASEC", "PHUM", "BA"]),
    ("TAGS: ETRDEINVECINPGOVCS", ["ETRD", "EINV", "ECIN", "PGOV", "CS"]),
    ("TAGS: KFLU AEMR ASEC AMEDCASCKFLO TBIO\nPINR, AMGT", ["KFLU", "AEMR", "ASEC", "AMED", "CASC", "KFLO", "TBIO",
                                                            "PINR", "AMGT"]),
    ("TAGS PHUM, OPRC, OPRC, IT, ITPHUM, ITPHUM, HUMAN RIGHTS", ["PHUM", "OPRC", "IT", "HUMAN RIGHTS"]),
    ("TAGS: IS GAZA DISENGAGEMENT ISRAELI PALESTINIAN AFFAIRS", ["IS", "GAZA DISENGAGEMENT",
                                                                 "ISRAELI PALESTINIAN AFFAIRS"]),
    ("TAGS PGOV, PREL, KWBG, COUNTERTERRORISM, GOI EXTERNAL", ["PGOV", "PREL", "KWBG", "COUNTERTERRORISM",
                                                              "GOI EXTERNAL"]),
    ("TAGS: TU BO MD PHUM KJUS TIP IN TURKEY", ["TU", "BO", "MD", "PHUM", "KJUS", "TIP IN TURKEY"]),
    ("TAGS: PREL PGOV BR OVIP ZOELLICK ROBERT US", ["PREL", "PGOV", "BR", "OVIP", "ZOELLICK, ROBERT", "US"]),
    ("TAGS: something\nhere", ["SOMETHING"]), ("TAGS: something, \nhere", ["SOMETHING", "HERE"]),
    ("TAGS: OREP AMGT KU COUNTRY\nCLEARANCE", ["OREP", "AMGT", "KU", "COUNTRY CLEARANCE"]),
])
def test_tags_as_the_cable_meant_them(line, codes):
    assert [t.code for t in parse_tags(line)] == codes


def test_a_misspelt_tags_label_inside_a_line():  # cablemap
    assert [t.code for t in cable("DECL: 08/22/2017 AGS: PGOV, PREL, ECON, SOCI, AR").tags] == [
        "PGOV", "PREL", "ECON", "SOCI", "AR"]


_SUBJECT_CODES = sorted(c for c, (kind, _) in tag_dictionary().items() if kind == "subject" and len(c) == 4
                        and c.isalpha())
_COUNTRIES = sorted(c for c, (kind, _) in tag_dictionary().items() if kind == "country" and c.isalpha())


@settings(max_examples=200)
@given(st.lists(st.sampled_from(_SUBJECT_CODES), min_size=1, max_size=4),
       st.lists(st.sampled_from(_COUNTRIES), max_size=2))
def test_glued_codes_split_into_known_codes(subjects, countries):
    token = "".join(subjects + countries)
    pieces = split_glued(token)
    if len(token) < 5:
        return
    assert pieces is not None and "".join(pieces) == token  # some split into known codes, nothing lost
    assert all(p in tag_dictionary() for p in pieces)
    assert len(pieces) <= len(subjects) + len(countries)  # never more pieces than were glued


@given(st.sampled_from(["HUMAN", "MEDIA", "ECONOMIC", "REACTION", "ISRAELI", "COUNTERTERRORISM", "ELECTIONS"]))
def test_words_are_not_split_into_codes(word):
    assert split_glued(word) is None


# -- subjects, signers, summaries ---------------------------------------------------------------------

@pytest.mark.parametrize("fragment, subject", [  # cablemap
    ("SUBJECT: ZIM NOTES 11-09-2009 \n----------- \n1. SUMMARY\n----------- \n", "ZIM NOTES 11-09-2009"),
    ("TAGS ENRG, SW\nSUBJECT: SWEDISH DEPUTY PM URGES SENIOR USG VISITS\nTO SWEDEN\nThis is an Action request. "
     "Please see para 2.\n", "SWEDISH DEPUTY PM URGES SENIOR USG VISITS TO SWEDEN"),
    ("TAGS: EAIR EINV\nSUBJECT: BRAZIL - NEXT STEPS FOR VARIG UNCLEAR REFS: (A) BRASILIA 1608\n\n1. (SBU) Summary.\n",
     "BRAZIL - NEXT STEPS FOR VARIG UNCLEAR"),
    ("TAGS: PGOV BA\nUBJECT: BAHRAIN WILL FORMALLY REQUEST QATAR REF: A. A) MANAMA 20 \n",
     "BAHRAIN WILL FORMALLY REQUEST QATAR"),
    ("TAGS: PHUM UNHRC\nSUBJECT: HRC: SPECIAL SESSION ON PALESTINE \\\n \\\nREF: A. A) BERN 1253",
     "HRC: SPECIAL SESSION ON PALESTINE"),
    ("TAGS: KPAO\nSUBJECT: MEDIA REACTION THE US- \nLATIN AMERICAN RELATIONSHIP\n", "MEDIA REACTION THE US-LATIN "
                                                                                  "AMERICAN RELATIONSHIP"),
    ("TAGS: KPAO\nSUBJECT: RUSSIAN SCIEN...\nC O N F I D E N T I A L MOSCOW 001704 SIPDIS STATE FOR EUR/RUS\n",
     "RUSSIAN SCIEN..."),
])
def test_subjects_end_where_they_end(fragment, subject):
    assert cable(fragment).subject == subject


@pytest.mark.parametrize("fragment, signers", [  # cablemap
    ("4. AMBASSADOR KIM WILL ATTEMPT CALL PARK IN NEW YORK\nAT OPENING OF BUSINESS, IF HE STILL\n"
     "APPEARS TO BE WAVERING.\nSTEIGMAN\nCONFIDENTIAL\n", ["STEIGMAN"]),
    ("7. COMMENT:  THE PIPELINE AND OVER A\nBILLION DOLLARS IN OUTSTANDING DEBT--MIGHT BE IN\nJEOPARDY.\n\n"
     "STRAUSZ-HUPE\n", ["STRAUSZ-HUPE"]),
    ("THERE ARE PRESENTLY REPRESENTATIVES OF ONLY THREE AMERICAN NEWS MEDIA RESIDENT IN BEIRUT\n"
     "LEAVING.\n\n\nBARTHOLOMEW\n", ["BARTHOLOMEW"]),
    ("WE EXPECT THE SHARP FIGHTING ALONG THE GREEN LINE TO CONTINUE.  END COMMENT.\n\nBARTHOLOMEW\n\n"
     "NOTE BY OC/T:  HEADING AS RECEIVED.  CORRECTION TO FOLLOW.\n", ["BARTHOLOMEW"]),
    ("IS THE KEY TO UGANDA'S ECONOMIC DEVELOPMENT AND POLITICAL EVOLUTION. END TEXT.\n\n"
     "4.  KAMPALA MINIMIZE CONSIDERED.\nUNQUOTE\n\nSHULTZ\n", ["SHULTZ"]),
    ("ARMED CLASH ON THE FRONTIER TWO KILOMETERS NORTH OF THE BORDER POST. END COMMENT.\n\n\nHORAN##\n", ["HORAN"]),
    ("some (not all) of this support will last only as long as the cash flows of the government.\n"
     "(Drafted: PAS: Victoria Alvarado.)\nSHAPIRO\n\n\nNNNN\n\n      2004CARACA01540 - UNCLASSIFIED", ["SHAPIRO"]),
    # no field and no numbered paragraph, lines of eight words at most: still text, not addressees
    ("BDG HAS ENDORSED INTERNATIONAL ANTI-TERRORISM\nCONVENTIONS.  BANGLADESH HAS SUPPORTED EFFORTS WITHIN\n"
     "THE SOUTH ASIAN ASSOCIATION FOR REGIONAL COOPERATION\nIS UNAVAILABLE AT POST.\n\n\nDE PREE\n", ["DE PREE"]),
])
def test_signers_of_old_cables(fragment, signers):
    assert cable(fragment).signers == signers


@pytest.mark.parametrize("fragment, summary", [  # cablemap
    ("REF: TEHRAN 4887\n\nSUMMARY: FOLLOWING ASSASSINATION [...].\nEND SUMMARY\n\n1. IN WAKE ",
     "FOLLOWING ASSASSINATION [...]."),
    ("Classified By: Political M-C George Glass for reasons 1.4\n(b,d).\n\n1. (C) German FM Westerwelle told "
     "[...]. END SUMMARY.", "German FM Westerwelle told [...]."),
    ("OF 002   \n\n1.  Summary: (SBU) Japanese [...]. End Summary \n\n2. ", "Japanese [...]."),
    ("Summary =======\n\n1. (C) Bla bla. End Summary", "Bla bla."),
    ("SUBJECT: X\n\n------- SUMMARY -------\n\n1. (C) Bla bla. End Summary\n\n2. (C) More.", "Bla bla."),
])
def test_summaries_in_every_form(fragment, summary):
    assert " ".join((cable(fragment).summary or "").split()) == summary


def test_tags_line_ending_in_a_comma_then_a_blank_line():
    """Found by test_field_parsers_total: the line after a blank one was looked up as the end of a
    keyword wrapped over the break, from the blank line's last word (there is none)."""
    from cablebase.parse.tags import parse_tags
    assert [t.code for t in parse_tags('TAGS: PGOV,\n\nPHUM')] == ["PGOV", "PHUM"]
