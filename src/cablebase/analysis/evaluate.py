"""How well the analysis does against hand-labelled cables: precision and recall of people and
organisations (`score`), and the share of date expressions resolved right (`date_accuracy`)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from ..model import Cable


@dataclass
class Score:
    """Counts and rates for one kind of entity."""

    kind: str
    predicted: int
    correct: int
    gold: int
    found: int

    @property
    def precision(self) -> float:
        return self.correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.found / self.gold if self.gold else 0.0


def _norm(text: str) -> str:
    """A name as scoring compares it: case, full stops, hyphens and the apostrophe's form ignored."""
    return " ".join(text.replace(".", " ").replace("-", " ").replace("\u2019", "'").split()).casefold()


def _matches(names: set[str], gold: list[str], kind: str) -> bool:
    forms = {_norm(g) for g in gold}
    if names & forms:
        return True
    if kind == "person":  # surname alone on either side
        surnames = {f.split()[-1] for f in forms}
        return any(n.split()[-1] in surnames for n in names if n)
    return False


def score(cables: list[Cable], gold_path: Path) -> dict[str, Score]:
    """Score extracted entities of `cables` against the labels in `gold_path` (see tests/fixtures)."""
    gold = {k: v for k, v in json.loads(gold_path.read_text()).items() if not k.startswith("_")}
    scores = {kind: Score(kind, 0, 0, 0, 0) for kind in ("person", "organization")}
    for cable in cables:
        labels = gold.get(cable.reference_id or "")
        if labels is None:
            continue
        for kind, s in scores.items():
            wanted = [g.split("|") for g in labels[kind]]
            predicted = [{_norm(e.name), *(_norm(a) for a in e.aliases)} for e in cable.entities if e.kind == kind]
            s.predicted += len(predicted)
            s.correct += sum(any(_matches(p, g, kind) for g in wanted) for p in predicted)
            s.gold += len(wanted)
            s.found += sum(any(_matches(p, g, kind) for p in predicted) for g in wanted)
    return scores


def date_accuracy(cables: list[Cable], gold_path: Path) -> tuple[int, int, list[tuple]]:
    """(right, checked, the wrong ones) for the hand-checked date expressions in `gold_path` (see
    tests/fixtures/dates_gold.json): an expression is right when the cable's events hold it (its n-th
    occurrence by text, case ignored) resolved to the expected day or month; `none` expects no date."""
    by_id = {c.reference_id: c for c in cables}
    right, wrong = 0, []
    checked = json.loads(gold_path.read_text())["expressions"]
    for reference_id, text, nth, expected in checked:
        cable = by_id.get(reference_id)
        same = [e for e in cable.events if e.text.casefold() == text.casefold()] if cable else []
        found = same[nth - 1].date if len(same) >= nth else None
        ok = found is None if expected == "none" else (found or "")[:len(expected)] == expected
        right += ok
        if not ok:
            wrong.append((reference_id, text, nth, expected, found))
    return right, len(checked), wrong
