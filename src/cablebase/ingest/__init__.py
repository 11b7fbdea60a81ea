"""Ingest: read every input, parse in worker processes, write through one writer in batches; then,
in a second pass, analyse what was stored (people, organisations, dated events), so that the
archive is searchable as soon as the cables are stored.

Memory stays flat: inputs are streamed (CSV rows one by one), at most a few batches are in
flight, and each batch is committed in its own transaction. A killed ingest leaves the archive
consistent (SQLite WAL); running it again stores what is missing and nothing twice.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import time
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache, partial
from pathlib import Path
from typing import Callable, Iterator, Literal, Union

from .. import summaries
from ..errors import IngestLocked, ParseError
from ..parse import Unit, iter_units
from ..store import Archive, Prepared, prepare
from ..store.postgres.archive import PostgresArchive, is_url
from ..store.postgres.writer import prepare as prepare_for_postgres
from .inputs import Skipped, input_bytes, iter_inputs
from .workers import BATCH, Pool, analyse_batches, parse_batches, worker_pool

ProgressFn = Callable[["Progress"], None]
Analysis = Literal["after", "later", "inline"]
"""When an ingest analyses the cables it stores: `after` storing them all (the archive is searchable
meanwhile), `later` (by `cablebase analyse`), or `inline` as it parses them (PostgreSQL, Dask)."""


@dataclass
class Progress:
    """Running totals, handed to the progress callback after every batch."""

    files: int = 0
    records: int = 0
    bytes: int = 0
    total_bytes: int = 0
    counts: Counter = field(default_factory=Counter)
    skipped: list[Skipped] = field(default_factory=list)
    started: float = field(default_factory=time.monotonic)
    analysed: int = 0  # the second pass: versions analysed, of `to_analyse`
    to_analyse: int = 0

    @property
    def elapsed(self) -> float:
        return time.monotonic() - self.started


@dataclass
class Summary:
    """What an ingest did."""

    run_id: int
    parsed: int
    new: int
    new_versions: int
    unchanged: int
    failed: int
    elapsed: float
    files: int
    failures: list[ParseError]
    refreshed: int = 0  # of the unchanged: stored by other parsing code, rewritten from this one
    skipped: list[Skipped] = field(default_factory=list)  # files plainly not cables (READMEs, licences), not read
    analysed: int = 0  # stored versions analysed by the second pass (this run's, and any an earlier one left)
    unanalysed: int = 0  # stored versions still waiting for their analysis (`cablebase analyse`)


def ingest(paths: list[str], db: str | os.PathLike, workers: int | None = None, year: int | None = None,
           on_progress: ProgressFn | None = None, cluster: str | None = None, analysis: Analysis = "after") -> Summary:
    """Ingest files, directories and archives into the archive at `db` (a file, or a PostgreSQL URL).
    Parsing and analysis run in `workers` processes, or on the Dask cluster `cluster` names
    (`tcp://host:8786`, or `local:N`); the writing stays here. `analysis` says when the people,
    organisations and dated events are found (see `Analysis`): by default in a second pass over
    what the first stored, searchable meanwhile.

    Inputs already stored from the same path by the same parsing code are not parsed again (they
    count as unchanged), so a repeated or resumed ingest spends its time on what is new. `year`
    turns this off: it can change what the same bytes parse to."""
    workers = max(1, workers or os.cpu_count() or 1)
    parser = parser_fingerprint()
    if is_url(db) or cluster:
        analysis = "inline"  # (the second pass reads the archive file from this machine's workers)
    with writing(db) as archive, worker_pool(1 if cluster else workers) as pool:
        run_id = archive.start_run([os.fspath(p) for p in paths], parser)
        progress = Progress(total_bytes=input_bytes(paths))
        failures: list[ParseError] = []
        stored = _StoredInputs(archive, parser)

        def record(cables: list[Prepared], errors: list[ParseError]) -> None:
            counts = archive.add(cables, errors, run_id, seen=stored.pending)
            progress.counts.update(counts)
            progress.records += len(cables) + len(errors) + stored.pending
            stored.pending = 0
            if on_progress:
                on_progress(progress)

        units = _units(paths, progress)
        if year is None:
            units = stored.skip(units)
        rows = prepare_for_postgres if is_url(db) else prepare if analysis == "inline" else partial(prepare, analysed=False)
        for batch in parse_batches(units, pool, year, rows, cluster, analysis == "inline"):
            errors = [r for r in batch if isinstance(r, ParseError)]
            failures.extend(errors[: max(0, 1000 - len(failures))])
            record([r for r in batch if isinstance(r, Prepared)], errors)
        if stored.pending:
            record([], [])
        row = archive.finish_run(run_id)
        if analysis == "after":
            _second_pass(archive, pool, progress, on_progress)
        waiting = 0 if is_url(db) else archive.unanalysed_count()
        archive.merge_surnames()
        summaries.refresh(archive)
    return Summary(run_id=run_id, parsed=row["parsed"], new=row["new"], new_versions=row["new_versions"],
                   unchanged=row["unchanged"], failed=row["failed"], elapsed=progress.elapsed,
                   files=progress.files, failures=failures, refreshed=progress.counts["refreshed"],
                   skipped=progress.skipped, analysed=progress.analysed, unanalysed=waiting)


def analyse_archive(db: str | os.PathLike, workers: int | None = None,
                    on_progress: ProgressFn | None = None) -> Progress:
    """The second pass alone: analyse every version of the archive file `db` stored without its
    analysis (by `ingest(..., analysis="later")`, or an ingest stopped before the end)."""
    with writing(db) as archive:
        waiting = archive.unanalysed_count()  # (a batch or less: no worker processes to start)
        workers = 1 if waiting <= BATCH else max(1, workers or os.cpu_count() or 1)
        with worker_pool(workers) as pool:
            progress = Progress()
            _second_pass(archive, pool, progress, on_progress)
        archive.merge_surnames()
        summaries.refresh(archive)
    return progress


def _second_pass(archive: Archive, pool: Pool, progress: Progress, on_progress: ProgressFn | None) -> None:
    """Analyse the stored versions that wait for it, batch by batch (each batch its own transaction:
    a stopped pass keeps what it did, and the next one goes on from there)."""
    progress.to_analyse = archive.unanalysed_count()
    for batch in analyse_batches(archive, pool):
        progress.analysed += archive.save_analysis(batch)
        if on_progress:
            on_progress(progress)


PIPELINE = ("parse/", "vocab/", "analysis/", "data/*", "spans.py", "model.py", "errors.py", "store/writer.py",
            "store/postgres/writer.py")
"""What turns raw bytes into stored records, under the package: `name/` is a package with every file in
it (any depth: a new module or data file is in the moment it exists), `name/*` the files directly in
a directory (data/: the vocabularies' tables, not the demo sample), else one file."""


def fingerprint(package: Path) -> str:
    """A digest of the `PIPELINE` files under `package` (their paths and bytes)."""
    parts: list[Path] = []
    for name in PIPELINE:
        if name.endswith("/"):
            parts += (p for p in (package / name).rglob("*") if p.is_file() and "__pycache__" not in p.parts)
        elif name.endswith("/*"):
            parts += (p for p in (package / name[:-2]).iterdir() if p.is_file())
        else:
            parts.append(package / name)
    digest = hashlib.sha256()
    for part in sorted(set(parts)):
        digest.update(part.relative_to(package).as_posix().encode() + b"\0" + part.read_bytes())
    return digest.hexdigest()[:16]


@lru_cache(maxsize=1)
def parser_fingerprint() -> str:
    """The fingerprint of this cablebase's parser, analysis and record model: runs made by different
    code never skip each other's inputs."""
    return fingerprint(Path(__file__).parent.parent)


@contextmanager
def writing(db: str | os.PathLike) -> Iterator[Archive | PostgresArchive]:
    """The archive at `db` (a file, or a PostgreSQL URL), held by this ingest alone."""
    if is_url(db):
        with PostgresArchive(db) as archive:
            if not archive.lock_writer():
                raise IngestLocked("another ingest is writing to this database; wait for it to finish and run "
                                   "this one again")
            with archive.loading():
                yield archive
        return
    with Archive(db) as archive, _writer_lock(db):  # a file that is no archive is refused first
        yield archive


class _writer_lock:
    """An exclusive lock beside the archive so two ingests never interleave their writes."""

    def __init__(self, db: str | os.PathLike) -> None:
        self.path = Path(f"{os.path.realpath(db)}.lock")  # one lock however the archive is named

    def __enter__(self) -> None:
        self.fh = open(self.path, "a+")
        try:
            fcntl.flock(self.fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            self.fh.close()
            raise IngestLocked(f"another ingest is writing to {self.path.with_suffix('')}; "
                               "wait for it to finish and run this one again") from None

    def __exit__(self, *exc: object) -> None:
        fcntl.flock(self.fh, fcntl.LOCK_UN)
        self.fh.close()


def _units(paths: list[str], progress: Progress) -> Iterator[Union[Unit, ParseError]]:
    for found in iter_inputs(paths):
        if isinstance(found, Skipped):
            progress.skipped.append(found)
            continue
        progress.files += 1
        if isinstance(found, ParseError):
            yield found
            continue
        try:
            with found.open() as stream:
                for unit in iter_units(stream, found.label):
                    if isinstance(unit, Unit):
                        progress.bytes += _payload_size(unit)
                    yield unit
        except ParseError as exc:  # a damaged archive member, or one larger than its header says
            yield ParseError(exc.reason, found.label)
        except OSError as exc:
            yield ParseError(f"cannot read file ({exc.strerror or exc})", found.label)


class _StoredInputs:
    """Drops the units already stored from the same path by the same parser (see `Archive.seen`),
    counting them in `pending` until the run records them as unchanged."""

    def __init__(self, archive: Archive, parser: str) -> None:
        self.archive, self.parser, self.pending = archive, parser, 0

    def skip(self, units: Iterator[Union[Unit, ParseError]]) -> Iterator[Union[Unit, ParseError]]:
        for unit in units:
            if isinstance(unit, Unit) and self.archive.seen(unit.sha256, unit.path, self.parser):
                self.pending += 1
            else:
                yield unit


def _payload_size(unit: Unit) -> int:
    payload = unit.payload
    return len(payload) if isinstance(payload, (str, bytes)) else sum(len(f) for f in payload)
