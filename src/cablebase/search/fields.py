"""The search's open lists, one registry each: the fields of the query language (`FIELDS`, which also
give the facets, their titles and how many values each shows) and the sort orders (`SORTS`).

A field is declared once here: its name and aliases (what `query.py` accepts), its kind, and how its
values are read and checked (`resolve`: the same value and the same error on every backend). Each
storage backend maps the resolved value to SQL in one table of its own (`store/compile.py`
`FILTERS`, `store/postgres/query.py` `FILTERS`); the store imports this module, never the reverse.

Kinds, and the value `resolve` gives a backend:
  text     words searched in one text column (`subject:`): parsed as a `query.Term`, never resolved
  keyword  one value, normalised (`str`; `Place` for origin:, `Level` for class:)
  date     a year, month or day: the half-open `Range` of days it covers
  number   a `Comparison` (operator and bound)
  flag     one of the field's `flags` (has:action)
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Callable, NamedTuple

from ..errors import QueryError
from ..vocab.ids import normalise_id, origin_code
from ..vocab.levels import normalise_level

SORTS = {"rank": "relevance (BM25), newest first among equals", "date": "newest first", "date-asc": "oldest first"}
"""The orders a search's hits come in: name -> what it means."""


class Place(NamedTuple):
    """origin:'s value: the post's code (`vocab.ids.origin_code`) and the name as typed."""

    code: str
    name: str


class Level(NamedTuple):
    """class:'s value: the level (`SECRET`), and the whole marking when one was typed (`SECRET//NOFORN`)."""

    level: str
    marking: str | None


class Range(NamedTuple):
    """A date's days: from `start` (ISO, included) to `end` (excluded)."""

    start: str
    end: str


class Comparison(NamedTuple):
    """A number's test: `op` is one of >=, <=, >, <, = (safe to write into SQL), `bound` the number."""

    op: str
    bound: float | int


@dataclass(frozen=True)
class Facet:
    """A field's values counted over a result set: the facet's `name` (in results and the API), its
    `title` on pages, and how many of its largest values are kept."""

    name: str
    title: str
    limit: int


@dataclass(frozen=True)
class Field:
    """One field of the query language (see the module docstring for the kinds)."""

    name: str
    kind: str
    title: str
    help: str
    aliases: tuple[str, ...] = ()
    facet: Facet | None = None
    flags: tuple[str, ...] = ()
    read: Callable[[str, int], object] | None = None
    """A keyword's or number's own reading of a value (value, position in the query)."""

    @property
    def example(self) -> str:
        """The example the help gives (`origin:ANKARA`), '' if none."""
        return self.help.split("e.g. ")[-1] if "e.g. " in self.help else ""

    def resolve(self, value: str, position: int) -> object:
        """The value as the backends read it, or QueryError saying what is wrong with it."""
        if self.kind == "date":
            return _date_range(value, position)
        if self.kind == "flag":
            if value.lower() not in self.flags:
                known = ", ".join(f"{self.name}:{flag}" for flag in self.flags)
                raise QueryError(f"unknown {self.name}:{value} (known: {known})", position)
            return value.lower()
        return self.read(value, position) if self.read else value


def _level(value: str, position: int) -> Level:
    level = _CLASS_ALIASES.get(value.upper()) or normalise_level(value)
    if level is None:
        raise QueryError(f"unknown classification {value!r} (use unclassified, confidential, secret)", position)
    return Level(level, value if "//" in value else None)


_CLASS_ALIASES = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "TS": "TOP SECRET"}


def _year(value: str, position: int) -> Comparison:
    if not value.isdigit():
        raise QueryError(f"year:{value} is not a year", position)
    return Comparison("=", int(value))


_SCORE = re.compile(r"^(>=|<=|>|<|=)?(0(?:\.\d+)?|1(?:\.0*)?|\.\d+)$")


def _score(value: str, position: int) -> Comparison:
    """`>0.8` -> ('>', 0.8); a bare number means at least: `0.8` -> ('>=', 0.8)."""
    m = _SCORE.match(value)
    if not m:
        raise QueryError(f"sensitivity:{value} is not a score from 0 to 1 (e.g. sensitivity:>0.8, "
                         "sensitivity:<=0.2)", position)
    return Comparison(m.group(1) or ">=", float(m.group(2)))


def _cable_id(value: str, position: int) -> str:
    return normalise_id(value) or value.upper()


def _upper(value: str, position: int) -> str:
    return value.upper()


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date_range(value: str, position: int) -> Range:
    """`2005` -> ('2005-01-01', '2006-01-01'); `2005-05` and `2005-05-17` likewise."""
    m = _DATE.match(value)
    if not m:
        raise QueryError(f"{value!r} is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)", position)
    y, mo, d = int(m.group(1)), m.group(2), m.group(3)
    try:
        if d:
            start = date(y, int(mo), int(d))
            end = date.fromordinal(start.toordinal() + 1)
        elif mo:
            start = date(y, int(mo), 1)
            end = date(y + (start.month == 12), start.month % 12 + 1, 1)
        else:
            start, end = date(y, 1, 1), date(y + 1, 1, 1)
    except ValueError:
        raise QueryError(f"{value!r} is not a valid date", position) from None
    return Range(start.isoformat(), end.isoformat())


_DECLARED = (  # in the order pages list them (the facets' order too)
    Field("origin", "keyword", "Origin", "post code or name, e.g. origin:ANKARA", facet=Facet("origin", "Origin", 20),
          read=lambda value, _: Place(origin_code(value), value)),
    Field("year", "number", "Year", "creation year, e.g. year:2009", facet=Facet("year", "Year", 60), read=_year),
    Field("class", "keyword", "Classification", "classification, e.g. class:secret", aliases=("classification",),
          facet=Facet("classification", "Classification", 10), read=_level),
    Field("tag", "keyword", "Tags", "TAGS code, e.g. tag:PGOV", facet=Facet("tag", "Tag", 25), read=_upper),
    Field("caption", "keyword", "Caption", "handling caption, e.g. caption:NOFORN",
          facet=Facet("caption", "Caption", 15), read=_upper),
    Field("signer", "keyword", "Signer", "signer, e.g. signer:ASQUINO"),
    Field("subject", "text", "Word in the subject", "word or phrase in the subject"),
    Field("from", "date", "From", "created on or after a year, month or day: from:2005, from:2005-05, from:2005-05-17"),
    Field("to", "date", "To", "created on or before a year, month or day"),
    Field("cites", "keyword", "Cites", "cables that cite this id, e.g. cites:05ALMATY1854", read=_cable_id),
    Field("citedby", "keyword", "Cited by", "cables that this id cites", read=_cable_id),
    Field("id", "keyword", "Cable id", "one cable id", read=_cable_id),
    Field("has", "flag", "Has", "has:action, has:summary, has:refs", flags=("action", "summary", "refs")),
    Field("is", "flag", "Is", "is:partial, is:undated (no creation date)", flags=("partial", "current", "undated")),
    Field("person", "keyword", "Person", "a person named in the text, e.g. person:Kiselyov",
          facet=Facet("person", "People", 15)),
    Field("org", "keyword", "Organisation", "an organisation named in the text, e.g. org:OSCE",
          aliases=("organization",), facet=Facet("organization", "Organisations", 15)),
    Field("sensitivity", "number", "Sensitivity", "how classified the cable's words read (0-1, `cablebase review "
          "--score`), e.g. sensitivity:>0.8, sensitivity:<=0.2", read=_score),
)
FIELDS: dict[str, Field] = {f.name: f for f in _DECLARED}
"""Every field of the query language, by name."""
NAMES: dict[str, str] = {name: f.name for f in _DECLARED for name in (f.name, *f.aliases)}
"""Every name the language accepts for a field (aliases too) -> the field's name."""
FACETS: dict[str, Field] = {f.facet.name: f for f in _DECLARED if f.facet}
"""The facets a result set is counted by, in the order pages show them -> the field each refines."""


def check_range(filters: list) -> None:
    """Refuse a date range that ends before it starts (from:2009 to:2008 would match nothing), given
    the query's filters that apply to the whole of it (`query.Filter`s)."""
    starts = [(_date_range(f.value, f.position).start, f) for f in filters if f.field == "from"]
    ends = [(_date_range(f.value, f.position).end, f) for f in filters if f.field == "to"]
    if starts and ends:
        (start, first), (end, last) = max(starts, key=lambda p: p[0]), min(ends, key=lambda p: p[0])
        if start >= end:
            raise QueryError(f"the date range is backwards: from:{first.value} is after to:{last.value} "
                             f"(swap them: from:{last.value} to:{first.value})", last.position)
