"""TAGS: split the line into codes and decode them with the shipped dictionary."""

from __future__ import annotations

import re

from ..model import Tag
from ..vocab.tags import decode_tag, split_glued, tag_dictionary, tag_phrase_starts, tag_phrases
from ..vocab.words import is_given_name

# The label as typed: `TAGS:`, `TAGS`, `TAG`, `TAGS;`, `TAGS,`, and misspelt `TAS:`, `TABS:`, `TGS:`, `TAGES:`, `AGS:`.
TAGS_LABEL = r"(?:TAGES|TAGS?|TABS|TAS|TGS|AGS)\b"
_PREFIX = re.compile(rf"^{TAGS_LABEL}\s*[:;,]?\s*", re.I)
_TOKEN = re.compile(r"\(([^()]*)\)|([^\s,;()]+)\s*([,;]?)")
_FIRST_TOKEN = re.compile(r"[^\s,;()]+")


def parse_tags(raw: str, warnings: list[str] | None = None) -> list[Tag]:
    """`TAGS: PGOV PHUM KZ NAZARBAYEV, NURSULTAN` -> decoded tags (persons kept whole). The line ends
    the TAGS unless it ends with a comma or the next line starts with a known code; codes glued
    together are split with the dictionary, a code one letter from a known one is read as it (the
    printed form kept in `Tag.printed` and said in `warnings`), a surname followed by a given name
    (`STEINBERG JAMES`) is a person as if written `STEINBERG, JAMES`, and a code repeated is listed once."""
    lines = raw.strip().split("\n")
    kept = [lines[0]]
    for line in lines[1:]:
        first = _FIRST_TOKEN.match(line.strip())
        last = kept[-1].split()  # (none after a blank line kept for a comma before it)
        wrapped = first and last and f"{last[-1]} {first.group(0)}".upper() in tag_phrases()  # `COUNTRY\nCLEARANCE`
        if not (kept[-1].rstrip().endswith(",") or wrapped or (first and first.group(0).upper() in tag_dictionary())):
            break
        kept.append(line)
    known = tag_dictionary()
    tokens: list[tuple[str, str, int]] = []  # (token, separator after it, line)
    tags: list[Tag] = []
    for number, line in enumerate(kept):
        text = " ".join((_PREFIX.sub("", line.strip()) if number == 0 else line).split())
        if number and tokens and f"{tokens[-1][0]} {text.split(' ')[0]}".upper() in tag_phrases():
            number = tokens[-1][2]  # a keyword wrapped over the line break: one line
        for m in _TOKEN.finditer(text):
            if m.group(1) is not None:
                inner = " ".join(m.group(1).split()).upper()
                if inner:
                    tags.append(_person(inner) if "," in inner else decode_tag(inner))
                continue
            tokens.append((m.group(2).strip(".:").upper(), m.group(3), number))
    i = 0
    while i < len(tokens):
        token, sep, line = tokens[i]
        nxt = tokens[i + 1][0] if i + 1 < len(tokens) else None
        phrase = _phrase_at(tokens, i)
        if phrase:
            tags.append(decode_tag(" ".join(t for t, _, _ in tokens[i:i + phrase])))
            i += phrase
            continue
        if nxt and tokens[i + 1][2] == line and _name_word(token, known, 3) and not _phrase_at(tokens, i + 1) and (
                (sep == "," and _name_word(nxt.replace("'", "").replace("-", ""), known, 2))
                or (not sep and _name_word(nxt, known, 3) and is_given_name(nxt))  # `STEINBERG JAMES`
                or (not sep and tags and tags[-1].code == "OVIP" and _word(token, known, 4) and _word(nxt, known, 4)
                    and max(len(token), len(nxt)) > 4)):  # `OVIP CLINTON HILLARY`: the visitor, unparenthesised
            name = f"{token}, {nxt}"
            i += 2
            while i < len(tokens) and len(tokens[i][0].strip(".")) == 1 and tokens[i][0][:1].isalpha():  # initial
                name += f" {tokens[i][0]}"
                i += 1
            tags.append(_person(name))
            continue
        if not sep and nxt and _word(token, known, 5) and _word(nxt, known, 5) and not split_glued(token):
            words = [token]  # `COUNTER TERRORISM`: words, not codes (codes are shorter): one unknown tag
            while (i + 1 < len(tokens) and not tokens[i][1] and _word(tokens[i + 1][0], known, 5)
                   and not _phrase_at(tokens, i + 1)):
                i += 1
                words.append(tokens[i][0])
            tags.append(decode_tag(" ".join(words)))
            i += 1
            continue
        glued = split_glued(token)
        if glued:
            tags.extend(decode_tag(code) for code in glued)
        elif token:
            tag = decode_tag(token)
            if tag.probably:  # `MOPPS`: a letter too many
                if warnings is not None:
                    warnings.append(f"TAGS: {token} read as {tag.probably} (one letter away)")
                tag = decode_tag(tag.probably).model_copy(update={"printed": token})
            tags.append(tag)
        i += 1
    seen: set[str] = set()
    return [t for t in tags if not (t.code in seen or seen.add(t.code))]


def _phrase_at(tokens: list[tuple[str, str, int]], i: int) -> int:
    """The number of tokens from `i` on that make the longest known keyword of several words, or 0."""
    if i >= len(tokens) or tokens[i][0] not in tag_phrase_starts():
        return 0
    phrases = tag_phrases()
    for size in range(min(4, len(tokens) - i), 1, -1):
        if all(not sep for _, sep, _ in tokens[i:i + size - 1]) and \
                " ".join(t for t, _, _ in tokens[i:i + size]) in phrases:
            return size
    return 0


def _word(token: str, known: dict, letters: int) -> bool:
    """An unknown token of at least `letters` letters, no misprint of a code (`MOPPS`): a word rather than a code."""
    return len(token) >= letters and token.isalpha() and token not in known and not decode_tag(token).probably


def _name_word(token: str, known: dict, letters: int) -> bool:
    """A word that may be part of a person's name: unknown, not codes glued together."""
    return _word(token, known, letters) and not split_glued(token)


def _person(name: str) -> Tag:
    return Tag(code=name, kind="person", description=None, known=True)
