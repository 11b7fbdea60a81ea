"""Dates and counts written for people."""

from cablebase.formatting import human_date, human_day, inflect, plural


def test_human_dates():
    assert human_date("2009-04-01T17:01:00Z") == "1 April 2009, 17:01 UTC"
    assert human_date("2009-04-01") == "1 April 2009"
    assert human_date("2009-04") == "April 2009"
    assert human_date("1966") == "1966"
    assert human_date(None) == "date unknown" and human_date("", "undated") == "undated"
    assert human_date("sometime in May") == "sometime in May"  # not ISO: shown as it is, never hidden
    assert human_date("2009-13-01") == "2009-13-01"
    assert human_day("2009-04-01T17:01:00Z") == "1 April 2009"


def test_plurals():
    assert plural(1, "cable") == "1 cable" and plural(0, "cable") == "0 cables"
    assert plural(2310, "entity") == "2,310 entities" and plural(2, "match") == "2 matches"
    assert plural(3, "person") == "3 people" and inflect(2, "matches") == "match" and inflect(1, "matches") == "matches"
