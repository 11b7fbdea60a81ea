"""The query language compiled to PostgreSQL: tsqueries over `search_text` for the words, SQL for the
field filters, with the same matches as the SQLite compilation (search/filters.py).

A subtree of words (no prefix*, no filter) becomes one tsquery over the stemmed vector (`fts`):
words, "phrases" (`<->`), AND (`&`), OR (`|`), NOT (`!`); a prefix* term a tsquery over the unstemmed
vector (`words`); anything else SQL's own AND, OR and NOT over those and the filters. Every value is
a bound parameter. Ranking reads `rank_query`, the words ANDed at the top of the query.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ...errors import QueryError
from ..compile import _CLASS_ALIASES, _comparison, _date_range, _id
from ...search.query import And, Filter, Node, Not, Or, Term
from ...vocab.ids import origin_code
from ...vocab.levels import normalise_level
from .lexemes import term_query

_HAS = {"action": "c.has_action = 1", "summary": "c.summary IS NOT NULL",
        "refs": "EXISTS (SELECT 1 FROM refs r WHERE r.cable_id = c.id)"}
_IS = {"partial": "c.partial = 1", "current": "c.is_current = 1"}


@dataclass
class Compiled:
    """WHERE clause (over `cables c`, and `search_text t` when `text`) and its parameters, selecting the
    current cables a query matches; `rank_query`, the tsquery that ranks them (None: no words)."""

    where: str = "c.is_current = 1"
    params: list = field(default_factory=list)
    text: bool = False
    rank_query: str | None = None

    @property
    def source(self) -> str:
        """FROM clause: the cables, joined to the full-text index when words are searched."""
        return "search_text t JOIN cables c ON c.id = t.id" if self.text else "cables c"


def compile_query(node: Node | None) -> Compiled:
    """Compile the syntax tree (None: every current cable). Raises QueryError for a bad filter value."""
    out = Compiled()
    if node is None:
        return out
    sql, params = _sql(node, out)
    out.where, out.params = f"c.is_current = 1 AND {sql}", params
    items = list(node.items) if isinstance(node, And) else [node]
    ranked = [q for q in (_tsquery(n) for n in items if not isinstance(n, Not)) if q]
    out.rank_query = " & ".join(f"({q})" for q in ranked) or None
    return out


def _tsquery(node: Node) -> str | None:
    """One tsquery over `fts` for a subtree of words, else None."""
    if isinstance(node, Term):
        return None if node.prefix else term_query(node.text, subject=node.column == "subject")
    if isinstance(node, Not):
        inner = _tsquery(node.item)
        return None if inner is None else f"!({inner})"
    if isinstance(node, (And, Or)):
        parts = [_tsquery(n) for n in node.items]
        if any(p is None for p in parts):
            return None
        return (" & " if isinstance(node, And) else " | ").join(f"({p})" for p in parts)
    return None


def _sql(node: Node, out: Compiled) -> tuple[str, list]:
    """A WHERE fragment for any subtree."""
    if (query := _tsquery(node)) is not None:
        out.text = True
        return "t.fts @@ %s::tsquery", [query]
    if isinstance(node, Term):  # a prefix*
        out.text = True
        return "t.words @@ %s::tsquery", [term_query(node.text, prefix=True, subject=node.column == "subject")]
    if isinstance(node, Filter):
        return _filter(node)
    if isinstance(node, Not):
        sql, params = _sql(node.item, out)
        return f"NOT ({sql})", params
    parts = [_sql(n, out) for n in node.items]  # And, Or
    joiner = " AND " if isinstance(node, And) else " OR "
    return joiner.join(f"({s})" for s, _ in parts), [p for _, ps in parts for p in ps]


def _filter(f: Filter) -> tuple[str, list]:
    value = f.value
    if f.field == "origin":
        return "(c.origin_code = %s OR lower(c.origin) = lower(%s))", [origin_code(value), value]
    if f.field == "tag":
        return "c.id IN (SELECT cable_id FROM cable_tags WHERE code = %s)", [value.upper()]
    if f.field == "class":
        level = _CLASS_ALIASES.get(value.upper()) or normalise_level(value)
        if level is None:
            raise QueryError(f"unknown classification {value!r} (use unclassified, confidential, secret)", f.position)
        if "//" in value:
            return "lower(c.classification_raw) = lower(%s)", [value]
        return "c.classification = %s", [level]
    if f.field == "caption":
        return "c.id IN (SELECT cable_id FROM captions WHERE caption = %s)", [value.upper()]
    if f.field == "signer":
        return "EXISTS (SELECT 1 FROM jsonb_array_elements_text(c.signers) s WHERE lower(s) = lower(%s))", [value]
    if f.field in ("from", "to"):
        start, end = _date_range(value, f.position)
        return ("c.created >= %s", [start]) if f.field == "from" else ("c.created < %s", [end])
    if f.field == "year":
        if not value.isdigit():
            raise QueryError(f"year:{value} is not a year", f.position)
        return "c.year = %s", [int(value)]
    if f.field == "cites":
        return "c.id IN (SELECT cable_id FROM refs WHERE cited_id = %s)", [_id(value)]
    if f.field == "citedby":
        return ("c.key IN (SELECT r.cited_id FROM refs r JOIN cables x ON x.id = r.cable_id "
                "WHERE x.key = %s AND x.is_current = 1)"), [_id(value)]
    if f.field == "id":
        return "c.key = %s", [_id(value)]
    if f.field == "sensitivity":
        op, bound = _comparison(value, f.position)
        return f"c.id IN (SELECT cable_id FROM cable_scores WHERE sensitivity {op} %s)", [bound]
    if f.field in ("person", "org"):
        kind = "person" if f.field == "person" else "organization"
        escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        return ("c.id IN (SELECT cable_id FROM mentions WHERE entity_id IN ("
                "SELECT id FROM entities WHERE kind = %s AND (lower(name) = lower(%s) OR name ILIKE %s) "
                "UNION SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
                "WHERE lower(a.alias) = lower(%s) AND e.kind = %s))"), [kind, value, "% " + escaped, value, kind]
    table = _HAS if f.field == "has" else _IS
    if value.lower() not in table:
        raise QueryError(f"unknown {f.field}:{value} (known: {', '.join(f'{f.field}:' + k for k in table)})",
                         f.position)
    return table[value.lower()], []
