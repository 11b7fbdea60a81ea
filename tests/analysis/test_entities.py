"""People and organisations: the seed's required entities, merging, and scores on the labelled set."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cablebase.analysis import analyse
from cablebase.analysis.evaluate import score
from cablebase.model import Entity, Event
from cablebase.parse import parse_file, parse_text

GOLD = Path(__file__).parents[1] / "fixtures" / "entities_gold.json"


@pytest.fixture(scope="module")
def seed(seed_path):
    return analyse(next(iter(parse_file(seed_path))))


def names(cable, kind):
    return {e.name for e in cable.entities if e.kind == kind}


def test_seed_people(seed):
    people = {e.name: e for e in seed.entities if e.kind == "person"}
    for surname in ["Ordway", "Minikes", "Saudabayev"]:
        assert surname in people and "Ambassador" in people[surname].titles
    assert people["Adilbek Dzhaksybekov"].titles == ["Presidential Administration head"]
    assert people["Dariga Nazarbayeva"].titles == ["First Daughter and Asar leader"]
    assert people["Bulat Utemuratov"].titles == ["NKVD chairman"]
    kiselyov = people["Sergey Kiselyov"]
    assert "Kiselyov" in kiselyov.aliases and kiselyov.mentions == 3  # merged, not a second person
    assert "Kiselyov" not in people
    assert "of the pro-government Asar party" in kiselyov.titles


def test_seed_organisations(seed):
    orgs = {e.name: e for e in seed.entities if e.kind == "organization"}
    for name in ["Mazhilis", "Senate", "Presidential Administration", "Asar",
                 "Kazakhstan International Bureau for Human Rights", "Security Council", "OSCE Permanent Council",
                 "MFA", "Mazhilis Committee for Legislation and Judicial Reform"]:
        assert name in orgs, name
    nkvd = orgs["National Commission on Democratization and Civil Society"]
    assert nkvd.aliases == ["NKVD"] and "NKVD" not in orgs


def test_the_analysis_records_are_what_validating_them_gives(seed):
    """The analysis builds its records with `trusted` (no checks): each is the model that validating
    its values gives, with every field set; values that leave fields out get the defaults."""
    assert seed.entities and seed.events
    for record in [*seed.entities, *seed.events]:
        assert record == type(record).model_validate(record.model_dump())
        assert record.model_fields_set == set(type(record).model_fields)
    assert all(event.at is not None for event in seed.events)
    partial = Entity.trusted(kind="organization", name="OSCE", key="organization:osce")
    assert partial == Entity(kind="organization", name="OSCE", key="organization:osce") and partial.mentions == 0
    assert Event.trusted(precision="year", text="2009", sentence="In 2009.").date is None


def test_a_surname_with_initials_is_the_full_name_it_abbreviates(corpus):
    wanted = {"07PARIS921": ("Segolene Royal", "S. Royal"), "09RIYADH447": ("John Brennan", "J. Brennan")}
    for cable in parse_file(corpus / "cables-dev.csv"):
        if cable.reference_id in wanted:
            full, short = wanted[cable.reference_id]
            people = {e.name: e for e in analyse(cable).entities if e.kind == "person"}
            assert short not in people and short in people[full].aliases, cable.reference_id


def test_person_tags_signers_addressees(corpus):
    cables = {c.reference_id: analyse(c) for c in parse_file(corpus / "cables-dev.csv")}
    clinton = [e for e in cables["09STATE40423"].entities if e.name == "Clinton"]
    assert clinton and "signer" in clinton[0].titles
    tagged = [c for c in cables.values() if any(t.kind == "person" for t in c.tags)]
    assert tagged
    for cable in tagged:
        tag = next(t for t in cable.tags if t.kind == "person" and "," in t.code)
        assert any(tag.code in e.aliases for e in cable.entities if e.kind == "person"), cable.reference_id


def test_labelled_set_precision_and_recall(corpus):
    """82 hand-labelled cables (tests/fixtures/entities_labelling.md): every decade the corpus holds, 46
    posts, a list-style cable, tables, schedules, all-capitals and acronym-heavy cables; scored by kind
    and era, on all of them and on the 16 kept aside while the rules were developed. The floors are
    today's figures (the issue's targets are people P 0.95 / R 0.90, organisations P 0.90 / R 0.85;
    see README)."""
    gold = json.loads(GOLD.read_text())
    labelled = [k for k in gold if not k.startswith("_")]
    assert len(labelled) >= 80 and len({k[2:].rstrip("0123456789") for k in labelled}) >= 20
    cables = [analyse(c) for c in parse_file(corpus / "cables-dev.csv") if c.reference_id in gold]
    assert {c.created[2] for c in cables} >= {"6", "7", "8", "0", "1"}  # 1960s, 70s, 80s, 2000s, 2010s
    held = set(gold["_held_aside"])
    assert held < set(labelled) and len(held) >= 15
    floors = {("all", "all"): {"person": (0.97, 0.90), "organization": (0.90, 0.83)},
              ("all", "before 1990"): {"person": (0.94, 0.87), "organization": (0.93, 0.76)},
              ("all", "1990 on"): {"person": (0.97, 0.90), "organization": (0.89, 0.84)},
              ("held aside", "all"): {"person": (0.98, 0.89), "organization": (0.82, 0.80)}}
    sets = {"all": cables, "held aside": [c for c in cables if c.reference_id in held]}
    eras = {"all": lambda c: True, "before 1990": lambda c: c.created < "1990", "1990 on": lambda c: c.created >= "1990"}
    for (which, era), floor in floors.items():
        subset = [c for c in sets[which] if eras[era](c)]
        for kind, s in score(subset, GOLD).items():
            print(f"{which}, {era} ({len(subset)} cables) {kind}: precision {s.precision:.3f} recall {s.recall:.3f} "
                  f"({s.correct}/{s.predicted} predicted, {s.found}/{s.gold} labelled)")
            assert s.precision >= floor[kind][0] and s.recall >= floor[kind][1], (which, era, kind)


def test_entity_detail_lists_counts_and_samples(corpus_db, monkeypatch):
    from cablebase.store import queries
    from cablebase.store import connect

    conn = connect(corpus_db, readonly=True)
    top = queries.find_entities(conn, "a", limit=1)[0]  # the most-mentioned entity with an "a" in its name
    rows = conn.execute("""SELECT c.key, c.created, c.month, m.titles FROM mentions m JOIN cables c ON c.id = m.cable_id
                           WHERE m.entity_id = ? AND c.is_current = 1""", (top["id"],)).fetchall()
    exact = queries.entity_detail(conn, top["id"])
    assert exact["cable_count"] == top["cables"] == len(rows) > 20 and exact["related_sampled"] is None
    months: dict[str, int] = {}
    for r in rows:
        if r["month"]:
            months[r["month"]] = months.get(r["month"], 0) + 1
    assert exact["months"] == sorted(months.items())
    assert set(exact["titles"]) == {t for r in rows for t in json.loads(r["titles"])}
    first = queries.entity_detail(conn, top["id"], limit=5)
    oldest = sorted(rows, key=lambda r: (r["created"] is None, r["created"] or ""))[:5]
    assert [c["created"] for c in first["cables"]] == [r["created"] for r in oldest]
    assert first["cable_count"] == len(rows)
    assert exact["months_sampled"] is None
    monkeypatch.setattr(queries, "RELATED_SAMPLE", len(rows) // 3)
    monkeypatch.setattr(queries, "MONTHS_SAMPLE", len(rows) // 3)
    sampled = queries.entity_detail(conn, top["id"])
    assert 0 < sampled["related_sampled"] < len(rows) and 0 < sampled["months_sampled"] < len(rows)
    exact_shared = {r["name"]: r["shared"] for r in exact["related"]}
    assert sampled["related"][0]["name"] in exact_shared  # the top co-occurring names survive sampling
    assert abs(sum(n for _, n in sampled["months"]) - sum(months.values())) <= 0.35 * len(rows)


def test_an_entitys_first_cables_by_walking_dates_or_sorting_its_cables(corpus_db):
    """A much-named entity's oldest cables are found by walking the cables by date, a rarer one's by
    sorting its own: the same list either way, undated cables last, ties by id."""
    from cablebase.store import queries
    from cablebase.store import connect
    from cablebase.store.stats import OLD_VERSIONS

    conn = connect(corpus_db, readonly=True)
    seed = conn.execute("SELECT id FROM cables WHERE key = '05ALMATY2058' AND is_current = 1").fetchone()[0]
    undated = conn.execute("SELECT m.entity_id FROM mentions m WHERE m.cable_id = ? ORDER BY m.entity_id", (seed,))
    top = [r[0] for r in conn.execute("SELECT entity_id FROM mentions GROUP BY entity_id ORDER BY count(*) DESC LIMIT 5")]
    of_entity = f"m.entity_id = ? AND m.cable_id NOT IN {OLD_VERSIONS}"
    for entity in top + [r[0] for r in undated][:5]:
        rows = conn.execute("""SELECT c.key, c.created, c.id FROM mentions m JOIN cables c ON c.id = m.cable_id
                               WHERE m.entity_id = ? AND c.is_current = 1""", (entity,)).fetchall()
        expected = [r[0] for r in sorted(rows, key=lambda r: (r[1] is None, r[1] or "", r[2]))]
        for limit in (1, 5, len(rows), len(rows) + 3):
            walked = queries._entity_cables(conn, queries.SQLITE, entity, of_entity, count=10**9, limit=limit)
            sorted_ = queries._entity_cables(conn, queries.SQLITE, entity, of_entity, count=0, limit=limit)
            assert [c["reference_id"] for c in walked] == [c["reference_id"] for c in sorted_] == expected[:limit]


def test_addressee_names_become_people_only_when_read_safely():
    """`(JMUDGE)` is State's initial-and-surname form (and `RMILLER`: no name opens with `RM`); a name
    after an office is a surname (it joins the text's full name), never guessed as an initial."""
    cable = analyse(parse_text(
        "UNCLAS STATE 000001\n\nSIPDIS\n\nSTATE FOR SCA/FO (JMUDGE), S/SRAP HOLBROOKE, NEA/ARP SHANNON\n\n"
        "E.O. 12958: N/A\nTAGS: PREL\nSUBJECT: TALKS\n\n1. Ambassador Richard Holbrooke met the minister.",
        year=2009))
    assert [(a.office, a.name) for a in cable.addressees] == [
        ("SCA/FO", "JMUDGE"), ("S/SRAP", "HOLBROOKE"), ("NEA/ARP", "SHANNON")]
    people = {e.name: e for e in cable.entities if e.kind == "person"}
    assert "J. Mudge" in people and "addressee S/SRAP" in people["Richard Holbrooke"].titles
    assert "Shannon" in people  # a surname after an office; `SH` opens names: no initial is guessed
    assert not {"S. Hannon", "H. Olbrooke", "Holbrooke"} & people.keys()


def _entities(text: str) -> dict[str, set[str]]:
    cable = analyse(parse_text(f"UNCLAS TELAVIV 000001\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: TALKS\n\n{text}",
                               year=2010))
    return {kind: {e.name for e in cable.entities if e.kind == kind} for kind in ("person", "organization")}


def test_ranks_and_acronyms_before_a_name_are_not_part_of_it():
    # 10TELAVIV414, 08OSLO461, 10BRASILIA136, 09ANKARA1549, 04RANGOON88: real sentences
    found = _entities("1. (S/NF) On February 22, 2010, BG Yossi Baidatz, Israel Defense Intelligence (IDI) Chief, "
                      "briefed us. NVE asked for the US to support its nominee for vice-chair of WG III, Oyvind "
                      "Christophersen. Per REFTEL, Science Counselor briefed the ministry. Erdogan's tilt on "
                      "Iran/Middle East isues, said xxxxx. Ties between North Korea and Burma are growing.")
    assert "Yossi Baidatz" in found["person"]
    assert not {"BG Yossi Baidatz", "WG III", "Per REFTEL", "Iran/Middle East", "North Korea"} & found["person"]


def test_possessives_and_staff_split_organisation_names():
    # 10TELAVIV414, 08BRASILIA1112, 04RANGOON88, 09ASHGABAT218
    found = _entities("1. (C) Embassy Tel Aviv\u2019s Office of Regional Analysis met Dr. Susana Kahn, the Environment "
                      "Ministry\u2019s Secretary for Climate Change and Environmental Quality, for the position. "
                      "A businessman volunteered to an Embassy Officer that he had heard rumors. A customs official "
                      "told an Embassy LES on February 13 that the shipment had left.")
    assert {"Embassy Tel Aviv", "Office of Regional Analysis", "Environment Ministry"} <= found["organization"]
    assert not {"Embassy Officer", "Embassy LES"} & found["organization"]
    assert "Environmental Quality" not in found["person"] and "Susana Kahn" in found["person"]


def test_lone_names_that_speak_collective_possessives_and_countries():
    found = _entities("1. (C) Karzai said the vote would be held. Officials said little. People said more, and the "
                      "people agreed. The Pakistan People's Party met Guido Westerwelle's Free Democratic Party. "
                      "Brazil's National Institute of Space Research (INPE) and the Brazilian Ministry of External "
                      "Relations (MRE) spoke to the Ministry of External Relations again.")
    assert "Karzai" in found["person"] and not {"Officials", "People"} & found["person"]
    assert {"Pakistan People's Party", "Free Democratic Party", "National Institute of Space Research"} <= \
        found["organization"]
    assert "Ministry of External Relations" in found["organization"]  # the country's form folded into it
    assert "Brazilian Ministry of External Relations" not in found["organization"]


def test_a_long_chain_of_possessives_is_split_without_recursion():
    # `Embassy X's Embassy X's …` thousands of times once overflowed the stack (bench/fuzz.py --target lines)
    found = _entities("1. (C) " + "Embassy Xanadu's " * 3000 + "Office of Regional Analysis said so.")
    assert {"Embassy Xanadu", "Office of Regional Analysis"} <= found["organization"]


def test_titles_with_portfolios_places_and_owners():
    # 08MADRID552, 09BRASILIA1516, 10ISLAMABAD461, 08MADRID678, 07ISLAMABAD4085, 08OSLO522, 08MADRID1092,
    # 09BAGHDAD3316, 09BERLIN168, 08MOSCOW2837: real sentences, shortened
    found = _entities(
        "1. (C) Minister of Justice Mariano Fernandez Bermejo spoke. Secretary of Defense Gates met Secretary of "
        "the Treasury Paulson. Professor Jose Goldemberg of the University of Sao Paulo said so, as did Minister "
        "Rehman Malik of the Pakistan Ministry of Interior. MOD Chacon assured the Ambassador Spain was "
        "considering it, absent intervention by the Chief Justice. Septel requests the Deputy Secretary of "
        "Defense to visit Oslo. GEN Rodriguez agreed to host Admiral Fitzgerald for Spain's National Day. "
        "The KDP agreed with PM Maliki's State of Law coalition and the sister party of Chancellor Merkel's "
        "Christian Democratic Union (CDU). He met the Chief Rabbi of Russia Berel Lazar.")
    people = found["person"]
    assert {"Mariano Fernandez Bermejo", "Gates", "Paulson", "Jose Goldemberg", "Rehman Malik", "Fitzgerald",
            "Maliki", "Merkel", "Berel Lazar"} <= people
    assert not {"Spain", "Justice", "Defense", "National Day", "Interior", "Russia Berel Lazar"} & people
    assert {"University of Sao Paulo", "Pakistan Ministry of Interior", "Christian Democratic Union"} <= \
        found["organization"]
    cable = analyse(parse_text("UNCLAS MADRID 000001\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: X\n\n"
                               "1. Minister of Justice Mariano Fernandez Bermejo spoke.", year=2008))
    assert [e.titles for e in cable.entities if e.name == "Mariano Fernandez Bermejo"] == [["Minister of Justice"]]


def test_staff_titles_and_foreign_affairs_ministries():
    # 05PARIS5335, 09LONDON2768, 09MOSCOW2754, 09CARACAS1595, 10BEIJING183: real sentences, shortened
    found = _entities(
        "1. (C) The meeting was attended by Sarkozy Chief of Staff Claude Gueant and Interior Ministry Staffer "
        "Cederic Goubet. Embassy Political Officer Chris Palmer met the Chinese Ministry of Foreign Affairs. "
        "General Officer/Flag Officer Discussions are planned; the Official Gazette printed it.")
    assert {"Claude Gueant", "Cederic Goubet", "Chris Palmer"} <= found["person"]
    assert not {"Discussions", "Gazette"} & found["person"]
    assert {"Interior Ministry", "Chinese Ministry of Foreign Affairs"} <= found["organization"]
    assert not {o for o in found["organization"] if "Goubet" in o or "Palmer" in o or o == "Embassy Political"}


def test_a_surname_alone_is_counted_once_and_two_titled_people_in_one_run():
    # 05PARIS5335: `Chief of Staff X and Interior Ministry Staffer Y` is one capitalised run
    cable = analyse(parse_text(
        "UNCLAS PARIS 000001\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: X\n\n1. Ambassador Richard Holbrooke "
        "came; Ambassador Holbrooke left. It was attended by Sarkozy Chief of Staff Claude Gueant and Interior "
        "Ministry Staffer Cederic Goubet.", year=2005))
    people = {e.name: e for e in cable.entities if e.kind == "person"}
    assert "Holbrooke" not in people and people["Richard Holbrooke"].mentions == 2  # (was 3: counted twice)
    assert {"Claude Gueant", "Cederic Goubet"} <= people.keys()


def test_places_companies_and_capitals_are_not_people():
    # 09STATE15113 (a list of places and firms), 09ASTANA95, 05SANAA923, 01PRETORIA1173 (all capitals)
    found = _entities(
        "1. (U) Singapore: EAC undersea cable landing Changi North, Singapore. Canada: Part of the St. Lawrence "
        "Power Project, between Barnhart Island, New York, and Cornwall, Ontario. United Kingdom: APOLLO undersea "
        "cable landing Bude, Cornwall Station, United Kingdom. Hydrofluoric Acid Production Facility, Allied "
        "Signal, Amherstburg, Ontario.\n\n2. (C) President Nazarbayev Kazakhstan said so. Key Points, as "
        "ever, were made.")
    assert not {"Changi North", "Barnhart Island", "Cornwall Station", "Allied Signal", "Key Points"} & found["person"]
    assert "Nazarbayev" in found["person"] and not any("Kazakhstan" in p for p in found["person"])
    caps = _entities("1. (C) THE MINISTER IN THE OFFICE OF THE PRESIDENCY HAS LAUNCHED ATTACKS, OR THE TRUCULENT "
                     "FOREIGN MINISTER NKOSAZANA DLAMINI-ZUMA, WHO SPOKE. SO COMMON AMONG PERSIANS, PERCENT SOLVED.")
    assert caps["person"] == {"Nkosazana Dlamini-Zuma"}


def test_lone_surnames_arabic_articles_roles_and_offices():
    # 09HARARE1004, 10TRIPOLI95, 06MADRID1914, 09STATE15113, 08MOSCOW2632: real sentences, shortened
    found = _entities(
        "1. (C) Implementation is slow, and Mugabe has been using delay to maintain control. Muammar al-Qadhafi was unwell, and Ayesha "
        "al-Qadhafi traveled. The request by magistrate Baltasar Garzon stood. Questions can be directed to "
        "Sharri R. Clark in S/CT. Trade through oil trader Gunvor grew; Gunvor has risen quickly. He held it in "
        "Guantanamo, and Guantanamo was closed.")
    assert {"Mugabe", "Muammar al-Qadhafi", "Ayesha al-Qadhafi", "Baltasar Garzon", "Sharri R. Clark"} <= \
        found["person"]
    assert not {"Gunvor", "Guantanamo"} & found["person"] and {"Gunvor", "S/CT"} <= found["organization"]


def test_one_person_one_key():
    from cablebase.analysis.entities import entity_key

    assert entity_key("person", "Barth-Eide") == entity_key("person", "Barth Eide")
    assert entity_key("person", "Nursultan Nazarbayev") == entity_key("person", "Nursultan Nazarbaev")
    assert entity_key("person", "Nazarbayev") != entity_key("person", "Nazarbayeva")  # the President's daughter
    cable = analyse(parse_text("UNCLAS STATE 000001\n\nSIPDIS\n\nSTATE FOR EUR/CE (CKUCHTA-HELBLING)\n\n"
                               "E.O. 12958: N/A\nTAGS: PREL\nSUBJECT: X\n\n1. Talks.", year=2009))
    assert "C. Kuchta-Helbling" in {e.name for e in cable.entities if e.kind == "person"}  # capitals kept


def test_a_run_of_acronyms_after_a_media_noun_does_not_crash():
    # a run that is all acronyms after `newspaper` cleans to no name (crashed before 2026-12-07)
    assert _entities("1. (C) The newspaper US GOK said so.")["organization"] == {"GOK"}


def test_publications_markings_identifiers_and_joined_bodies():
    # 07MADRID1241, 09BOGOTA3271, 04MADRID583, 09STATE132349, 08CARACAS1390, 05SANAA923, 09BRASILIA1276
    found = _entities(
        "1. (C) Spanish daily El Pais reported the talks. The conservative media outlets ABC and El Mundo claimed "
        "that the talks failed. XXXXXXXXXXXX leaked the tape to \"Semana\" news magazine. Omar Amer Deghayes, "
        "ISN US9LY-00727-DP (Libyan) is held. The list in its entirety is classified S/NF. The INAC and American "
        "Airlines officials met on May 2. The Department and NSC agreed. The case is under the Ministry of Justice "
        "but with MRE representation.")
    orgs, people = found["organization"], found["person"]
    assert {"El Pais", "El Mundo", "Semana", "INAC", "American Airlines", "NSC", "Ministry of Justice"} <= orgs
    assert not {"ISN", "S/NF", "Department and NSC", "INAC and American Airlines"} & orgs
    assert "El Mundo" not in people


def test_an_all_capitals_name_the_cable_repeats_acts_with_a_verb():
    # 89PANAMA8545, 72TEHRAN1164: a name written three times and more, with a verb after it, is a person;
    # an acronym no one can say stays one, and acts as a body
    found = _entities("1. (C) NORIEGA WILL HAVE TO TRY AND CONSOLIDATE HIS CONTROL. PRESSURES ON NORIEGA HAVE "
                      "INCREASED, BUT NORIEGA SEEMS CALM. IIAF WAS SATISFIED THAT IIAF AND ITS MANPOWER COULD COPE "
                      "WITH IIAF TRAINING. MANY SAID THE ARMED FORCES WERE READY.")
    assert "Noriega" in found["person"] and "IIAF" in found["organization"]
    assert not {"Iiaf"} & found["person"] and not {"Armed Forces"} & found["organization"]


def test_sentence_openers_plural_titles_portfolios_given_names_and_governments():
    # 06CARACAS2367 ("What Chavez"), 04SANAA2346, 09BAGHDAD3316, 06PARIS1031, 05ANKARA3199, 10BRASILIA136,
    # 09SANSALVADOR1105, 10STATE9124: a word that opens a sentence is no part of a name; a plural title is
    # a title; a portfolio's `and` does not split the name after it; a census given name opens a name; a
    # person's government is no body; a heading with a contraction names no one
    found = _entities(
        "1. (C) What Chavez wants from the talks is unclear to us. Despite Saleh's promises, nothing has moved "
        "in the south since then. Citing Maliki, he left the meeting early.\n\n"
        "2. (C) Presidents Reagan and Mitterrand had met there in the past. When Minister of Culture and "
        "Tourism Erkan Mumcu resigned, the ministry wrote to the court about it.\n\n"
        "3. (C) Paulino Carvalho (who has replaced Fernando Coimbra) came to the meeting. The Funes Government "
        "has not answered the letter that we sent to President Mauricio Funes in May.\n\n"
        "4. (U) Where We've Been.\n\n"
        "5. (C) THEY ARE LOYAL TO CABINET MINISTERS, SUCH AS THE OFTEN INSULTING MINISTER OF SAFETY AND SECURITY "
        "STEVE TSHWETE, WHO OUTRAGED THE COMMUNITY. THE WREATH WAS LAID AT THE TOMB OF CHARLES DE GAULLE BY THEM.\n\n"
        "6. (C) The firm Recip AB on the CI/KR list was told of the change.")
    people, orgs = found["person"], found["organization"]
    assert {"Chavez", "Reagan", "Mitterrand", "Erkan Mumcu", "Fernando Coimbra", "Steve Tshwete"} <= people
    assert not {"What Chavez", "Despite Saleh", "Citing Maliki", "Presidents Reagan", "Tourism Erkan Mumcu",
                "We've Been"} & people
    assert "Funes Government" not in orgs and "Recip AB" in orgs and "Recip AB on the CI/KR" not in orgs


def test_names_in_name_dense_prose_what_people_own_and_demonyms():
    # 02BRASILIA4227, 08LAPAZ2670, 09BOGOTA3271, 01PRETORIA1173, 06BELGRADE1681, 08RIODEJANEIRO171: a given
    # name opens a name in a paragraph dense with names too; a lone name that owns a government, a relative, a
    # secretary or a country is a person's; a nationality owns no government as a person; a lone given name
    # is the full name it opens
    found = _entities(
        "1. (C) WHA Assistant Secretary Otto Reich led a delegation to Brasilia that included WHA/BSC Director "
        "James Carragher, Special Advisor William Perry, and Michael Zarin of S/P. The group, accompanied by "
        "Ambassador Hrinak and Poloff, met President-elect Lula da Silva and Senator Aloizio Mercadante.\n\n"
        "2. (C) Morales went on to accuse the Bush administration of violating its commitments. He suspected "
        "Uribe's Secretary of the Presidency of leaks, and spoke of abuses taking place in Mugabe's Zimbabwe. "
        "We discussed neither the Serbian government nor the Pinochet regime. The family of student Daniel Duque "
        "says he was shot; Daniel's father still lives in the United States.")
    people = found["person"]
    assert {"Michael Zarin", "Bush", "Uribe", "Mugabe", "Pinochet", "Daniel Duque"} <= people
    assert not {"Serbian", "Daniel", "Presidency"} & people
    assert "Serbian government" in found["organization"]


def test_an_all_capitals_given_name_that_is_a_word_opens_the_name_after_it():
    # 01PRETORIA1173, 89PANAMA8545: `NELSON`, `MARCO` are English words and given names; before a name no
    # dictionary has they open it; a verb or a preposition does not (`WILL MUGABE`, `IN LUSAKA`)
    found = _entities("1. (C) THE PRESIDENT WAS ESTABLISHED BY HIS BELOVED PREDECESSOR NELSON MANDELA. NORIEGA'S "
                      "NOMINAL NUMBER 2, COLONEL MARCO JUSTINES, IS HIMSELF LOOKING FOR WAYS OUT. THE PARTY WILL "
                      "MUGABE THE TALKS IN LUSAKA NEXT WEEK, THEY SAID.")
    assert {"Nelson Mandela", "Marco Justines"} <= found["person"]
    assert not {"Will Mugabe", "In Lusaka"} & found["person"]


def test_events_footers_and_a_nationalitys_embassy():
    # 08RIODEJANEIRO171, 10BRASILIA136, 05CAIRO5924, 02BRASILIA4227: a gathering is no body, the body after
    # its last `of` is; an imperative opening a footer is no part of the name; `the Brazilian embassy` is a body,
    # `previous French governments` none
    found = _entities(
        "1. (U) At the Annual Symposium of the Latin American Section of the American Nuclear Society held in Rio, "
        "they spoke. Brazil will attend the Fifteenth Conference of the Parties in Doha.\n\n"
        "2. (U) He consulted the Brazilian embassy in Washington, unlike previous French governments.\n\n"
        "Visit Embassy Cairo's Classified Website: http://www.state.sgov.gov/p/nea/cairo\n\n"
        "You can also access this site through the State Department's Classified SIPRNET website.")
    orgs = found["organization"]
    assert {"American Nuclear Society", "Brazilian embassy", "Embassy Cairo"} <= orgs
    assert not {"Fifteenth Conference of the Parties", "Visit Embassy Cairo", "French government"} & orgs
    assert not any(o.startswith("Annual Symposium") for o in orgs)


def test_hyphened_adjectives_members_title_openers_and_a_title_before_a_day():
    # 09CASABLANCA226, 09BERLIN1636, 09STATE63860, 10BOGOTA13: `Palace-backed` is no part of a body's name;
    # a member's body is the one after `of`; a body's name ends on no `Vice`; a particle-joined name defines
    # its acronym; a titled name before `on Monday` is still a person, a title-cased headline's words none
    found = _entities(
        "1. (U) The Palace-backed Party of Authenticity and Modernity won, said a Green Member of the European "
        "Parliament. The EU Commission Vice President said so. He met Vice President Siim Kallas on Monday. "
        "An India-based Lashkar-e-Tayyiba (LT) member planned attacks.\n\n"
        "2. (U) Peace Commissioner Lays Out Way Ahead on FARC.")
    orgs, people = found["organization"], found["person"]
    assert {"Party of Authenticity and Modernity", "European Parliament", "EU Commission", "Lashkar-e-Tayyiba"} <= orgs
    assert not {o for o in orgs if "-backed" in o or "Member" in o or o.endswith("Vice") or "-based" in o}
    assert "Siim Kallas" in people and not {p for p in people if "Lays" in p or "-based" in p}
    # 09BOGOTA3271, 10BAKU98: an office named by its holder's title is one body; `(communist) party` after a name
    found = _entities("1. (C) The case went to the Prosecutor General's Office. He asserted that the Iranian Tudeh "
                      "(communist) party is active, and President Uribe's Secretary agreed.")
    assert {"Prosecutor General's Office", "Tudeh"} <= found["organization"] and "Uribe" in found["person"]
    # 06MADRID857, 06KIEV1261, 08LAGOS368: `and the` joins two things, an acronym beside a body being one
    found = _entities("1. (C) Zapatero and the Socialist Party won. Polls by the Razumkov Center and the Kiev "
                      "International Institute of Sociology agree. GAZPROM and the Nigerian National Petroleum "
                      "Corporation talked.")
    assert {"Socialist Party", "Razumkov Center", "Kiev International Institute of Sociology", "GAZPROM",
            "Nigerian National Petroleum Corporation"} <= found["organization"]
    assert not {o for o in found["organization"] if " and the " in o}
    # 09STATE40423, 08MOSCOW1991, 10USNATO35: a treaty's TAGS code, a place with a body's word, `Washington, DC`
    found = _entities("1. (C) The NPT binds us. Many settlers live in the West Bank, and veterans of the Soviet "
                      "Union met NATO officials in Washington, DC.")
    assert found["organization"] == {"NATO"}


def test_legal_forms_end_a_company_and_a_list_item_ends_at_a_site_a_city_or_a_thing():
    # 09STATE15113, 07RANGOON105, 72TEHRAN5055, 89PANAMA8545: a legal form ends a company's name (the
    # name without it, the form an alias); in a list, a site, a city or an ordinary word before an
    # acronym ends the item before; a country before a body's word opens a body's name
    cable = analyse(parse_text(
        "UNCLAS TELAVIV 000001\n\nE.O. 12958: N/A\nTAGS: PREL\nSUBJECT: TALKS\n\n"
        "1. (U) The ship of Yunnan Minmetals Trading Co., Ltd. left Rangoon for Dalian on Monday.\n\n"
        "2. (U) Sweden: Recip AB Sweden: Thyrosafe (potassium iodine)  Belgium: Germanium Mine Baxter SA, Lessines, "
        "Belgium: Immune Globulin Intravenous  United Kingdom: Critical to the F-35 Joint Strike Fighter BAE Systems "
        "Operations Ltd., Southway, Plymouth Devon, United Kingdom: Critical to extended range guided munitions "
        "Italy: Glaxo Smith Kline SpA (fill/finish), Parma, Italy: Digibind  Mexico: Falcon International Dam: "
        "Upstream of Roma, Texas and Miguel Aleman, Tamaulipas, Mexico Retamal Dam: Diversion dam south of Weslaco\n\n"
        "3. (C) A BOMB IN TEHRAN NATIONAL IRANIAN OIL COMPANY BUILDING KILLED A WATCHMAN. NORIEGA WILL TRY TO KEEP "
        "HIS CONTROL OVER THE PANAMA DEFENSE FORCES (FDP) AND AVOID ANOTHER UPRISING IN THE CAPITAL THIS YEAR.",
        year=2010))
    orgs = {e.name: e for e in cable.entities if e.kind == "organization"}
    assert "Yunnan Minmetals Trading" in orgs \
        and "Yunnan Minmetals Trading Co" in orgs["Yunnan Minmetals Trading"].aliases
    assert {"Recip AB", "Baxter SA", "Glaxo Smith Kline", "BAE Systems Operations", "National Iranian Oil Company",
            "Panama Defense Forces"} <= set(orgs)
    assert not {"Recip AB Sweden", "Germanium Mine Baxter SA", "Kline", "Tehran National Iranian Oil Company",
                "Defense Forces"} & set(orgs)


def test_bodies_named_in_a_row_beside_their_plural():
    # 08RIODEJANEIRO171, 09STATE15113, 10LONDON86: each item of a row beside the plural that says what they
    # are is a body; a place, a plural acronym or the next sentence is none
    found = _entities("1. (U) Cosan and exporting cooperatives Copersucar and Crystalsev will build a pipeline. A small "
                      "number of Turkish companies (Durma, Baykal, Ermaksan) make them. Clegg may be kingmaker if "
                      "neither the Labour nor Conservative parties win a majority. Foreign companies Exxon and BP. "
                      "The Sultan spoke. Oil companies in Brazil and Chile pay less than the NOCs and Petrobras. "
                      "Even papers sympathetic to Mbeki and the ANC, such as the Sowetan, joined. We sent both ONSC "
                      "and Stanekzai papers to SCA/A.")
    assert {"Copersucar", "Crystalsev", "Durma", "Baykal", "Ermaksan", "Labour", "Conservative", "Exxon", "BP",
            "Sowetan"} <= found["organization"]
    assert "Stanekzai" not in found["organization"]


def test_a_quoted_name_after_a_bodys_noun():
    # 09ASHGABAT248, 10BOGOTA243: a body's noun before a quotation mark names the body quoted
    found = _entities('1. (U) The decree allowed the state chemical concern "Turkmenkhimiya" to sign a contract. The '
                      'daily "El Tiempo" reported it, and there was concern Scotland would be hurt.')
    assert {"Turkmenkhimiya", "El Tiempo"} <= found["organization"] and "Scotland" not in found["organization"]
    found = _entities("1. (C) The deal went to Eletrobras, the state power company. The GoB has denied such deals. "
                      "Putin, the party leader, spoke.")  # a body's noun after a comma; `GoB` as `GOB`
    assert {"Eletrobras", "GoB"} <= found["organization"] and "Putin" not in found["organization"]
    assert not {"BP. The Sultan", "Brazil", "Chile", "NOCs"} & found["organization"]
    assert not {"Durma", "Copersucar", "Crystalsev"} & found["person"]


def test_missions_by_their_city_and_acronyms_by_the_noun_around_them():
    # 08ISLAMABAD3183, 08RIODEJANEIRO171, 07TRIPOLI943, 07PRETORIA356, 09BERLIN1636: `Embassy in Paris` is the
    # post's mission, a body after `in` is one of its own; an acronym after a body's noun or before its chief
    found = _entities("1. (C) Embassy Islamabad and the Regional Refcord in Embassy Kabul received requests. The family "
                      "asked the U.S. Consulate in Rio for support, and our Embassy in Paris agreed. He met ESO Chief "
                      "Musa Kusa. It needs opposition MDC support. EdF holds shares in regional energy supplier ENBW, "
                      "which runs plants. Turkish opposition MPs were angry.")
    orgs = found["organization"]
    assert {"Embassy Islamabad", "Embassy Kabul", "Consulate Rio", "Embassy Paris", "ESO", "MDC", "ENBW"} <= orgs
    assert not {"Regional Refcord in Embassy Kabul", "Consulate in Rio", "Embassy in Paris", "MPs"} & orgs
    assert "Musa Kusa" in found["person"]
    found = _entities("1. (C) Werner Langen, CDU/CSU caucus spokesman, said so. The Pol/Econ section and S/CT agreed.")
    assert "CDU/CSU" in found["organization"] and not {"Pol/Econ", "S/CT Dailey"} & found["organization"]


def test_shared_plurals_parties_and_managers():
    # 09HARARE1004, 09STOCKHOLM707, 09STATE93327, 08CARACAS1390: a plural body word shared by two names is
    # two bodies; `Democrats` makes a party; a manager is a title, the firm before it a body
    found = _entities("1. (C) The Media and Electoral Commissions met. Sweden's xenophobic party, Sweden Democrats, "
                      "is small. Washington expects FSC delegations to push for it. The incident was reported by "
                      "American Airlines Country Manager Omar Nottaro on Monday.")
    orgs = found["organization"]
    assert {"Media Commission", "Electoral Commission", "Sweden Democrats", "FSC", "American Airlines"} <= orgs
    assert not {"Media and Electoral Commissions", "American Airlines Country Manager Omar Nottaro"} & orgs
    assert "Omar Nottaro" in found["person"]


def test_an_unknown_word_before_a_bodys_members_in_capitals_is_an_acronym():
    # 89PANAMA8545, 10BERLIN180: in an all-capitals paragraph a word no dictionary has, before LEADERSHIP,
    # MEMBERS or the like, is a body's acronym, not a name; `firms such as` names firms
    found = _entities("1. (C) OPPOSITION ABILITY TO CULTIVATE SUPPORT AND TRUST IN THE ADOC LEADERSHIP ARE HAMPERED BY "
                      "EFFECTIVE NORIEGA INTIMIDATION AT THE GRASS ROOTS LEVEL OF THE COUNTRY THIS YEAR.\n\n"
                      "2. (U) Major firms such as Deutsche Telekom and Deutsche Bahn tapped phones.")
    assert {"ADOC", "Deutsche Telekom", "Deutsche Bahn"} <= found["organization"]
    assert not {"Adoc", "Deutsche Telekom"} & found["person"]


def test_an_office_holder_of_a_body_names_the_body_and_a_lone_cabinet_none():
    # 02BRASILIA4227, 06BUCHAREST576, 72TEHRAN5055, 01PRETORIA1173: `Speaker of the Chamber` holds an office of a
    # body; the body is after `of` (past a portfolio's `State for the`); `the Cabinet` is generic, like `the government`
    found = _entities("1. (C) He may stay in Congress to become the Speaker of the Chamber. A letter came from the "
                      "Secretary of State for the Government of Romania. Mbeki circulated the book to the entire Cabinet.\n\n"
                      "2. (C) THE CHIEF OF NATIONAL POLICE RESIGNED AFTER THE BOMBING OF THE OFFICES IN THE CAPITAL.")
    orgs = found["organization"]
    assert {"Government of Romania", "National Police", "Congress"} <= orgs
    assert not {"Speaker of the Chamber", "State for the Government of Romania", "Cabinet"} & orgs


def test_a_role_after_a_comma_makes_a_person_in_capitals():
    # 01PRETORIA1173: in an all-capitals paragraph a comma after a name says nothing (lists), a role with its
    # article after the comma does
    found = _entities("1. (C) EVEN PAPERS SYMPATHETIC TO THE RULING PARTY HAVE JOINED THE CRITICS. SIPHO SEEPE, FOR "
                      "EXAMPLE, A POLITICAL ANALYST SYMPATHETIC TO THE PARTY, ASKED IF HE IS FIT TO GOVERN THE COUNTRY.")
    assert "Sipho Seepe" in found["person"]


def test_a_headings_rule_of_dashes_is_no_sign_of_a_person():
    # 07KAMPALA1848, 08ISLAMABAD405, 10BRASILIA136: a heading framed by a rule of dashes is no dash after a name
    found = _entities("1. (C) The talks went well.\n----------------------------------------- GOU Shares "
                      "Counter-Proliferation Concerns\n-----------------------------------------\n\n2. (C) Per REFTEL, "
                      "the Counselor met Omar Nottaro -- the director -- on Monday.")
    assert not {"Shares Counter-Proliferation Concerns", "Per REFTEL"} & found["person"]
    assert "Omar Nottaro" in found["person"]
    assert "GTMO" not in _entities("1. (C) He was injured during interrogation at GTMO.")["organization"]  # a site
    found = _entities("1. (U) The Pontifical Council for Justice and Peace wrote. Our interlocutors know how to reach "
                      "key Embassy POCs if necessary.")["organization"]  # a portfolio after `for`; points of contact
    assert "Pontifical Council for Justice and Peace" in found and not {"Pontifical Council", "Embassy POCs"} & found
    found = _entities("1. (U) Spain backs the Proliferation Security Initiative and the UN Program of Action. The "
                      "G-20 Leaders met. IDF J5 Col Shimon Arad noted four trends in Lebanon.")  # programmes; numbers
    assert not {"Proliferation Security Initiative", "UN Program"} & found["organization"]
    assert "Shimon Arad" in found["person"] and not {"G-20 Leaders", "J5 Col Shimon Arad"} & found["person"]
    found = _entities("1. (U) He spoke at the Munich Security Conference and at the UNFCCC Conference of the Parties.")
    assert not {"Munich Security Conference", "Conference of the Parties", "UNFCCC Conference of the Parties"} & (
        found["organization"] | found["person"])  # conferences are events
    found = _entities("1. (U) The case will now go to the Criminal Division of the National Court. He met the United "
                      "Nations Division of the Ministry of External Relations.")["organization"]  # a named part
    assert {"National Court", "Ministry of External Relations"} <= found
    assert not {"Criminal Division of the National Court", "United Nations Division of the Ministry of External "
                "Relations"} & found
    found = _entities("1. (U) He spoke at the UN General Assembly. General Dynamics Land Systems makes them. IAEA "
                      "Director General ElBaradei and the Director General for Policy in the Ministry of Culture met.")
    assert {"UN General Assembly", "General Dynamics Land Systems", "IAEA"} <= \
        found["organization"]  # `General`, a title, opens a body's name right after it
    assert not {"Dynamics Land Systems", "General for Policy in the Ministry of Culture"} & found["organization"]
