"""Spelling suggestions for a search that finds nothing: archive words a letter or two away from
each searched word the archive does not hold (`Nazarbaev` -> `nazarbayev`), the closest first.

The rules are every backend's; each gives its own lookups of the archive's words (`Words`)."""

from __future__ import annotations

import re
from os.path import commonprefix
from typing import Callable, NamedTuple

from rapidfuzz.distance import Levenshtein

from ..search.query import And, Node, Or, Term
from ..search.results import Suggestion

MAX_SUGGESTIONS = 3
MAX_WORDS = 5
"""The query's first words looked at (each looks through the archive's words with its first two letters)."""
SOUNDS_ALIKE = ("cgkq", "eijy", "ou", "vw")
"""First letters that transliterations swap (Qadhafi, Gaddafi, Kadhafi; Osama, Usama; Yushchenko,
Iushchenko; Vladimir, Wladimir): a word is also compared with words starting with the others."""


class Words(NamedTuple):
    """A backend's lookups of the words its archive's current cables hold (unstemmed, folded)."""

    holds: Callable[[str], bool]
    """Whether the archive holds this word."""
    starting: Callable[[str, int, int], list[tuple[str, int]]]
    """(start, shortest, longest) -> the words beginning with `start`, `shortest` to `longest`
    letters long, with how many cables hold each."""


def suggest(words: Words, query: str, tree: Node | None, finds: Callable[[str], bool]) -> list[Suggestion]:
    """Respellings of the query's words that the archive does not hold, each as the whole query
    respelled (`cables`: how many hold the new word, not how many the new query finds): of the
    first MAX_SUGGESTIONS, those for which `finds(respelled query)` (its filters may leave no cable)."""
    out: list[Suggestion] = []
    for word in list(dict.fromkeys(_words(tree)))[:MAX_WORDS]:
        for replacement, cables in close_words(words, word):
            replacement = _cased_as(word, replacement)
            respelled = re.sub(rf"(?<!\w){re.escape(word)}(?!\w)", lambda _: replacement, query, flags=re.I)
            out.append(Suggestion(respelled, word, replacement, cables))
    return [s for s in out[:MAX_SUGGESTIONS] if finds(s.query)]


def close_words(words: Words, word: str) -> list[tuple[str, int]]:
    """Archive words within one edit (words of up to five letters) or two of `word`, sharing its
    first two letters (transliterations differ further in: Nazarbaev, Nazarbayev), or its second and
    third after a first letter transliterations swap (SOUNDS_ALIKE), with the number of cables
    holding each (counting them reads each word's list of cables: a short range is cheap): the fewest
    edits first, then the longest shared start (Kiselev: Kiselyov before Kieler), then the commonest;
    of a singular and its plural only the first. None when the archive holds `word` itself."""
    word = word.lower()
    if len(word) < 4 or not word.isalpha():
        return []
    if words.holds(word):
        return []
    limit = 1 if len(word) <= 5 else 2
    found = []
    alike = next((letters for letters in SOUNDS_ALIKE if word[0] in letters), word[0])
    starts = [word[:2]] + [first + word[1:3] for first in alike if first != word[0]]  # (3 letters: few words)
    for start in starts:  # (the length test in SQL: far fewer rows come back to Python)
        for term, cables in words.starting(start, len(word) - limit, len(word) + limit):
            distance = Levenshtein.distance(word, term, score_cutoff=limit)
            if distance <= limit:
                found.append((distance, -len(commonprefix([word, term])), -cables, term))
    chosen: list[tuple[str, int]] = []
    for _, _, cables, term in sorted(found):
        if not any(_plural_twins(term, other) for other, _ in chosen):
            chosen.append((term, -cables))
    return chosen[:MAX_SUGGESTIONS]


def _plural_twins(a: str, b: str) -> bool:
    """`government`, `governments`: the stemmed index finds the same cables for both, so only the
    closer one is offered."""
    short, long = sorted((a, b), key=len)
    return long in (short + "s", short + "es")


def _cased_as(word: str, replacement: str) -> str:
    """`replacement` written as `word` is: NAZARBAEV -> NAZARBAYEV, Nazarbaev -> Nazarbayev."""
    if word.isupper():
        return replacement.upper()
    return replacement.capitalize() if word[:1].isupper() else replacement


def _words(node: Node | None) -> list[str]:
    """The plain words a query searches for (not in NOT, not prefixes or phrases)."""
    if isinstance(node, Term):
        return [node.text] if not node.prefix and node.text.isalpha() else []
    if isinstance(node, (And, Or)):
        return [w for item in node.items for w in _words(item)]
    return []  # NOT, filters
