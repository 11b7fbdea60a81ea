"""Dated events resolved against the cable's date; action requests read back."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from cablebase.model import Cable, Paragraph, Source
from cablebase.analysis import analyse
from cablebase.analysis.evaluate import date_accuracy
from cablebase.parse import parse_file
from cablebase.store import Archive, connect
from cablebase.store import queries
from cablebase.analysis.timeline import extract_events


@pytest.fixture(scope="module")
def seed(seed_path):
    return analyse(next(iter(parse_file(seed_path))))


def test_seed_events(seed):
    events: dict = {}
    for e in seed.events:
        events.setdefault((e.date, e.precision), []).append(e)
    expected = {
        ("2005-05-17", "day"): "letter", ("2005-05-19", "day"): "OSCE Permanent Council",
        ("2005-05-23", "week"): "working group", ("2005-05-26", "day"): "session",
        ("2005-05-30", "day"): "Committee", ("2005-06-08", "day"): "first reading",
        ("2005-06-09", "day"): "Senate", ("2005-06-16", "day"): "second reading",
        ("2005-05-01", "early-month"): "early May",
    }
    for key, word in expected.items():
        assert key in events, key
        assert any(word in e.sentence for e in events[key]), (key, [e.sentence for e in events[key]])
    assert events[("2005-06-09", "day")][0].paragraph == 3
    assert events[("2005-05-23", "week")][0].text == "the week of May 23"


def cable(text: str, created: str | None, year: int | None = None) -> Cable:
    return Cable(created=created, year=year, paragraphs=[Paragraph(number=1, text=text)],
                 source=Source(format="text", sha256="0"))


def test_rollover_slashes_weekdays_and_unresolved():
    jan = extract_events(cable("We met on December 15 and will meet again on 1/20.", "2009-01-05T10:00:00Z"))
    assert [(e.text, e.date) for e in jan] == [("December 15", "2008-12-15"), ("1/20", "2009-01-20")]
    dec = extract_events(cable("The talks resume January 10.", "2008-12-20T10:00:00Z"))
    assert dec[0].date == "2009-01-10"
    tue = extract_events(cable("The minister said on Tuesday that he would resign.", "2009-03-06T10:00:00Z"))
    assert tue[0].date == "2009-03-03" and date.fromisoformat(tue[0].date).weekday() == 1
    undated = extract_events(cable("He returns on Tuesday.", None))
    assert undated[0].date is None and undated[0].precision == "unresolved"
    explicit = extract_events(cable("The vote of March 3, 2007 stands.", "2009-03-06T10:00:00Z"))
    assert explicit[0].date == "2007-03-03"
    assert extract_events(cable("He may go and it may rain.", "2009-03-06T10:00:00Z")) == []


def test_a_sentence_without_end_is_cut_to_the_words_around_each_date():
    from cablebase.spans import sentence_in
    from cablebase.analysis.timeline import MAX_SENTENCE

    text = "the meetings of " + "June 16, July 2, " * 400 + "and so on"  # one 'sentence' of 6,800 characters
    found = analyse(cable(text, "2009-01-05T10:00:00Z"))
    assert len(found.events) == 800
    for event in found.events:
        assert len(event.sentence) <= MAX_SENTENCE and event.text in event.sentence
        assert event.sentence == sentence_in(found.paragraphs[event.at[0]].text, *event.at[1:])
    assert extract_events(cable("We met on December 15.", "2009-01-05T10:00:00Z"))[0].sentence == "We met on December 15."


def test_action_requests(corpus_db):
    conn = connect(corpus_db, readonly=True)
    total, rows = queries.action_requests(conn, limit=500)
    assert total >= 40 and len(rows) == total
    seed = next(r for r in rows if r["reference_id"] == "05ALMATY2058")
    assert seed["paragraph"] == 7 and len(seed["points"]) == 7
    assert "DEPARTMENT EUR/CACEN (JMUDGE)" in seed["addressees"]
    archive = Archive.from_connection(conn)
    for row in rows[:60]:  # the request's text is its paragraph's, as in the full record
        assert row["text"] and row["text"] == archive.get(row["reference_id"]).action_request.text


DATES = Path(__file__).parents[1] / "fixtures" / "dates_gold.json"


def test_hand_checked_date_expressions_resolve_right(corpus):
    """243 date expressions in 55 dev cables, each judged in its sentence (tests/fixtures/dates_gold.json)."""
    wanted = {row[0] for row in json.loads(DATES.read_text())["expressions"]}
    cables = [analyse(c) for c in parse_file(corpus / "cables-dev.csv") if c.reference_id in wanted]
    right, checked, wrong = date_accuracy(cables, DATES)
    print(f"dates: {right}/{checked} = {right / checked:.3f} right to the day or month; wrong: {wrong}")
    assert checked >= 150 and right / checked >= 0.95


# Sets judged blind after the rules of their time, each scored once with the rules unchanged, in the order
# they were made; (file, expressions, cables, right when first scored, floor today):
# - dates_fresh.json: 176 in 28 cables, 166 right (0.943); the classes of its misses (a reported `would`, a
#   day-first range, a newspaper named by a date) were fixed on other cables since: 171 (0.972), no longer blind.
# - dates_third.json: 165 in 32 cables, none looked at while the rules were last changed: 153 (0.927); the
#   classes of its misses were fixed on other cables since (a deadline's `by`, `the March 14 coalition`, a
#   reported future after the day's comma, `we proposed`, Mumbai's `11/26`): 160 (0.970), no longer blind.
# - dates_fourth.json: 175 in 31 cables, judged after the eighteenth session's rules: 162 (0.926); the classes
#   of its misses were fixed since, checked on all dev cables (a reported future up to a month before the
#   cable, a verb of speech right after the day, a range's year, a present passive): 171 (0.977), no longer
#   blind (the third: 162, 0.982).
# - dates_fifth.json: 176 in 31 cables, none of whose dates those fixes moved, judged after them: 172 (0.977);
#   since a subject's `proposed` decides no tense (a class of its misses, checked on all dev cables): 173 (0.983),
#   no longer blind.
BLIND_SETS = [("dates_fresh.json", 0.97), ("dates_third.json", 0.98), ("dates_fourth.json", 0.97),
              ("dates_fifth.json", 0.97)]


@pytest.mark.parametrize("name, floor", BLIND_SETS)
def test_date_sets_judged_blind(corpus, name, floor):
    """Each set holds 150 expressions or more in cables no earlier set holds; the issue's target is 0.95."""
    path = DATES.with_name(name)
    rows = json.loads(path.read_text())["expressions"]
    wanted = {row[0] for row in rows}
    names = ["dates_gold.json"] + [n for n, _ in BLIND_SETS]
    earlier = {row[0] for n in names[:names.index(name)] for row in json.loads(DATES.with_name(n).read_text())["expressions"]}
    assert len(rows) >= 150 and not wanted & earlier
    cables = [analyse(c) for c in parse_file(corpus / "cables-dev.csv") if c.reference_id in wanted]
    right, checked, _ = date_accuracy(cables, path)
    print(f"{name}: {right}/{checked} = {right / checked:.3f} right to the day or month")
    assert right / checked >= floor


def test_tense_last_next_ago_and_named_events():
    def when(text: str, created: str = "2006-07-28T10:00:00Z") -> list[str | None]:
        return [e.date for e in extract_events(cable(text, created))]

    # 06MADRID1914: a past-tense event never falls after the cable; the attacks keep their own day
    assert when("The court annulled the sentence handed down in September by the National Court.") == ["2005-09-01"]
    assert when("The trial will open in September.") == ["2006-09-01"]
    assert when("He fled in the wake of the September 11 attacks.") == ["2001-09-11"]
    assert when("Morales celebrated his decision on September 11 to expel the Ambassador.",
                "2008-12-31T10:00:00Z") == ["2008-09-11"]
    assert when("Since the 3/11 attack and after 9/11, police have been busy.", "2005-04-27T10:00:00Z") == [
        "2004-03-11", "2001-09-11"]
    assert when("In the conflict in August last year the fleet sailed.", "2009-11-19T10:00:00Z") == ["2008-08-01"]
    assert when("Zardari visited last November; the report comes next month.", "2009-03-31T10:00:00Z") == [
        "2008-11-01", "2009-04-01"]
    assert when("He resigned last week, two days ago, and the vote was six months ago.") == [
        "2006-07-17", "2006-07-26", "2006-01-01"]
    assert when("Posts will reopen on Sunday, January 3.", "2009-12-30T10:00:00Z") == ["2010-01-03", "2010-01-03"]
    assert when("The road to Catia La Mar is closed.") == []


def test_each_list_item_is_its_own_sentence():
    # 05ALMATY2058 para 7: one bullet list, each item its own sentence
    found = extract_events(cable("Post requests these points:\n-- The first reading is scheduled for June 8.\n"
                                 "-- The Senate met on May 30.", "2005-06-10T10:00:00Z"))
    assert [(e.date, e.sentence) for e in found] == [("2005-06-08", "-- The first reading is scheduled for June 8."),
                                                     ("2005-05-30", "-- The Senate met on May 30.")]


def test_a_sentence_with_several_dates_is_one_timeline_entry(corpus_db):
    # 09MADRID347 para 6: one 60-word sentence naming six memoranda by their dates
    conn = connect(corpus_db, readonly=True)
    entries = queries.timeline(conn, ["09MADRID347"])
    assert len({(e["paragraph"], e["sentence"]) for e in entries}) == len(entries)
    memos = next(e for e in entries if "March 14, 2003" in e["sentence"])
    assert [d["text"] for d in memos["dates"]] == ["December 28, 2001", "February 7, 2002", "March 13, 2002",
                                                  "August 1, 2002", "November 27, 2002", "March 14, 2003"]
    assert memos["date"] == "2001-12-28" and [d["date"] for d in memos["dates"]] == sorted(
        d["date"] for d in memos["dates"])


def test_a_year_no_word_decides_is_marked_uncertain(corpus_db):
    """No year, no tense, months from the cable either way: the nearest reading, marked uncertain; a
    tense, a year or a near date decide it. The mark is stored, read back and on the timeline."""
    text = ("The conference in September matters. The vote in June. The trial will open in September. "
            "The accord of September 2004 stands.")
    found = extract_events(cable(text, "2006-05-10T10:00:00Z"))
    assert [(e.text, e.date, e.uncertain) for e in found] == [
        ("September", "2006-09-01", True), ("June", "2006-06-01", False), ("September", "2006-09-01", False),
        ("September 2004", "2004-09-01", False)]
    conn = connect(corpus_db, readonly=True)
    key, position = conn.execute("SELECT c.key, e.position FROM events e JOIN cables c ON c.id = e.cable_id "
                                 "WHERE e.uncertain = 1 AND c.is_current = 1 LIMIT 1").fetchone()
    assert Archive.from_connection(conn).get(key).events[position].uncertain
    dates = [d for entry in queries.timeline(conn, [key]) for d in entry["dates"]]
    assert any(d["uncertain"] for d in dates) and not all(d["uncertain"] for d in dates)


def test_reported_future_ranges_places_and_titles():
    def when(text: str, created: str) -> list[str | None]:
        return [e.date for e in extract_events(cable(text, created))]

    # 07PARIS3668, 06SKOPJE118: `would` of reported speech is the future seen from a past day, either side of
    # the cable (the nearest); `late June` is no `late` of the past
    assert when("He previewed the line that Sarkozy would use in his August 29 speech.", "2007-09-05T10:00:00Z") == [
        "2007-08-29"]
    assert when("Buckovski said elections likely would be held in late June or early July.",
                "2006-02-06T10:00:00Z") == ["2006-06-01", "2006-07-01"]
    # 08MADRID691, 09HARARE24: a day-first range is dated by its first day; a month still under way is the
    # one a future tense means
    assert when("Some 3,025 delegates gathered from 20-22 June in Valencia.", "2008-06-24T10:00:00Z") == ["2008-06-20"]
    assert when("Mugabe is planning a trip to Russia in January.", "2009-01-09T10:00:00Z") == ["2009-01-01"]
    # 08BRASILIA674, 06MADRID934: `before` a body is a place; the March 11 bombings keep their day; a
    # newspaper named by a date is none, the day a named newspaper printed is one
    assert when("She appeared before the Senate committee on May 7 to testify.", "2008-05-16T10:00:00Z") == [
        "2008-05-07"]
    assert when("The PP lost because of the March 11 bombings.", "2006-04-17T10:00:00Z") == ["2004-03-11"]
    assert when("The official government newspaper 26 September noted it. A poll in the \"The Guardian\" "
                "newspaper July 13 showed it.", "2009-09-02T10:00:00Z") == ["2009-07-13"]


def test_deadlines_coalitions_and_a_reported_future_after_the_day():
    def when(text: str, created: str) -> list[str | None]:
        return [e.date for e in extract_events(cable(text, created))]

    # 09BRASILIA952, 09TELAVIV1688, 10DOHA71: `by` a day is a deadline, either side (the nearest); Lebanon's
    # `March 14 coalition` is no date; a reported day with the future after its comma is no past
    assert when("He said he needed the letter in hand by August 6.", "2009-07-31T10:00:00Z") == ["2009-08-06"]
    assert when("Hizballah tries to undermine the March 14 coalition.", "2009-07-30T10:00:00Z") == []
    assert when("He said that on July 10, he would preside over the body.", "2008-07-02T10:00:00Z") == ["2008-07-10"]
    assert when("He told Senator Kerry February 13 that we will all lose.", "2010-02-24T10:00:00Z") == ["2010-02-13"]
    # 09NEWDELHI1337: Mumbai's `11/26` with an event word keeps its day
    assert when("Even after the 11/26 terrorist strikes on Mumbai, India did not move.", "2009-06-29T10:00:00Z") == [
        "2008-11-26"]


def test_reported_futures_ranges_speech_and_passives():
    def when(text: str, created: str) -> list[str | None]:
        return [e.date for e in extract_events(cable(text, created))]

    # a day in the future of talks the cable reports may have passed when it is sent (09BEIJING2963)
    assert when("He downplayed Premier Wen's upcoming October 4-6 visit.", "2009-10-26T10:00:00Z") == ["2009-10-04"]
    assert when("The minister will travel on October 1.", "2009-09-20T10:00:00Z") == ["2009-10-01"]
    # a verb of speech right after the day is the day's; what was said does not decide it
    assert when("Turner in a speech on November 30 said that policy-makers should act.", "2009-12-09T10:00:00Z") == [
        "2009-11-30"]
    assert when("He recommended that NATO act at its April Summit in Bucharest.", "2008-01-22T10:00:00Z") == [
        "2008-04-01"]
    assert when("He asserted to PolOff March 12 that the Party should change.", "2009-07-23T10:00:00Z") == [
        "2009-03-12"]
    # a range's year is its first month's too
    assert when("From January to March of 2009 there were 12 releases.", "2009-08-06T10:00:00Z") == [
        "2009-01-01", "2009-03-01"]
    assert when("In the period December-February 2007 we met weekly.", "2008-05-15T10:00:00Z") == [
        "2006-12-01", "2007-02-01"]
    # a subject's `proposed` is a past act about what may be to come: it decides no tense (the nearest)
    assert when("Shuvalov proposed this during his September visit, but the U.S. refused.", "2009-11-05T10:00:00Z") == [
        "2009-09-01"]
    assert when("Benjamin proposed a mid-March visit by Feltman.", "2010-02-24T10:00:00Z") == ["2010-03-01"]
    assert when("As a compromise, in October we proposed a treaty.", "2008-02-12T10:00:00Z") == ["2007-10-01"]
    assert when("The flight is scheduled to depart on 28 July.", "2008-07-23T10:00:00Z") == ["2008-07-28"]
    # a present passive is no past (`is ratified in early March`)
    assert when("They plan for a scenario in which the treaty is ratified in early March.", "2009-01-28T10:00:00Z") == [
        "2009-03-01"]

