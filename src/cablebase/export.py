"""Stream records out of an archive as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import csv
import io
import json
import re
from typing import IO, Iterator

from .errors import ArgumentError
from .model import Cable
from .store import Backend

FORMATS = {"jsonl": "JSON Lines, one record a line",
           "csv": "CSV, one row a cable (lists joined with '; '; `events`: each date as `DATE (words)`, `DATE?` when "
                  "its year is uncertain)",
           "parquet": "Parquet, columnar (a file)"}
"""The export formats: name -> what it writes."""
CSV_COLUMNS = ["reference_id", "created", "released", "origin_code", "origin", "classification",
               "classification_raw", "subject", "subject_marking", "captions", "tags", "references", "signers",
               "summary", "sensitivity", "events", "body"]


def flat_row(cable: Cable) -> dict:
    """One CSV row: lists joined with '; '; the dated events as `2006-07-24 (July 24)`, with a `?` after a
    date whose year could not be decided (`2005-09-01? (September)`: the nearest reading)."""
    return {
        "reference_id": cable.reference_id, "created": cable.created, "released": cable.released,
        "origin_code": cable.origin_code, "origin": cable.origin, "classification": cable.classification,
        "classification_raw": cable.classification_raw, "subject": cable.subject,
        "subject_marking": cable.subject_marking,
        "captions": "; ".join(cable.captions), "tags": "; ".join(t.code for t in cable.tags),
        "references": "; ".join(r.id or r.raw for r in cable.references), "signers": "; ".join(cable.signers),
        "summary": cable.summary, "sensitivity": cable.sensitivity.p_classified if cable.sensitivity else None,
        "events": "; ".join(f"{e.date or 'undated'}{'?' if e.uncertain else ''} ({e.text})" for e in cable.events),
        "body": cable.body,
    }


_PIECE = 1 << 20  # characters of CSV or JSON Lines handed over at once


class Export:
    """The matching cables in one format, as pieces to write or send (str for jsonl and csv: `batch`
    cables or about a megabyte each; bytes for parquet: a row group of `batch` cables each): memory
    stays bounded whatever the number of cables.
    `count` is the number of cables given so far."""

    def __init__(self, archive: Backend, fmt: str, where: str = "", batch: int = 500) -> None:
        if fmt not in FORMATS:
            raise ArgumentError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
        self.cables = archive.select(where)  # a malformed query raises QueryError here, before any output
        self.fmt, self.batch, self.count = fmt, batch, 0

    def __iter__(self) -> Iterator[str | bytes]:
        return self._parquet() if self.fmt == "parquet" else self._text()

    def _batches(self) -> Iterator[list[Cable]]:
        batch: list[Cable] = []
        for cable in self.cables:
            batch.append(cable)
            self.count += 1
            if len(batch) >= self.batch:
                yield batch
                batch = []
        if batch:
            yield batch

    def _text(self) -> Iterator[str]:
        """CSV or JSON Lines, one cable at a time, handed over in pieces of `batch` cables or about
        `_PIECE` characters, whichever comes first."""
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=CSV_COLUMNS) if self.fmt == "csv" else None
        if writer is not None:
            writer.writeheader()
        for cable in self.cables:
            self.count += 1
            if writer is not None:
                writer.writerow(flat_row(cable))
            else:
                buffer.write(json.dumps(cable.to_json_dict(), ensure_ascii=False) + "\n")
            if buffer.tell() >= _PIECE or self.count % self.batch == 0:
                yield buffer.getvalue()
                buffer.seek(0)
                buffer.truncate()
        if buffer.tell() or self.count == 0:
            yield buffer.getvalue()  # the rest (or the header alone)

    def _parquet(self) -> Iterator[bytes]:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = pa.schema([(name, pa.float64() if name == "sensitivity" else pa.string()) for name in CSV_COLUMNS]
                           + [("record", pa.string())])
        sink = _Sink()
        with pq.ParquetWriter(sink, schema) as writer:
            for batch in self._batches():
                rows = [{**flat_row(cable), "record": json.dumps(cable.to_json_dict(), ensure_ascii=False)}
                        for cable in batch]
                writer.write_table(pa.Table.from_pylist(rows, schema=schema))  # one row group per batch
                yield sink.take()
            if self.count == 0:
                writer.write_table(pa.Table.from_pylist([], schema=schema))
        yield sink.take()


class _Sink(io.RawIOBase):
    """A write-only binary stream that keeps what was written until `take` hands it over."""

    def __init__(self) -> None:
        super().__init__()
        self.parts: list[bytes] = []
        self.position = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.parts.append(bytes(data))
        self.position += len(data)
        return len(data)

    def tell(self) -> int:
        return self.position

    def take(self) -> bytes:
        data, self.parts = b"".join(self.parts), []
        return data


def export(archive: Backend, fmt: str, out: IO, where: str = "") -> int:
    """Write matching cables to `out` (text stream for jsonl/csv, binary for parquet); returns the count."""
    pieces = Export(archive, fmt, where)
    for piece in pieces:
        out.write(piece)
    return pieces.count


def export_name(where: str, fmt: str) -> str:
    """A file name for an export, made from its query: 'origin:ALMATY from:2005' -> cables-origin-ALMATY-from-2005.csv."""
    slug = re.sub(r"[^A-Za-z0-9]+", "-", where).strip("-")[:80].rstrip("-")
    return f"cables-{slug}.{fmt}" if slug else f"cables.{fmt}"
