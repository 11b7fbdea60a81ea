"""The worker side of an ingest: parse, analyse and prepare batches of units, in this process or in
a pool of spawned worker processes with a bounded number of batches in flight."""

from __future__ import annotations

import multiprocessing
import os
import threading
import time
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Iterable, Iterator, Union

from ..analysis import analyse
from ..errors import ParseError
from ..parse import Unit, parse_unit
from ..store import Prepared, prepare

BATCH = 256
Result = Union[Prepared, ParseError]


def _parse_batch(units: list[Union[Unit, ParseError]], year: int | None) -> list[Result]:
    """Worker side: parse, analyse and prepare the rows of a batch; any failure becomes a ParseError,
    never an exception."""
    out: list[Result] = []
    for unit in units:
        if isinstance(unit, ParseError):
            out.append(unit)
            continue
        try:
            out.append(prepare(analyse(parse_unit(unit, year))))
        except ParseError as exc:
            out.append(exc)
        except Exception as exc:  # a parser bug must not stop the run: record it and go on
            out.append(ParseError(f"internal parser error ({exc.__class__.__name__}: {exc})", unit.path, unit.record))
    return out


def _exit_with_parent(parent: int) -> None:
    """Worker initializer: exit as soon as the ingest process is gone (killed), instead of waiting
    forever on a queue that nobody will ever close."""

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, daemon=True).start()


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    chunk: list = []
    for item in items:
        chunk.append(item)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def parse_batches(units: Iterator, workers: int, year: int | None) -> Iterator[list[Result]]:
    """Parse batches in order, in-process for one worker, else with a bounded number in flight."""
    if workers == 1:
        for chunk in _chunks(units, BATCH):
            yield _parse_batch(chunk, year)
        return
    # spawn: workers must not inherit the writer lock (a killed ingest's orphaned workers would keep
    # the archive locked), and they exit by themselves when the ingest process is gone
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn"),
                             initializer=_exit_with_parent, initargs=(os.getpid(),)) as pool:
        pending: list[Future] = []
        for chunk in _chunks(units, BATCH):
            pending.append(pool.submit(_parse_batch, chunk, year))
            if len(pending) >= workers * 3:
                yield pending.pop(0).result()
        for future in pending:
            yield future.result()
