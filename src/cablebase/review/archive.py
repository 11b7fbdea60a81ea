"""Training on an archive's own marked paragraphs, and scoring the archive's paragraphs."""

from __future__ import annotations

import os
from typing import Iterator, Optional

from ..ingest.workers import in_order, worker_pool
from ..store import Archive
from .classifier import UNCLASSIFIED, Labelled, Model, default_model, held_out, labelled, train

BATCH = 500
MAX_CABLES = 20_000
Row = tuple[int, float, str, list[float]]  # (cable id, cable score, cable level, paragraph scores)

_worker: dict[str, Model] = {}  # in a scoring worker process: the model it scores with (`_load`)


def archive_model(archive: Archive) -> Model:
    """The model trained on this archive, else the shipped one."""
    text = archive.review_model()
    return Model.from_json(text) if text else default_model()


def train_archive(archive: Archive, max_cables: int = MAX_CABLES, **options) -> Model:
    """Train on the archive's labelled paragraphs and cables (see `classifier.labelled`) and store
    the model in it. Above `max_cables` cables, an even sample of about that many (by hash of the
    id) is read: the model gains little from more, and training stays within minutes and memory.
    ValueError if the archive holds too little to learn from."""
    total = archive.count()
    share = min(1.0, max_cables / total) if total else 1.0
    only = None if share >= 1.0 else (lambda key: held_out(key, share))
    cables: list[Labelled] = [labelled(key, classification, texts)
                              for _id, key, classification, texts in archive.iter_review_paragraphs(only=only)]
    model = train(cables, info={"source": str(archive.path), "archive_cables": total, "sampled": round(share, 4)},
                  **options)
    archive.save_review_model(model.to_json())
    return model


def score_archive(archive: Archive, model: Optional[Model] = None, workers: Optional[int] = None) -> int:
    """Score the paragraphs of every current cable the model has not scored yet; returns how many.
    Batches are scored in `workers` processes (default: one per core, none for an archive of one
    batch) while this one reads the cables and writes the scores."""
    model = model or archive_model(archive)
    digest = model.digest
    if workers is None:
        workers = 1 if archive.count() <= BATCH else os.cpu_count() or 1
    batches = _batches(archive.iter_review_paragraphs(unscored_by=digest))
    total = 0
    with worker_pool(workers, _load, model.to_json()) as pool:
        scored = (_score_batch(batch, model) for batch in batches) if pool.executor is None else \
            in_order(pool, _score_batch, ((batch,) for batch in batches))
        for rows in scored:
            total += archive.save_review_scores(rows, digest)
    return total


def _batches(cables: Iterator) -> Iterator[list[tuple[int, list[str]]]]:
    """(cable id, paragraph texts) in batches of `BATCH` cables."""
    batch: list[tuple[int, list[str]]] = []
    for cable_id, _key, _classification, paragraphs in cables:
        batch.append((cable_id, [text for _marking, text in paragraphs]))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


def _load(text: str) -> None:
    """Scoring worker initializer: read the model once."""
    _worker["model"] = Model.from_json(text)


def _score_batch(batch: list[tuple[int, list[str]]], model: Optional[Model] = None) -> list[Row]:
    """The scores of a batch of cables, with `model` (in a worker: the one `_load` read)."""
    scores = (model or _worker["model"]).score_cables([texts for _id, texts in batch])
    return [(cable_id, s.cable.p_classified if s.cable else 0.0, s.cable.level if s.cable else UNCLASSIFIED,
             [p.p_classified for p in s.paragraphs]) for (cable_id, _texts), s in zip(batch, scores)]
