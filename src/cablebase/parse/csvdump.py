"""Reader for rows of the public `cables.csv` dump (8 quoted columns, no header row), streamed."""

from __future__ import annotations

import csv
import io
import itertools
import zlib
from typing import Iterable, Iterator, TextIO, Union

from ..errors import ParseError
from .decode import MAX_RECORD_BYTES
from .raw import RawCable, split_partial

COLUMNS = 8
csv.field_size_limit(MAX_RECORD_BYTES)
_CHUNK = 1 << 18  # characters read at a time by the fast path
_STREAM_ERRORS = (EOFError, OSError, zlib.error)  # a truncated or corrupt .csv.gz

Row = Union[list[str], ParseError]


def iter_rows(stream: TextIO) -> Iterator[tuple[int, Row]]:
    """Yield (record number, row or ParseError) for each CSV record, never holding the file.

    Records whose every field is quoted (the dump's own form) are cut by looking for quote
    characters, several times faster than the `csv` module; from the first record of any other
    shape on, the rest of the stream goes through `csv`, which reads every dialect detail and
    reports malformed records."""
    buffer, pos, number, at_end = "", 0, 0, False
    while True:
        if buffer.startswith(("\n", "\r"), pos):
            pos += 1  # a blank line between records
            continue
        found = _quoted_record(buffer, pos)
        if found:
            fields, pos = found
            if fields != [""]:  # a line holding only "" is skipped, like a blank line
                number += 1
                yield number, _checked(fields)
            continue
        if found is not None or at_end or len(buffer) - pos > MAX_RECORD_BYTES:
            break  # not an all-quoted record (or an oversized one): `csv` takes over and says why
        try:
            more = stream.read(max(_CHUNK, len(buffer) - pos))  # doubling: a long record is not re-read often
        except _STREAM_ERRORS as exc:
            yield number + 1, ParseError(f"unreadable compressed data ({exc})")
            return
        if not more:
            at_end = True
            more = "" if buffer.endswith(("\n", "\r")) or pos == len(buffer) else "\n"
        buffer, pos = buffer[pos:] + more, 0
    if pos < len(buffer):
        try:
            rest = buffer[pos:] + ("" if at_end else stream.readline())  # whole lines for `csv`
        except _STREAM_ERRORS as exc:
            yield number + 1, ParseError(f"unreadable compressed data ({exc})")
            return
        yield from _csv_rows(itertools.chain(io.StringIO(rest, newline=""), stream), number)


def _quoted_record(text: str, pos: int) -> tuple[list[str], int] | bool | None:
    """The fields of the all-quoted record at text[pos:] and where the next record starts;
    None when the text stops before the record does, False when the record has another shape."""
    fields = []
    while True:
        if pos >= len(text):
            return None
        if text[pos] != '"':
            return False
        start = pos + 1
        end = text.find('"', start)
        pieces = []
        while end != -1 and text.startswith('"', end + 1):  # "" stands for one quote
            pieces.append(text[start:end + 1])
            start = end + 2
            end = text.find('"', start)
        if end == -1 or end + 1 == len(text):
            return None
        pieces.append(text[start:end])
        fields.append("".join(pieces) if len(pieces) > 1 else pieces[0])
        after = text[end + 1]
        if after == ",":
            pos = end + 2
        elif after == "\n":
            return fields, end + 2
        elif after == "\r":
            if end + 2 == len(text):
                return None  # is "\n" next?
            return fields, end + 3 if text[end + 2] == "\n" else end + 2
        else:
            return False


def _csv_rows(lines: Iterable[str], number: int) -> Iterator[tuple[int, Row]]:
    """Records read by the `csv` module, numbered on from `number`."""
    reader = csv.reader(lines, strict=True)
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except _STREAM_ERRORS as exc:
            yield number, ParseError(f"unreadable compressed data ({exc})")
            return
        except csv.Error as exc:
            yield number, ParseError(f"malformed CSV record ({exc})")
            if "field larger than field limit" not in str(exc):
                return  # the reader cannot resynchronise after a quoting error
            continue
        if not row or row == [""]:
            number -= 1
            continue
        yield number, _checked(row)


def _checked(row: list[str]) -> Row:
    if len(row) != COLUMNS:
        return ParseError(f"CSV record has {len(row)} columns, expected {COLUMNS}")
    if any("\x00" in field for field in row):
        return ParseError("CSV record contains NUL characters")
    return row


def read_csv_row(row: list[str]) -> RawCable:
    """Turn one 8-column row into a RawCable."""
    _seq, created, ref_id, origin, classification, _refs, header, body = row
    notice, header = split_partial(header)
    if notice is None:
        notice, body = split_partial(body)
    return RawCable(format="csv", body=body, header=header.strip("\n"), partial_notice=notice,
                    reference_id=ref_id.strip() or None, created=created.strip() or None,
                    classification=classification.strip() or None, origin=origin.strip() or None)
