"""The TAGS dictionary shipped with the package, and the decoding of one code."""

from __future__ import annotations

import csv
import re
from functools import lru_cache
from importlib import resources

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from ..model import Tag

_CODE_SHAPE = re.compile(r"[ABCEKMOPST][A-Z]{3}")  # a subject code: AMED, KFLU, PGOV, ETRD


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


@lru_cache(maxsize=1)
def tag_phrases() -> dict[str, int]:
    """Keywords of several words written on TAGS lines (data/tag_phrases.txt) -> their word count."""
    text = resources.files("cablebase.data").joinpath("tag_phrases.txt").read_text(encoding="utf-8")
    return {line.strip(): len(line.split()) for line in text.splitlines() if line.strip() and not line.startswith("#")}


@lru_cache(maxsize=1)
def tag_phrase_starts() -> frozenset[str]:
    """The first words of `tag_phrases()`: a token none of them starts with opens no keyword (a quick
    look before joining tokens to try each length)."""
    return frozenset(phrase.split(" ")[0] for phrase in tag_phrases())


@lru_cache(maxsize=4096)
def split_glued(token: str) -> tuple[str, ...] | None:
    """Codes run together (`PHUMBA` -> PHUM BA, `ETRDEINVECINPGOVCS` -> ETRD EINV ECIN PGOV CS): the
    split into the fewest known codes of 2 to 4 letters, with at least one subject code of 4 letters
    (two-letter country codes alone spell too many words); one piece may be a code the dictionary
    lacks if it has a subject code's shape (`AMEDCASCKFLO`: KFLO) and two known codes stand beside
    it. None when there is no such split."""
    known = tag_dictionary()
    if len(token) < 5 or token in known or not token.isalpha():
        return None
    # best[i]: (cost, pieces, unknown pieces) of the cheapest split of token[:i]; an unknown piece costs 3
    best: list[tuple[float, tuple[str, ...], int] | None] = [(0, (), 0)] + [None] * len(token)
    for end in range(2, len(token) + 1):
        for size in (4, 3, 2):
            head = best[end - size] if end >= size else None
            piece = token[end - size:end]
            if head is None:
                continue
            unknown = piece not in known
            if unknown and not (size == 4 and head[2] == 0 and _CODE_SHAPE.fullmatch(piece)):
                continue
            # (ties go to the split with more subject codes: AN ETA AAA is no reading of ANETAAAA)
            cost = (head[0] + (3 if unknown else 1) - (0.1 if size == 4 and not unknown else 0), head[1] + (piece,),
                    head[2] + unknown)
            if best[end] is None or cost[0] < best[end][0]:  # type: ignore[index]
                best[end] = cost
    found = best[len(token)]
    if not found or not any(len(code) == 4 and code in known for code in found[1]):
        return None
    return found[1] if not found[2] or len(found[1]) - found[2] >= 2 else None
