"""Ordinary English words (Webster's Second, public domain, english-words package) and given names (the
1990 US census's, names package): what tells a keyword (`COUNTER TERRORISM`) from a person's name
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
    """First names of the 1990 US census (names package), in capitals."""
    files = resources.files("names")
    return frozenset(line.split()[0] for name in ("dist.male.first", "dist.female.first")
                     for line in files.joinpath(name).read_text(encoding="ascii").splitlines() if line.strip())


def is_given_name(word: str) -> bool:
    """Is `word` (any case) a given name (`James`, `Guillermo`) and no ordinary English word (`Mark`, `Will`)?"""
    return word.upper() in _given_names() and not is_english_word(word)


@lru_cache(maxsize=4096)
def is_english_word(word: str) -> bool:
    """Is `word` (any case) an ordinary lower-case English word?"""
    return word.lower() in english_words()
