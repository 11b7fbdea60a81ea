"""Stream records out of an archive as JSON Lines, CSV or Parquet."""

from __future__ import annotations

import csv
import json
from typing import IO, Iterator

from .model import Cable
from .search.filters import compile_query
from .search.query import parse_query
from .store import Archive

FORMATS = ("jsonl", "csv", "parquet")
CSV_COLUMNS = ["reference_id", "created", "released", "origin_code", "origin", "classification",
               "classification_raw", "subject", "subject_marking", "captions", "tags", "references", "signers",
               "summary", "sensitivity", "body"]


def select(archive: Archive, where: str = "") -> Iterator[Cable]:
    """Current cables matching a query (the search language; empty for all), in id order."""
    compiled = compile_query(parse_query(where))
    clause, params = compiled.as_filters()
    return archive.iter_current(clause, tuple(params), narrow=compiled.narrow)


def flat_row(cable: Cable) -> dict:
    """One CSV row: lists joined with '; '."""
    return {
        "reference_id": cable.reference_id, "created": cable.created, "released": cable.released,
        "origin_code": cable.origin_code, "origin": cable.origin, "classification": cable.classification,
        "classification_raw": cable.classification_raw, "subject": cable.subject,
        "subject_marking": cable.subject_marking,
        "captions": "; ".join(cable.captions), "tags": "; ".join(t.code for t in cable.tags),
        "references": "; ".join(r.id or r.raw for r in cable.references), "signers": "; ".join(cable.signers),
        "summary": cable.summary, "sensitivity": cable.sensitivity.p_classified if cable.sensitivity else None,
        "body": cable.body,
    }


def export(archive: Archive, fmt: str, out: IO, where: str = "") -> int:
    """Write matching cables to `out` (text stream for jsonl/csv, binary for parquet); returns the count."""
    cables = select(archive, where)
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

    schema = pa.schema([(name, pa.float64() if name == "sensitivity" else pa.string()) for name in CSV_COLUMNS]
                       + [("record", pa.string())])
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
