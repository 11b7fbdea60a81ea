"""Paragraphs, headings, summaries and comments on excerpts of real cables (named in comments)."""

from __future__ import annotations

import pytest

from cablebase.parse.content import find_action_request, find_comments, find_summary
from cablebase.parse import parse_text
from cablebase.parse.paragraphs import split_paragraphs


def _paragraphs(text: str):
    return split_paragraphs(text.split("\n"))


def test_heading_under_a_frame_wrapped_by_the_dump():
    # 04OTTAWA3115: the dump wraps 47-dash frames after 45 characters, leaving `--` after a space
    frame = "--------------------------------------------- --"
    text = (f"4. (C) PM Martin may raise this with you privately.\n\n{frame}\n"
            f"A Modest but Effective Agenda on Global Affairs\n{frame}\n\n5. (C) Canada has long prided itself.")
    paragraphs = _paragraphs(text)
    assert [(p.number, p.heading) for p in paragraphs] == [
        (4, None), (5, "A Modest but Effective Agenda on Global Affairs")]
    assert paragraphs[0].text == "PM Martin may raise this with you privately."


def test_spaced_dashes_frame_a_heading():
    # 07LAPAZ2385
    paragraphs = _paragraphs("- - - -\nSummary\n- - - -\n\n1. (C) Although the Morales government states it "
                             "wants good relations. End summary.\n\n2. (C) Next.")
    assert paragraphs[0].heading == "Summary"
    assert find_summary(paragraphs) == "Although the Morales government states it wants good relations."


def test_a_doubled_period_still_numbers_a_paragraph():
    # 05PARIS4760: `3.. (SBU)`
    paragraphs = _paragraphs("1. (C) One.\n\n2. (C) Two.\n\n3.. (SBU) All elections within Europe have an EU "
                             "dimension.\n\n4. (C) Four.")
    assert [(p.number, p.marking) for p in paragraphs] == [(1, "C"), (2, "C"), (3, "SBU"), (4, "C")]


@pytest.mark.parametrize("text, summary", [
    ("1. (C) Introduction and summary: During a December 29 meeting, Musharraf was frank. End introduction "
     "and summary.\n\n2. (C) More.", "During a December 29 meeting, Musharraf was frank."),  # 07ISLAMABAD31
    ("1. (S) SUMMARY & COMMENT: Netherlands Ambassador Ron Strikker met Pol/Mil Counselor Scott McGehee. "
     "END SUMMARY.\n\n2. (S) More.", "Netherlands Ambassador Ron Strikker met Pol/Mil Counselor Scott McGehee."),
    ("1. C) Summary: Although key figures insist that elections must be held. End Summary.\n\n2. (C) More.",
     "Although key figures insist that elections must be held."),  # 09ABIDJAN406: the `(` lost
    ("1. (C) Summary/Introduction. The devastating setback has restored to respectability. End "
     "Summary/Introduction.\n\n2. (C) More.", "The devastating setback has restored to respectability."),
    ("1. COUNTRY TEAM. MESSAGE\n\nBEGIN SUMMARY\n\nGENERAL AZIMI ASKS THAT WE TAKE ANOTHER LOOK. END SUMMARY.\n\n"
     "2. MORE.", "GENERAL AZIMI ASKS THAT WE TAKE ANOTHER LOOK."),  # 72TEHRAN1164
])
def test_summary_openings(text, summary):
    assert find_summary(_paragraphs(text)) == summary


def test_a_comment_passage_and_its_paragraph_count_once():
    # 08LAPAZ2458: `Comment` framed by dashes, its paragraph closing with `End comment.`
    body = ("1. (U) Llorenti spoke.\n\n- - - -\nComment\n- - - -\n\n2. (C) Morales is already campaigning hard "
            "for both the\nconstitution and his re-election. End comment.")
    assert find_comments(_paragraphs(body), body) == [
        "Morales is already campaigning hard for both the constitution and his re-election."]


def test_an_action_pointer_names_a_paragraph_that_asks():
    # 08STOCKHOLM51: `See action requests at para 8.`; a pointer to a paragraph that asks nothing is not trusted
    body = ("1. (C) Summary: Ahlin asked for legal points. See action requests at para 2. End Summary.\n\n"
            "2. (C) We request assistance to respond to Ahlin's two requests:\n-- points on Kosovo;\n-- points on "
            "Afghanistan.")
    found = find_action_request(_paragraphs(body), body)
    assert (found.paragraph, found.points) == (2, ["points on Kosovo;", "points on Afghanistan."])
    elsewhere = "1. (U) This is an action request; see para 2.\n\n2. (C) Saif acknowledged he was disconnected."
    assert find_action_request(_paragraphs(elsewhere), elsewhere) is None


def test_a_ref_line_glued_to_the_subject():
    # 08LONDON1991 (a quirk the corpus README names): `...AS UK PRIMEREF: A. LONDON 1939 B. LONDON 1704`
    text = ("C O N F I D E N T I A L LONDON 001991\n\nSIPDIS\n\nE.O. 12958: DECL: 07/31/2018\nTAGS: PREL PGOV UK\n"
            "SUBJECT: (C/NF) WHO WOULD REPLACE GORDON BROWN AS UK PRIMEREF: A. LONDON 1939 B. LONDON 1704\n\n"
            "1. (C/NF) Summary: Labour is restive. End Summary.")
    cable = parse_text(text, year=2008)
    assert (cable.subject_marking, cable.subject) == ("C/NF", "WHO WOULD REPLACE GORDON BROWN AS UK PRIME")
    assert [(r.letter, r.id) for r in cable.references] == [("A", "08LONDON1939"), ("B", "08LONDON1704")]


def test_release_markings_are_read_and_kept_readable():
    # 10USNATO52: `(C/REL GERMANY)` is longer than the other markings; 2. is printed twice
    paragraphs = _paragraphs("1. (SBU) This is a request for guidance.\n\n2. (C) SUMMARY: Brandenburg demarched. "
                             "END SUMMARY\n\n2. (C/REL GERMANY) On February 3, Brandenburg demarched.\n\n"
                             "3. (C/REL Germany) He said so.\n\n4. (S / REL NATO) And 5. (C/REL TO UN) too.")
    assert [(p.number, p.marking) for p in paragraphs] == [
        (1, "SBU"), (2, "C"), (2, "C/REL GERMANY"), (3, "C/REL GERMANY"), (4, "S/REL NATO")]
    assert paragraphs[2].text == "On February 3, Brandenburg demarched."


@pytest.mark.parametrize("subject_line, subject, marking", [
    # 08ABUJA320, 08STATE15220 (lower case), 09STATE11937; 10LONDON131's bracket is no marking
    ("SUBJECT: (S/NF) NIGERIA: KANO BUSINESSMAN ALLEGES YAR'ADUA CORRUPTION", "NIGERIA: KANO BUSINESSMAN ALLEGES "
     "YAR'ADUA CORRUPTION", "S/NF"),
    ("SUBJECT: (s) further scheming by german firm", "further scheming by german firm", "S"),
    ("SUBJECT: (U) Secretary Clinton's February 5, 2009 expanded\nmeeting", "Secretary Clinton's February 5, "
     "2009 expanded meeting", "U"),
    ("SUBJECT: [SOURCE REMOVED] TARGETED BY IRANIAN REGIME", "[SOURCE REMOVED] TARGETED BY IRANIAN REGIME", None),
    ("SUBJECT: (PRE) ELECTION NOTES", "(PRE) ELECTION NOTES", None),  # not a marking: kept in the subject
])
def test_the_subject_s_marking_is_split_off(subject_line, subject, marking):
    cable = parse_text(f"S E C R E T LONDON 000131\n\nSIPDIS\n\nE.O. 12958: DECL: 01/01/2020\nTAGS: PREL\n"
                       f"{subject_line}\n\n1. (S) Text.", year=2010)
    assert (cable.subject, cable.subject_marking) == (subject, marking)


def test_a_numbered_line_under_a_heading_frame_opens_a_paragraph_in_any_order():
    # 08RIODEJANEIRO171 prints paragraphs 4, 6, 5; the 5 stands under a framed heading
    text = ("4. Salvador's mayoral race marks the likely return of legacy politics.\n\n"
            "Plans for Private Ethanol Pipeline Challenge Petrobras Monopoly\n --------\n\n"
            "6. Cosan SA will spend 1.6 billion reais to build an ethanol pipeline.\n\n"
            "Brazil Plans to Enrich Own Uranium by 2014\n-------\n\n"
            "5. At the Annual Symposium the Ministry predicted that Brazil will process its own uranium.\n\n"
            "1. Out of order in running text: not a paragraph.")
    paragraphs = split_paragraphs(text.split("\n"), section=2)  # an excerpt: a later section
    assert [(p.number, p.heading) for p in paragraphs] == [
        (4, None), (6, "Plans for Private Ethanol Pipeline Challenge Petrobras Monopoly"),
        (5, "Brazil Plans to Enrich Own Uranium by 2014")]
    assert paragraphs[1].text == "Cosan SA will spend 1.6 billion reais to build an ethanol pipeline."
    assert paragraphs[2].text.endswith("own uranium.\n\n1. Out of order in running text: not a paragraph.")


def test_a_request_that_points_at_paragraphs_takes_its_points_from_them():
    # 10STATE9124: `Please see paragraphs 2-5`, the pointer in the sentence after `action request`;
    # 09STATE15113: `see Para. 13`, a paragraph without a list: its sentences (an initial ends none)
    body = ("1. (U) This is an action request.  Please see\nparagraphs 2-3.\n\n2. (C) Department requests posts "
            "to draw on the narrative.  End Summary.\n\n3. (S) FOR ALL POSTS: Please draw on narrative to:\n\n"
            "-- Highlight U.S. efforts;\n\n-- Seek enhanced cooperation.\n\n4. (C) The results have been "
            "disappointing.")
    found = find_action_request(_paragraphs(body), body)
    assert (found.paragraph, found.points) == (2, ["Department requests posts to draw on the narrative.",
                                                   "Highlight U.S. efforts;", "Seek enhanced cooperation."])
    single = ("1. (U) This is an action request; see Para. 2.\n\n2. (U) ACTION REQUEST: Posts are requested to "
              "report by March 20, 2009.  Please send replies to Sharri R. Clark in S/CT.")
    found = find_action_request(_paragraphs(single), single)
    assert found.points == ["Posts are requested to report by March 20, 2009.",
                            "Please send replies to Sharri R. Clark in S/CT."]
    assert found.deadline == "March 20, 2009"
    words = "1. (U) This cable is an action request. Please see paragraph two.\n\n2. (C) Please deliver the points."
    assert find_action_request(_paragraphs(words), words).points == ["Please deliver the points."]


def test_a_long_request_is_cut_at_a_sentence_or_word_end():
    from cablebase.spans import excerpt

    text = "Please approach the MFA to assure the Brazilians. " * 3 + "WE THEREFORE REQUEST GUIDANCE NOW"
    assert excerpt(text, 1000) == " ".join(text.split())
    cut = excerpt(text, 120)  # two sentences fit: the cut falls after the second
    assert cut == "Please approach the MFA to assure the Brazilians. " * 2 + "\u2026"
    words = excerpt("x" * 10 + " WE THEREFORE REQUEST GUIDANCE NOW", 25)
    assert words == "xxxxxxxxxx WE THEREFORE\u2026"  # never 'WE T'
