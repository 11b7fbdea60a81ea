"""Reader for rows of the public `cables.csv` dump (8 quoted columns, no header row), streamed.

The reader cuts records out of the bytes (every character that shapes a CSV record is ASCII, so
UTF-8 text can be cut before it is decoded) and reads them as Python's `csv` module does, with
`strict=True`. It holds one record at a time, never more than `MAX_CSV_RECORD` bytes of it: a
longer record, or a line without end, is reported and skipped whatever its size. After a bad
record — a stray quote, a wrong number of columns, an oversized record — the reader goes on at
the next line that starts a record of the dump (`"<n>","`: once a record has begun as the dump's
do, `"<n>","MM/DD/YYYY`, the file is taken for a dump), and the failure says how many lines it
skipped; in a CSV of another shape, at the next line."""

from __future__ import annotations

import re
from typing import BinaryIO, Iterator, Union

from ..errors import ParseError
from .decode import STREAM_ERRORS
from .raw import RawCable, split_partial

COLUMNS = 8
MAX_CSV_RECORD = 16 * 1024 * 1024
"""Largest CSV record read, in bytes (the longest cable of the real dump is well under 1 MB)."""
_CHUNK = 1 << 18  # bytes read at a time
DUMP_RECORD = re.compile(rb'"\d+","\d{1,2}/\d{1,2}/\d{4}')
"""How every record of the dump begins: its sequence number and creation date."""
_START = rb'"\d+","'  # once the file is known to be a dump, a record is expected wherever this starts a line
RECORD_START = re.compile(_START)
_START_SIZE = 32  # bytes that decide whether a record starts at a place
_BOM = b"\xef\xbb\xbf"

Row = Union[list[str], ParseError]


class _Bad:
    """A malformed record: why, and the offset where the reading failed."""

    def __init__(self, reason: str, at: int) -> None:
        self.reason, self.at = reason, at


def iter_rows(stream: BinaryIO, limit: int = MAX_CSV_RECORD) -> Iterator[tuple[int, Row]]:
    """Yield (record number, row or ParseError) for each CSV record of a binary stream (UTF-8,
    with or without BOM), holding one record at a time. A truncated or corrupt compressed stream
    ends the file with one error."""
    number, dump = 0, False
    source = _Source(stream)
    while source.has(1):
        source.has(_START_SIZE)
        source.mark = source.pos
        dump = dump or DUMP_RECORD.match(source.buf, source.pos) is not None
        found = _record(source.buf, source.pos, source.eof and source.error is None)
        if found is None and source.eof:  # the stream broke off inside this record
            break
        if found is None and len(source.buf) - source.pos <= limit:
            source.more()  # the record goes on past what is read
            continue
        number += 1
        if found is None:  # over the limit, and not over yet
            skipped = source.skip(source.mark + 1, dump)
            yield number, ParseError(f"CSV record larger than {limit} bytes{_skipped(skipped)}")
            continue
        if not isinstance(found, _Bad) and found[1] - source.mark > limit:  # read whole on the way
            source.pos = found[1]
            yield number, ParseError(f"CSV record larger than {limit} bytes")
            continue
        if isinstance(found, _Bad):
            skipped = source.skip(source.mark + 1 if dump else found.at, dump)
            yield number, ParseError(f"malformed CSV record ({found.reason}){_skipped(skipped)}")
            continue
        fields, source.pos = found
        if fields in ([], [b""]):  # a blank line, or one holding only "", is skipped
            number -= 1
            continue
        row = _checked([f.decode("utf-8", "replace") for f in fields])
        if dump and not isinstance(row, ParseError) and not source.at_record_start():
            row = ParseError("CSV record is followed by lines that start no record (a stray quote in a field?)")
        if isinstance(row, ParseError) and dump:  # the bad record ends where the next one starts
            row = ParseError(row.reason + _skipped(source.skip(source.mark + 1, dump)))
        yield number, row
    if source.error is not None:
        yield number + 1, ParseError(f"unreadable compressed data ({source.error})")


def _skipped(lines: int) -> str:
    return f"; {lines} lines skipped up to the next record" if lines > 1 else ""


class _Source:
    """The unread bytes of a stream, `buf[pos:]`, read on in chunks; `buf[mark:]` is kept (the
    record being read)."""

    def __init__(self, raw: BinaryIO) -> None:
        self.raw, self.buf, self.pos, self.mark, self.eof = raw, b"", 0, 0, False
        self.error: Exception | None = None  # why the stream broke off, if it did
        self.read = getattr(raw, "read1", raw.read)  # what has come before a corrupt part is read
        if self.has(len(_BOM)) and self.buf.startswith(_BOM):
            self.pos = self.mark = len(_BOM)

    def more(self) -> bool:
        """Read on (as much as is held, so a long record is not scanned again and again)."""
        if self.eof:
            return False
        keep = min(self.pos, self.mark)
        wanted, pieces = max(_CHUNK, len(self.buf) - keep), [self.buf[keep:]]
        try:
            while wanted > 0:
                piece = self.read(wanted)
                if not piece:
                    self.eof = True
                    break
                pieces.append(piece)
                wanted -= len(piece)
        except STREAM_ERRORS as exc:
            self.eof, self.error = True, exc
        self.buf = b"".join(pieces)
        self.pos -= keep
        self.mark -= keep
        return len(pieces) > 1

    def has(self, size: int) -> bool:
        """Whether `size` bytes are held after `pos` (reading on if needed)."""
        while len(self.buf) - self.pos < size:
            if not self.more():
                return False
        return True

    def at_record_start(self) -> bool:
        """Whether the next record of a dump starts at `pos`, after any blank lines (or the file ends)."""
        while self.has(1) and self.buf[self.pos] in b"\r\n":
            self.pos += 1
        if not self.has(_START_SIZE) and self.pos == len(self.buf):
            return True
        return RECORD_START.match(self.buf, self.pos) is not None

    def skip(self, at: int, dump: bool) -> int:
        """Go on at the first line after offset `at` that starts a record of the dump (in a dump),
        or at the next line; returns the lines skipped since `mark`. Memory stays bounded by a chunk."""
        lines = _lines(self.buf, self.mark, at)
        self.pos = self.mark = at
        while True:
            end = _next_start(self.buf, self.pos, self.eof) if dump else _next_line(self.buf, self.pos)
            if end != -1 and (end + _START_SIZE <= len(self.buf) or self.eof):
                lines += _lines(self.buf, self.pos, end)
                self.pos = self.mark = end
                return lines
            keep = max(self.pos, len(self.buf) - _START_SIZE)  # a start may straddle two reads
            lines += _lines(self.buf, self.pos, keep)
            self.pos = self.mark = keep
            if not self.more():
                lines += _lines(self.buf, self.pos, len(self.buf))
                self.pos = self.mark = len(self.buf)
                return lines


def _lines(buf: bytes, start: int, end: int) -> int:
    """Line ends in buf[start:end] (looked for first: counting is slow on long runs without any)."""
    return buf.count(b"\n", start, end) if buf.find(b"\n", start, end) != -1 else 0


def _next_start(buf: bytes, pos: int, final: bool) -> int:
    """Where the first line after `pos` that starts a dump record begins (or may, when the bytes
    stop too soon to say and more may come); -1 if none is read yet."""
    while True:
        pos = buf.find(b'\n"', pos)
        if pos == -1 or RECORD_START.match(buf, pos + 1) or not final and pos + _START_SIZE > len(buf):
            return pos if pos == -1 else pos + 1
        pos += 1


def _next_line(buf: bytes, pos: int) -> int:
    """Where the line after the one at `pos` begins (after CR, LF or CR LF); -1 if not read yet."""
    lf = buf.find(b"\n", pos)
    cr = buf.find(b"\r", pos, None if lf == -1 else lf)
    if cr == -1:
        return lf if lf == -1 else lf + 1
    return cr + 2 if cr + 1 == lf else cr + 1


def _record(buf: bytes, pos: int, final: bool) -> tuple[list[bytes], int] | _Bad | None:
    """The fields of the record at buf[pos:] and where the next one starts ([] for a blank line);
    None when the bytes stop before the record does (and more may come: not `final`)."""
    fields: list[bytes] = []
    size = len(buf)
    while True:
        if pos >= size:
            if not final:
                return None
            if fields:
                fields.append(b"")  # a record ending in a comma at the end of the file
            return fields, pos
        if buf[pos] == 0x22:  # '"': a quoted field, "" standing for one quote
            start = pos + 1
            end = buf.find(b'"', start)
            pieces = []
            while end != -1 and end + 1 < size and buf[end + 1] == 0x22:
                pieces.append(buf[start:end + 1])
                start = end + 2
                end = buf.find(b'"', start)
            if end == -1:
                return None if not final else _Bad("unexpected end of data", size)
            if end + 1 == size and not final:
                return None  # is the next byte a quote?
            pieces.append(buf[start:end])
            fields.append(b"".join(pieces) if len(pieces) > 1 else pieces[0])
            pos = end + 1
            if pos == size:
                return fields, pos
            after = buf[pos]
            if after not in b",\r\n":
                return _Bad("',' expected after '\"'", pos)
        else:
            if not fields and buf[pos] in b"\r\n":  # a blank line
                ends = _line_end(buf, pos, final)
                return None if ends is None else ([], ends)
            end = _field_end(buf, pos)
            if end == -1:
                if not final:
                    return None
                fields.append(buf[pos:])
                return fields, size
            fields.append(buf[pos:end])
            pos = end
            after = buf[pos]
        if after == 0x2C:  # ','
            pos += 1
            continue
        ends = _line_end(buf, pos, final)
        return None if ends is None else (fields, ends)


def _field_end(buf: bytes, pos: int) -> int:
    """The offset of the comma or line end closing the unquoted field at `pos`; -1 if not read yet."""
    lf = buf.find(b"\n", pos)
    stop = None if lf == -1 else lf
    ends = [i for i in (buf.find(b",", pos, stop), buf.find(b"\r", pos, stop), lf) if i != -1]
    return min(ends) if ends else -1


def _line_end(buf: bytes, pos: int, final: bool) -> int | None:
    """Where the line ending at buf[pos] (a CR, LF or CR LF) stops; None if a LF may follow unread."""
    if buf[pos] == 0x0A:
        return pos + 1
    if pos + 1 == len(buf):
        return pos + 1 if final else None
    return pos + 2 if buf[pos + 1] == 0x0A else pos + 1


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
