"""Ordinary English words (Webster's Second, public domain, english-words package) and given names (the
1990 US census's, data/given_names.txt): what tells a keyword (`COUNTER TERRORISM`) from a person's name
(`STEINBERG JAMES`) on a line in capitals."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Lower-case English words: what an all-capitals cable writes in capitals only because it writes everything so."""
    from english_words import get_english_words_set

    return frozenset(w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower())


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """data/given_names.txt: first names of the 1990 US census that are no English word, in capitals."""
    text = resources.files("cablebase.data").joinpath("given_names.txt").read_text(encoding="ascii")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_given_name(word: str) -> bool:
    """Is `word` (any case) a given name (`James`, `Guillermo`) and no ordinary English word (`Mark`, `Will`)?"""
    return word.upper() in _given_names()

