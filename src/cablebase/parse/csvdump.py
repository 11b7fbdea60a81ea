"""Reader for rows of the public `cables.csv` dump (8 quoted columns, no header row), streamed."""

from __future__ import annotations

import csv
import zlib
from typing import Iterator, TextIO, Union

from .decode import MAX_RECORD_BYTES
from .errors import ParseError
from .raw import RawCable, split_partial

COLUMNS = 8
csv.field_size_limit(MAX_RECORD_BYTES)

Row = Union[list[str], ParseError]


def iter_rows(stream: TextIO) -> Iterator[tuple[int, Row]]:
    """Yield (record number, row or ParseError) for each CSV record, never holding the file."""
    reader = csv.reader(stream, strict=True)
    number = 0
    while True:
        number += 1
        try:
            row = next(reader)
        except StopIteration:
            return
        except (EOFError, OSError, zlib.error) as exc:  # a truncated or corrupt .csv.gz
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
        if len(row) != COLUMNS:
            yield number, ParseError(f"CSV record has {len(row)} columns, expected {COLUMNS}")
            continue
        if any("\x00" in field for field in row):
            yield number, ParseError("CSV record contains NUL characters")
            continue
        yield number, row


def read_csv_row(row: list[str]) -> RawCable:
    """Turn one 8-column row into a RawCable."""
    _seq, created, ref_id, origin, classification, _refs, header, body = row
    notice, header = split_partial(header)
    if notice is None:
        notice, body = split_partial(body)
    return RawCable(format="csv", body=body, header=header.strip("\n"), partial_notice=notice,
                    reference_id=ref_id.strip() or None, created=created.strip() or None,
                    classification=classification.strip() or None, origin=origin.strip() or None)
