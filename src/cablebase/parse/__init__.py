"""Parse raw cables, in any of the forms people hold, into `Cable` records.

    >>> from cablebase.parse import parse_file
    >>> for result in parse_file("05ALMATY2058.txt"):
    ...     print(result.reference_id)
    05ALMATY2058

Every function yields either a `Cable` or a `ParseError` (never raises for bad input), so a
malformed record never stops the rest of a file.
"""

from __future__ import annotations

import hashlib
import io
import os
from dataclasses import dataclass
from typing import BinaryIO, Iterator, Union

from ..errors import ParseError
from ..model import Cable
from ..vocab.ids import year_from_name
from .csvdump import iter_rows, read_csv_row
from .decode import MAX_RECORD_BYTES, STREAM_ERRORS, decode_text, open_stream
from .detect import FORMATS, archive_kind, detect_format
from .html import read_html
from .raw import RawCable
from .record import build_cable
from .text import read_text
from .txtdump import read_txt

__all__ = ["Cable", "ParseError", "Unit", "FORMATS", "archive_kind", "parse_file", "parse_bytes", "parse_text", "iter_units",
           "parse_unit", "year_from_name"]

Result = Union[Cable, ParseError]
_READERS = {"html": read_html, "txt": read_txt, "text": read_text}


@dataclass
class Unit:
    """One record's worth of input, cheap to make and to send to a worker process."""

    format: str
    path: str
    record: int | None
    payload: Union[str, bytes, list[str]]
    sha256: str


def iter_units(stream: BinaryIO, path: str, format: str = "auto") -> Iterator[Union[Unit, ParseError]]:
    """Split one file's bytes into units: a single unit, or one per CSV row (streamed). Gzip data is
    decompressed as it is read, so no more than one record's worth is ever held."""
    if not isinstance(stream, io.BufferedReader):
        stream = io.BufferedReader(stream)  # type: ignore[arg-type]
    gzipped = False
    try:
        stream, gzipped = open_stream(stream)
        head = stream.peek(4096)[:4096]
    except STREAM_ERRORS as exc:
        yield ParseError(_unreadable(exc, gzipped), path)
        return
    if format == "auto":
        try:
            format = detect_format(path, head)
        except ParseError as exc:
            yield ParseError(exc.reason, path)
            return
    if format == "csv":
        yield from _csv_units(stream, path)
        return
    try:
        data = _read_at_most(stream, MAX_RECORD_BYTES + 1)
    except STREAM_ERRORS as exc:
        yield ParseError(_unreadable(exc, gzipped), path)
        return
    if len(data) > MAX_RECORD_BYTES:
        yield ParseError(f"gzip data inflates beyond {MAX_RECORD_BYTES} bytes (refused as a possible bomb)"
                         if gzipped else f"file too large for one record (over {MAX_RECORD_BYTES} bytes)", path)
        return
    yield _whole_unit(data, path, format)


def _unreadable(exc: BaseException, gzipped: bool) -> str:
    if not gzipped:
        return f"cannot read file ({exc})"
    if isinstance(exc, EOFError):
        return "truncated gzip data (the stream ends early)"
    return f"corrupt gzip data ({exc})"


def _read_at_most(stream: BinaryIO, limit: int) -> bytes:
    """Up to `limit` bytes, read in small pieces: `read(limit)` would allocate the whole limit
    (64 MB) for every 40 KB page, which costs more than parsing it."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = stream.read(min(1 << 16, limit - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks)


def _whole_unit(data: bytes, path: str, format: str) -> Union[Unit, ParseError]:
    digest = hashlib.sha256(data).hexdigest()
    if format == "html":  # the page reader decodes only the part it reads
        return Unit(format=format, path=path, record=None, payload=data, sha256=digest)
    try:
        text, _encoding = decode_text(data)
    except ParseError as exc:
        return ParseError(exc.reason, path)
    return Unit(format=format, path=path, record=None, payload=text, sha256=digest)


def _csv_units(stream, path: str) -> Iterator[Union[Unit, ParseError]]:
    for number, row in iter_rows(stream):
        if isinstance(row, ParseError):
            yield ParseError(row.reason, path, number)
            continue
        digest = hashlib.sha256("\x1f".join(row).encode("utf-8", "surrogatepass")).hexdigest()
        yield Unit(format="csv", path=path, record=number, payload=row, sha256=digest)


def parse_unit(unit: Unit, year: int | None = None) -> Cable:
    """Parse one unit into a Cable; raises ParseError (with path and record) if it cannot."""
    try:
        if unit.format == "csv":
            raw: RawCable = read_csv_row(unit.payload)  # type: ignore[arg-type]
        else:
            reader = _READERS.get(unit.format)
            if reader is None:
                raise ParseError(f"unknown format {unit.format!r} (expected one of {', '.join(FORMATS)})")
            raw = reader(unit.payload)  # type: ignore[arg-type]
        raw.path, raw.record, raw.sha256 = unit.path, unit.record, unit.sha256
        return build_cable(raw, year)
    except ParseError as exc:
        raise ParseError(exc.reason, unit.path, unit.record if exc.record is None else exc.record) from None
    except RecursionError:
        raise ParseError("record too deeply nested to parse", unit.path, unit.record) from None


def parse_file(path: Union[str, os.PathLike], format: str = "auto", year: int | None = None) -> Iterator[Result]:
    """Parse every record in a file (CSV dumps are streamed); yields Cable or ParseError."""
    name = os.fspath(path)
    try:
        fh = open(name, "rb")
    except OSError as exc:
        yield ParseError(f"cannot read file ({exc.strerror or exc})", name)
        return
    with fh:
        yield from _parse_units(iter_units(fh, name, format), year)


def parse_bytes(data: bytes, name: str = "<input>", format: str = "auto", year: int | None = None) -> Iterator[Result]:
    """Parse records from bytes already in memory."""
    yield from _parse_units(iter_units(io.BytesIO(data), name, format), year)


def parse_text(text: str, format: str = "text", year: int | None = None, path: str = "<input>") -> Cable:
    """Parse one record given as text; raises ParseError."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    return parse_unit(Unit(format=format, path=path, record=None, payload=text, sha256=digest), year)


def _parse_units(units: Iterator[Union[Unit, ParseError]], year: int | None) -> Iterator[Result]:
    for unit in units:
        if isinstance(unit, ParseError):
            yield unit
            continue
        try:
            yield parse_unit(unit, year)
        except ParseError as exc:
            yield exc
