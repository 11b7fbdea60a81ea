"""Training on an archive's own marked paragraphs, and scoring the archive's paragraphs."""

from __future__ import annotations

from typing import Optional

from ..store import Archive
from .classifier import UNCLASSIFIED, Labelled, Model, default_model, held_out, labelled, train

BATCH = 500
MAX_CABLES = 20_000


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


def score_archive(archive: Archive, model: Optional[Model] = None) -> int:
    """Score the paragraphs of every current cable the model has not scored yet; returns how many."""
    model = model or archive_model(archive)
    digest = model.digest
    total, batch = 0, []
    for cable_id, _key, _classification, paragraphs in archive.iter_review_paragraphs(unscored_by=digest):
        scores = model.score([text for _marking, text in paragraphs])
        whole = scores.cable
        batch.append((cable_id, whole.p_classified if whole else 0.0, whole.level if whole else UNCLASSIFIED,
                      [s.p_classified for s in scores.paragraphs]))
        if len(batch) >= BATCH:
            total += archive.save_review_scores(batch, digest)
            batch = []
    return total + (archive.save_review_scores(batch, digest) if batch else 0)
