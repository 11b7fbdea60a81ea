"""Field extractors on real lines picked from the corpus, awkward ones included."""

from __future__ import annotations

import pytest

from cablebase.model import Paragraph
from cablebase.parse.banner import parse_banner
from cablebase.parse.addressees import parse_addressees
from cablebase.parse.preamble import clean_subject, find_classified_by, parse_classified_by, parse_eo
from cablebase.parse.references import parse_references
from cablebase.parse.routing import parse_header
from cablebase.parse.signature import minimize_considered, split_signers
from cablebase.parse.tags import parse_tags


@pytest.mark.parametrize("line, year, expected", [
    ("REF: A) Almaty 1854, B) Almaty 1838, C) State 92206", 2005,
     [("A", "05ALMATY1854"), ("B", "05ALMATY1838"), ("C", "05STATE92206")]),
    ("REF: A. A) 04 STATE 274965\nB. B) MADRID 156", 2005, [("A", "04STATE274965"), ("B", "05MADRID156")]),
    ("REF: A. CARACAS 26  B. LA PAZ 806", 2009, [("A", "09CARACAS26"), ("B", "09LAPAZ806")]),
    ("REF: RIO DE JANEIRO 329; RIO DE JANEIRO 404; RIO DE JANEIRO 353 RIO DE JANEIRO 311", 2009,
     [(None, "09RIODEJANEIRO329"), (None, "09RIODEJANEIRO404"), (None, "09RIODEJANEIRO353"),
      (None, "09RIODEJANEIRO311")]),
    ("REF: BRASILIA 2799 AND 2764", 2008, [(None, "08BRASILIA2799"), (None, "08BRASILIA2764")]),
    ("REF: A. 09 SANAA 720", 2010, [("A", "09SANAA720")]),
    ("REF: A. SECSTATE 15113       B. DOHA 152 (08)      C. DOHA 75 (08)", 2009,
     [("A", "09STATE15113"), ("B", "08DOHA152"), ("C", "08DOHA75")]),
    ("REF: REFTEL KABUL 02245", 2009, [(None, "09KABUL2245")]),
    ("REF: A. 09DHAHRAN 201  B. 09RIYADH 1302", 2010, [("A", "09DHAHRAN201"), ("B", "09RIYADH1302")]),
    ("REF: REF (A) MADRID 3785 (B) MADRID 3566 (C) SECSTATE", 2005,
     [("A", "05MADRID3785"), ("B", "05MADRID3566"), ("C", None)]),
    ("REF: ISLAMABAD 399", None, [(None, None)]),
    ("REF: A. ASHGABAT687 B. ASHGABAT733", 2009, [("A", "09ASHGABAT687"), ("B", "09ASHGABAT733")]),  # 09STATE63812
    ("REF: a) 08 STATE 134386 b) ROME 451", 2009, [("A", "08STATE134386"), ("B", "09ROME451")]),  # 09ROME97
    ("REF: 08 BRASILIA 1159 (U) THIS CABLE IS SENSITIVE BUT UNCLASSIFIED AND NOT FOR INTERNET DISTRIBUTION.", 2009,
     [(None, "08BRASILIA1159")]),  # 09BRASILIA1460: the handling note is not a reference
    ("REF: Frankfurt 002808\nSensitive but unclassified; not for Internet Distribution.", 2009,
     [(None, "09FRANKFURT2808")]),  # 09BERLIN1636
])
def test_cable_references(line, year, expected):
    assert [(r.letter, r.id) for r in parse_references(line, year)] == expected


@pytest.mark.parametrize("line, kinds", [
    ("REF: A. BEYRLE-BURNS FEBRUARY 18 E-MAIL\nB. MOSCOW 357", ["email", "cable"]),
    ("REF: POUNDS-HALE E-MAIL OF 9/5", ["email"]),
    ("REF: A) MADRID 3552 B) BRUSSELS 4080 C) SAINZ E-MAIL", ["cable", "cable", "email"]),
    ("REF: IIR 6906012405", ["report"]),
    ("REF: 9 FAM 41.81", ["document"]),
    ("REF: IMSWM-0028-2010", ["other"]),
    ("REF: A. NEW DELHI 10 B. FBI //1314/01907/366/0013//", ["cable", "other"]),
    ("REF: OCTOBER 12 DVC TELCON", ["telcon"]),
    ("REF: A. TD-314/65216-07 B. OSC EUP20090329950015 C. MADRID 347", ["report", "report", "cable"]),
    ("REF: NONE", []),
])
def test_reference_kinds(line, kinds):
    assert [r.kind for r in parse_references(line, 2009)] == kinds


def test_reference_keeps_raw_and_parts():
    ref = parse_references("REF: A. 09 SANAA 720", 2010)[0]
    assert (ref.raw, ref.origin_code, ref.serial, ref.year) == ("09 SANAA 720", "SANAA", 720, 2009)


@pytest.mark.parametrize("line, codes", [
    ("TAGS: PREL MARR SP", ["PREL", "MARR", "SP"]),
    ("TAGS PREL, PGOV, AF", ["PREL", "PGOV", "AF"]),
    ("Tags: prel, pgov, pins, tu", ["PREL", "PGOV", "PINS", "TU"]),
    ("TAGS: PTER PGOV PREL PARM EAID MOPS IR IS AF PK SY LE SA\nQA, AE",
     ["PTER", "PGOV", "PREL", "PARM", "EAID", "MOPS", "IR", "IS", "AF", "PK", "SY", "LE", "SA", "QA", "AE"]),
    ("TAGS: PGOV PREL KZ NAZARBAYEV, NURSULTAN", ["PGOV", "PREL", "KZ", "NAZARBAYEV, NURSULTAN"]),
    ("TAGS: OVIP CLINTON HILLARY PREL KPAL FR", ["OVIP", "CLINTON, HILLARY", "PREL", "KPAL", "FR"]),  # 09STATE11937
    ("TAGS: PINR PREL PTER YE COUNTER TERRORISM", ["PINR", "PREL", "PTER", "YE", "COUNTER TERRORISM"]),
    # a surname then a given name, no comma: a person (peer cases); ordinary words stay a keyword
    ("TAGS: PREL STEINBERG JAMES B. PGOV", ["PREL", "STEINBERG, JAMES B", "PGOV"]),
    ("TAGS: KJUS NOVO GUILLERMO CU", ["KJUS", "NOVO, GUILLERMO", "CU"]),
    ("TAGS: PREL ISRAELI PALESTINIAN AFFAIRS WATER GRANT", ["PREL", "ISRAELI PALESTINIAN AFFAIRS", "WATER GRANT"]),
    ("TAGS PREL, PGOV, PGOF PINL, EUN", ["PREL", "PGOV", "PGOF", "PINL", "EUN"]),  # unknown codes stay codes
    ("TAGS: OVIP (CLINTON, HILLARY) PREL", ["CLINTON, HILLARY", "OVIP", "PREL"]),
    ("TAGS: [PGOV](#) [KZ](#)", ["PGOV", "KZ"]),
])
def test_tags(line, codes):
    from cablebase.parse.clean import clean_text
    assert [t.code for t in parse_tags(clean_text(line))] == codes


def test_tag_kinds():
    tags = {t.code: t for t in parse_tags("TAGS: PREL KNNP NATO TU NAZARBAYEV, NURSULTAN COUNTER")}
    assert tags["PREL"].kind == "subject" and tags["PREL"].description == "External political relations"
    assert tags["KNNP"].kind == "program"
    assert tags["NATO"].kind == "organization" and tags["NATO"].description == "North Atlantic Treaty Organization"
    assert tags["TU"].description == "Turkey"
    assert tags["NAZARBAYEV, NURSULTAN"].kind == "person"
    assert tags["COUNTER"].known is False


def test_near_miss_tags_are_read_as_the_known_code_a_letter_away():
    # typed so in dev cables (09LONDON2222, 09BAGHDAD3195, 09BEIRUT818): the one known code a letter
    # away, when there is exactly one, with the printed form said in a warning
    warnings: list[str] = []
    tags = parse_tags("TAGS: POGOV PREL PECON PGOV MOPPS KZ POLITICAL EFIN IRAJ", warnings)
    assert [t.code for t in tags] == ["PGOV", "PREL", "ECON", "MOPS", "KZ", "POLITICAL", "EFIN", "IRAJ"]
    assert warnings == ["TAGS: POGOV read as PGOV (one letter away)", "TAGS: PECON read as ECON (one letter away)",
                        "TAGS: MOPPS read as MOPS (one letter away)"]
    assert [t.printed for t in tags] == ["POGOV", None, "PECON", "MOPPS", None, None, None, None]  # as printed
    assert tags[5].known is False and tags[5].probably is None  # a word, not a typo
    assert tags[-1].known is False and tags[-1].probably is None  # four letters: a letter away from too much


@pytest.mark.parametrize("raw, subject", [
    ("SUBJECT: SPAIN: SCENESETTER FOR SECRETARY RUMSFELD'S\nMEETING WITH DEFENSE MINISTER BONO",
     "SPAIN: SCENESETTER FOR SECRETARY RUMSFELD'S MEETING WITH DEFENSE MINISTER BONO"),
    ("SUBJECT: SUBJECT: AFGHANISTAN: A SNAPSHOT OF THE NORTHEAST", "AFGHANISTAN: A SNAPSHOT OF THE NORTHEAST"),
    ("SUBJ: BRAZIL DECLINES GUANTANAMO MIGRANTS", "BRAZIL DECLINES GUANTANAMO MIGRANTS"),
])
def test_subject(raw, subject):
    assert clean_subject(raw) == subject


@pytest.mark.parametrize("line, expected", [
    ("DEPARTMENT FOR EUR/CACEN (JMUDGE), DRL/PHD (CKUCHTA-HELBLING); DRL/IRF (NHEWETT)",
     [("DEPARTMENT", "EUR/CACEN", "JMUDGE"), ("DEPARTMENT", "DRL/PHD", "CKUCHTA-HELBLING"),
      ("DEPARTMENT", "DRL/IRF", "NHEWETT")]),
    ("STATE FOR EUR/WE, EUR/RPM AND WHA/AND", [("STATE", "EUR/WE", None), ("STATE", "EUR/RPM", None),
                                               ("STATE", "WHA/AND", None)]),
    ("DEFENSE FOR OSD/ISP (P. GRAFF)", [("DEFENSE", "OSD/ISP", "P. GRAFF")]),
    ("STATE PASS TO USAID FOR AID/ANE", [("USAID", "AID/ANE", None)]),  # State, pass to USAID, for AID/ANE
    ("STATE FOR EUR/SCE, NSC FOR HELGERSON", [("STATE", "EUR/SCE", None), ("NSC", None, "HELGERSON")]),
    # a person without an office (09ANKARA1725, 10WARSAW94); not offices, words, commands or posts passed to
    ("TREASURY FOR MKACZMAREK, BURDICK", [("TREASURY", None, "MKACZMAREK"), ("TREASURY", None, "BURDICK")]),
    ("DOJ FOR CRIMINAL, OASIA", [("DOJ", "CRIMINAL", None), ("DOJ", "OASIA", None)]),
    ("CENTCOM FOR CSTC-A, JICCENT", [("CENTCOM", "CSTC-A", None), ("CENTCOM", "JICCENT", None)]),
    ("DEFENSE FOR DEPSECDEF", [("DEFENSE", "DEPSECDEF", None)]),
    ("KINSHASA PLS PASS BRAZZAVILLE", [("KINSHASA PLS", "BRAZZAVILLE", None)]),
    ("DEPT FOR EAP/CM, AND H", [("DEPT", "EAP/CM", None), ("DEPT", "H", None)]),
    # names without parentheses after an office symbol (09SANAA1662, 09MADRID347, 07KABUL3800)
    ("DEPT FOR NEA/ARP AMACDONALD", [("DEPT", "NEA/ARP", "AMACDONALD")]),
    ("STATE FOR L/LEI FOR MARK KULISH, S/CT RHONDA SHORE", [("STATE", "L/LEI", "MARK KULISH"),
                                                             ("STATE", "S/CT", "RHONDA SHORE")]),
    ("STATE FOR SCA/FO DAS GASTRIGHT", [("STATE", "SCA/FO", "DAS GASTRIGHT")]),
    ("STATE FOR CA/EX FOR", [("STATE", "CA/EX FOR", None)]),  # not names: left as printed
    ("TREASURY FOR TREASURY/OFFICE OF TERRORISM", [("TREASURY", "TREASURY/OFFICE OF TERRORISM", None)]),
    ("STATE FOR EUR/WE FROM AMBASSADOR GUTMAN", [("STATE", "EUR/WE FROM AMBASSADOR GUTMAN", None)]),
    # people written out: initials, first names, titles, an office before them (06ABUJA1522, 09PARIS1614...)
    ("NSC FOR SENIOR AFRICA DIRECTOR B. PITTMAN", [("NSC", None, "SENIOR AFRICA DIRECTOR B. PITTMAN")]),
    ("AF/S FOR B. WALCH, D.FISK", [("AF/S", None, "B. WALCH"), ("AF/S", None, "D.FISK")]),
    ("EUR/WE FOR ELAINE SAMSON", [("EUR/WE", None, "ELAINE SAMSON")]),
    ("NSC FOR NSA HADLEY", [("NSC", None, "NSA HADLEY")]),
    ("DEPARTMENT FOR WHA A/S TOM SHANNON", [("DEPARTMENT", "WHA", "A/S TOM SHANNON")]),
    ("TREASURY FOR OFAC SZUBIN", [("TREASURY", "OFAC", "SZUBIN")]),
    ("STATE FOR S/CT - H. CRUMPTON, PM/WRA - STEPHANIE PICO", [("STATE", "S/CT", "H. CRUMPTON"),
                                                              ("STATE", "PM/WRA", "STEPHANIE PICO")]),
    ("INTERIOR FOR FWS: TOM RILEY", [("INTERIOR", "FWS", "TOM RILEY")]),
    ("NEW DELHI PASS TO FBI DIRECTOR MUELLER", [("NEW DELHI", "FBI", "DIRECTOR MUELLER")]),
    # several people in one pair of parentheses; several offices of one bureau
    ("DEPARTMENT FOR EUR/WE (ALEX MCKNIGHT, STACIE ZERDECKI), ODNI/NIC (JOHN REGAS)",
     [("DEPARTMENT", "EUR/WE", "ALEX MCKNIGHT"), ("DEPARTMENT", "EUR/WE", "STACIE ZERDECKI"),
      ("DEPARTMENT", "ODNI/NIC", "JOHN REGAS")]),
    ("DEPT FOR EUR (SCE, ACE, RPM)", [("DEPT", "EUR/SCE", None), ("DEPT", "EUR/ACE", None), ("DEPT", "EUR/RPM", None)]),
    # not people: offices, teams, places, a title alone, a sender
    ("STATE FOR PM ACTION TEAM, THE SECRETARY, DEPUTY SECRETARY", [
        ("STATE", "PM ACTION TEAM", None), ("STATE", "THE SECRETARY", None), ("STATE", "DEPUTY SECRETARY", None)]),
    ("ROME FOR VATICAN CITY", [("ROME", "VATICAN CITY", None)]),
    ("FBI FOR DIRECTOR MUELLER FROM AMBASSADOR BEYRLE", [("FBI", "DIRECTOR MUELLER FROM AMBASSADOR BEYRLE", None)]),
    ("CENTCOM FOR CG CJTF-82", [("CENTCOM", "CG CJTF-82", None)]),
    # names joined by slashes, no agency, a list going on past the line's end (09ASHGABAT1288,
    # 09ABUDHABI301, 08RIYADH1134)
    ("ENERGY FOR EKIMOFF/BURPOE/COHEN", [("ENERGY", None, "EKIMOFF"), ("ENERGY", None, "BURPOE"),
                                         ("ENERGY", None, "COHEN")]),
    ("FOR S, S/SRAP HOLBROOKE, AND S/SECC TODD STERN", [
        (None, "S", None), (None, "S/SRAP", "HOLBROOKE"), (None, "S/SECC", "TODD STERN")]),
    ("ALSO FOR NEA/ARP AND EEB/ESC/IEC/ENR (MONOSSON, SECOR, THOMPSON) AND", [
        (None, "NEA/ARP", None), (None, "EEB/ESC/IEC/ENR", "MONOSSON"), (None, "EEB/ESC/IEC/ENR", "SECOR"),
        (None, "EEB/ESC/IEC/ENR", "THOMPSON")]),
])
def test_addressees(line, expected):
    assert [(a.agency, a.office, a.name) for a in parse_addressees([line])] == expected


def test_an_addressee_list_going_on_the_next_line():
    found = parse_addressees(["DEPARTMENT PASS TO ISN/RA RMANGIELLO AND RNEPHEW, AND", "NEA/ARP BMCGRATH",
                              "SIPDIS"])
    assert [(a.agency, a.office, a.name) for a in found] == [
        ("DEPARTMENT", "ISN/RA", "RMANGIELLO"), ("DEPARTMENT", "RNEPHEW", None), ("DEPARTMENT", "NEA/ARP", "BMCGRATH")]


def test_an_addressee_as_one_line():
    first, second = parse_addressees(["STATE FOR EUR/CACEN (JMUDGE), NSC FOR HELGERSON"])
    assert (first.label, second.label) == ("STATE EUR/CACEN (JMUDGE)", "NSC (HELGERSON)")


@pytest.mark.parametrize("line, who, reasons", [
    ("Classified By: CHARGE D'AFFAIRS BOB MANZANARES; REASON 1.4 (B) AND (D)", "CHARGE D'AFFAIRS BOB MANZANARES",
     ["1.4(b)", "1.4(d)"]),
    ("Classified By: Ambassador James F. Jeffrey for reason 1.4 (b, d)", "Ambassador James F. Jeffrey",
     ["1.4(b)", "1.4(d)"]),
    ("Classified By: EconMinCouns Eric T. Schultz, Reasons 1.4 (b,d)", "EconMinCouns Eric T. Schultz",
     ["1.4(b)", "1.4(d)"]),
    ("Classified By: Political Minister Counselor Josiah Rosenblatt for reaso\nns 1.4 (b) and (d).",
     "Political Minister Counselor Josiah Rosenblatt for reaso ns", ["1.4(b)", "1.4(d)"]),
    ("CLASSIFIED BY: Joan Polaschik, Charge d'Affaires, U.S. Embassy Tripoli, Department of State. "
     "REASON: 1.4 (b), (d)", "Joan Polaschik, Charge d'Affaires, U.S. Embassy Tripoli, Department of State",
     ["1.4(b)", "1.4(d)"]),
    ("Classified By: Charge J. Robert Manzanares per 1.5 (b) and (d).", "Charge J. Robert Manzanares",
     ["1.5(b)", "1.5(d)"]),
    ("Classified By: Deputy Chief of Mission Phil Chicola.\nReasons 1.4 B and D", "Deputy Chief of Mission Phil Chicola",
     ["1.4(b)", "1.4(d)"]),
    ("Classified By: Ambassador William B. Wood for reasons 1.4 (b), (c), and (d).", "Ambassador William B. Wood",
     ["1.4(b)", "1.4(c)", "1.4(d)"]),  # the serial comma lost (d) in 17 dev cables
    ("Classified By: AMBASSADOR JOHN BEYRLE, REASONS 1.4 (B), (C), (D), AND ( F)", "AMBASSADOR JOHN BEYRLE",
     ["1.4(b)", "1.4(c)", "1.4(d)", "1.4(f)"]),
])
def test_classified_by(line, who, reasons):
    parsed = parse_classified_by(line)
    assert (parsed.who, parsed.reasons) == (who, reasons)


@pytest.mark.parametrize("ref, texts, who, reasons", [
    # 03ABUDHABI2641: the line is the first paragraph
    (None, ["Classified by Ambassador Marcelle M. Wahba for reasons 1.5 (B) and (D).", "MFA Minstate Hamdan..."],
     "Ambassador Marcelle M. Wahba", ["1.5(b)", "1.5(d)"]),
    # 08STATE103511: the second
    (None, ["This message is NIACT due to potential fast-breaking events.",
            "Classified by Acting DAS James Knight, Reasons 1.4 (b) and (d)."], "Acting DAS James Knight",
     ["1.4(b)", "1.4(d)"]),
    # 09STATE15113: run into the REF line, with `1/4` typed for 1.4
    ("STATE 6461  PLEASE PASS TO RSO, POLOFF, ECON, and MANAGEMENT (GSO and IT).  Classified by S/CT DAS, "
     "Susan F. Burk, Reason: 1/4 (B), (D), (E), and (G)", ["This is an action request; see Para. 13."],
     "S/CT DAS, Susan F. Burk", ["1.4(b)", "1.4(d)", "1.4(e)", "1.4(g)"]),
    # lower case, as some posts type it
    (None, ["derived by: Ambassador Jane Doe, reasons 1.4 (b) and (d)."], "Ambassador Jane Doe", ["1.4(b)", "1.4(d)"]),
    (None, ["The embassy was classified by the host government as hostile."], None, None),  # not an opening
])
def test_classified_by_outside_the_preamble(ref, texts, who, reasons):
    found = find_classified_by(ref, [Paragraph(text=text) for text in texts])
    if who is None:
        assert found is None
    else:
        assert (found.who, found.reasons) == (who, reasons)


@pytest.mark.parametrize("line, order, declassify", [
    ("E.O. 12958: DECL: 01/11/2015", "12958", "2015-01-11"),
    ("EO 12958 DECL: 11/29/10", "12958", "2010-11-29"),
    ("E.O. 12958: N/A", "12958", "N/A"),
    ("E.O. 12958: DECL: 2019/12/08", "12958", "2019-12-08"),
    ("E.O. 13526: DECL: 2035/01/07", "13526", "2035-01-07"),
    ("E.O. 12958: AS AMENDED; DECLASSIFIED JUNE 21, 2006", "12958", "AS AMENDED; DECLASSIFIED JUNE 21, 2006"),
    ("E.O. 12958: DECL: 2019-02-12", "12958", "2019-02-12"),  # 09DJIBOUTI113
    ("E.O. 12958: DECL: MR", "12958", "MR"),  # manual review (08STATE116943)
    ("E.O.12356: DECL:OADR", "12356", "OADR"),  # 89PANAMA8545
])
def test_executive_order(line, order, declassify):
    eo = parse_eo(line)
    assert (eo.order, eo.declassify) == (order, declassify)


@pytest.mark.parametrize("line, level, section, origin, serial", [
    ("C O N F I D E N T I A L SECTION 01 OF 03 ANKARA 001730", "CONFIDENTIAL", (1, 3), "ANKARA", 1730),
    ("UNCLAS ALMATY 002058", "UNCLASSIFIED", None, "ALMATY", 2058),
    ("S E C R E T SECTION 01 OF 03 BRASILIA 000634", "SECRET", (1, 3), "BRASILIA", 634),
    ("UNCLASSIFIED BUENOS AIRES 2481", "UNCLASSIFIED", None, "BUENOSAIRES", 2481),
    ("S e c r e t state 068250", "SECRET", None, "STATE", 68250),
    ("UNCLAS SECTION 01 OF 05 KABUL 003934", "UNCLASSIFIED", (1, 5), "KABUL", 3934),
    ("S E C R E T", "SECRET", None, None, None),
])
def test_banner(line, level, section, origin, serial):
    banner = parse_banner(line)
    assert (banner.level, banner.section, banner.origin_code, banner.serial) == (level, section, origin, serial)


def test_not_a_banner():
    assert parse_banner("SECRETARY CLINTON MET THE MINISTER") is None


def test_routing_header():
    header = parse_header("VZCZCXRO8844\nPP RUEHAG RUEHDF\nDE RUEHMD #0324 0381803\nZNR UUUUU ZZH\n"
                          "P 071803Z FEB 06\nFM AMEMBASSY MADRID\nTO RUEHC/SECSTATE WASHDC PRIORITY 8849\n"
                          "INFO RUCNMEM/EU MEMBER STATES COLLECTIVE PRIORITY\nRUEHBO/AMEMBASSY BOGOTA PRIORITY 4915")
    assert header.precedence == "PRIORITY" and header.dtg == "071803Z FEB 06"
    assert header.sent == "2006-02-07T18:03:00Z"
    assert header.from_ == "AMEMBASSY MADRID" and header.to == ["SECSTATE WASHDC"]
    assert header.info == ["EU MEMBER STATES COLLECTIVE", "AMEMBASSY BOGOTA"]
    old = parse_header("P R 281848Z DEC 66\nFM AMEMBASSY BUENOS AIRES\nTO SECSTATE WASHDC PRIORITY\nINFO USCINCSO\nCINCLANT")
    assert old.precedence == "PRIORITY" and old.sent == "1966-12-28T18:48:00Z" and old.info == ["USCINCSO", "CINCLANT"]
    printout = parse_header("R 261200Z JUN 09\nFM AMEMBASSY LONDON\nTO SECSTATE WASHDC 2479\nINFO LOG-00   EEB-00   AID-00   "
                            "AMAD-00  ACQ-00   CIAE-00  INL-00\nDODE-00  DOEE-00  DOTE-00\nFA-00    SWCI-00    /000W")
    assert printout.info == []  # 09LONDON860: the printout's distribution codes are not addressees


@pytest.mark.parametrize("ending, signers, last_text", [
    # real endings from the corpus (the cable in the comment)
    (["7. (U) Ambassador Holbrooke cleared this cable.",  # 09LONDON860: a web-site trailer between
      "Visit London\u2019s Classified Website: http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom",
      "LEBARON"], ["LEBARON"], "7. (U) Ambassador Holbrooke cleared this cable."),
    (["but the relationship has begun to sour.", "", "JEFFREY", "",  # 09ANKARA1472: its URL wrapped
      '           "Visit Ankara\'s Classified Web Site at http://www.intelink.s', 'gov.gov/wiki/Portal:Turkey"'],
     ["JEFFREY"], "but the relationship has begun to sour."),
    (["to clear this cable. Visit London\u2019s Classified Website: "  # 08LONDON1412: all on one line
      "http://www.intelink.sgov.gov/wiki/Portal:Unit ed_Kingdom TUTTLE"], ["TUTTLE"], "to clear this cable."),
    (["the North Korean people. XXXXXXXXXXX STEPHENS"], ["STEPHENS"],  # 10SEOUL248: after a redaction
     "the North Korean people. XXXXXXXXXXX"),
    (["by working closely with the U.S. PATTERSON", "SECRET"], ["PATTERSON"],  # 09ISLAMABAD2295
     "by working closely with the U.S."),
    (["international law.", "", "Aguirre"], ["Aguirre"], "international law."),  # 07MADRID101
    (["End Comment.", "Visit London\u2019s Classified Website: http://www.intelink.sgov.gov/wiki/Portal:Unit "
      "ed_Kingdom", "LeBaron"], ["LeBaron"], "End Comment."),  # 09LONDON1707
    (["Presidential Media Advisor Farahnaz Ispahani", "PATTERSON"], ["PATTERSON"],  # 10ISLAMABAD428: a list
     "Presidential Media Advisor Farahnaz Ispahani"),
    (["WHICH WOULD APPEAR MOST LIKELY TO SUCCEED.", "", "GP-3", "SACCIO"], ["SACCIO"],  # 66BUENOSAIRES2481
     "WHICH WOULD APPEAR MOST LIKELY TO SUCCEED."),
    (["Brazil.", "", "MINIMIZE CONSIDERED SHANNON"], ["SHANNON"], "Brazil.\n\nMINIMIZE CONSIDERED"),  # 10BRASILIA43
    (["a similar tack.", "", "MINIMIZED CONSIDERED", "", "AGUIRRE"], ["AGUIRRE"],  # 07MADRID1805
     "a similar tack.\n\nMINIMIZED CONSIDERED"),
    (["quality of reserve training.", "", "XXXXXXXXXXXX"], [], "quality of reserve training."),  # a redacted signer
    (["this message.", "", "MILOVANOVIC", "", "MILOVANOVIC"], ["MILOVANOVIC"], "this message."),  # 09BAMAKO776
    (["End comment.", "Leach", "T ONE ORDERED RELEASED ON..."], ["Leach"], "End comment."),  # 05PARIS1699
    (["we will see what comes next..."], [], "we will see what comes next..."),  # text, not a dump's fragment
    (["requests for cooperation.", "MANZANARES ."], ["MANZANARES"], "requests for cooperation."),  # 05MADRID541
    (["End Comment.", "SOBEL 2008-01-08"], ["SOBEL"], "End Comment."),  # 08BRASILIA43: a date after the name
    (["END COMMENT.", "", "SHANNON Shannon"], ["SHANNON"], "END COMMENT."),  # 10BRASILIA108
    (["to the ANA TF. END TEXT HEFFERN"], ["HEFFERN"], "to the ANA TF. END TEXT"),  # 10USNATO52
    (['compassion and humanity." END COMMENT', "curran"], ["CURRAN"],  # 10ASHGABAT245: in lower case
     'compassion and humanity." END COMMENT'),
    (["report results septel.", "", "********************************************* *",  # 08KUWAIT128
      "For more reporting from Embassy Kuwait, visit:", "http://www.state.sgov.gov/p/nea/kuwait/?cable s", "",
      "Visit Kuwait's Classified Website:", "http://www.state.sgov.gov/p/nea/kuwait/",
      "********************************************* *", "misenheimer"], ["MISENHEIMER"], "report results septel."),
    (["Best,", "", "Jeff", "clinton"], ["CLINTON"], "Best,\n\nJeff"),  # 09STATE63812: a letter quoted
    (["cleared this message.", "Huntsman", "huntsman"], ["HUNTSMAN"], "cleared this message."),  # 09BEIJING2964
    (["residents. END COMMENT.", "", "MCGEE", "  ", "", "SELECT * FROM `cable` WHERE `id` = '188474' ORDER BY "
      "`date` ASC"], ["MCGEE"], "residents. END COMMENT."),  # 09HARARE51: the web site's query left in
    (["in front. End comment.", "BROWNFIELD", "", "EPET @ EL P"], ["BROWNFIELD"], "in front. End comment."),
    (["the issues of the day were", "", "discussed"], [], "the issues of the day were\n\ndiscussed"),  # not a name
    (["6. (C) xxxxxxxxxxxx", "", "", "Lu"], ["Lu"], "6. (C) xxxxxxxxxxxx"),  # 09BAKU687: under a blank line
    (["aired in the Spanish media", "Aguirre"], [], "aired in the Spanish media\nAguirre"),  # 07MADRID545: wrapped?
    (["rings true for South Africa in 2009. LA LIME"], ["LA LIME"],  # 09PRETORIA954: two words, glued
     "rings true for South Africa in 2009."),
    (["THE MEETING WAS USEFUL. PLEASE ADVISE"], [], "THE MEETING WAS USEFUL. PLEASE ADVISE"),  # in capitals: text
])
def test_signers_at_real_endings(ending, signers, last_text):
    lines, found = split_signers(ending)
    assert found == signers
    assert "\n".join(lines).strip() == last_text


def test_a_date_or_dot_after_a_signers_name_is_cut_from_the_last_word_only():
    # (a pattern once cut them by backtracking over runs of spaces: bench/fuzz.py --target lines times that)
    assert split_signers(["text.", "A" + " " * 50 + "B"])[1] == ["A B"]
    assert split_signers(["text.", "SOBEL  2008-01-08"])[1] == ["SOBEL"]
    assert split_signers(["text.", "2008-01-08"])[1] == []  # a date alone is no name


def test_signers_and_minimize():
    lines, signers = split_signers(["text of the last para.", "", "MANZANARES", "", ""])
    assert signers == ["MANZANARES"] and lines == ["text of the last para."]
    _, none = split_signers(["10. (C) Comment continues.", "END COMMENT."])
    assert none == []
    assert minimize_considered("18. (U) Dushanbe minimize considered.") == ["DUSHANBE"]
    assert minimize_considered("BAGHDAD, KABUL MINIMIZE CONSIDERED") == ["BAGHDAD", "KABUL"]


def test_printout_page_markers_are_dropped_from_the_text():
    # 09KABUL1239-style printouts repeat `KABUL 00001239 001.6 OF 005` through the text
    from cablebase.parse.clean import clean_lines

    text = ("1. (C) The governor met the delegation.\nKABUL 00001239 001.6 OF 005\n\nHe said the road was open.\n"
            "KABUL 00001239  002  OF  012\n2. (C) Section 01 OF 03 is not a marker, nor is 1 of 005 here.")
    assert clean_lines(text) == ["1. (C) The governor met the delegation.", "", "He said the road was open.",
                                 "2. (C) Section 01 OF 03 is not a marker, nor is 1 of 005 here."]
