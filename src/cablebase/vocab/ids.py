"""Canonical cable ids: two-digit year + origin without spaces + serial without leading zeros."""

from __future__ import annotations

import csv
import os
import re
from functools import lru_cache
from importlib import resources

_ID = re.compile(r"^(\d{2})([A-Z][A-Z0-9]*?)(\d+)$")
_NOT_CODE = re.compile(r"[^A-Z0-9]")
_NAME_YEAR = re.compile(r"^(\d{2})[A-Z][A-Z]+\d+")
ORIGIN_ALIASES = {"SECSTATE": "STATE", "SECSTATEWASHDC": "STATE", "STATEWASHDC": "STATE"}


def full_year(yy: int) -> int:
    """Expand a two-digit year (cables run from the 1960s to 2010)."""
    return 1900 + yy if yy >= 50 else 2000 + yy


@lru_cache(maxsize=4096)  # a few hundred posts, named in every cable and reference
def origin_code(name: str) -> str:
    """`Rio de Janeiro` -> `RIODEJANEIRO`; `SECSTATE` -> `STATE`."""
    code = _NOT_CODE.sub("", name.upper())
    return ORIGIN_ALIASES.get(code, code)


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
def post_names() -> dict[str, str]:
    """origin code -> post name, from the package's data/posts.tsv."""
    text = resources.files("cablebase.data").joinpath("posts.tsv").read_text(encoding="utf-8")
    return {r["code"]: r["name"] for r in csv.DictReader(text.splitlines(), delimiter="\t")}


@lru_cache(maxsize=1)
def post_renames() -> dict[str, str]:
    """Former post code -> the code it became (`BOMBAY` -> `MUMBAI`), from data/post_renames.tsv;
    a post's serials go on in one series across a rename."""
    text = resources.files("cablebase.data").joinpath("post_renames.tsv").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return {r["former"]: r["code"] for r in csv.DictReader(lines, delimiter="\t")}
