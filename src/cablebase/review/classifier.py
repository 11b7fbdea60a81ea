"""Paragraph sensitivity: how likely a paragraph's words are classified text, and at which level.

The model reads words only. Before a paragraph is featurised its portion markings (`(C)`,
`(S/NF)`, anywhere in the text), the words of the marking vocabulary (SECRET, NOFORN, SIPDIS, ...)
and redaction runs (`xxxxx`) are removed, so two paragraphs that differ only in how they are
marked get the same score.

Features are word unigrams and bigrams, weighted tf-idf (sublinear tf, l2 norm); a multinomial
logistic regression gives P(level); P(classified) = 1 - P(UNCLASSIFIED), calibrated by Platt
scaling on held-out cables. The model is plain JSON (terms, idf, coefficients, calibration): no
pickle is ever loaded, and scoring needs numpy only (scikit-learn is used to train).
"""

from __future__ import annotations

import gzip
import hashlib
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from typing import Iterable, Optional, Sequence

import numpy as np

from ..vocab.markings import marking_level, normalise_marking

FORMAT = "cablebase-review-model"
FORMAT_VERSION = 1
UNCLASSIFIED = "UNCLASSIFIED"
LEVELS = (UNCLASSIFIED, "CONFIDENTIAL", "SECRET", "TOP SECRET")
DEFAULT_MODEL = "default_model.json.gz"

_PAREN = re.compile(r"\(([^()\n]{1,40})\)")
_WORD = re.compile(r"[a-z]{2,}(?:'[a-z]+)?")
_REDACTION = re.compile(r"^x{3,}")
# The marking vocabulary: levels, captions and handling words that say how a text is marked, not
# what it says. Dropped from the features so the score cannot read the marking.
MARKING_WORDS = frozenset(
    "unclassified unclas confidential secret topsecret sbu fouo lou noforn nofor sipdis nodis exdis limdis "
    "stadis rel nf".split())


def _strip_marking(match: re.Match) -> str:
    return " " if normalise_marking(match.group(1)) else match.group(0)


def words(text: str) -> list[str]:
    """The words the model reads: markings, marking vocabulary and redactions removed."""
    text = _PAREN.sub(_strip_marking, text).lower()
    return [w for w in _WORD.findall(text) if w not in MARKING_WORDS and not _REDACTION.match(w)]


def features(text: str) -> list[str]:
    """Unigrams and bigrams of `words(text)`."""
    ws = words(text)
    return ws + [f"{a} {b}" for a, b in zip(ws, ws[1:])]


@dataclass
class Example:
    """One labelled paragraph: its text, its level, and the cable it comes from (for splits)."""

    text: str
    level: str
    cable: str


def labelled(key: str, classification: Optional[str], paragraphs: Sequence[tuple[Optional[str], str]]
             ) -> tuple[list[Example], Optional[Example]]:
    """A cable's training examples from its (marking, text) paragraphs: every paragraph with a level
    marking, and, in a cable classified UNCLASSIFIED, its unmarked paragraphs too (an unclassified
    cable cannot hold classified text); unmarked paragraphs of classified cables are not labels.
    And the cable itself, all its paragraphs' words labelled with its classification."""
    out = []
    for marking, text in paragraphs:
        level = marking_level(marking)
        if level is None and marking is None and classification == UNCLASSIFIED:
            level = UNCLASSIFIED
        if level and text.strip():
            out.append(Example(text, level, key))
    whole = "\n\n".join(text for _, text in paragraphs if text.strip())
    return out, Example(whole, classification, key) if whole and classification in LEVELS else None


def examples(cable) -> tuple[list[Example], Optional[Example]]:
    """`labelled` for a `Cable` record."""
    key = cable.reference_id or (cable.source.sha256 if cable.source else "")
    return labelled(key, cable.classification, [(p.marking, p.text) for p in cable.paragraphs])


@dataclass
class Score:
    """A score: calibrated P(classified) and the most likely level."""

    p_classified: float
    level: str


@dataclass
class Head:
    """A multinomial logistic regression over the model's tf-idf features, with Platt calibration
    of P(classified) = 1 - P(UNCLASSIFIED)."""

    classes: list[str]
    coef: np.ndarray  # (classes, terms)
    intercept: np.ndarray  # (classes,)
    calibration: tuple[float, float] = (1.0, 0.0)

    def probabilities(self, x) -> np.ndarray:
        """Uncalibrated P(class) for each row of the tf-idf matrix `x`."""
        logits = np.asarray(x @ self.coef.T) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def p_classified(self, probs: np.ndarray) -> np.ndarray:
        """Calibrated P(classified) from `probabilities`: sigmoid(a * logit(p) + b)."""
        a, b = self.calibration
        p = np.clip(1.0 - probs[:, self.classes.index(UNCLASSIFIED)], 1e-9, 1 - 1e-9)
        return 1.0 / (1.0 + np.exp(-(a * np.log(p / (1 - p)) + b)))

    def score(self, x) -> list[Score]:
        """Calibrated P(classified) and the most likely level of each row; a row reads as
        UNCLASSIFIED when P(classified) < 0.5, else as the likelier of the classified levels."""
        probs = self.probabilities(x)
        others = [i for i, c in enumerate(self.classes) if c != UNCLASSIFIED]
        scores = []
        for p, row in zip(self.p_classified(probs), probs):
            level = UNCLASSIFIED if p < 0.5 or not others else self.classes[max(others, key=lambda i: row[i])]
            scores.append(Score(round(float(p), 4), level))
        return scores

    def to_dict(self) -> dict:
        return {"classes": self.classes, "coef": [_rounded(row) for row in self.coef],
                "intercept": _rounded(self.intercept), "calibration": list(self.calibration)}

    @classmethod
    def from_dict(cls, data: dict, terms: int) -> "Head":
        head = cls(list(data["classes"]), np.asarray(data["coef"], dtype=np.float64),
                   np.asarray(data["intercept"], dtype=np.float64), tuple(data["calibration"]))
        if head.coef.shape != (len(head.classes), terms) or UNCLASSIFIED not in head.classes:
            raise ValueError("coefficient shapes do not match the terms, or no UNCLASSIFIED class")
        return head


def _rounded(xs) -> list[float]:
    return [float(f"{x:.5g}") for x in xs]


@dataclass
class Model:
    """A trained model, as plain data (see `to_json`): the terms and their idf, a head that scores
    paragraphs, and one that scores a cable from all its paragraphs' words."""

    terms: list[str]
    idf: np.ndarray
    paragraph: Head
    cable: Head
    info: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index = {t: i for i, t in enumerate(self.terms)}

    def vectors(self, texts: Sequence[str]):
        """The tf-idf matrix of `texts` (scipy CSR), as scikit-learn's TfidfVectorizer makes it."""
        from scipy.sparse import csr_matrix

        indptr, indices, values = [0], [], []
        for text in texts:
            counts = Counter(i for i in map(self._index.get, features(text)) if i is not None)
            row = [(i, (1.0 + math.log(n)) * self.idf[i]) for i, n in sorted(counts.items())]
            norm = math.sqrt(sum(v * v for _, v in row)) or 1.0
            indices += [i for i, _ in row]
            values += [v / norm for _, v in row]
            indptr.append(len(indices))
        return csr_matrix((np.array(values, dtype=np.float64), np.array(indices, dtype=np.int64),
                           np.array(indptr, dtype=np.int64)), shape=(len(texts), len(self.terms)))

    def score(self, texts: Sequence[str]) -> list[Score]:
        """Each paragraph text's score."""
        return self.paragraph.score(self.vectors(texts)) if texts else []

    def score_cable(self, texts: Sequence[str]) -> Optional[Score]:
        """A cable's score from the words of all its paragraphs; None when it has no text."""
        text = "\n\n".join(t for t in texts if t.strip())
        return self.cable.score(self.vectors([text]))[0] if text else None

    def to_json(self) -> str:
        """The model as JSON text (coefficients rounded to 5 significant digits)."""
        return json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "terms": self.terms,
                           "idf": _rounded(self.idf), "paragraph": self.paragraph.to_dict(),
                           "cable": self.cable.to_dict(), "info": self.info}, ensure_ascii=False,
                          separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> "Model":
        """Read a model written by `to_json`; ValueError if it is not one."""
        try:
            data = json.loads(text)
            if data.get("format") != FORMAT or data.get("version") != FORMAT_VERSION:
                raise ValueError(f"not a review model ({FORMAT} version {FORMAT_VERSION})")
            terms = [str(t) for t in data["terms"]]
            idf = np.asarray(data["idf"], dtype=np.float64)
            if idf.shape != (len(terms),):
                raise ValueError("idf does not match the terms")
            return cls(terms, idf, Head.from_dict(data["paragraph"], len(terms)),
                       Head.from_dict(data["cable"], len(terms)), dict(data.get("info") or {}))
        except (KeyError, TypeError, AttributeError, IndexError, json.JSONDecodeError) as exc:
            raise ValueError(f"not a review model: {exc!r}") from None

    @property
    def digest(self) -> str:
        """A short fingerprint of the model, stored with the scores it made."""
        return hashlib.sha256(self.to_json().encode()).hexdigest()[:16]


def default_model() -> Model:
    """The model shipped in the package (trained on the dev corpus's public-domain cables)."""
    data = resources.files(__package__).joinpath(DEFAULT_MODEL).read_bytes()
    return Model.from_json(gzip.decompress(data).decode("utf-8"))


def held_out(key: str, share: float, purpose: str = "calibrate") -> bool:
    """A stable pseudo-random choice of a `share` of cables, by the hash of their key (a different
    choice for each `purpose`)."""
    digest = hashlib.blake2b(key.encode(), digest_size=4, person=purpose.encode()[:16]).digest()
    return int.from_bytes(digest, "big") / 2**32 < share


def train(paragraphs: Iterable[Example], cables: Iterable[Example], max_terms: int = 50_000, min_df: int = 2,
          c: float = 4.0, calibration_share: float = 0.1, info: Optional[dict] = None) -> Model:
    """Train on labelled paragraphs and on cables labelled with their classification (text: all
    their paragraphs). A share of the cables (by hash of their key) is held out to fit the
    calibration. ValueError when there is too little to learn from."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    fit, held = _split(paragraphs, calibration_share)
    cable_fit, cable_held = _split(cables, calibration_share)
    for name, data in (("paragraphs", fit), ("cables", cable_fit)):
        levels = Counter(ex.level for ex in data)
        if len(levels) < 2 or UNCLASSIFIED not in levels or len(data) < 10:
            raise ValueError(f"too few labelled {name} to train on ({dict(levels) or 'none'}): need both "
                             "unclassified and classified text")
    vectorizer = TfidfVectorizer(analyzer=features, min_df=min_df, max_features=max_terms, sublinear_tf=True,
                                 dtype=np.float64)
    x = vectorizer.fit_transform([ex.text for ex in fit])
    model = Model(vectorizer.get_feature_names_out().tolist(), vectorizer.idf_,
                  _head(x, [ex.level for ex in fit], c), _head(vectorizer.transform([ex.text for ex in cable_fit]),
                                                               [ex.level for ex in cable_fit], c),
                  dict(info or {}, paragraphs=len(fit) + len(held), cables=len(cable_fit) + len(cable_held),
                       levels=dict(Counter(ex.level for ex in fit + held)),
                       cable_levels=dict(Counter(ex.level for ex in cable_fit + cable_held))))
    model.paragraph.calibration = _platt(model, model.paragraph, held)
    model.cable.calibration = _platt(model, model.cable, cable_held)
    return model


def _split(data: Iterable[Example], share: float) -> tuple[list[Example], list[Example]]:
    fit: list[Example] = []
    held: list[Example] = []
    for ex in data:
        (held if held_out(ex.cable, share) else fit).append(ex)
    return fit, held


def _head(x, y: list[str], c: float) -> Head:
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(C=c, solver="lbfgs", max_iter=500).fit(x, y)
    classes = [str(k) for k in classifier.classes_]
    if len(classes) == 2:  # a binary fit has one row of coefficients: as a softmax, two halves
        return Head(classes, np.vstack([-classifier.coef_[0] / 2, classifier.coef_[0] / 2]),
                    np.array([-classifier.intercept_[0] / 2, classifier.intercept_[0] / 2]))
    return Head(classes, classifier.coef_, classifier.intercept_)


def _platt(model: Model, head: Head, held: list[Example]) -> tuple[float, float]:
    """Platt parameters fitted on held-out examples; identity when they hold a single class."""
    from sklearn.linear_model import LogisticRegression

    y = [ex.level != UNCLASSIFIED for ex in held]
    if len(set(y)) < 2:
        return (1.0, 0.0)
    p = np.clip(1.0 - head.probabilities(model.vectors([ex.text for ex in held]))[:, head.classes.index(UNCLASSIFIED)],
                1e-9, 1 - 1e-9)
    platt = LogisticRegression(C=1e4).fit(np.log(p / (1 - p)).reshape(-1, 1), y)
    return (round(float(platt.coef_[0][0]), 6), round(float(platt.intercept_[0]), 6))
