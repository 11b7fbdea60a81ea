"""Bytes to text: gzip, BOMs, UTF-8 / UTF-16 / cp1252 / latin-1, binary detection."""

from __future__ import annotations

import codecs
import gzip
import io
import lzma
import zlib

from ..errors import ParseError

MAX_RECORD_BYTES = 64 * 1024 * 1024
"""Largest single file or record accepted (after decompression)."""
STREAM_ERRORS = (EOFError, OSError, zlib.error, lzma.LZMAError)
"""What reading a truncated or corrupt compressed stream raises (gzip, bz2, xz; OSError covers
gzip.BadGzipFile)."""


def gunzip(data: bytes, limit: int = MAX_RECORD_BYTES) -> bytes:
    """Decompress gzip data, refusing anything that inflates beyond `limit` (gzip bombs)."""
    out = io.BytesIO()
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        chunk = d.decompress(data, limit + 1)
        out.write(chunk)
        while d.unconsumed_tail and out.tell() <= limit:
            out.write(d.decompress(d.unconsumed_tail, limit + 1 - out.tell()))
    except zlib.error as exc:
        raise ParseError(f"corrupt gzip data ({exc})") from None
    if out.tell() > limit:
        raise ParseError(f"gzip data inflates beyond {limit} bytes (refused as a possible bomb)")
    if not d.eof:
        raise ParseError("truncated gzip data (the stream ends early)")
    return out.getvalue()


def is_gzip(data: bytes) -> bool:
    """True if `data` starts with the gzip magic number."""
    return data[:2] == b"\x1f\x8b"


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes to text, returning (text, encoding). Raises ParseError on binary data."""
    if is_gzip(data):
        data = gunzip(data)
    if len(data) > MAX_RECORD_BYTES:
        raise ParseError(f"record too large ({len(data)} bytes, limit {MAX_RECORD_BYTES})")
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[3:], "utf-8"), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16"), "utf-16"
    if b"\x00" in data:
        raise ParseError("binary data (NUL bytes), not a text cable")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        return data.decode("latin-1"), "latin-1"


def _strict(data: bytes, encoding: str) -> str:
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise ParseError(f"invalid {encoding} text at byte {exc.start}") from None
    if "\x00" in text:
        raise ParseError("binary data (NUL characters), not a text cable")
    return text


def open_stream(raw: io.BufferedReader) -> tuple[io.BufferedReader, bool]:
    """The bytes of `raw`, decompressed as they are read if it is gzip data; and whether it was."""
    if not is_gzip(raw.peek(2)[:2]):
        return raw, False
    return io.BufferedReader(gzip.GzipFile(fileobj=raw)), True  # type: ignore[arg-type]
