"""Paragraph sensitivity: how likely a paragraph's words are classified text, and at which level.

The model reads words only. Before a text is featurised its portion markings (`(C)`, `(S/NF)`,
anywhere in the text), banner and caption lines, the lines that give a classification authority (`Classified By: ... 1.4 (b)
and (d)`, `E.O. 12958: DECL: ...`, `Declassify on: ...`) and the words of the marking vocabulary
(SECRET, NOFORN, SIPDIS, ...) are removed, so two paragraphs that differ only in how they are marked
get the same score. A redaction run (`xxxxx`, a released cable's protected name) is one word,
`xredactedx`: it is in the text as a reader sees it.

Features are word unigrams and bigrams, weighted tf-idf (sublinear tf, l2 norm). Two multinomial
logistic regressions share them: the paragraph head (trained on labelled paragraphs) and the cable
head (trained on whole cables labelled with their classification). Their P(classified) =
1 - P(UNCLASSIFIED) are then combined by two small logistic regressions fitted on out-of-fold
predictions (cables dealt into folds by hash): a paragraph's score from its own words and its
cable's; a cable's score from its whole text and the mean, top three and highest of its paragraphs'.
Those combiners are also the calibration (they are fitted on text the heads did not see).
The model is plain JSON (terms, idf, coefficients, combiners): no pickle is ever loaded, and
scoring needs numpy and scipy only (scikit-learn is used to train).
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
FORMAT_VERSION = 2
UNCLASSIFIED = "UNCLASSIFIED"
LEVELS = (UNCLASSIFIED, "CONFIDENTIAL", "SECRET", "TOP SECRET")
DEFAULT_MODEL = "default_model.json.gz"
REDACTED = "xredactedx"

_PAREN = re.compile(r"\(([^()\n]{1,40})\)")
# A classification authority, from its keyword to the end of its line (at most 200 characters).
_AUTHORITY = re.compile(r"(?:\bclassified\s+by\b|\bdeclassify\s+on\b|\bdecl\s*:|\be\.\s*o\.\s*\d{5}|"
                        r"\breasons?\s*:?\s*1\.\d)[^\n]{0,200}", re.I)
# A banner or caption line, in capitals: `SECRET//FGI//NOFORN`, `UNCLAS SECTION 01 OF 02 SIPDIS`.
_BANNER = re.compile(r"^[ \t]*(?:TOP\s+)?(?:SECRET|CONFIDENTIAL|UNCLASSIFIED|UNCLAS)\b[A-Z0-9 \t/,.-]*$", re.M)
_REDACTION = re.compile(r"x{4,}", re.I)
_WORD = re.compile(r"[a-z]{2,}(?:'[a-z]+)?")
_LEADING_WORD = re.compile(r"\s*[A-Za-z]+")
# The marking vocabulary: levels, captions and handling words that say how a text is marked, not
# what it says. Dropped from the features so the score cannot read the marking.
MARKING_WORDS = frozenset(
    "unclassified unclas confidential secret topsecret sbu fouo lou noforn nofor sipdis nodis exdis limdis "
    "stadis rel nf fgi orcon propin classified declassified declassify decl".split())
PARAGRAPH_INPUTS = ("paragraph", "cable text")
CABLE_INPUTS = ("cable text", "paragraph mean", "paragraph top 3", "paragraph max")
FOLDS = 3
COMBINER_CABLES = 2000  # out-of-fold cables enough to fit the combiners: a large archive needs one fold


def _strip_marking(match: re.Match) -> str:
    """A portion marking in parentheses, abbreviated (`(S/NF)`) or spelt out (`(secret//rel germany)`), goes."""
    inside = match.group(1)
    spelt = _LEADING_WORD.match(inside)
    return " " if normalise_marking(inside) or (spelt and spelt.group(0).lower() in MARKING_WORDS) else match.group(0)


def words(text: str) -> list[str]:
    """The words the model reads: markings, banner and caption lines, authority lines and marking
    vocabulary removed, each redaction run one word `xredactedx`."""
    text = _PAREN.sub(_strip_marking, _BANNER.sub(" ", text))
    text = _REDACTION.sub(f" {REDACTED} ", _AUTHORITY.sub(" ", text)).lower()
    return [w for w in _WORD.findall(text) if w not in MARKING_WORDS]


def features(text: str) -> list[str]:
    """Unigrams and bigrams of `words(text)`."""
    ws = words(text)
    return ws + [f"{a} {b}" for a, b in zip(ws, ws[1:])]


@dataclass
class Labelled:
    """One cable's training data: the texts of all its paragraphs, each one's level where it is a
    label (else None), the cable's level (None if unknown), and its key (for splits)."""

    key: str
    level: Optional[str]
    texts: list[str]
    levels: list[Optional[str]]

    @property
    def examples(self) -> list[tuple[str, str]]:
        """The labelled paragraphs as (text, level)."""
        return [(t, level) for t, level in zip(self.texts, self.levels) if level]


def labelled(key: str, classification: Optional[str], paragraphs: Sequence[tuple[Optional[str], str]]) -> Labelled:
    """A cable's training data from its (marking, text) paragraphs (empty ones left out). A
    paragraph's label is its marking's level; in a cable classified UNCLASSIFIED its unmarked
    paragraphs are UNCLASSIFIED too (an unclassified cable cannot hold classified text); unmarked
    paragraphs of classified cables are not labels."""
    texts, levels = [], []
    for marking, text in paragraphs:
        if not text.strip():
            continue
        level = marking_level(marking)
        if level is None and marking is None and classification == UNCLASSIFIED:
            level = UNCLASSIFIED
        texts.append(text)
        levels.append(level)
    return Labelled(key, classification if classification in LEVELS else None, texts, levels)


def examples(cable) -> Labelled:
    """`labelled` for a `Cable` record."""
    key = cable.reference_id or (cable.source.sha256 if cable.source else "")
    return labelled(key, cable.classification, [(p.marking, p.text) for p in cable.paragraphs])


@dataclass
class Score:
    """A score: calibrated P(classified) and the most likely level."""

    p_classified: float
    level: str


@dataclass
class Scores:
    """A cable's scores: one per paragraph text given, and the cable's (None when it has no text)."""

    paragraphs: list[Score]
    cable: Optional[Score]


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


@dataclass
class Head:
    """A multinomial logistic regression over the model's tf-idf features."""

    classes: list[str]
    coef: np.ndarray  # (classes, terms)
    intercept: np.ndarray  # (classes,)

    def probabilities(self, x) -> np.ndarray:
        """P(class) for each row of the tf-idf matrix `x`."""
        logits = np.asarray(x @ self.coef.T) + self.intercept
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return exp / exp.sum(axis=1, keepdims=True)

    def classified(self, probs: np.ndarray) -> np.ndarray:
        """logit P(classified) = logit(1 - P(UNCLASSIFIED)) of each row of `probabilities`."""
        return _logit(1.0 - probs[:, self.classes.index(UNCLASSIFIED)])

    def level(self, row: np.ndarray, p_classified: float) -> str:
        """UNCLASSIFIED when `p_classified` < 0.5, else the likelier of the classified levels."""
        others = [i for i, c in enumerate(self.classes) if c != UNCLASSIFIED]
        return UNCLASSIFIED if p_classified < 0.5 or not others else self.classes[max(others, key=lambda i: row[i])]

    def to_dict(self) -> dict:
        return {"classes": self.classes, "coef": [_rounded(row) for row in self.coef], "intercept": _rounded(self.intercept)}

    @classmethod
    def from_dict(cls, data: dict, terms: int) -> "Head":
        head = cls(list(data["classes"]), np.asarray(data["coef"], dtype=np.float64),
                   np.asarray(data["intercept"], dtype=np.float64))
        if head.coef.shape != (len(head.classes), terms) or UNCLASSIFIED not in head.classes:
            raise ValueError("coefficient shapes do not match the terms, or no UNCLASSIFIED class")
        return head


@dataclass
class Combiner:
    """A logistic regression over a few logits (named `inputs`): the calibrated P(classified)."""

    inputs: tuple[str, ...]
    coef: np.ndarray
    intercept: float

    def p(self, columns: np.ndarray) -> np.ndarray:
        """P(classified) for each row of `columns` (one column per input)."""
        return 1.0 / (1.0 + np.exp(-(columns @ self.coef + self.intercept)))

    def to_dict(self) -> dict:
        return {"inputs": list(self.inputs), "coef": _rounded(self.coef), "intercept": round(self.intercept, 6)}

    @classmethod
    def from_dict(cls, data: dict, inputs: tuple[str, ...]) -> "Combiner":
        combiner = cls(tuple(data["inputs"]), np.asarray(data["coef"], dtype=np.float64), float(data["intercept"]))
        if combiner.inputs != inputs or combiner.coef.shape != (len(inputs),):
            raise ValueError(f"a combiner must read {inputs}")
        return combiner


def _rounded(xs) -> list[float]:
    return [float(f"{x:.5g}") for x in xs]


def cable_columns(cable_logit: float, paragraph_logits: np.ndarray) -> list[float]:
    """The cable combiner's inputs (`CABLE_INPUTS`)."""
    if not len(paragraph_logits):
        return [cable_logit, cable_logit, cable_logit, cable_logit]
    return [cable_logit, float(paragraph_logits.mean()), float(np.sort(paragraph_logits)[-3:].mean()),
            float(paragraph_logits.max())]


@dataclass
class Model:
    """A trained model, as plain data (see `to_json`): the terms and their idf, the paragraph and
    cable heads, and the combiners that make their calibrated scores."""

    terms: list[str]
    idf: np.ndarray
    paragraph: Head
    cable: Head
    paragraph_score: Combiner
    cable_score: Combiner
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

    def score(self, texts: Sequence[str]) -> Scores:
        """The scores of one cable's paragraph texts, each read with its cable's words, and of the
        cable (from all its words and its paragraphs' scores)."""
        whole = "\n\n".join(t for t in texts if t.strip())
        if not whole:
            return Scores([Score(0.0, UNCLASSIFIED) for _ in texts], None)
        probs = self.paragraph.probabilities(self.vectors(texts))
        own = self.paragraph.classified(probs)
        cable_probs = self.cable.probabilities(self.vectors([whole]))
        cable_logit = float(self.cable.classified(cable_probs)[0])
        p = self.paragraph_score.p(np.column_stack([own, np.full(len(texts), cable_logit)]))
        present = np.array([bool(t.strip()) for t in texts])
        cable_p = float(self.cable_score.p(np.array([cable_columns(cable_logit, own[present])]))[0])
        return Scores([Score(round(float(q), 4), self.paragraph.level(row, q)) for q, row in zip(p, probs)],
                      Score(round(cable_p, 4), self.cable.level(cable_probs[0], cable_p)))

    def to_json(self) -> str:
        """The model as JSON text (coefficients rounded to 5 significant digits)."""
        return json.dumps({"format": FORMAT, "version": FORMAT_VERSION, "terms": self.terms,
                           "idf": _rounded(self.idf), "paragraph": self.paragraph.to_dict(),
                           "cable": self.cable.to_dict(), "paragraph_score": self.paragraph_score.to_dict(),
                           "cable_score": self.cable_score.to_dict(), "info": self.info},
                          ensure_ascii=False, separators=(",", ":"))

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
                       Head.from_dict(data["cable"], len(terms)),
                       Combiner.from_dict(data["paragraph_score"], PARAGRAPH_INPUTS),
                       Combiner.from_dict(data["cable_score"], CABLE_INPUTS), dict(data.get("info") or {}))
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


def held_out(key: str, share: float, purpose: str = "sample") -> bool:
    """A stable pseudo-random choice of a `share` of cables, by the hash of their key (a different
    choice for each `purpose`)."""
    return _hash(key, purpose) < share


def _hash(key: str, purpose: str) -> float:
    digest = hashlib.blake2b(key.encode(), digest_size=4, person=purpose.encode()[:16]).digest()
    return int.from_bytes(digest, "big") / 2**32


def train(cables: Iterable[Labelled], max_terms: int = 50_000, min_df: int = 2, c: float = 4.0,
          folds: int = FOLDS, info: Optional[dict] = None) -> Model:
    """Train on labelled cables (see `labelled`): the heads on all of them, the combiners on
    out-of-fold scores (cables dealt into `folds` folds by hash of their key, each scored by heads
    trained on the others, until `COMBINER_CABLES` cables are scored). ValueError when there is
    too little to learn from."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    cables = [cable for cable in cables if cable.texts]
    para_levels = Counter(level for cable in cables for level in cable.levels if level)
    cable_levels = Counter(cable.level for cable in cables if cable.level)
    for name, levels in (("paragraphs", para_levels), ("cables", cable_levels)):
        if len(levels) < 2 or UNCLASSIFIED not in levels or sum(levels.values()) < 10:
            raise ValueError(f"too few labelled {name} to train on ({dict(levels) or 'none'}): need both "
                             "unclassified and classified text")
    texts = [text for cable in cables for text in cable.texts]
    levels = np.array([level or "" for cable in cables for level in cable.levels])
    owner = np.repeat(np.arange(len(cables)), [len(cable.texts) for cable in cables])
    vectorizer = TfidfVectorizer(analyzer=features, min_df=min_df, max_features=max_terms, sublinear_tf=True,
                                 dtype=np.float64)
    vectorizer.fit([text for text, level in zip(texts, levels) if level])
    x = vectorizer.transform(texts)  # every paragraph, labelled or not
    wholes = vectorizer.transform(["\n\n".join(cable.texts) for cable in cables])
    cable_level = np.array([cable.level or "" for cable in cables])
    fold = np.array([int(_hash(cable.key, "fold") * folds) for cable in cables])

    def fit(keep: np.ndarray) -> tuple[Head, Head]:
        rows = keep[owner] & (levels != "")
        whole = keep & (cable_level != "")
        return _head(x[rows], levels[rows].tolist(), c), _head(wholes[whole], cable_level[whole].tolist(), c)

    para_in, para_y, cable_in, cable_y = [], [], [], []
    for k in range(folds):  # out-of-fold logits, to fit the combiners on (a few thousand cables fix them)
        if len(cable_y) >= COMBINER_CABLES:
            break
        try:
            paragraph, cable = fit(fold != k)
        except ValueError:  # the other folds hold a single class (a tiny archive): no logits from this one
            continue
        rows = np.flatnonzero(fold[owner] == k)
        own = paragraph.classified(paragraph.probabilities(x[rows]))
        whole = dict(zip(np.flatnonzero(fold == k), cable.classified(cable.probabilities(wholes[fold == k]))))
        labelled_rows = levels[rows] != ""
        para_in += np.column_stack([own, [whole[i] for i in owner[rows]]])[labelled_rows].tolist()
        para_y += (levels[rows][labelled_rows] != UNCLASSIFIED).tolist()
        owners = owner[rows]  # ascending: a cable's paragraphs are one run
        for i in np.flatnonzero((fold == k) & (cable_level != "")):
            start, end = np.searchsorted(owners, [i, i + 1])
            cable_in.append(cable_columns(whole[i], own[start:end]))
            cable_y.append(cable_level[i] != UNCLASSIFIED)
    paragraph, cable = fit(np.ones(len(cables), dtype=bool))
    return Model(vectorizer.get_feature_names_out().tolist(), vectorizer.idf_, paragraph, cable,
                 _combiner(PARAGRAPH_INPUTS, para_in, para_y), _combiner(CABLE_INPUTS, cable_in, cable_y),
                 dict(info or {}, paragraphs=int(sum(para_levels.values())), cables=len(cables),
                      levels=dict(para_levels), cable_levels=dict(cable_levels), folds=folds))


def _head(x, y: list[str], c: float) -> Head:
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(C=c, solver="lbfgs", max_iter=500).fit(x, y)
    classes = [str(k) for k in classifier.classes_]
    if len(classes) == 2:  # a binary fit has one row of coefficients: as a softmax, two halves
        return Head(classes, np.vstack([-classifier.coef_[0] / 2, classifier.coef_[0] / 2]),
                    np.array([-classifier.intercept_[0] / 2, classifier.intercept_[0] / 2]))
    return Head(classes, classifier.coef_, classifier.intercept_)


def _combiner(inputs: tuple[str, ...], columns: list[list[float]], y: list[bool]) -> Combiner:
    """A combiner fitted on out-of-fold logits; with a single class among them, the first input alone."""
    from sklearn.linear_model import LogisticRegression

    if len(set(y)) < 2:
        return Combiner(inputs, np.eye(len(inputs))[0], 0.0)
    fitted = LogisticRegression(C=1.0).fit(np.array(columns), y)
    return Combiner(inputs, fitted.coef_[0], float(fitted.intercept_[0]))
