"""Given names (the 1990 US census's that are no English word, data/given_names.txt): what tells a
person's name (`STEINBERG JAMES`) from a keyword (`COUNTER TERRORISM`) on a line in capitals."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """data/given_names.txt: first names of the 1990 US census that are no English word, in capitals."""
    text = resources.files("cablebase.data").joinpath("given_names.txt").read_text(encoding="ascii")
    return frozenset(line for line in text.splitlines() if line and not line.startswith("#"))


def is_given_name(word: str) -> bool:
    """Is `word` (any case) a given name (`James`, `Guillermo`) and no ordinary English word (`Mark`, `Will`)?"""
    return word.upper() in _given_names()

