"""The worker side of an ingest: parse (and analyse) and prepare batches of units, in this process,
in a pool of spawned worker processes, or on a Dask cluster (`cluster`); and, in the second pass,
analyse batches of stored versions. Always with a bounded number of batches in flight: results
stream back to the one writer in input order, and memory stays flat whatever the input size."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, Optional, Union

from ..analysis import analyse
from ..errors import ParseError
from ..model import Cable
from ..parse import Unit, parse_unit
from ..store import Archive, Prepared, prepare
from ..store.writer import Analysis, analysis_rows

BATCH = 256
Result = Union[Prepared, ParseError]


def _parse_batch(units: list[Union[Unit, ParseError]], year: int | None,
                 rows: Callable[[Cable], Prepared] = prepare, analysis: bool = True) -> list[Result]:
    """Worker side: parse, analyse (unless not `analysis`: left to the second pass) and prepare the
    rows of a batch (with `rows`: the archive's backend says what it stores); any failure becomes a
    ParseError, never an exception."""
    out: list[Result] = []
    for unit in units:
        if isinstance(unit, ParseError):
            out.append(unit)
            continue
        try:
            cable = parse_unit(unit, year)
            out.append(rows(analyse(cable) if analysis else cable))
        except ParseError as exc:
            out.append(exc)
        except Exception as exc:  # a parser bug must not stop the run: record it and go on
            out.append(ParseError(f"internal parser error ({exc.__class__.__name__}: {exc})", unit.path, unit.record))
    return out


def _exit_with_parent(parent: int, setup: Optional[Callable] = None, *args) -> None:
    """Worker initializer: exit as soon as the parent process is gone (killed), instead of waiting
    forever on a queue that nobody will ever close; then `setup(*args)`, if given."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()
    if setup is not None:
        setup(*args)


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


@dataclass
class Pool:
    """The worker processes both passes of an ingest share (`executor` None: work in this process)."""

    size: int
    executor: Optional[ProcessPoolExecutor] = None


@contextmanager
def worker_pool(workers: int, setup: Optional[Callable] = None, *args) -> Iterator[Pool]:
    """`workers` spawned worker processes (none for one: the work is done in this process), each
    running `setup(*args)` first if given. Spawned: workers must not inherit the writer lock (a
    killed ingest's orphaned workers would keep the archive locked), and they exit by themselves
    when the parent process is gone."""
    if workers == 1:
        yield Pool(1)
        return
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_exit_with_parent, initargs=(os.getpid(), setup, *args)) as executor:
        yield Pool(workers, executor)


def in_order(pool: Pool, work: Callable, tasks: Iterable[tuple]) -> Iterator:
    """`work(*task)` for each task, results in task order: in this process without worker
    processes, else with three tasks a worker in flight at most."""
    if pool.executor is None:
        for task in tasks:
            yield work(*task)
        return
    pending: list[Future] = []
    for task in tasks:
        pending.append(pool.executor.submit(work, *task))
        if len(pending) >= pool.size * 3:
            yield pending.pop(0).result()
    for future in pending:
        yield future.result()


def parse_batches(units: Iterator, pool: Pool, year: int | None,
                  rows: Callable[[Cable], Prepared] = prepare, cluster: str | None = None,
                  analysis: bool = True) -> Iterator[list[Result]]:
    """Parse batches in order, in-process without a pool, else with a bounded number in flight: in
    the pool's worker processes, or on the Dask cluster `cluster` names (see `dask_batches`)."""
    if cluster:
        yield from dask_batches(units, cluster, year, rows)
        return
    yield from in_order(pool, _parse_batch, ((chunk, year, rows, analysis) for chunk in _chunks(units, BATCH)))


def _analyse_batch(db: Path, ids: list[int]) -> list[Analysis]:
    """Worker side of the second pass: read stored versions from the archive (read-only, while the
    ingest writes), analyse them and make their rows. A bug in the rules must not stop the run: the
    version is then stored with no people, organisations or events (its text stays searchable), and
    the error goes with it to be recorded among the failures.
    The reading connection is closed at once: one left open would keep the ingest from folding the
    write-ahead log back into the archive file when it ends."""
    out = []
    with Archive(db, readonly=True) as archive:
        stored = archive.versions_by_id(ids)
    for cable_id, cable in stored:
        try:
            out.append(Analysis(cable_id, *analysis_rows(analyse(cable))))
        except Exception as exc:
            out.append(Analysis(cable_id, [], [], [], [], error=f"{type(exc).__name__}: {exc}"))
    return out


def analyse_batches(archive: Archive, pool: Pool) -> Iterator[list[Analysis]]:
    """The second pass: the analysis of every stored version that waits for it, in batches, in order."""

    def batches() -> Iterator[tuple[Path, list[int]]]:
        after = 0
        while ids := archive.unanalysed(after, BATCH):
            after = ids[-1]
            yield archive.path, ids

    yield from in_order(pool, _analyse_batch, batches())


def dask_batches(units: Iterator, cluster: str, year: int | None,
                 rows: Callable[[Cable], Prepared] = prepare) -> Iterator[list[Result]]:
    """Parse batches on a Dask cluster: `tcp://scheduler:8786` (its workers need the same cablebase
    installed), or `local:N` for a cluster of N worker processes started here for the run. Three
    batches a worker are in flight at most; results come back in input order."""
    try:
        from distributed import Client, LocalCluster
    except ImportError:
        raise ClusterError("--cluster needs Dask: pip install 'cablebase[cluster]'") from None
    local = None
    if cluster.startswith("local:"):
        count = cluster.removeprefix("local:")
        if not count.isdigit() or int(count) < 1:
            raise ClusterError(f"--cluster {cluster}: local:N needs a number of workers, such as local:4")
        local = LocalCluster(n_workers=int(count), threads_per_worker=1, processes=True, dashboard_address=None)
    try:
        with Client(local or cluster, timeout="30s") as client:
            limit = 3 * max(1, len(client.scheduler_info()["workers"]))
            pending: list = []
            for chunk in _chunks(units, BATCH):
                pending.append(client.submit(_parse_batch, chunk, year, rows, pure=False))
                if len(pending) >= limit:
                    yield pending.pop(0).result()
            for future in pending:
                yield future.result()
    except OSError as exc:  # no scheduler at that address (a timeout is an OSError too)
        raise ClusterError(f"cannot reach the Dask scheduler at {cluster}: {exc}") from None
    finally:
        if local is not None:
            local.close()


class ClusterError(Exception):
    """The Dask cluster an ingest was sent to cannot be used."""
