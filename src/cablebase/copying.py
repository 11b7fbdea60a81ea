"""`cablebase copy`: an archive copied to another backend (SQLite to PostgreSQL and back) with every
version of every cable, every failure and ingest run, the analysis (people and organisations,
events, action requests) and the review's model and scores — row for row, ids kept — then the
counts of every table checked against what was read.

The source is read from one snapshot (an ingest may go on meanwhile); the target is written by
this copy alone (the ingest lock) in one transaction: a copy that fails leaves it as it was."""

from __future__ import annotations

import os
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Iterator

from . import summaries
from .formatting import plural
from .ingest import writing
from .store import is_url, open_archive, shown
from .store.transfer import CABLE_COLUMNS, INDEXED, TABLES

HOLDINGS = {"cables": "cable", "runs": "ingest run", "failures": "failure"}
"""What makes a target not empty (and refused without `replace`)."""


class CopyError(Exception):
    """A copy that cannot be made (same archive, a target that is not empty) or whose counts disagree."""


@dataclass
class Copied:
    """What a copy wrote: rows per table (and the cables indexed), checked equal to what it read."""

    counts: dict[str, int]
    elapsed: float


def copy_archive(source: str | os.PathLike, target: str | os.PathLike, replace: bool = False) -> Copied:
    """Copy the archive `source` into `target` (a file or a `postgresql://…` URL; created if need
    be). A target holding cables, runs or failures is refused unless `replace`, which empties it
    first (in the same transaction). SchemaError when either is not an archive."""
    if _same(source, target):
        raise CopyError("the source and the target are the same archive")
    started = time.perf_counter()
    read: Counter = Counter()
    with open_archive(source, readonly=True) as src, writing(target) as dst:
        if waiting := src.unanalysed_count():  # (a copy holds the analysis rows, not what waits for them)
            raise CopyError(f"{plural(waiting, 'cable')} of the source {'waits' if waiting == 1 else 'wait'} for "
                            "the analysis of its people, organisations and dates: "
                            f"`cablebase analyse --db {shown(source)}` first")
        held = {table: n for table, n in dst.table_counts().items() if table in HOLDINGS and n}
        if held and not replace:
            raise CopyError(f"the target already holds {', '.join(plural(n, HOLDINGS[t]) for t, n in held.items())}: "
                            "copy into a new archive, or pass --replace to replace what it holds")
        dst.load(_counting(src.dump(), read), replace=replace)
        written = dst.table_counts()
        summaries.refresh(dst)
    expected = {table: read[table] for table in (*TABLES, INDEXED)}
    if written != expected:
        wrong = [f"{table}: {expected[table]} read, {written.get(table)} written" for table in expected
                 if written.get(table) != expected[table]]
        raise CopyError("the copy's counts disagree with the source's: " + "; ".join(wrong))
    return Copied(written, time.perf_counter() - started)


def _counting(chunks: Iterable[tuple[str, list[tuple]]], counts: Counter) -> Iterator[tuple[str, list[tuple]]]:
    """The chunks of a dump, counted by table as they pass (and the current cables, which the
    target's full-text index must hold)."""
    current = CABLE_COLUMNS.index("is_current")
    for table, rows in chunks:
        counts[table] += len(rows)
        if table == "cables":
            counts[INDEXED] += sum(1 for row in rows if row[current])
        yield table, rows


def _same(source: str | os.PathLike, target: str | os.PathLike) -> bool:
    if is_url(source) or is_url(target):
        return str(source) == str(target)
    return Path(target).exists() and Path(source).resolve() == Path(target).resolve()
