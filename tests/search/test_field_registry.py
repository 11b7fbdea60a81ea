"""The field registry (search/fields.py) drives the language, both backends' SQL and the facets."""

from __future__ import annotations

import pytest

from cablebase.errors import QueryError
from cablebase.search.fields import FACETS, FIELDS, NAMES, Comparison, Level, Place, Range
from cablebase.search.query import Filter, Term, parse_query
from cablebase.store import compile as sqlite_compile
from cablebase.store.facets import shape
from cablebase.store.postgres import query as pg_compile

KINDS = {"text", "keyword", "date", "number", "flag"}


def test_every_field_has_a_kind_help_and_title():
    for name, field in FIELDS.items():
        assert field.name == name and field.kind in KINDS and field.help and field.title
        assert (field.kind == "flag") == bool(field.flags)


@pytest.mark.parametrize("backend", [sqlite_compile, pg_compile], ids=["sqlite", "postgresql"])
def test_each_backend_has_sql_for_exactly_the_filter_fields(backend):
    assert set(backend.FILTERS) == {name for name, f in FIELDS.items() if f.kind != "text"}


def test_aliases_parse_as_their_field():
    assert NAMES["classification"] == "class" and NAMES["organization"] == "org"
    assert parse_query("Classification:secret") == Filter("class", "secret", 0)
    assert parse_query("organization:OSCE") == Filter("org", "OSCE", 0)
    with pytest.raises(QueryError, match="write class:secret"):
        parse_query("classification: secret")


def test_text_fields_become_terms_in_their_column():
    for name in (n for n, f in FIELDS.items() if f.kind == "text"):
        assert parse_query(f"{name}:word") == Term("word", column=name)


@pytest.mark.parametrize("field, value, resolved", [
    ("origin", "Embassy Madrid", Place("MADRID", "Embassy Madrid")),
    ("class", "s", Level("SECRET", None)),
    ("class", "secret//noforn", Level("SECRET", "secret//noforn")),
    ("tag", "pgov", "PGOV"),
    ("id", "05almaty002058", "05ALMATY2058"),
    ("from", "2005-12", Range("2005-12-01", "2006-01-01")),
    ("to", "2008-02-29", Range("2008-02-29", "2008-03-01")),
    ("year", "2009", Comparison("=", 2009)),
    ("sensitivity", "0.8", Comparison(">=", 0.8)),
    ("sensitivity", "<.2", Comparison("<", 0.2)),
    ("has", "Action", "action"),
    ("signer", "Asquino", "Asquino"),
])
def test_values_are_resolved_once_for_every_backend(field, value, resolved):
    assert FIELDS[field].resolve(value, 0) == resolved


@pytest.mark.parametrize("field, value, message", [
    ("is", "wings", r"unknown is:wings \(known: is:partial, is:current, is:undated\)"),
    ("sensitivity", "2", "not a score from 0 to 1"), ("year", "09x", "not a year"),
    ("from", "2009-02-30", "not a valid date"), ("class", "purple", "unknown classification")])
def test_bad_values_are_refused_where_they_stand(field, value, message):
    with pytest.raises(QueryError, match=message) as info:
        FIELDS[field].resolve(value, 7)
    assert info.value.position == 7


def test_facets_come_from_the_fields_in_their_order_with_their_limits():
    assert list(FACETS) == ["origin", "year", "classification", "tag", "caption", "person", "organization"]
    assert all(FIELDS[f.name] is f for f in FACETS.values())
    rows = [("tag", f"T{i:02}", "", 100 - i) for i in range(40)] + [("year", 2001, 2001, 3), ("year", 2009, 2009, 1)]
    facets, _ = shape(rows)
    assert list(facets) == list(FACETS)
    assert len(facets["tag"]) == FACETS["tag"].facet.limit
    assert [v.value for v in facets["year"]] == ["2009", "2001"]  # years newest first
