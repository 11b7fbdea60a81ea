"""Whole-archive summaries: the statistics, browse lists, most-cited ranks, coverage and entities
index of every cable, which take minutes to compute on a Cablegate-sized archive.

They are computed once per archive generation (`Backend.generation`: every change to the cables or
the failures moves it on, whoever writes) at the end of an ingest, an `analyse` or a `copy`, and
stored in the archive as JSON, so that a server starts at once and reads them. A summary that is
missing (an archive written by an older cablebase) or stale (written to since: by hand, or by an
ingest still running) is computed again by the server in a background thread while its pages
answer: meanwhile a stale one is shown, and the pages that need a missing one say that it is being
computed (`NotReady`: HTTP 503 with Retry-After)."""

from __future__ import annotations

import json
import logging
import os
import threading
from collections import OrderedDict
from typing import Any, Callable, Hashable, TypeVar

from . import coverage, graph
from .store import BROWSE_LISTS, Backend, open_archive

COMPUTE: dict[str, Callable[[Backend], Any]] = {
    "stats": lambda archive: archive.stats(),
    **{f"browse {what}": (lambda archive, what=what: archive.browse(what)) for what in BROWSE_LISTS},
    "ranks": lambda archive: graph.ranked(archive.citation_edges()),
    "coverage": lambda archive: coverage.from_archive(archive.held_ids(), graph.citation_counts(archive)),
    "entities": lambda archive: archive.entity_names(),
}
"""Name -> how a summary is computed (a value that JSON keeps as it is)."""

RECENT = 64
"""How many results a server remembers per generation besides the summaries (`Served.per_generation`)."""
T = TypeVar("T")
log = logging.getLogger("cablebase")


class NotReady(Exception):
    """A summary that a server is still computing (the archive holds none yet)."""


def stale(archive: Backend) -> tuple[int, list[str]]:
    """(the archive's generation, the names of the summaries not stored for it); the generation is
    read first, so a write meanwhile leaves those computed after it stale."""
    generation = archive.generation()
    stored = archive.summary_generations()
    return generation, [name for name in COMPUTE if stored.get(name) != generation]


def compute(archive: Backend) -> tuple[int, dict[str, Any]]:
    """(the archive's generation, name -> value) of the summaries not stored for that generation."""
    generation, names = stale(archive)
    return generation, {name: COMPUTE[name](archive) for name in names}


def refresh(archive: Backend) -> int:
    """Compute and store every summary not stored for the archive's generation (the end of an
    ingest, `analyse`, `copy`), one at a time: each is freed before the next is computed, so the
    memory held is the largest one's, not all of theirs; returns how many."""
    generation, names = stale(archive)
    for name in names:
        save(archive, generation, {name: COMPUTE[name](archive)})
    return len(names)


def save(archive: Backend, generation: int, values: dict[str, Any]) -> None:
    for name, value in values.items():
        archive.save_summary(name, generation, json.dumps(value, separators=(",", ":")))


def current(archive: Backend, name: str) -> Any:
    """A summary of the archive as it is now: the stored one when it is current, else computed now
    (a command run once, such as `cablebase stats`, computes it; nothing is stored)."""
    stored = archive.stored_summary(name)
    if stored is not None and stored[0] == archive.generation():
        return json.loads(stored[1])
    return COMPUTE[name](archive)


class Served:
    """The summaries a server shows, for all its threads: each read from the archive once per
    generation; one missing or stale computed again in a background thread (one run at a time, on
    connections of its own; one process at a time for a server's workers) and stored in the archive
    when the server may write to it."""

    def __init__(self, db: str | os.PathLike) -> None:
        self.db = db
        self.held: dict[str, tuple[int, Any]] = {}  # name -> (generation, value)
        self.recent: OrderedDict[tuple[int, Hashable], Any] = OrderedDict()  # see `per_generation`
        self.lock = threading.Lock()
        self.worker: threading.Thread | None = None

    def per_generation(self, archive: Backend, key: Hashable, compute: Callable[[], T]) -> T:
        """`compute()`, remembered for the archive's generation with the RECENT last keys (such as
        the most-cited ranks of a query: computed on every request before)."""
        found = (archive.generation(), key)
        with self.lock:
            if found in self.recent:
                self.recent.move_to_end(found)
                return self.recent[found]
        value = compute()
        with self.lock:
            self.recent[found] = value
            while len(self.recent) > RECENT:
                self.recent.popitem(last=False)
        return value

    def get(self, archive: Backend, name: str) -> Any:
        """The summary `name` of the current generation; while it is computed, the one held before
        (NotReady if there is none)."""
        generation = archive.generation()
        held = self.held.get(name)
        if held is None or held[0] != generation:
            stored = archive.summary_generations().get(name)
            if stored is not None and (stored == generation or held is None):
                found = archive.stored_summary(name)
                if found is not None:
                    held = self.held[name] = (found[0], json.loads(found[1]))
        if held is None or held[0] != generation:
            self.refresh_later()
        if held is None:
            raise NotReady(name)
        return held[1]

    def refresh_later(self) -> None:
        """Compute what is missing or stale in a background thread, unless one is at it."""
        with self.lock:
            if self.worker is None or not self.worker.is_alive():
                self.worker = threading.Thread(target=self._refresh, name="summaries", daemon=True)
                self.worker.start()

    def read_stored(self) -> None:
        """Decode the summaries the archive stores for its generation, before a server answers: a
        request would otherwise wait while a thread decodes them (0.5 s of CPU at 251k, the
        interpreter's lock held throughout: `/api/stats` took 420 ms once)."""
        try:
            with open_archive(self.db, readonly=True) as archive:
                self._read_stored(archive)
        except Exception as exc:  # (computed again by `refresh_later`, which says why in the log)
            log.warning("whole-archive summaries of %s not read: %s", self.db, exc)

    def _read_stored(self, archive: Backend) -> None:
        generation = archive.generation()
        for name, made in archive.summary_generations().items():
            if made == generation and self.held.get(name, (None,))[0] != generation:
                found = archive.stored_summary(name)
                self.held[name] = (found[0], json.loads(found[1]))

    def _refresh(self) -> None:
        """Read what the archive stores for its generation (if not read yet), then compute and
        store what it lacks."""
        try:
            with open_archive(self.db, readonly=True) as archive, archive.computing_summaries():
                self._read_stored(archive)  # (after the wait: what another process stored meanwhile)
                generation, values = compute(archive)
                if values:
                    self.held.update((name, (generation, value)) for name, value in values.items())
                    with open_archive(self.db) as writable:
                        save(writable, generation, values)
        except Exception as exc:  # (a background thread: said in the server's log, computed again next time)
            log.warning("whole-archive summaries of %s not computed and stored: %s", self.db, exc)
