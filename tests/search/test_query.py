"""The query language: what parses to what, and clear errors with positions."""

from __future__ import annotations

import pytest
from hypothesis import given, settings, strategies as st

from cablebase.store.compile import compile_query
from cablebase.errors import QueryError
from cablebase.search.query import And, Filter, Not, Or, Term, parse_query


def test_words_phrases_prefix_and_booleans():
    assert parse_query("iran") == Term("iran")
    assert parse_query('"nuclear program"') == Term("nuclear program", phrase=True)
    assert parse_query("nazarbay*") == Term("nazarbay", prefix=True)
    assert parse_query("a b") == And((Term("a"), Term("b")))
    assert parse_query("a AND b OR c") == Or((And((Term("a"), Term("b"))), Term("c")))
    assert parse_query("a (b OR c)") == And((Term("a"), Or((Term("b"), Term("c")))))
    assert parse_query("a NOT b -c") == And((Term("a"), Not(Term("b")), Not(Term("c"))))
    assert parse_query("") is None and parse_query("   ") is None
    assert parse_query("iran -- policy &") == And((Term("iran"), Term("policy")))


def test_fields():
    assert parse_query("origin:ANKARA") == Filter("origin", "ANKARA", 0)
    assert parse_query('origin:"Embassy Madrid"') == Filter("origin", "Embassy Madrid", 0)
    assert parse_query("subject:fighter") == Term("fighter", column="subject")
    assert parse_query("x from:2005-05") == And((Term("x"), Filter("from", "2005-05", 2)))


@pytest.mark.parametrize("query, message, position", [
    ("(iran", "unbalanced '('", 0),
    ("iran)", "unbalanced ')'", 4),
    ('"open phrase', "unterminated quote", 0),
    ("iran AND", "AND needs something on its right", 5),
    ("OR iran", "OR needs something on its left", 0),
    ("iran NOT", "NOT needs something to exclude", 5),
    ("colour:red", "unknown field 'colour:'", 0),
    ("()", "empty parentheses", 0),
    ("subject:**", "needs a value right after the colon", 0),
    ("origin:", "'origin:' needs a value right after the colon", 0),
    ("iran tag:", "'tag:' needs a value right after the colon", 5),
    ("iran Origin: ALMATY", "needs its value right after the colon, with no space (write origin:ALMATY)", 5),
    ("from: embassy", "'embassy' is no from: value (to search for the words, write from embassy)", 0),
    ("from:2009 to:2008", "the date range is backwards: from:2009 is after to:2008", 10),
    ("x to:2009-05-31 from:2009-06", "backwards", 2),
    ('""', "empty phrase", 0),
    ("(" * 40 + "x" + ")" * 40, "too deeply nested", 33),
    ("-" * 999 + "x", "too deeply nested", 33),  # found by bench/fuzz.py: nested negation recursed
    ("NOT " * 200 + "x", "too deeply nested", 132),
])
def test_errors_say_what_and_where(query, message, position):
    with pytest.raises(QueryError) as info:
        compile_query(parse_query(query))
    assert message in info.value.message
    assert info.value.position == position


@pytest.mark.parametrize("query, suggestions", [
    ("iran Origin: ALMATY from:2005", ("iran origin:ALMATY from:2005", "iran Origin ALMATY from:2005")),
    ("from: embassy staff", ("from embassy staff",)),  # no date: only the words
    ("class: secret", ("class:secret", "class secret")),
    ("origin:", ()),
])
def test_a_space_after_a_fields_colon_offers_what_it_may_mean(query, suggestions):
    with pytest.raises(QueryError) as info:
        parse_query(query)
    assert info.value.suggestions == suggestions
    for suggestion in suggestions:
        compile_query(parse_query(suggestion))  # each one reads


@pytest.mark.parametrize("query, message", [
    ("from:2005-13", "not a valid date"), ("to:yesterday", "not a date"), ("class:purple", "unknown classification"),
    ("has:wings", "unknown has:wings"), ("year:abc", "not a year"), ("x" * 1001, "query too long"),
    (" ".join(["w"] * 70), "too many terms")])
def test_filter_value_errors(query, message):
    with pytest.raises(QueryError, match=message):
        compile_query(parse_query(query))


def test_a_range_of_one_month_or_day_is_not_backwards():
    for query in ("from:2009-05 to:2009-05", "from:2009-05-31 to:2009-05-31", "from:2009 to:2009-01", "to:2008 x"):
        compile_query(parse_query(query))
    assert parse_query("note: colons after other words are text") is not None


def test_user_text_is_never_sql():
    compiled = compile_query(parse_query("x'; DROP TABLE cables; -- origin:\"a' OR 1=1 --\" tag:PGOV"))
    assert "DROP" not in " ".join(compiled.where) and "1=1" not in " ".join(compiled.where)
    assert "a' OR 1=1 --" in compiled.params


def test_fts_expression_quotes_every_term():
    compiled = compile_query(parse_query('iran "a NEAR b" -tag:IR'))
    assert compiled.match == '("iran") AND ("a NEAR b")'
    assert compiled.where == ["NOT (c.id IN (SELECT cable_id FROM cable_tags WHERE code = ?))"]


ATOMS = st.sampled_from(['iran', '"a b"', 'x*', 'AND', 'OR', 'NOT', '-', '(', ')', 'origin:X', 'from:2005',
                         'tag:', '"', ':', '*', 'class:secret', 'cites:05X1', '\u00e9t\u00e9', '\x00', 'subject:y'])


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(ATOMS, st.text(max_size=8)), max_size=30).map(" ".join))
def test_any_query_parses_or_raises_query_error(query):
    try:
        compile_query(parse_query(query))
    except QueryError as exc:
        assert 0 <= exc.position <= len(query)
