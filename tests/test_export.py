"""Export (export.py) on a small archive built from the sample shipped in the package (no external
corpus): every format gives every matching cable, whole, in bounded pieces."""

from __future__ import annotations

import csv
import io
import json
import os
from importlib import resources

import pyarrow.parquet as pq
import pytest

from cablebase.errors import ArgumentError, QueryError
from cablebase.export import CSV_COLUMNS, FORMATS, Export, export_name
from cablebase.ingest import ingest
from cablebase.model import Cable
from cablebase.store import Archive


@pytest.fixture(scope="module")
def archive(tmp_path_factory):
    db = tmp_path_factory.mktemp("export") / "sample.db"
    ingest([os.fspath(resources.files("cablebase.data").joinpath("sample"))], db, workers=1)
    with Archive(db, readonly=True) as opened:
        yield opened


def _rows(archive: Archive, fmt: str, where: str = "", batch: int = 500) -> tuple[list[dict], int]:
    """(the rows the export gives, back as dicts of their JSON records or CSV cells; pieces given)."""
    pieces = list(Export(archive, fmt, where, batch=batch))
    if fmt == "parquet":
        return pq.read_table(io.BytesIO(b"".join(pieces))).to_pylist(), len(pieces)
    text = "".join(pieces)
    if fmt == "csv":
        return list(csv.DictReader(io.StringIO(text))), len(pieces)
    return [json.loads(line) for line in text.splitlines()], len(pieces)


def test_every_format_gives_every_current_cable_whole(archive):
    everything = {c.reference_id: c for c in archive.select("")}
    records, _ = _rows(archive, "jsonl")
    assert {r["reference_id"] for r in records} == set(everything) and len(records) == len(everything) > 30
    assert all(Cable.from_json_dict(r) == everything[r["reference_id"]] for r in records)
    rows, _ = _rows(archive, "csv")
    assert list(rows[0]) == CSV_COLUMNS and [r["reference_id"] for r in rows] == [r["reference_id"] for r in records]
    seed = next(r for r in rows if r["reference_id"] == "05ALMATY2058")
    assert seed["tags"] == "; ".join(t.code for t in everything["05ALMATY2058"].tags)
    assert seed["body"] == everything["05ALMATY2058"].body
    table, _ = _rows(archive, "parquet")
    assert [json.loads(r["record"]) for r in table] == records
    assert [r["events"] for r in table] == [r["events"] for r in rows]


def test_csv_and_parquet_give_the_dates_and_mark_an_uncertain_year(archive):
    """The `events` column: each date as `DATE (words)`, `DATE?` when its year could not be decided."""
    rows = {r["reference_id"]: r for r in _rows(archive, "csv")[0]}
    madrid = rows["09MADRID612"]["events"].split("; ")
    assert "2009-02-01? (February)" in madrid and all(e.count("(") == 1 for e in madrid)
    cables = {c.reference_id: c for c in archive.select("")}
    for reference_id, row in rows.items():
        events = cables[reference_id].events
        assert row["events"].count("?") == sum(e.uncertain for e in events)
        assert row["events"] == "; ".join(f"{e.date or 'undated'}{'?' * e.uncertain} ({e.text})" for e in events)
    assert "2009-02-01? (February)" in rows["09MADRID612"]["events"].split("; ")


@pytest.mark.parametrize("fmt", list(FORMATS))
def test_a_query_narrows_and_small_batches_give_the_same(archive, fmt):
    narrow, _ = _rows(archive, fmt, "origin:ALMATY")
    assert narrow and all("ALMATY" in json.dumps(r) for r in narrow)
    whole, pieces = _rows(archive, fmt)
    batched, many = _rows(archive, fmt, batch=5)
    assert batched == whole and len(whole) > len(narrow) and many > pieces
    nothing, _ = _rows(archive, fmt, "zzzyyyxxx")
    assert nothing == []


def test_bad_requests_are_refused_before_any_output(archive):
    with pytest.raises(ArgumentError, match="unknown export format 'xml'"):
        Export(archive, "xml")
    with pytest.raises(QueryError):
        Export(archive, "csv", "origin:")
    assert export_name("origin:ALMATY from:2005", "csv") == "cables-origin-ALMATY-from-2005.csv"
    assert export_name("", "parquet") == "cables.parquet"
