"""Words as the SQLite full-text index sees them, made PostgreSQL lexemes: the same matches on both.

The SQLite index tokenizes with `unicode61 remove_diacritics 2` (runs of letters and digits, case
and Latin diacritics folded) and stems with FTS5's Porter stemmer, which keeps words of one or two
letters (`US` stays `us`) and follows Porter's own C code (`technology` -> `technolog`). PostgreSQL's
parser splits text otherwise (e-mail addresses, hyphenated words, `1.5`) and its Snowball `porter`
stems `us` to `u` and `technology` to `technologi`: the same query would find other cables. So the
words are cut here, and each distinct word is stemmed once by FTS5 itself (an in-memory table, see
`stems`) and remembered; the tsvectors and tsqueries are written from those lexemes.

Two vectors a cable: `fts`, stemmed, with positions (phrases) and weights (A: the subject, B: the
preamble, D: the body; a gap between them, as FTS5 phrases do not cross columns); `words`, the
words unstemmed, for prefix* queries (as SQLite's unstemmed prefix index), each at one position,
weight A for the subject's (for subject:prefix*).
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections import defaultdict
from functools import lru_cache
from itertools import chain
from typing import Iterable

from ..driver import sqlite3

_WORD = re.compile(r"[^\W_]+")
MAX_POSITION = 16383
"""PostgreSQL's last position: later words of a long text are all at this one (a phrase there may not match)."""
MAX_POSITIONS = 256
"""PostgreSQL keeps at most this many positions of one lexeme in a tsvector."""
_CACHE_LIMIT = 500_000
_local = threading.local()
_stems: dict[str, tuple[str, ...]] = {}
_quoted_stems: dict[str, tuple[str, ...]] = {}


def words(text: str | None) -> list[str]:
    """The words of a text as unicode61 with remove_diacritics 2 gives them: case and Latin
    diacritics folded."""
    if not text:
        return []
    return [w if w.isascii() else _fold(w) for w in _WORD.findall(text.lower())]


@lru_cache(maxsize=65536)
def _fold(word: str) -> str:
    """A word without the diacritics of its Latin letters (`é` -> `e`, `ł` kept as FTS5 keeps it)."""
    out = []
    for char in word:
        if ord(char) < 0x250 or 0x1E00 <= ord(char) < 0x1F00:
            char = "".join(c for c in unicodedata.normalize("NFD", char) if not unicodedata.combining(c))
        out.append(char)
    return "".join(out)


def stems(tokens: list[str]) -> list[tuple[str, ...]]:
    """Each word's FTS5 Porter stem (a tuple: none or several should FTS5 cut the word otherwise)."""
    _learn(tokens)
    return [_stems[t] for t in tokens]


def _learn(tokens: Iterable[str]) -> None:
    """Stem the words not met yet (and quote their stems for a tsvector), all at once."""
    if len(_stems) > _CACHE_LIMIT:
        _stems.clear()
        _quoted_stems.clear()
    unknown = list(set(tokens).difference(_stems))
    if unknown:
        found = _fts5_stems(unknown)
        _stems.update(found)
        _quoted_stems.update((token, tuple(map(_quote, stemmed))) for token, stemmed in found.items())


def _fts5_stems(tokens: list[str]) -> dict[str, tuple[str, ...]]:
    conn = getattr(_local, "conn", None)
    if conn is None:
        conn = _local.conn = sqlite3.connect(":memory:", check_same_thread=False)
        conn.execute("CREATE VIRTUAL TABLE w USING fts5(word, tokenize='porter unicode61 remove_diacritics 2')")
        conn.execute("CREATE VIRTUAL TABLE v USING fts5vocab(w, instance)")
    with conn:
        conn.executemany("INSERT INTO w(rowid, word) VALUES (?, ?)", enumerate(tokens, 1))
        found: dict[int, list[str]] = {}
        for doc, term in conn.execute("SELECT doc, term FROM v ORDER BY doc, offset"):
            found.setdefault(doc, []).append(term)
        conn.execute("DELETE FROM w")
    return {token: tuple(found.get(i, ())) for i, token in enumerate(tokens, 1)}


def _quote(lexeme: str) -> str:
    if lexeme.isalnum():  # (all but a lexeme FTS5 would cut otherwise)
        return f"'{lexeme}'"
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def vectors(subject: str | None, preamble: str, body: str) -> tuple[str, str]:
    """A cable's two tsvectors (as text), its words cut once: `fts`, stemmed, of its three parts, and
    `words`, unstemmed (see the module's docstring)."""
    parts = [words(subject), words(preamble), words(body)]
    if _WORD.fullmatch(preamble[-1:]) and _WORD.match(body[:1]):  # a word across the cut: one unstemmed word
        parts_of_text = words(preamble + body)
    else:
        parts_of_text = parts[1] + parts[2]
    return _fts_vector(parts), _words_vector(parts[0], parts_of_text)


def _fts_vector(parts: list[list[str]]) -> str:
    """Each lexeme once, in the order met, with its positions (at most MAX_POSITIONS of them) and the
    weight of each: A in the subject, B in the preamble, D (unmarked) in the body."""
    _learn(chain.from_iterable(parts))
    at: defaultdict[str, list[int]] = defaultdict(list)
    ends = []  # where each part's positions end
    start = 1
    for tokens in parts:
        lexemes = list(chain.from_iterable(map(_quoted_stems.__getitem__, tokens)))
        for position, lexeme in enumerate(lexemes, start):
            at[lexeme].append(position)
        start += len(lexemes) + 1  # no phrase across two parts
        ends.append(start)
    out = []
    for lexeme, held in at.items():
        if len(held) > MAX_POSITIONS:
            del held[MAX_POSITIONS:]
        if held[0] >= ends[1] and held[-1] < MAX_POSITION:  # the body's alone (most lexemes)
            out.append(f"{lexeme}:{','.join(map(str, held))}")
        else:
            marks = [f"{min(p, MAX_POSITION)}{'A' if p < ends[0] else 'B' if p < ends[1] else ''}" for p in held]
            out.append(f"{lexeme}:{','.join(marks)}")
    return " ".join(out)


def _words_vector(subject: list[str], text: list[str]) -> str:
    """Every word at position 1, weight A for the subject's (a word with no position would match
    subject:prefix* too: PostgreSQL cannot tell its weight)."""
    in_subject = dict.fromkeys(subject)
    rest = [w for w in dict.fromkeys(text) if w not in in_subject]
    return " ".join([f"{_quote(w)}:1A" for w in in_subject] + [f"{_quote(w)}:1" for w in rest])


def term_query(text: str, phrase_of_stems: bool = True, prefix: bool = False, subject: bool = False) -> str:
    """A tsquery (as text) for one term of the query language: its words in a row (`<->`), stemmed
    unless `prefix` (then the last one is a prefix, and the words are only ANDed: the unstemmed
    vector keeps no positions); `subject` limits it to the subject's words (weight A)."""
    tokens = words(text)
    lexemes = [lexeme for stemmed in stems(tokens) for lexeme in stemmed] if not prefix else tokens
    if not lexemes:
        raise ValueError(f"no words in {text!r}")
    weight = "A" if subject else ""
    parts = [f"{_quote(lexeme)}:{'*' if prefix and i == len(lexemes) - 1 else ''}{weight}".rstrip(":")
             for i, lexeme in enumerate(lexemes)]
    return (" & " if prefix or not phrase_of_stems else " <-> ").join(parts)
