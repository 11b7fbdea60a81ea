"""Editing a query as text for the pages: filter chips, date ranges, the advanced-search form.

Every edit works on the query the reader typed (kept as typed), located through the parser's
positions, so removing or excluding a filter changes nothing else."""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..search.query import And, Filter, Not, QueryError, parse_query

_FILTER_TEXT = re.compile(r'[A-Za-z]+:(?:"[^"]*"|[^\s()"]+)')
_DATE_FILTER = re.compile(r"(?<!\S)(from|to):(\S+)")
_NOT_BEFORE = re.compile(r"NOT\s+$")


@dataclass
class Chip:
    """One active filter: what it says, and the query without it / with it turned around."""

    field: str
    value: str
    excluded: bool
    remove: str
    toggle: str


def _tidy(query: str) -> str:
    return " ".join(query.split())


def chips(query: str) -> list[Chip]:
    """A chip for each filter that applies to the whole query (filters inside OR or parentheses
    are part of a larger condition and stay in the query box)."""
    try:
        node = parse_query(query)
    except QueryError:
        return []
    items = node.items if isinstance(node, And) else (node,) if node is not None else ()
    out = []
    for item in items:
        excluded = isinstance(item, Not)
        f = item.item if excluded else item
        if not isinstance(f, Filter):
            continue
        m = _FILTER_TEXT.match(query, f.position)
        if m is None:  # pragma: no cover - the parser found a filter here
            continue
        start, text = f.position, m.group(0)
        if excluded:
            before = _NOT_BEFORE.search(query, 0, start)
            start = before.start() if before else start - 1 if query[start - 1:start] == "-" else start
        rest = query[:start], query[m.end():]
        out.append(Chip(f.field, f.value, excluded, remove=_tidy(" ".join(rest)),
                        toggle=_tidy(f"{rest[0]} {text if excluded else '-' + text} {rest[1]}")))
    return out


def with_dates(query: str, start: str, end: str) -> str:
    """The query with its date range replaced by from:`start` to:`end` (either may be empty)."""
    kept = _tidy(_DATE_FILTER.sub("", query))
    return " ".join(p for p in (kept, f"from:{start}" if start else "", f"to:{end}" if end else "") if p)


def date_bounds(query: str) -> tuple[str, str]:
    """The query's from: and to: values ('' where it has none)."""
    found = dict(m.groups() for m in _DATE_FILTER.finditer(query))
    return found.get("from", ""), found.get("to", "")


def _quoted(value: str) -> str:
    value = value.replace('"', "").strip()
    return f'"{value}"' if re.search(r"\s", value) else value


ADVANCED_FIELDS = ("origin", "tag", "class", "caption", "signer", "person", "org", "subject")
"""The advanced form's one-value fields, each written as field:value."""


def build_query(form: dict[str, str | list[str]]) -> str:
    """The query the advanced-search form describes: all/any/none of these words, an exact phrase,
    field values (several in a box, comma-separated: any of them), a date range, has:/is: boxes."""
    def text(name: str) -> str:
        value = form.get(name) or ""
        return value.strip() if isinstance(value, str) else ""

    parts = text("all").split()
    if phrase := text("phrase").replace('"', ""):
        parts.append(f'"{phrase}"')
    if words := text("any").split():
        parts.append("(" + " OR ".join(words) + ")" if len(words) > 1 else words[0])
    parts += [f"-{w}" for w in text("none").split()]
    for field in ADVANCED_FIELDS:
        values = [f"{field}:{_quoted(v)}" for v in text(field).split(",") if v.strip()]
        if values:
            parts.append(values[0] if len(values) == 1 else "(" + " OR ".join(values) + ")")
    parts += [f"{name}:{text(name)}" for name in ("from", "to") if text(name)]
    for name in ("has", "is"):
        values = form.get(name) or []
        parts += [f"{name}:{v}" for v in ([values] if isinstance(values, str) else values) if v]
    return " ".join(parts)


def advanced_query(params) -> str:
    """The query of the advanced-search form as submitted (a request's query parameters)."""
    return build_query({name: params.getlist(name) if name in ("has", "is") else params.get(name, "")[:200]
                        for name in set(params)})
