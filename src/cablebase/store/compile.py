"""Turn a parsed query into SQL: one FTS5 MATCH expression for the text (ranked by BM25) plus
WHERE clauses for the field filters. Every value is a bound parameter; no user text is ever
spliced into SQL."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Callable

from ..search.fields import FIELDS, Level, check_range
from ..search.query import And, Filter, Node, Not, Or, Term
from . import ranking

_ID_SET = "c.id IN ("  # how a filter that is a set of cables starts (and all it is: see FILTERS)


@dataclass
class Compiled:
    """SQL for a query: `match` is the FTS5 expression over `cables_fts` (None if no free text);
    `prefix`, when the query's words are all prefix* terms (over subject and body), the expression
    over the unstemmed `cables_prefix` index instead; `where` and `params` the rest, over `cables c`."""

    match: str | None = None
    prefix: str | None = None
    where: list[str] = field(default_factory=list)
    params: list = field(default_factory=list)
    sets: list[str | None] = field(default_factory=list)
    """Each of `where` as a set of cables (`c.id IN (…)`, the same parameters), or None: see SETS."""
    spread: bool = False  # `match` is one word, or words ORed: worth ranking in pieces (see engine._ranking_jobs)
    word: bool = False  # `match` is one word (one phrase of FTS5, its IDF one number)
    dates: int | None = None
    """The index in `where` of the query's date range, if any: a set costly to make (the date index
    read from the range's first cable to its last), worth it for many matches only (see `few_dated`)."""

    @property
    def text(self) -> str | None:
        """The expression over the text index that drives the query: `match`, else `prefix`."""
        return self.match or self.prefix

    @property
    def where_sql(self) -> str:
        return " AND ".join(["c.is_current = 1"] + [f"({w})" for w in self.where])

    def where_driven_by(self, table: str) -> str:
        """`where_sql` for a query whose text index `table` drives the loop: a filter that is a set
        of cables (`c.id IN (…)`: tags, captions, signers, people, citations…) is tested on the
        index's row id, before the cable's row is looked up, not after (`+`: a test, not a lookup of each id
        of the set in the text index). For `iran tag:PREL` most of the text's matches are then
        never looked up (25k cables, CPU time: the count 0.22x, the ranking 0.3x; a loose set,
        `caption:NOFORN`, 0.8x)."""
        return " AND ".join(["c.is_current = 1"] + [
            _tested_on(table, s) if s else f"({w})" for w, s in zip(self.where, self.sets)])

    @property
    def sets_only(self) -> bool:
        """Is every filter (if any) a set of cables? Then a query its text index drives is counted
        and ranked on the index alone (`on_index`), without a cable's row."""
        return all(self.sets)

    def on_index(self, table: str, within: tuple[int, int] | None = None) -> str:
        """The WHERE over the text index `table` alone for a query of `sets_only` (parameters: the
        text, then `params`): the index holds current versions only, and each set tests its row id.
        `within` (first, last row id): the sets hold those cables only, for the ranking of a piece of
        the archive (each set's index gives them as a range: `iran caption:NOFORN`'s half of the
        archive, 24 ms of CPU with the whole set, 18 with its half)."""
        return " AND ".join([f"{table} MATCH ?"] + [_tested_on(table, s, within) for s in self.sets])  # type: ignore[arg-type]

    def dated_by_row(self) -> Compiled:
        """This query with its date range tested on each match's row (in the covering index), not as a set."""
        return replace(self, sets=[None if i == self.dates else s for i, s in enumerate(self.sets)])

    def as_filters(self) -> tuple[str, list]:
        """The whole query as one WHERE clause over `cables c`, the text as index lookups."""
        sql, params = [self.where_sql], list(self.params)
        for table, expr in (("cables_fts", self.match), ("cables_prefix", self.prefix)):
            if expr:
                sql.append(f"c.id IN (SELECT rowid FROM {table} WHERE {table} MATCH ?)")
                params.append(expr)
        return " AND ".join(sql), params


def _tested_on(table: str, cables: str, within: tuple[int, int] | None = None) -> str:
    """A set of cables (`c.id IN (…)`) tested on the row id of the text index `table`; only its
    cables with ids first..last when `within` (first, last) is given. Where the ranking extension
    is built (`ranking.BITMAPS`) the set is made once into a bitmap that each row id is looked up
    in (`cablebase_in`): SQLite's `IN` probes a B-tree of its own, 0.4 µs a match for a set of
    100,000 cables (`iran caption:NOFORN`, CPU ms of the walk of `iran`'s 201,420 matches: 47 with
    `IN`, 17 with the bitmap; a set of 5,709 cables 12 either way)."""
    ids = cables.removeprefix(_ID_SET).removesuffix(")")
    if within:
        first, last = within
        ids = f"WITH s(id) AS ({ids}) SELECT id FROM s WHERE id BETWEEN {first:d} AND {last:d}"
    if ranking.BITMAPS:
        return f"cablebase_in((WITH s(id) AS ({ids}) SELECT cablebase_ids(id) FROM s), {table}.rowid)"
    return f"(+{table}.rowid IN ({ids}))"


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
        out.word = out.spread and isinstance(text[0], Term)
        items = [n for n in items if n not in text]
    elif prefixes:  # only prefix words: the prefix index drives the query (see search/engine.py)
        out.prefix = " AND ".join(_term_expr(n) for n in prefixes)
        items = [n for n in items if n not in prefixes]
    check_range([n for n in items if isinstance(n, Filter)])
    dates = [n for n in items if isinstance(n, Filter) and n.field in _DATES]
    if dates:  # one range and one set: from:2008 to:2009 is the cables of those two years
        where, cables, params = _dates(dates)
        out.dates = len(out.where)
        out.where.append(where)
        out.sets.append(cables)
        out.params.extend(params)
        items = [n for n in items if n not in dates]
    for item in items:
        sql, params = _sql(item)
        out.where.append(sql)
        out.sets.append(sql if sql.startswith(_ID_SET) else _set(item))
        out.params.extend(params)
    return out


_DATES = ("from", "to")


def _dates(filters: list[Filter]) -> tuple[str, str, list]:
    """The top-level from: and to: filters of a query (ANDed) as one range of dates, the latest
    start to the earliest end: its WHERE fragment over `cables c`, the same as a set of current
    cables (SETS: the date index gives them), and their parameters."""
    ranges = [(f.field, FIELDS[f.field].resolve(f.value, f.position)) for f in filters]
    starts = [r.start for name, r in ranges if name == "from"]
    ends = [r.end for name, r in ranges if name == "to"]
    tests = (["created >= ?"] if starts else []) + (["created < ?"] if ends else [])
    params = ([max(starts)] if starts else []) + ([min(ends)] if ends else [])
    return (" AND ".join(f"c.{t}" for t in tests),
            f"{_ID_SET}SELECT id FROM cables WHERE is_current = 1 AND {' AND '.join(tests)})", params)


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


def _mentions(kind: str, name: str) -> tuple[str, list]:
    """Cables naming an entity of this kind: by its name, the end of its name, or an alias."""
    escaped = name.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return ("c.id IN (SELECT cable_id FROM mentions WHERE entity_id IN ("
            "SELECT id FROM entities WHERE kind = ? AND (name = ? COLLATE NOCASE OR name LIKE ? ESCAPE '\\') "
            "UNION SELECT a.entity_id FROM entity_aliases a JOIN entities e ON e.id = a.entity_id "
            "WHERE a.alias = ? AND e.kind = ?))"), [kind, name, "% " + escaped, name, kind]


def _class(v: Level) -> tuple[str, list]:
    return ("c.classification_raw = ? COLLATE NOCASE", [v.marking]) if v.marking else ("c.classification = ?", [v.level])


_FLAGS = {"has": {"action": "c.has_action = 1", "summary": "c.id IN (SELECT id FROM cables WHERE summary IS NOT NULL)",
                  "refs": "EXISTS (SELECT 1 FROM refs r WHERE r.cable_id = c.id)"},
          "is": {"partial": "c.partial = 1", "current": "c.is_current = 1", "undated": "c.created IS NULL"}}
FILTERS: dict[str, Callable[..., tuple[str, list]]] = {
    "origin": lambda v: ("(c.origin_code = ? OR c.origin = ? COLLATE NOCASE)", [v.code, v.name]),
    "year": lambda v: (f"c.year {v.op} ?", [v.bound]),
    "class": _class,
    "tag": lambda v: ("c.id IN (SELECT cable_id FROM cable_tags WHERE code = ?)", [v]),
    "caption": lambda v: ("c.id IN (SELECT cable_id FROM captions WHERE caption = ?)", [v]),
    "signer": lambda v: ("c.id IN (SELECT cable_id FROM cable_signers WHERE name = ?)", [v]),
    "from": lambda v: ("c.created >= ?", [v.start]),
    "to": lambda v: ("c.created < ?", [v.end]),
    "cites": lambda v: ("c.id IN (SELECT cable_id FROM refs WHERE cited_id = ?)", [v]),
    "citedby": lambda v: ("c.key IN (SELECT r.cited_id FROM refs r JOIN cables x ON x.id = r.cable_id "
                          "WHERE x.key = ? AND x.is_current = 1)", [v]),
    "id": lambda v: ("c.key = ?", [v]),
    "has": lambda v: (_FLAGS["has"][v], []),
    "is": lambda v: (_FLAGS["is"][v], []),
    "person": lambda v: _mentions("person", v),
    "org": lambda v: _mentions("organization", v),
    "sensitivity": lambda v: (f"c.id IN (SELECT cable_id FROM cable_scores WHERE sensitivity {v.op} ?)", [v.bound]),
}
"""Each filter field of `search.fields.FIELDS` -> its WHERE fragment (over `cables c`) and parameters,
given the value the field resolved (`Place`, `Level`, `Range`, `Comparison`, a flag or a string)."""


SETS: dict[str, Callable[..., str | None]] = {
    "origin": lambda v: ("c.id IN (SELECT id FROM cables WHERE is_current = 1 AND origin_code = ? UNION ALL "
                         "SELECT id FROM cables WHERE is_current = 1 AND origin = ? COLLATE NOCASE)"),
    "class": lambda v: None if v.marking else "c.id IN (SELECT id FROM cables WHERE is_current = 1 AND classification = ?)",
    "year": lambda v: f"c.id IN (SELECT id FROM cables WHERE is_current = 1 AND year {v.op} ?)",
}
"""Filter fields of FILTERS on a column whose value an index (store/schema.py) gives in row id order
-> the filter as a set of current cables, the same parameters (None: not for this value). A query
that a text index drives tests it on the index's row id instead of reading each match's row: for
`iran origin:ANKARA` 5,709 of 201,420 matches are looked up, not all. (A query the cables drive
keeps the column test: building a set of 100,000 ids costs more than testing each row it reads.)"""


def _set(item: Node) -> str | None:
    """A top-level filter on a column as a set of cables (SETS), or None."""
    if isinstance(item, Filter) and item.field in SETS:
        return SETS[item.field](FIELDS[item.field].resolve(item.value, item.position))
    return None


def _filter(f: Filter) -> tuple[str, list]:
    return FILTERS[f.field](FIELDS[f.field].resolve(f.value, f.position))
