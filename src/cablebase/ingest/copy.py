"""Copy an archive into another, whatever stores each (SQLite -> PostgreSQL and back): every version
of every cable with its people, organisations and events, and every failure, through the storage
interface alone; then the two are counted.

Versions are written oldest first, so the target's writer decides which one is current exactly as
the source's did. What a copy does not carry: the ingest runs (the copy is one run of the target)
and, of a version read from several places, all but its first source."""

from __future__ import annotations

from collections import Counter
from typing import Callable

from ..errors import ParseError
from ..store.backend import Backend

BATCH = 256


def copy_archive(source: Backend, target: Backend, on_progress: Callable[[int], None] | None = None) -> dict:
    """Copy `source` into `target`; returns the counts of both (cables, versions, failures) and
    what the target's writer did (new, version, unchanged, ...)."""
    run_id = target.start_run([f"copy of {_name(source)}"])
    done: Counter = Counter()
    batch: list = []
    copied = 0
    for cable in source.select(""):
        if cable.reference_id is None:  # kept under its text's digest: one version
            batch.append(cable)
        else:
            batch += [cable if v["is_current"] else source.get(cable.reference_id, v["version"])
                      for v in source.versions(cable.reference_id)]
        copied += 1
        if len(batch) >= BATCH:
            done.update(target.add(batch, run_id=run_id))
            batch = []
            if on_progress:
                on_progress(copied)
    failures = [ParseError(f["reason"], f["path"], f["record"]) for f in source.failures()]
    done.update(target.add(batch, failures, run_id=run_id))
    target.finish_run(run_id)
    if on_progress:
        on_progress(copied)
    return {"source": counts(source), "target": counts(target), "written": dict(done)}


def counts(archive: Backend) -> dict[str, int]:
    """Cables (current versions), versions and failures an archive holds."""
    stats = archive.stats(top=1)
    return {name: stats[name] for name in ("cables", "versions", "failures")}


def _name(archive: Backend) -> str:
    return str(getattr(archive, "url", None) or getattr(archive, "path", "") or "archive")
