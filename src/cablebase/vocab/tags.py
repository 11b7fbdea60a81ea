"""The TAGS dictionary shipped with the package, and the decoding of one code."""

from __future__ import annotations

import csv
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..model import Tag


@lru_cache(maxsize=1)
def tag_dictionary() -> dict[str, tuple[str, str]]:
    """code -> (kind, description), from the package's data/tags.tsv."""
    text = resources.files("cablebase.data").joinpath("tags.tsv").read_text(encoding="utf-8")
    rows = csv.DictReader(text.splitlines(), delimiter="\t")
    return {r["code"]: (r["kind"], r["description"]) for r in rows}


@lru_cache(maxsize=8192)  # the same few thousand codes in every cable; a Tag is immutable
def decode_tag(code: str) -> Tag:
    """Decode one code; unknown codes are kept with kind 'unknown' and known=False."""
    code = code.strip().upper()
    entry = tag_dictionary().get(code)
    if entry:
        kind, description = entry
        return Tag(code=code, kind=kind, description=description or None)  # type: ignore[arg-type]
    return Tag(code=code, kind="unknown", known=False, probably=_one_letter_away(code))


def _one_letter_away(code: str) -> str | None:
    """The known code one edit from an unknown one (a typo: POGOV, PECON), if exactly one is."""
    if not (5 <= len(code) <= 8 and code.isalpha()):  # shorter codes are a letter away from too much
        return None
    near = process.extract(code, tag_dictionary().keys(), scorer=Levenshtein.distance, score_cutoff=1, limit=2)
    return near[0][0] if len(near) == 1 else None
