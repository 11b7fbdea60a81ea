"""Which words of a text a query matched: the pattern that highlights them in a cable.

The text index stems words (porter), so a word also matches its other endings: `programs`
highlights "program" and "programme"; `prefix*` matches words starting so; a phrase matches its
words in order with anything but letters and digits between them. Excluded terms (NOT, -word)
are not highlighted."""

from __future__ import annotations

import re

from .query import And, Filter, Node, Or, QueryError, Term, parse_query

_ENDINGS = re.compile(r"(?:ing|ed|es|s)$")
_FILTER_WORDS = ("person", "org")  # filters whose value is words of the text


def _word(text: str, prefix: bool) -> str:
    """One word as a pattern: its stem and any ending (exact letters for short words)."""
    if prefix:
        return re.escape(text) + r"\w*"
    stem = _ENDINGS.sub("", text) if len(text) > 4 else text
    return re.escape(stem) + (r"\w*" if len(text) > 3 else r"\b")


def _patterns(node: Node | None) -> list[str]:
    if isinstance(node, (And, Or)):
        return [p for item in node.items for p in _patterns(item)]
    if isinstance(node, Term):
        words = re.findall(r"\w+", node.text)
        if not words:
            return []
        *head, last = words
        return [r"\W+".join([re.escape(w) for w in head] + [_word(last, node.prefix)])]
    if isinstance(node, Filter) and node.field in _FILTER_WORDS:
        return [r"\W+".join(re.escape(w) for w in re.findall(r"\w+", node.value))]
    return []  # Not, and filters on metadata


def highlighter(query: str) -> re.Pattern | None:
    """A case-insensitive pattern matching what `query` searched for in the text; None if nothing
    (or if the query cannot be read: highlighting is a help, never an error)."""
    try:
        node = parse_query(query)
    except QueryError:
        return None
    patterns = sorted({p for p in _patterns(node) if p}, key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(patterns) + ")", re.I) if patterns else None

