"""Given names (the 1990 US census's that are no English word, data/given_names.txt): what tells a
person's name (`STEINBERG JAMES`) from a keyword (`COUNTER TERRORISM`) on a line in capitals."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=2)
def _given_names(file: str = "given_names.txt") -> frozenset[str]:
    """First names of the 1990 US census in capitals: those that are no English word (data/given_names.txt),
    or those that are one (data/given_name_words.txt)."""
    text = resources.files("cablebase.data").joinpath(file).read_text(encoding="ascii")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_given_name(word: str) -> bool:
    """Is `word` (any case) a given name (`James`, `Guillermo`) and no ordinary English word (`Mark`, `Will`)?"""
    return word.upper() in _given_names()


def is_given_name_word(word: str) -> bool:
    """Is `word` (any case) a given name that is also an English word (`Nelson`, `Marco`, `Bill`)?"""
    return word.upper() in _given_names("given_name_words.txt")

