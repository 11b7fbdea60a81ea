"""The query language: words, "phrases", prefix*, AND/OR/NOT, parentheses and field filters.

    iran "nuclear program" origin:ANKARA from:2008-06 -tag:PTER (sanctions OR embargo*)

`parse_query` turns a query into a small syntax tree or raises `QueryError` saying what is wrong
and at which character.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Union

from ..errors import QueryError
from .fields import FIELDS, NAMES

MAX_QUERY_LENGTH = 1000
MAX_TERMS = 64
MAX_DEPTH = 32


@dataclass(frozen=True)
class Term:
    """A word, prefix* or "phrase", optionally limited to one text column (subject)."""

    text: str
    phrase: bool = False
    prefix: bool = False
    column: str | None = None


@dataclass(frozen=True)
class Filter:
    """A field filter such as origin:ANKARA."""

    field: str
    value: str
    position: int


@dataclass(frozen=True)
class And:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Or:
    items: tuple["Node", ...]


@dataclass(frozen=True)
class Not:
    item: "Node"


Node = Union[Term, Filter, And, Or, Not]

_TOKEN = re.compile(r"""
    (?P<ws>\s+)
  | (?P<lparen>\()
  | (?P<rparen>\))
  | (?P<field>[A-Za-z]+):(?=\S)
  | (?P<bare>(?i:""" + "|".join(NAMES) + r""")):(?=\s|$)
  | (?P<phrase>"[^"]*"?)
  | (?P<punct>[^\w\s()"]+(?=[\s)]|$))
  | (?P<minus>-(?=[^\s)]))
  | (?P<word>[^\s()"]+)
""", re.X)


@dataclass
class _Tok:
    kind: str
    text: str
    pos: int


def _tokenize(query: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    pos = 0
    while pos < len(query):
        m = _TOKEN.match(query, pos)
        if m is None:  # pragma: no cover - every character matches some alternative
            raise QueryError(f"unexpected character {query[pos]!r}", pos)
        kind = m.lastgroup or "word"
        text = m.group(0)
        if kind == "phrase" and (len(text) < 2 or not text.endswith('"')):
            raise QueryError("unterminated quote: add the closing \"", pos)
        if kind == "bare":  # a known field with nothing after its colon: refused, never read as a word
            _refuse_bare(query, m, NAMES[text[:-1].lower()])
        if kind == "word" and text in ("AND", "OR", "NOT"):
            kind = text.lower()
        if kind not in ("ws", "punct"):  # a lone run of punctuation (`--`, `&`) has nothing to search
            tokens.append(_Tok(kind, text, pos))
        pos = m.end()
    return tokens


def _refuse_bare(query: str, m: re.Match, name: str) -> None:
    """QueryError for `origin:` with nothing after its colon or a space then a value (`origin: ALMATY`,
    `from: embassy`): the fixes offered are the filter written right (when the field can read the
    value) and the words without the colon (`from embassy`)."""
    field, pos = FIELDS[name], m.start()
    value = query[m.end():].lstrip().split(maxsplit=1)[0] if query[m.end():].strip() else ""
    if not value or value[0] in "()":
        raise QueryError(f"'{name}:' needs a value right after the colon", pos)
    after = query[m.end():].lstrip()[len(value):]
    words = f"{query[:pos]}{query[pos:m.end() - 1]} {value}{after}"
    try:
        field.resolve(value, pos)
    except QueryError:  # `from: embassy`: no date, so no filter: the words are what it can mean
        raise QueryError(f"'{name}:' needs its value right after the colon, and {value!r} is no {name}: value "
                         f"(to search for the words, write {query[pos:m.end() - 1]} {value})", pos, (words,)) from None
    raise QueryError(f"'{name}:' needs its value right after the colon, with no space (write {name}:{value})", pos,
                     (f"{query[:pos]}{name}:{value}{after}", words))


class _Parser:
    def __init__(self, query: str) -> None:
        self.query = query
        self.tokens = _tokenize(query)
        self.i = 0
        self.terms = 0

    def peek(self) -> _Tok | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> _Tok:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def parse(self) -> Node | None:
        if not self.tokens:
            return None
        node = self.or_expr(0)
        tok = self.peek()
        if tok is not None:
            raise QueryError("unbalanced ')': no '(' to close" if tok.kind == "rparen"
                             else f"unexpected {tok.text!r}", tok.pos)
        return node

    def or_expr(self, depth: int) -> Node:
        items = [self.and_expr(depth)]
        while (tok := self.peek()) is not None and tok.kind == "or":
            self.take()
            if self.peek() is None or self.peek().kind in ("or", "and", "rparen"):
                raise QueryError("OR needs something on its right", tok.pos)
            items.append(self.and_expr(depth))
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_expr(self, depth: int) -> Node:
        items = [self.not_expr(depth)]
        while (tok := self.peek()) is not None and tok.kind not in ("or", "rparen"):
            if tok.kind == "and":
                self.take()
                if self.peek() is None or self.peek().kind in ("or", "and", "rparen"):
                    raise QueryError("AND needs something on its right", tok.pos)
            items.append(self.not_expr(depth))
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_expr(self, depth: int) -> Node:
        tok = self.peek()
        if tok is not None and tok.kind in ("not", "minus"):
            self.take()
            if self.peek() is None or self.peek().kind in ("or", "and", "rparen"):
                raise QueryError(f"{tok.text} needs something to exclude", tok.pos)
            if depth > MAX_DEPTH:
                raise QueryError(f"too deeply nested (more than {MAX_DEPTH} levels)", tok.pos)
            return Not(self.not_expr(depth + 1))
        return self.atom(depth)

    def atom(self, depth: int) -> Node:
        tok = self.peek()
        if tok is None:
            raise QueryError("the query ends too early", len(self.query))
        if depth > MAX_DEPTH:
            raise QueryError(f"too deeply nested (more than {MAX_DEPTH} levels)", tok.pos)
        self.take()
        if tok.kind == "lparen":
            if self.peek() is not None and self.peek().kind == "rparen":
                raise QueryError("empty parentheses", tok.pos)
            node = self.or_expr(depth + 1)
            close = self.peek()
            if close is None or close.kind != "rparen":
                raise QueryError("unbalanced '(': add the closing ')'", tok.pos)
            self.take()
            return node
        if tok.kind == "rparen":
            raise QueryError("unbalanced ')': no '(' to close", tok.pos)
        if tok.kind in ("and", "or"):
            raise QueryError(f"{tok.text} needs something on its left", tok.pos)
        self.count(tok)
        if tok.kind == "field":
            return self.field(tok)
        return _term(tok)

    def field(self, tok: _Tok) -> Node:
        typed = tok.text[:-1].lower()
        name = NAMES.get(typed)
        if name is None:
            raise QueryError(f"unknown field '{typed}:' (known: {', '.join(sorted(FIELDS))})", tok.pos)
        value_tok = self.peek()
        if value_tok is None or value_tok.kind not in ("word", "phrase") or value_tok.pos != tok.pos + len(tok.text):
            raise QueryError(f"'{name}:' needs a value right after the colon", tok.pos)
        self.take()
        if FIELDS[name].kind == "text":
            term = _term(value_tok)
            return Term(term.text, term.phrase, term.prefix, column=name)
        value = value_tok.text.strip('"').strip()
        if not value:
            raise QueryError(f"'{name}:' needs a value", tok.pos)
        return Filter(name, value, tok.pos)

    def count(self, tok: _Tok) -> None:
        self.terms += 1
        if self.terms > MAX_TERMS:
            raise QueryError(f"too many terms (more than {MAX_TERMS})", tok.pos)


def _term(tok: _Tok) -> Term:
    if tok.kind == "phrase":
        text = tok.text[1:-1].strip()
        if not any(c.isalnum() for c in text):
            raise QueryError("empty phrase", tok.pos)
        return Term(text, phrase=True)
    text = tok.text
    prefix = text.endswith("*")
    text = text.rstrip("*")
    if not any(c.isalnum() for c in text):
        raise QueryError(f"{tok.text!r} has no letters or digits to search for", tok.pos)
    return Term(text, prefix=prefix)


def parse_query(query: str) -> Node | None:
    """Parse a query; None for an empty query (which matches every cable)."""
    if len(query) > MAX_QUERY_LENGTH:
        raise QueryError(f"query too long ({len(query)} characters, at most {MAX_QUERY_LENGTH})", MAX_QUERY_LENGTH)
    if "\x00" in query:
        raise QueryError("NUL character in query", query.index("\x00"))
    return _Parser(query).parse()
