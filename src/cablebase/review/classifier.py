"""Paragraph sensitivity: how likely a paragraph's words are classified text, and at which level.

The model reads words only. Before a text is featurised its portion markings (`(C)`, `(S/NF)`,
anywhere in the text), banner and caption lines, the lines that give a classification authority (`Classified By: ... 1.4 (b)
and (d)`, `E.O. 12958: DECL: ...`, `Declassify on: ...`) and the words of the marking vocabulary
(SECRET, NOFORN, SIPDIS, ...) are removed, so two paragraphs that differ only in how they are marked
get the same score. A redaction run (`xxxxx`, a released cable's protected name) is one word,
`xredactedx`: it is in the text as a reader sees it.

Features are word unigrams and bigrams, weighted tf-idf (sublinear tf, l2 norm). Two multinomial
logistic regressions share them, each class weighted inversely to its count: the paragraph head
(trained on labelled paragraphs) and the cable head (trained on whole cables labelled with their
classification). Their P(classified) = 1 - P(UNCLASSIFIED) are then combined by two small logistic
regressions fitted on out-of-fold predictions (cables dealt into folds by hash): a paragraph's score
from its own words, its cable's and its neighbours' (the paragraphs before and after it, and the one
two before); a cable's
score from its whole text and the mean, top three and highest of its paragraphs'.
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
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from importlib import resources
from typing import Callable, Iterable, Optional, Sequence

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
# The combiners' inputs (logits). A combiner reads those it was fitted on: models trained before a
# paragraph's neighbours were inputs read the first two, those trained before the paragraph two before
# was one the first four.
PARAGRAPH_INPUTS = ("paragraph", "cable text", "paragraph before", "paragraph after", "paragraph two before")
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

    def p(self, columns: dict[str, np.ndarray]) -> np.ndarray:
        """P(classified) for each row, from the `columns` of its inputs (by name; others are ignored)."""
        return 1.0 / (1.0 + np.exp(-(np.column_stack([columns[k] for k in self.inputs]) @ self.coef + self.intercept)))

    def to_dict(self) -> dict:
        return {"inputs": list(self.inputs), "coef": _rounded(self.coef), "intercept": round(self.intercept, 6)}

    @classmethod
    def from_dict(cls, data: dict, inputs: tuple[str, ...]) -> "Combiner":
        """A combiner read from `to_dict`'s data; it may read the first two or more of `inputs`."""
        combiner = cls(tuple(data["inputs"]), np.asarray(data["coef"], dtype=np.float64), float(data["intercept"]))
        if combiner.inputs != inputs[:max(2, len(combiner.inputs))] or combiner.coef.shape != (len(combiner.inputs),):
            raise ValueError(f"a combiner must read {inputs[:2]} or more of {inputs}")
        return combiner


def tfidf(counts, idf: np.ndarray):
    """Term counts (scipy CSR) weighted as scikit-learn's TfidfVectorizer(sublinear_tf=True) does:
    (1 + log count) * idf, each row scaled to unit length."""
    x = counts.astype(np.float64)
    x.data = (1.0 + np.log(x.data)) * idf[x.indices]
    norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=1)).ravel())
    norms[norms == 0] = 1.0
    x.data /= np.repeat(norms, np.diff(x.indptr))
    return x


def _sum_rows(counts, owner: np.ndarray, groups: int):
    """The counts of each group of rows (`owner[i]` is row i's group) added up: one row a group."""
    from scipy.sparse import csr_matrix

    rows = len(owner)
    return (csr_matrix((np.ones(rows), owner, np.arange(rows + 1)), shape=(rows, groups)).T @ counts).tocsr()


def _rounded(xs) -> list[float]:
    return [float(f"{x:.5g}") for x in xs]


def paragraph_columns(own: np.ndarray, cable: np.ndarray, owner: np.ndarray) -> dict[str, np.ndarray]:
    """The paragraph combiner's inputs (`PARAGRAPH_INPUTS`) for paragraphs in cable order (`owner`
    ascending): each one's logit, its cable's, and those of the paragraphs before and after it and
    two before it in the same cable (its cable's where the cable has none)."""
    first = np.r_[True, owner[1:] != owner[:-1]]
    last = np.r_[owner[1:] != owner[:-1], True]
    before = np.where(first, cable, np.roll(own, 1))
    return dict(zip(PARAGRAPH_INPUTS, (own, cable, before, np.where(last, cable, np.roll(own, -1)),
                                       np.where(first, cable, np.roll(before, 1)))))


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

    def counts(self, texts: Sequence[str]):
        """How often each term occurs in each of `texts` (scipy CSR, one row a text)."""
        from scipy.sparse import csr_matrix

        get = self._index.get
        indptr, indices = [0], []
        for text in texts:
            indices += [i for i in map(get, features(text)) if i is not None]
            indptr.append(len(indices))
        counts = csr_matrix((np.ones(len(indices)), np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
                            shape=(len(texts), len(self.terms)))
        counts.sum_duplicates()
        return counts

    def vectors(self, texts: Sequence[str]):
        """The tf-idf matrix of `texts` (scipy CSR), as scikit-learn's TfidfVectorizer makes it."""
        return tfidf(self.counts(texts), self.idf)

    def score(self, texts: Sequence[str]) -> Scores:
        """The scores of one cable's paragraph texts (see `score_cables`)."""
        return self.score_cables([texts])[0]

    def score_cables(self, cables: Sequence[Sequence[str]]) -> list[Scores]:
        """The scores of each cable's paragraph texts, each paragraph read with its cable's words, and
        of each cable (from all its words and its paragraphs' scores). A cable's words are those of
        its paragraphs together; every text is read once, and the batch is scored at once."""
        texts = [text for cable in cables for text in cable]
        owner = np.repeat(np.arange(len(cables)), [len(cable) for cable in cables])
        counts = self.counts(texts)
        probs = self.paragraph.probabilities(tfidf(counts, self.idf))
        own = self.paragraph.classified(probs)
        cable_probs = self.cable.probabilities(tfidf(_sum_rows(counts, owner, len(cables)), self.idf))
        cable_logits = self.cable.classified(cable_probs)
        present = np.array([bool(text.strip()) for text in texts], dtype=bool)
        p = np.zeros(len(texts))  # empty paragraphs are nobody's neighbours (training never saw them)
        p[present] = self.paragraph_score.p(paragraph_columns(own[present], cable_logits[owner[present]],
                                                              owner[present]))
        out, start = [], 0
        for k, cable in enumerate(cables):
            end = start + len(cable)
            if not present[start:end].any():
                out.append(Scores([Score(0.0, UNCLASSIFIED) for _ in cable], None))
            else:
                columns = cable_columns(cable_logits[k], own[start:end][present[start:end]])
                cable_p = float(self.cable_score.p(dict(zip(CABLE_INPUTS, np.array([columns]).T)))[0])
                out.append(Scores([Score(round(float(q), 4), self.paragraph.level(row, q))
                                   for q, row in zip(p[start:end], probs[start:end])],
                                  Score(round(cable_p, 4), self.cable.level(cable_probs[k], cable_p))))
            start = end
        return out

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
    """Train on labelled cables (see `labelled`). The combiners are fitted on out-of-fold scores: on
    a small archive the cables are dealt into `folds` folds by hash of their key, each scored by
    heads trained on the others, and the heads are then trained on all the cables; on a large one
    (`folds` x `COMBINER_CABLES` cables or more) about `COMBINER_CABLES` cables are held out by
    hash, and the heads trained on the others are the model's (each head is fitted once).
    ValueError when there is too little to learn from."""
    return fit(cables, max_terms, min_df, c, folds, info)[0]


@dataclass
class OutOfFold:
    """The heads' logits on the cables they did not train on (what `train` fits the combiners on):
    for each held-out paragraph, its cable's index (a cable's paragraphs are one run), its logit,
    its cable's logit and its label ("" when it is none); for each held-out cable with a label, its
    index, logit and label."""

    owner: np.ndarray
    paragraph: np.ndarray
    cable_text: np.ndarray
    label: np.ndarray
    cables: np.ndarray
    cable: np.ndarray
    cable_label: np.ndarray


def fit(cables: Iterable[Labelled], max_terms: int = 50_000, min_df: int = 2, c: float = 4.0,
        folds: int = FOLDS, info: Optional[dict] = None,
        heads: Optional[Callable[..., tuple[Head, Head]]] = None) -> tuple[Model, OutOfFold]:
    """`train`'s model and the out-of-fold logits its combiners were fitted on (`bench/review.py`
    fits other combiners on them). `heads(x, levels, wholes, cable_levels, c)` fits the paragraph
    and cable heads (default: `_heads`)."""
    heads = heads or _heads
    cables = [cable for cable in cables if cable.texts]
    para_levels = Counter(level for cable in cables for level in cable.levels if level)
    cable_levels = Counter(cable.level for cable in cables if cable.level)
    for name, levels in (("paragraphs", para_levels), ("cables", cable_levels)):
        if len(levels) < 2 or UNCLASSIFIED not in levels or sum(levels.values()) < 10:
            raise ValueError(f"too few labelled {name} to train on ({dict(levels) or 'none'}): need both "
                             "unclassified and classified text")
    levels = np.array([level or "" for cable in cables for level in cable.levels])
    owner = np.repeat(np.arange(len(cables)), [len(cable.texts) for cable in cables])
    terms, idf, counts = _vocabulary([text for cable in cables for text in cable.texts], levels != "",
                                     max_terms, min_df)
    x = tfidf(counts, idf)  # every paragraph, labelled or not
    wholes = tfidf(_sum_rows(counts, owner, len(cables)), idf)
    cable_level = np.array([cable.level or "" for cable in cables])
    hashes = np.array([_hash(cable.key, "fold") for cable in cables])
    large = len(cables) >= folds * COMBINER_CABLES
    held = [hashes < COMBINER_CABLES / len(cables)] if large else [(hashes * folds).astype(int) == k
                                                                   for k in range(folds)]

    def fit_on(keep: np.ndarray) -> tuple[Head, Head]:
        rows = keep[owner] & (levels != "")
        whole = keep & (cable_level != "")
        return heads(x[rows], levels[rows].tolist(), wholes[whole], cable_level[whole].tolist(), c)

    parts: list[tuple[np.ndarray, ...]] = []
    for out in held:  # out-of-fold logits, to fit the combiners on (a few thousand cables fix them)
        try:
            paragraph, cable = fit_on(~out)
        except ValueError:  # the other folds hold a single class (a tiny archive): no logits from this one
            continue
        rows = np.flatnonzero(out[owner])
        whole = np.zeros(len(cables))
        whole[out] = cable.classified(cable.probabilities(wholes[out]))
        labelled_cables = np.flatnonzero(out & (cable_level != ""))
        parts.append((owner[rows], paragraph.classified(paragraph.probabilities(x[rows])), whole[owner[rows]],
                      levels[rows], labelled_cables, whole[labelled_cables], cable_level[labelled_cables]))
    oof = OutOfFold(*map(np.concatenate, zip(*parts))) if parts else OutOfFold(*[np.zeros(0)] * 7)
    if not large:
        paragraph, cable = fit_on(np.ones(len(cables), dtype=bool))
    labelled_rows = oof.label != ""
    para_in = np.zeros((0, len(PARAGRAPH_INPUTS)))
    if parts:
        columns = paragraph_columns(oof.paragraph, oof.cable_text, oof.owner)
        para_in = np.column_stack([columns[k] for k in PARAGRAPH_INPUTS])[labelled_rows]
    cable_in = [cable_columns(logit, oof.paragraph[oof.owner == i]) for i, logit in zip(oof.cables, oof.cable)]
    model = Model(terms, idf, paragraph, cable,
                  _combiner(PARAGRAPH_INPUTS, para_in.tolist(), (oof.label[labelled_rows] != UNCLASSIFIED).tolist()),
                  _combiner(CABLE_INPUTS, cable_in, (oof.cable_label != UNCLASSIFIED).tolist()),
                  dict(info or {}, paragraphs=int(sum(para_levels.values())), cables=len(cables),
                       levels=dict(para_levels), cable_levels=dict(cable_levels), folds=1 if large else folds))
    return model, oof


def _heads(x, levels: list[str], wholes, cable_levels: list[str], c: float) -> tuple[Head, Head]:
    """The paragraph head (on labelled paragraphs) and the cable head (on labelled cables), fitted
    side by side (scipy's sparse products let go of the GIL)."""
    with ThreadPoolExecutor(2) as pool:
        cable = pool.submit(_head, wholes, cable_levels, c)
        return _head(x, levels, c), cable.result()


def _vocabulary(texts: list[str], marked: np.ndarray, max_terms: int, min_df: int) -> tuple[list[str], np.ndarray, object]:
    """The model's terms, their idf and the term counts of `texts`, as TfidfVectorizer(min_df,
    max_features, smooth idf) fitted on the `marked` texts would have them: the `max_terms` most
    frequent features of marked texts found in at least `min_df` of them. Every text is read once."""
    from sklearn.feature_extraction.text import CountVectorizer

    vectorizer = CountVectorizer(analyzer=features, dtype=np.float64)
    counts = vectorizer.fit_transform(texts)  # its columns are the features in alphabetical order
    labelled = counts[np.flatnonzero(marked)]
    df = np.bincount(labelled.indices, minlength=counts.shape[1])
    frequent = np.flatnonzero(df >= min_df)
    frequency = np.asarray(labelled.sum(axis=0)).ravel()[frequent]
    keep = np.sort(frequent[np.argsort(-frequency, kind="stable")[:max_terms]])
    idf = np.log((1 + labelled.shape[0]) / (1 + df[keep])) + 1
    return vectorizer.get_feature_names_out()[keep].tolist(), idf, counts[:, keep].tocsr()


def _head(x, y: list[str], c: float) -> Head:
    from sklearn.linear_model import LogisticRegression

    classifier = LogisticRegression(C=c, solver="lbfgs", max_iter=500, class_weight="balanced").fit(x, y)
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
