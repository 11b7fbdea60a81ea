"""The drafting side: a cable checked against the format rules, and each paragraph's sensitivity.

    >>> from cablebase.parse import parse_file
    >>> from cablebase.review import review
    >>> for cable in parse_file("05ALMATY2058.txt"):
    ...     print(review(cable).errors)
    0
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Optional

from ..model import Cable
from .classifier import Model, Score, default_model, marking_level
from .rules import RULES, Finding, check

__all__ = ["RULES", "Finding", "Model", "CableReview", "ParagraphReview", "review", "default_model",
           "marking_level"]


@dataclass
class ParagraphReview:
    """One paragraph: its marking as printed, its score, its findings."""

    number: Optional[int]
    marking: Optional[str]
    score: Optional[Score]
    findings: list[Finding] = field(default_factory=list)

    def to_json(self, reference_id: Optional[str]) -> dict:
        return {"reference_id": reference_id, "number": self.number, "marking": self.marking,
                "p_classified": self.score.p_classified if self.score else None,
                "level": self.score.level if self.score else None,
                "findings": [f.to_json() for f in self.findings]}


@dataclass
class CableReview:
    """A cable reviewed: cable-level findings and score, and one entry per paragraph."""

    reference_id: Optional[str]
    path: Optional[str]
    classification: Optional[str]
    paragraphs: list[ParagraphReview]
    findings: list[Finding]
    p_classified: Optional[float]
    level: Optional[str]

    @property
    def errors(self) -> int:
        """How many findings, of the cable and its paragraphs, are errors."""
        every = self.findings + [f for p in self.paragraphs for f in p.findings]
        return sum(f.severity == "error" for f in every)

    def to_json(self) -> dict:
        return {"reference_id": self.reference_id, "path": self.path, "classification": self.classification,
                "p_classified": self.p_classified, "level": self.level, "paragraphs": len(self.paragraphs),
                "findings": [f.to_json() for f in self.findings]}


def review(cable: Cable, model: Optional[Model] = None) -> CableReview:
    """Check `cable` against `RULES` and score it with `model` (default: the shipped one): each
    paragraph from its own words and its cable's, the cable from all its words and its paragraphs'
    scores."""
    model = model or default_model()
    scores = model.score([p.text for p in cable.paragraphs])
    findings = check(cable)
    paragraphs = [ParagraphReview(p.number, p.marking, s if p.text.strip() else None)
                  for p, s in zip(cable.paragraphs, scores.paragraphs)]
    for finding in findings:
        if finding.paragraph is not None:
            paragraphs[finding.paragraph].findings.append(finding)
    whole = scores.cable
    return CableReview(cable.reference_id, cable.source.path if cable.source else None, cable.classification,
                       paragraphs, [f for f in findings if f.paragraph is None],
                       whole.p_classified if whole else None, whole.level if whole else None)
