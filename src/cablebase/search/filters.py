"""Turn a parsed query into SQL: one FTS5 MATCH expression for the text (ranked by BM25) plus
WHERE clauses for the field filters. Every value is a bound parameter; no user text is ever
spliced into SQL."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from ..errors import QueryError
from ..vocab.ids import normalise_id, origin_code
from ..vocab.levels import normalise_level
from .query import And, Filter, Node, Not, Or, Term

_CLASS_ALIASES = {"U": "UNCLASSIFIED", "C": "CONFIDENTIAL", "S": "SECRET", "TS": "TOP SECRET"}
_HAS = {"action": "c.has_action = 1", "summary": "c.summary IS NOT NULL",
        "refs": "EXISTS (SELECT 1 FROM refs r WHERE r.cable_id = c.id)"}
_IS = {"partial": "c.partial = 1", "current": "c.is_current = 1", "undated": "c.created IS NULL"}
_WIDE_COLUMNS = ("c.summary",)  # read by filters but not in the covering indexes


@dataclass
class Compiled:
    """SQL for a query: `match` is the FTS5 expression over `cables_fts` (None if no free text);
    `prefix`, when the query's words are all prefix* terms (over subject and body), the expression
    over the unstemmed `cables_prefix` index instead; `where` and `params` the rest, over `cables c`."""

    match: str | None = None
    prefix: str | None = None
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    narrow: bool = True  # every column the WHERE reads is in the covering indexes (see store/schema.py _V5)
    spread: bool = False  # `match` is one word, or words ORed: worth ranking in pieces (see engine._ranking_jobs)

    @property
    def text(self) -> str | None:
        """The expression over the text index that drives the query: `match`, else `prefix`."""
        return self.match or self.prefix

    @property
    def where_sql(self) -> str:
        return " AND ".join(["c.is_current = 1"] + [f"({w})" for w in self.where])

    def as_filters(self) -> tuple[str, list]:
        """The whole query as one WHERE clause over `cables c`, the text as index lookups."""
        sql, params = [self.where_sql], list(self.params)
        for table, expr in (("cables_fts", self.match), ("cables_prefix", self.prefix)):
            if expr:
                sql.append(f"c.id IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)")
                params.append(expr)
        return " AND ".join(sql), params


def compile_query(node: Node | None) -> Compiled:
    """Compile the syntax tree. Free text at the top level (ANDed) becomes the ranked MATCH."""
    out = Compiled()
    if node is None:
        return out
    items = list(node.items) if isinstance(node, And) else [node]
    text = [n for n in items if _fts(n.item if isinstance(n, Not) else n) is not None]
    prefixes = [n for n in items if isinstance(n, Term) and n.prefix and not n.column]
    if any(not isinstance(n, Not) for n in text):
        out.match = _fts_and(text)
        out.spread = len(text) == 1 and _disjunction(text[0])
        items = [n for n in items if n not in text]
    elif prefixes:  # only prefix words: the prefix index drives the query (see search/engine.py)
        out.prefix = " AND ".join(_term_expr(n) for n in prefixes)
        items = [n for n in items if n not in prefixes]
    _check_range([n for n in items if isinstance(n, Filter) and n.field in ("from", "to")])
    for item in items:
        sql, params = _sql(item)
        out.where.append(sql)
        out.params.extend(params)
    out.narrow = not any(column in sql for sql in out.where for column in _WIDE_COLUMNS)
    return out


def _check_range(bounds: list[Filter]) -> None:
    """Refuse a date range that ends before it starts (from:2009 to:2008 would match nothing)."""
    starts = [(_date_range(f.value, f.position)[0], f) for f in bounds if f.field == "from"]
    ends = [(_date_range(f.value, f.position)[1], f) for f in bounds if f.field == "to"]
    if starts and ends:
        (start, first), (end, last) = max(starts, key=lambda p: p[0]), min(ends, key=lambda p: p[0])
        if start >= end:
            raise QueryError(f"the date range is backwards: from:{first.value} is after to:{last.value} "
                             f"(swap them: from:{last.value} to:{first.value})", last.position)


def _fts_and(nodes: list[Node]) -> str:
    positive = [_fts(n) for n in nodes if not isinstance(n, Not)]
    negative = [_fts(n.item) for n in nodes if isinstance(n, Not)]  # type: ignore[union-attr]
    expr = " AND ".join(f"({p})" for p in positive)
    for n in negative:
        expr = f"({expr}) NOT ({n})"
    return expr


def _fts(node: Node) -> str | None:
    """FTS5 expression for a text-only subtree, or None if it holds filters (or a lone NOT)."""
    if isinstance(node, Term):
        if node.prefix:
            return None  # searched in the unstemmed prefix index, see _sql
        return _term_expr(node)
    if isinstance(node, Or):
        parts = [_fts(n) for n in node.items]
        return None if any(p is None for p in parts) else " OR ".join(f"({p})" for p in parts)
    if isinstance(node, And):
        parts = [_fts(n.item if isinstance(n, Not) else n) for n in node.items]
        if any(p is None for p in parts) or all(isinstance(n, Not) for n in node.items):
            return None
        return _fts_and(list(node.items))
    return None  # filters, and a NOT that has no positive term beside it (FTS5 NOT is binary)


def _disjunction(node: Node) -> bool:
    """Is the subtree one word, or words ORed (no phrase, AND or NOT)? Its matches are the union of
    the words' cables, all to be scored: far more work than reading each word's list once."""
    if isinstance(node, Term):
        return node.text.isalnum()  # `U.S.`, `human rights`: phrases to FTS5
    return isinstance(node, Or) and all(_disjunction(item) for item in node.items)


def _sql(node: Node) -> tuple[str, list]:
    """A WHERE fragment (over `cables c`) for any subtree."""
    if isinstance(node, Filter):
        return _filter(node)
    if isinstance(node, Not):
        sql, params = _sql(node.item)
        return f"NOT ({sql})", params
    if isinstance(node, (And, Or)):
        parts = [_sql(n) for n in node.items]
        joiner = " AND " if isinstance(node, And) else " OR "
        return joiner.join(f"({s})" for s, _ in parts), [p for _, ps in parts for p in ps]
    if isinstance(node, Term) and node.prefix:
        # the unstemmed indexes keep no columns (detail=none): the subject has an index of its own
        table = "cables_subject_prefix" if node.column else "cables_prefix"
        return f"c.id IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)", [_term_expr(node, column=False)]
    return "c.id IN (SELECT rowid FROM cables_fts WHERE cables_fts MATCH ?)", [_fts(node)]


def _term_expr(term: Term, column: bool = True) -> str:
    expr = '"' + term.text.replace('"', '""') + '"' + (" *" if term.prefix else "")
    return f"{term.column} : {expr}" if term.column and column else expr


def _filter(f: Filter) -> tuple[str, list]:
    value = f.value
    if f.field == "origin":
        return "(c.origin_code = ? OR c.origin = ? COLLATE NOCASE)", [origin_code(value), value]
    if f.field == "tag":
        return "c.id IN (SELECT cable_id FROM cable_tags WHERE code = ?)", [value.upper()]
    if f.field == "class":
        level = _CLASS_ALIASES.get(value.upper()) or normalise_level(value)
        if level is None:
            raise QueryError(f"unknown classification {value!r} (use unclassified, confidential, secret)", f.position)
        if "//" in value:
            return "c.classification_raw = ? COLLATE NOCASE", [value]
        return "c.classification = ?", [level]
    if f.field == "caption":
        return "c.id IN (SELECT cable_id FROM captions WHERE caption = ?)", [value.upper()]
    if f.field == "signer":
        return "EXISTS (SELECT 1 FROM json_each(c.signers) WHERE value = ? COLLATE NOCASE)", [value]
    if f.field in ("from", "to"):
        start, end = _date_range(value, f.position)
        return ("c.created >= ?", [start]) if f.field == "from" else ("c.created < ?", [end])
    if f.field == "year":
        if not value.isdigit():
            raise QueryError(f"year:{value} is not a year", f.position)
        return "c.year = ?", [int(value)]
    if f.field == "cites":
        return "c.id IN (SELECT cable_id FROM refs WHERE cited_id = ?)", [_id(value)]
    if f.field == "citedby":
        return ("c.key IN (SELECT r.cited_id FROM refs r JOIN cables x ON x.id = r.cable_id "
                "WHERE x.key = ? AND x.is_current = 1)"), [_id(value)]
    if f.field == "id":
        return "c.key = ?", [_id(value)]
    if f.field == "sensitivity":
        op, bound = _comparison(value, f.position)
        return f"c.id IN (SELECT cable_id FROM cable_scores WHERE sensitivity {op} ?)", [bound]
    if f.field in ("person", "org"):
        kind = "person" if f.field == "person" else "organization"
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return ("c.id IN (SELECT cable_id FROM mentions WHERE entity_id IN ("
                "SELECT id FROM entities WHERE kind = ? AND (name = ? COLLATE NOCASE OR name LIKE ? ESCAPE '\\') "
                "UNION SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
                "WHERE a.alias = ? AND e.kind = ?))"), [kind, value, "% " + escaped, value, kind]
    table = _HAS if f.field == "has" else _IS
    if value.lower() not in table:
        raise QueryError(f"unknown {f.field}:{value} (known: {', '.join(f'{f.field}:' + k for k in table)})",
                         f.position)
    return table[value.lower()], []


_COMPARISON = re.compile(r"^(>=|<=|>|<|=)?(0(?:\.\d+)?|1(?:\.0*)?|\.\d+)$")


def _comparison(value: str, position: int) -> tuple[str, float]:
    """`>0.8` -> ('>', 0.8); a bare number means at least: `0.8` -> ('>=', 0.8)."""
    m = _COMPARISON.match(value)
    if not m:
        raise QueryError(f"sensitivity:{value} is not a score from 0 to 1 (e.g. sensitivity:>0.8, "
                         "sensitivity:<=0.2)", position)
    return m.group(1) or ">=", float(m.group(2))


def _id(value: str) -> str:
    return normalise_id(value) or value.upper()


_DATE = re.compile(r"^(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?$")


def _date_range(value: str, position: int) -> tuple[str, str]:
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
    return start.isoformat(), end.isoformat()
