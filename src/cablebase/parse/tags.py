"""TAGS: split the line into codes and decode them with the shipped dictionary."""

from __future__ import annotations

import re

from ..model import Tag
from ..vocab.tags import decode_tag, tag_dictionary

_PREFIX = re.compile(r"^TAGS?\s*:?\s*", re.I)
_TOKEN = re.compile(r"\(([^()]*)\)|([^\s,;()]+)\s*([,;]?)")


def parse_tags(raw: str) -> list[Tag]:
    """`TAGS: PGOV PHUM KZ NAZARBAYEV, NURSULTAN` -> decoded tags (persons kept whole)."""
    text = " ".join(_PREFIX.sub("", raw.strip()).split())
    known = tag_dictionary()
    tokens: list[tuple[str, str]] = []  # (token, separator after it)
    tags: list[Tag] = []
    for m in _TOKEN.finditer(text):
        if m.group(1) is not None:
            inner = " ".join(m.group(1).split()).upper()
            if inner:
                tags.append(_person(inner) if "," in inner else decode_tag(inner))
            continue
        tokens.append((m.group(2).strip(".").upper(), m.group(3)))
    i = 0
    while i < len(tokens):
        token, sep = tokens[i]
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else None
        if (sep == "," and nxt and token not in known and nxt not in known and len(token) > 2
                and token.isalpha() and nxt.replace("'", "").replace("-", "").isalpha()):
            name = f"{token}, {nxt}"
            i += 2
            while i < len(tokens) and len(tokens[i][0].strip(".")) == 1:  # middle initial
                name += f" {tokens[i][0]}"
                i += 1
            tags.append(_person(name))
            continue
        if (not sep and nxt and tags and tags[-1].code == "OVIP" and _word(token, known, 4) and _word(nxt, known, 4)
                and max(len(token), len(nxt)) > 4):  # `OVIP CLINTON HILLARY`: the visitor, unparenthesised
            tags.append(_person(f"{token}, {nxt}"))
            i += 2
            continue
        if not sep and nxt and _word(token, known, 5) and _word(nxt, known, 5):
            words = [token]  # `COUNTER TERRORISM`: words, not codes (codes are shorter): one unknown tag
            while i + 1 < len(tokens) and not tokens[i][1] and _word(tokens[i + 1][0], known, 5):
                i += 1
                words.append(tokens[i][0])
            tags.append(decode_tag(" ".join(words)))
            i += 1
            continue
        if token:
            tags.append(decode_tag(token))
        i += 1
    seen: set[str] = set()
    return [t for t in tags if not (t.code in seen or seen.add(t.code))]


def _word(token: str, known: dict, letters: int) -> bool:
    """An unknown token of at least `letters` letters: a word rather than a code."""
    return len(token) >= letters and token.isalpha() and token not in known


def _person(name: str) -> Tag:
    return Tag(code=name, kind="person", description=None, known=True)
