"""Cable bodies are stored compressed, in the format of SQLite archives ("sqlar"): zlib data, or the
raw UTF-8 bytes when compressing would not save space, beside the size of those bytes.

The `sqlite3` shell has the two functions of that format built in, so the text reads there with no
cablebase code: `SELECT sqlar_uncompress(body_zlib, body_size) FROM cables` (or the `cable_text`
view). `register` gives any Python connection the same two functions; the archive's full-text
indexes and triggers use them.
"""

from __future__ import annotations

import zlib
from functools import lru_cache

from .driver import sqlite3


def pack(text: str) -> tuple[bytes, int]:
    """(stored bytes, size): zlib-compressed UTF-8, or the UTF-8 itself when that is no larger."""
    raw = text.encode("utf-8")
    return _compress(raw), len(raw)


def unpack(data: bytes | str, size: int) -> str:
    """The text that `pack` stored."""
    return _uncompress(data, size).decode("utf-8")


def _compress(raw: bytes) -> bytes:
    packed = zlib.compress(raw)
    return packed if len(packed) < len(raw) else raw


def _uncompress(data: bytes | str, size: int) -> bytes:
    if isinstance(data, str):  # stored as text by hand: the sqlite3 shell returns such a value as it is
        data = data.encode("utf-8")
    return data if len(data) == size else zlib.decompress(data)


def _sql_compress(value: bytes | str | None) -> bytes | None:
    if value is None:
        return None
    return _compress(value.encode("utf-8") if isinstance(value, str) else value)


@lru_cache(maxsize=64)
def _sql_uncompress(data: bytes | str | None, size: int | None) -> str | None:
    """Remembers the last texts it gave: the full-text index's content view (`cable_parts`) cuts one
    text in two and SQLite works it out for each half, so that a search's snippets would otherwise
    decompress every hit twice."""
    if data is None or size is None:
        return None
    return _uncompress(data, size).decode("utf-8", "replace")


def register(conn: sqlite3.Connection) -> None:
    """Define the sqlite3 shell's `sqlar_compress(X)` and `sqlar_uncompress(X, SIZE)` on `conn`
    (the second returns text here, a blob in the shell)."""
    conn.create_function("sqlar_compress", 1, _sql_compress, deterministic=True)
    conn.create_function("sqlar_uncompress", 2, _sql_uncompress, deterministic=True)
