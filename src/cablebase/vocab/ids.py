"""Canonical cable ids: two-digit year + origin without spaces + serial without leading zeros."""

from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from importlib import resources

from rapidfuzz.distance import Levenshtein

_ID = re.compile(r"^(\d{2})([A-Z][A-Z0-9]*?)(\d+)$")
_NOT_CODE = re.compile(r"[^A-Z0-9]")
_NAME_YEAR = re.compile(r"^(\d{2})[A-Z][A-Z]+\d+")
# Words before a post's name that are not part of its code: `EMBASSY VIENNA`, `AMCONSUL LAGOS`.
_POST_PREFIXES = {"EMBASSY", "AMEMBASSY", "AMEMB", "AMCONSUL", "CONSULATE", "USMISSION", "MISSION", "US", "USEMBASSY"}


def full_year(yy: int) -> int:
    """Expand a two-digit year (cables run from the 1960s to 2010)."""
    return 1900 + yy if yy >= 50 else 2000 + yy


@lru_cache(maxsize=4096)  # a few hundred posts, named in every cable and reference
def origin_code(name: str) -> str:
    """The post's code as Cablegate's ids write it: `Rio de Janeiro` -> `RIODEJANEIRO`; an alias of
    the posts table (data/posts.tsv) -> its code (`SECSTATE` -> `STATE`, `THE HAGUE` -> `THEHAGUE`,
    `RIO` -> `RIODEJANEIRO`); `EMBASSY VIENNA` -> `VIENNA`. Unknown names are kept, without spaces."""
    code = _NOT_CODE.sub("", name.upper())
    if code in post_names():
        return code
    aliases = post_aliases()
    if code in aliases:
        return aliases[code]
    words = name.upper().split()
    if len(words) > 1 and words[0] in _POST_PREFIXES:
        return origin_code(" ".join(words[1:]))
    return code


def is_post(code: str) -> bool:
    """Is `code` a post of the posts table?"""
    return code in post_names()


@lru_cache(maxsize=1024)
def nearest_post(code: str) -> str | None:
    """The known post one edit from an unknown code (a typo: `BISHTEK`, `COLOMOBO`, `PHNOMPEN`), if
    exactly one is and the code is long enough (6 letters) for one edit to say little."""
    if len(code) < 6 or code in post_names():
        return None
    near = [known for known in post_names() if abs(len(known) - len(code)) <= 1
            and Levenshtein.distance(code, known, score_cutoff=1) <= 1]
    return near[0] if len(near) == 1 else None


def canonical_id(year: int | None, origin: str, serial: int) -> str | None:
    """The canonical id, or None when the year is unknown."""
    if year is None:
        return None
    return f"{year % 100:02d}{origin_code(origin)}{serial}"


def split_id(ref_id: str) -> tuple[int, str, int] | None:
    """`05ALMATY2058` -> (2005, 'ALMATY', 2058); None if it is not a cable id."""
    m = _ID.match(ref_id.strip().upper())
    if not m:
        return None
    return full_year(int(m.group(1))), m.group(2), int(m.group(3))


def normalise_id(ref_id: str) -> str | None:
    """Canonical form of an id as printed (`05ALMATY002058` -> `05ALMATY2058`)."""
    parts = split_id(ref_id)
    return canonical_id(*parts) if parts else None


def year_from_name(name: str) -> int | None:
    """`05ALMATY2058.txt` -> 2005; None when the file name is not a cable id."""
    m = _NAME_YEAR.match(os.path.basename(name).upper())
    if not m:
        return None
    return full_year(int(m.group(1)))


@lru_cache(maxsize=1)
def _posts() -> list[dict[str, str]]:
    text = resources.files("cablebase.data").joinpath("posts.tsv").read_text(encoding="utf-8")
    return list(csv.DictReader(text.splitlines(), delimiter="\t"))


@lru_cache(maxsize=1)
def post_names() -> dict[str, str]:
    """origin code -> post name, from the package's data/posts.tsv: the one table of posts (code, name,
    aliases, the code a renamed post `became` and the year `since`)."""
    return {r["code"]: r["name"] for r in _posts()}


@lru_cache(maxsize=1)
def post_aliases() -> dict[str, str]:
    """alias (upper case, no spaces or punctuation) -> origin code: the names REF lines and
    routing lines give posts (`THE HAGUE`, `RIO DE JAN`, `UNVIE`, `USUNESCO PARIS FR`), from
    data/posts.tsv's `aliases` column."""
    return {_NOT_CODE.sub("", alias.upper()): r["code"] for r in _posts()
            for alias in (r["aliases"] or "").split("|") if alias}


@lru_cache(maxsize=1)
def post_renames() -> dict[str, str]:
    """Former post code -> the code it became (`BOMBAY` -> `MUMBAI`), from data/posts.tsv's `became`
    column: ids keep the code printed when they were sent (unlike an alias, a former code is a code
    of its own), and a post's serials go on in one series across a rename."""
    return {r["code"]: r["became"] for r in _posts() if r["became"]}
