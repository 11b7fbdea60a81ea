"""Stream records out of an archive as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from typing import IO, Iterator

from .model import Cable
from .store import Backend

FORMATS = ("jsonl", "csv", "parquet")
CSV_COLUMNS = ["reference_id", "created", "released", "origin_code", "origin", "classification",
               "classification_raw", "subject", "subject_marking", "captions", "tags", "references", "signers",
               "summary", "body"]


def flat_row(cable: Cable) -> dict:
    """One CSV row: lists joined with '; '."""
    return {
        "reference_id": cable.reference_id, "created": cable.created, "released": cable.released,
        "origin_code": cable.origin_code, "origin": cable.origin, "classification": cable.classification,
        "classification_raw": cable.classification_raw, "subject": cable.subject,
        "subject_marking": cable.subject_marking,
        "captions": "; ".join(cable.captions), "tags": "; ".join(t.code for t in cable.tags),
        "references": "; ".join(r.id or r.raw for r in cable.references), "signers": "; ".join(cable.signers),
        "summary": cable.summary, "body": cable.body,
    }


def export(archive: Backend, fmt: str, out: IO, where: str = "") -> int:
    """Write the cables matching a query (`where`, the search language; "" for all) to `out` (text
    stream for jsonl/csv, binary for parquet), in archive order; returns the count."""
    cables = archive.select(where)
    n = 0
    if fmt == "jsonl":
        for cable in cables:
            out.write(json.dumps(cable.to_json_dict(), ensure_ascii=False) + "\n")
            n += 1
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS)
        writer.writeheader()
        for cable in cables:
            writer.writerow(flat_row(cable))
            n += 1
    elif fmt == "parquet":
        n = _parquet(cables, out)
    else:
        raise ValueError(f"unknown export format {fmt!r} (use {', '.join(FORMATS)})")
    return n


def _parquet(cables: Iterator[Cable], out: IO, batch: int = 2000) -> int:
    import pyarrow as pa
    import pyarrow.parquet as pq

    schema = pa.schema([(name, pa.string()) for name in CSV_COLUMNS] + [("record", pa.string())])
    writer = pq.ParquetWriter(out, schema)
    rows: list[dict] = []
    n = 0
    for cable in cables:
        row = flat_row(cable)
        row["record"] = json.dumps(cable.to_json_dict(), ensure_ascii=False)
        rows.append(row)
        n += 1
        if len(rows) >= batch:
            writer.write_table(pa.Table.from_pylist(rows, schema=schema))
            rows = []
    if rows or n == 0:
        writer.write_table(pa.Table.from_pylist(rows, schema=schema))
    writer.close()
    return n
