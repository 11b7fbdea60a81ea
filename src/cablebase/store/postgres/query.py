"""The query language compiled to PostgreSQL: tsqueries over `search_text` for the words, SQL for the
field filters, with the same matches as the SQLite compilation (search/filters.py).

A subtree of words (no prefix*, no filter) becomes one tsquery over the stemmed vector (`fts`):
words, "phrases" (`<->`), AND (`&`), OR (`|`), NOT (`!`); a prefix* term a tsquery over the unstemmed
vector (`words`); anything else SQL's own AND, OR and NOT over those and the filters. Every value is
a bound parameter. Ranking reads `rank_query`, the words ANDed at the top of the query.

In a query with field filters each tsquery is a subquery of its own over `search_text` (`_words`),
fenced so that the planner finds its cables from the GIN index alone: left to itself it would test
the words on each row the filters leave, reading that row's whole vector out of TOAST.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Callable, Iterator

from ...search.fields import FIELDS, Level, check_range
from ...search.query import And, Filter, Node, Not, Or, Term
from .lexemes import term_query


@dataclass
class Compiled:
    """WHERE clause (over `cables c`, and `search_text t` when `words_only`) and its parameters, selecting
    the current cables a query matches; `rank_query`, the tsquery that ranks them (None: no words)."""

    where: str = "c.is_current = 1"
    params: list = field(default_factory=list)
    text: bool = False
    rank_query: str | None = None
    filtered: bool = False
    """Whether a field filter reads the cables."""
    words_only: str | None = None
    """The WHERE clause over `search_text t` alone, when no field filter reads the cables."""
    subject_matches: bool = False
    """Whether a cable whose subject matches `rank_query` matches the query (words alone, none negated
    and no prefix*: the subject's lexemes are in `fts`, at the same positions)."""

    @property
    def source(self) -> str:
        """FROM clause: the cables, joined to the full-text index when only words are searched (with
        filters, the words are subqueries of the WHERE clause)."""
        return "search_text t JOIN cables c ON c.id = t.id" if self.words_only else "cables c"

    @property
    def ids(self) -> str:
        """SELECT of the matching cables' ids (column `id`, parameters `params`): from the full-text
        index alone when only words are searched (it holds current versions only), which a count
        reads from its GIN index without the rows' vectors."""
        if self.words_only:
            return f"SELECT t.id FROM search_text t WHERE {self.words_only}"
        return f"SELECT c.id FROM {self.source} WHERE {self.where}"


def compile_query(node: Node | None) -> Compiled:
    """Compile the syntax tree (None: every current cable). Raises QueryError for a bad filter value."""
    out = Compiled()
    if node is None:
        return out
    items = list(node.items) if isinstance(node, And) else [node]
    check_range([n for n in items if isinstance(n, Filter)])
    nodes = list(_nodes(node))
    out.filtered = any(isinstance(n, Filter) for n in nodes)
    sql, params = _sql(node, out)
    out.where, out.params = f"c.is_current = 1 AND {sql}", params
    if out.text and not out.filtered:
        out.words_only = sql
    ranked = [q for q in (_tsquery(n, ranking=True) for n in items if not isinstance(n, Not)) if q]
    out.rank_query = " & ".join(f"({q})" for q in ranked) or None
    out.subject_matches = out.words_only is not None and not any(
        isinstance(n, Not) or isinstance(n, Term) and n.prefix for n in nodes)
    return out


def _tsquery(node: Node, ranking: bool = False) -> str | None:
    """One tsquery over `fts` for a subtree of words, else None. A subject: word is matched apart,
    against the `subject` column (see `_sql`), unless `ranking` (its weight A in `fts`)."""
    if isinstance(node, Term):
        if node.prefix or (node.column == "subject" and not ranking):
            return None
        return term_query(node.text, subject=node.column == "subject")
    if isinstance(node, Not):
        inner = _tsquery(node.item, ranking)
        return None if inner is None else f"!({inner})"
    if isinstance(node, (And, Or)):
        parts = [_tsquery(n, ranking) for n in node.items]
        if any(p is None for p in parts):
            return None
        return (" & " if isinstance(node, And) else " | ").join(f"({p})" for p in parts)
    return None


def _nodes(node: Node) -> Iterator[Node]:
    """A subtree's nodes, itself first."""
    yield node
    for child in [node.item] if isinstance(node, Not) else node.items if isinstance(node, (And, Or)) else []:
        yield from _nodes(child)


def _sql(node: Node, out: Compiled) -> tuple[str, list]:
    """A WHERE fragment for any subtree."""
    if (query := _tsquery(node)) is not None:
        return _words(out, "fts", query)
    if isinstance(node, Term) and not node.prefix:  # a subject: word or phrase: its lexemes weighted A in `fts`,
        return _words(out, "subject", term_query(node.text))  # found without reading `fts` (PostgreSQL checks
    if isinstance(node, Term):  # a prefix*                       a weight in the vector, not the index)
        return _words(out, "words", term_query(node.text, prefix=True, subject=node.column == "subject"))
    if isinstance(node, Filter):
        return _filter(node)
    if isinstance(node, Not):
        sql, params = _sql(node.item, out)
        return f"NOT ({sql})", params
    parts = [_sql(n, out) for n in node.items]  # And, Or
    joiner = " AND " if isinstance(node, And) else " OR "
    return joiner.join(f"({s})" for s, _ in parts), [p for _, ps in parts for p in ps]


def _words(out: Compiled, vector: str, query: str) -> tuple[str, list]:
    """A tsquery over one of `search_text`'s vectors: a condition on `t` when only words are searched,
    else the ids it matches, a subquery that OFFSET 0 keeps apart (its cables found from the GIN
    index, never by testing the words on each row of `cables`)."""
    out.text = True
    if out.filtered:
        return f"c.id IN (SELECT t.id FROM search_text t WHERE t.{vector} @@ %s::tsquery OFFSET 0)", [query]
    return f"t.{vector} @@ %s::tsquery", [query]


def _mentions(kind: str, name: str) -> tuple[str, list]:
    """Cables naming an entity of this kind: by its name, the end of its name, or an alias (their
    mentions found apart, OFFSET 0, and hashed: not looked up again for each cable the words match)."""
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ("c.id IN (SELECT cable_id FROM mentions WHERE entity_id IN ("
            "SELECT id FROM entities WHERE kind = %s AND (lower(name) = lower(%s) OR name ILIKE %s) "
            "UNION SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE lower(a.alias) = lower(%s) AND e.kind = %s) OFFSET 0)"), [kind, name, "% " + escaped, name, kind]


def _class(v: Level) -> tuple[str, list]:
    if v.marking:
        return "lower(c.classification_raw) = lower(%s)", [v.marking]
    return "c.classification = %s", [v.level]


_FLAGS = {"has": {"action": "c.has_action = 1", "summary": "c.summary IS NOT NULL",
                  "refs": "EXISTS (SELECT 1 FROM refs r WHERE r.cable_id = c.id)"},
          "is": {"partial": "c.partial = 1", "current": "c.is_current = 1", "undated": "c.created IS NULL"}}
FILTERS: dict[str, Callable[..., tuple[str, list]]] = {
    "origin": lambda v: ("(c.origin_code = %s OR lower(c.origin) = lower(%s))", [v.code, v.name]),
    "year": lambda v: (f"c.year {v.op} %s", [v.bound]),
    "class": _class,
    "tag": lambda v: ("c.id IN (SELECT cable_id FROM cable_tags WHERE code = %s)", [v]),
    "caption": lambda v: ("c.id IN (SELECT cable_id FROM captions WHERE caption = %s)", [v]),
    "signer": lambda v: ("EXISTS (SELECT 1 FROM jsonb_array_elements_text(c.signers) s WHERE lower(s) = lower(%s))",
                         [v]),
    "from": lambda v: ("c.created >= %s", [v.start]),
    "to": lambda v: ("c.created < %s", [v.end]),
    "cites": lambda v: ("c.id IN (SELECT cable_id FROM refs WHERE cited_id = %s)", [v]),
    "citedby": lambda v: ("c.key IN (SELECT r.cited_id FROM refs r JOIN cables x ON x.id = r.cable_id "
                          "WHERE x.key = %s AND x.is_current = 1)", [v]),
    "id": lambda v: ("c.key = %s", [v]),
    "has": lambda v: (_FLAGS["has"][v], []),
    "is": lambda v: (_FLAGS["is"][v], []),
    "person": lambda v: _mentions("person", v),
    "org": lambda v: _mentions("organization", v),
    "sensitivity": lambda v: (f"c.id IN (SELECT cable_id FROM cable_scores WHERE sensitivity {v.op} %s)", [v.bound]),
}
"""Each filter field of `search.fields.FIELDS` -> its WHERE fragment (over `cables c`) and parameters,
given the value the field resolved: the PostgreSQL twin of `store/compile.py` FILTERS."""


def _filter(f: Filter) -> tuple[str, list]:
    return FILTERS[f.field](FIELDS[f.field].resolve(f.value, f.position))
