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
from functools import lru_cache
from itertools import chain, islice, repeat

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
_quoted_stem: dict[str, str] = {}
"""The quoted stem of each word that has one (nearly all): a word's lexemes looked up without a loop."""
_MARKS = tuple(tuple(f":{p}{weight}" for p in range(MAX_POSITION + 1)) for weight in ("A", "B", ""))
"""A lexeme's position and weight in the subject, the preamble and the body, by position."""


def words(text: str | None) -> list[str]:
    """The words of a text as unicode61 with remove_diacritics 2 gives them: case and Latin
    diacritics folded."""
    if not text:
        return []
    found = _WORD.findall(text.lower())
    return found if text.isascii() else [w if w.isascii() else _fold(w) for w in found]


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


def _learn(tokens: list[str]) -> None:
    """Stem the words not met yet (and quote their stems for a tsvector), all at once."""
    if len(_stems) > _CACHE_LIMIT:
        _stems.clear()
        _quoted_stems.clear()
        _quoted_stem.clear()
    unknown = set(tokens).difference(_stems)
    if unknown:
        found = _fts5_stems(sorted(unknown))
        _stems.update(found)
        for token, stemmed in found.items():
            _quoted_stems[token] = quoted = tuple(map(_quote, stemmed))
            if len(quoted) == 1:
                _quoted_stem[token] = quoted[0]


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
    """Each lexeme at each of its positions, with the weight of its part: A in the subject, B in the
    preamble, D (unmarked) in the body. A lexeme met again is written again: PostgreSQL's tsvector
    input merges them, keeps the first MAX_POSITIONS positions of each and puts the later words of a
    long text at MAX_POSITION (written thus, the words are formatted without a Python loop)."""
    _learn([t for tokens in parts for t in tokens])
    out, start = [], 1
    for tokens, marks in zip(parts, _MARKS):
        try:
            lexemes = list(map(_quoted_stem.__getitem__, tokens))
        except KeyError:  # a word with no stem, or several
            lexemes = [lexeme for token in tokens for lexeme in _quoted_stems[token]]
        if lexemes:
            out.append(" ".join(map(str.__add__, lexemes, chain(islice(marks, start, None), repeat(marks[-1])))))
        start += len(lexemes) + 1  # no phrase across two parts
    return " ".join(out)


def _words_vector(subject: list[str], text: list[str]) -> str:
    """Every word at position 1, weight A for the subject's (a word with no position would match
    subject:prefix* too: PostgreSQL cannot tell its weight)."""
    in_subject = dict.fromkeys(subject)
    rest = dict.fromkeys(text)
    for word in in_subject:
        rest.pop(word, None)
    if "".join(in_subject).isalnum() and "".join(rest).isalnum():  # (nearly always: no quote to escape)
        return " ".join(filter(None, (_joined(in_subject, ":1A"), _joined(rest, ":1"))))
    return " ".join([f"{_quote(w)}:1A" for w in in_subject] + [f"{_quote(w)}:1" for w in rest])


def _joined(lexemes: dict[str, None], suffix: str) -> str:
    """Lexemes that need no escaping, quoted, each followed by `suffix`."""
    return f"'{(chr(39) + suffix + ' ' + chr(39)).join(lexemes)}'{suffix}" if lexemes else ""


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
