"""How well `cablebase review` reads sensitivity, on cables it did not train on; and how long training takes.

    python bench/review.py                      # cross-validate on the dev corpus (folds by date and by post)
    python bench/review.py --variants shipped,smoothed --cache DIR   # model variants, paired against the shipped one
    python bench/review.py --time 20000         # train + score on an archive of generated cables
    python bench/review.py --time-db COPY.db    # train + score on an existing archive (it is written to)

Evaluation: the dev corpus (944 cables + the seed) is cross-validated twice, never at random:
  * by date: the cables, in creation order, are cut into 5 consecutive blocks; each block is scored
    by a model trained on the other four (blocked cross-validation: no test cable was written in the
    period the model trained on, though the model may have seen later periods);
  * by post: posts are dealt into 5 groups by hash; each group is scored by a model trained on the
    other four, so no test cable's post was seen in training.
Every cable is scored once per scheme. Figures (pooled over the 5 folds, with 95 % intervals from
2,000 bootstrap resamples of the test cables, a cable's paragraphs resampled with it): paragraph ROC
AUC (classified vs unclassified marking), cable-level ROC AUC and recall of classified cables at a
false-positive rate of at most 11 % (the published yardstick is 90 %); calibration as the Brier
score and a reliability table. Per fold: how many test cables, and how many of them unclassified.
Paragraph labels are their markings (unmarked paragraphs of UNCLASSIFIED cables count as
unclassified); cable labels are their classification. For comparison, in the same run: the cable
head alone (whole text, no paragraph scores) and each paragraph's own words alone (no cable context);
the recall and false-positive rate of a threshold fixed in advance (on each fold's training cables);
where the false positives are (plain UNCLASSIFIED or SBU/FOUO cables, recall allowing k of them).

Variants (`VARIANTS`): each fold is trained once per kind of heads by `classifier.fit`, the shipped
pipeline, which also returns the out-of-fold logits its combiners were fitted on; a variant's
combiners are refitted on those, so combiner variants cost nothing more (`--cache` keeps the logits
between runs). The shipped variant is checked against the pipeline's own scores. Each variant but
`--reference` gets a paired bootstrap (the same resamples) of its differences.

Timing: times `review --train` and `review --score` on an archive (generated cables: real sentences
recombined at random, so the scores themselves mean nothing there; only the time does), with the
process's CPU time and peak memory.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterator, Optional

import numpy as np

from common import CORPUS, ROOT, report

from cablebase.parse import ParseError, parse_file
from cablebase.review.classifier import (PARAGRAPH_INPUTS, UNCLASSIFIED, Head, Labelled, _heads, _sum_rows,
                                         cable_columns, examples, fit, paragraph_columns, tfidf)

FPR = 0.11
FOLDS = 5
BOOTSTRAP = 2000
CLASSIFIED = "CLASSIFIED"  # the one class of a classified-or-not head besides UNCLASSIFIED


def load() -> list:
    cables = [c for path in (CORPUS / "cables-dev.csv", CORPUS / "seed" / "05ALMATY2058.txt")
              for c in parse_file(path) if not isinstance(c, ParseError)]
    return [c for c in cables if c.classification and c.paragraphs]


def auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


def recall_at(y: np.ndarray, p: np.ndarray, fpr: float = FPR) -> float:
    """The best recall of positives with a false-positive rate of at most `fpr` (threshold set on
    these scores: the operating point of the ROC curve)."""
    from sklearn.metrics import roc_curve

    fprs, tprs, _ = roc_curve(y, p)
    return float(tprs[fprs <= fpr + 1e-12].max())


def _threshold(y: np.ndarray, p: np.ndarray, fpr: float = FPR) -> float:
    """The lowest threshold whose false-positive rate on these scores is at most `fpr`."""
    from sklearn.metrics import roc_curve

    fprs, _, thresholds = roc_curve(y, p)
    return float(thresholds[fprs <= fpr + 1e-12].min())


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict]:
    rows = []
    for lo in np.linspace(0, 1, bins, endpoint=False):
        hi = lo + 1 / bins
        inside = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if inside.any():
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(inside.sum()), "mean_p": round(float(p[inside].mean()), 3),
                         "observed": round(float(y[inside].mean()), 3)})
    return rows


def _binary(levels: list[str]) -> list[str]:
    return [level if level == UNCLASSIFIED else CLASSIFIED for level in levels]


def _binary_paragraph_heads(x, levels: list[str], wholes, cable_levels: list[str], c: float) -> tuple[Head, Head]:
    """A classified-or-not paragraph head beside the multinomial cable head."""
    return _heads(x, _binary(levels), wholes, cable_levels, c)


def _binary_heads(x, levels: list[str], wholes, cable_levels: list[str], c: float) -> tuple[Head, Head]:
    """Both heads classified-or-not."""
    return _heads(x, _binary(levels), wholes, _binary(cable_levels), c)


HEADS = {"multinomial": None, "binary paragraph": _binary_paragraph_heads, "binary": _binary_heads}


def fold_logits(train_cables: list[Labelled], test_cables: list[Labelled], heads: str) -> dict:
    """Train on one set with `fit` (the shipped pipeline, `heads` one of `HEADS`), and return the
    raw logits the combiners read: the training cables' out-of-fold ones (`fit`'s), the test cables'
    from the heads trained on all the training cables, and the test cables' shipped scores (the
    model's own combiners), for checking the combiners refitted here against them."""
    model, oof = fit(train_cables, heads=HEADS[heads])
    test = [data for data in test_cables if data.texts]
    texts = [text for data in test for text in data.texts]
    owner = np.repeat(np.arange(len(test)), [len(data.texts) for data in test])
    counts = model.counts(texts)
    own = model.paragraph.classified(model.paragraph.probabilities(tfidf(counts, model.idf)))
    whole = model.cable.classified(model.cable.probabilities(tfidf(_sum_rows(counts, owner, len(test)), model.idf)))
    scores = model.score_cables([data.texts for data in test])
    return {"oof": vars(oof),
            "test": {"owner": owner, "paragraph": own, "cable_text": whole[owner],
                     "label": np.array([level or "" for data in test for level in data.levels]),
                     "cables": np.arange(len(test)), "cable": whole,
                     "cable_label": np.array([data.level or "" for data in test]),
                     "keys": [data.key for data in test]},
            "shipped": {"paragraph": np.array([s.p_classified for score in scores for s in score.paragraphs]),
                        "cable": np.array([score.cable.p_classified for score in scores])}}


def cached(cache: Optional[Path], name: str, train_cables: list[Labelled], test_cables: list[Labelled],
           heads: str) -> dict:
    """`fold_logits`, kept in (and read from) `cache`/`name`.npz when a cache is given."""
    path = cache / f"{name.replace(' ', '_')}.npz" if cache else None
    if path and path.exists():
        with np.load(path) as saved:
            out: dict = {}
            for key in saved.files:
                part, field_ = key.split("/")
                out.setdefault(part, {})[field_] = saved[key]
            out["test"]["keys"] = out["test"]["keys"].tolist()
            return out
    out = fold_logits(train_cables, test_cables, heads)
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez(path, **{f"{part}/{k}": np.asarray(v) for part, values in out.items() for k, v in values.items()})
    return out


def _shipped_paragraphs(own: np.ndarray, cable: np.ndarray, owner: np.ndarray) -> np.ndarray:
    columns = paragraph_columns(own, cable, owner)
    return np.column_stack([columns[k] for k in PARAGRAPH_INPUTS])


def _two_after(own: np.ndarray, cable: np.ndarray, owner: np.ndarray) -> np.ndarray:
    """The shipped inputs and the paragraph two after (its cable's where there is none)."""
    last = np.r_[owner[1:] != owner[:-1], True]
    after = np.where(last, cable, np.roll(own, -1))
    return np.column_stack([_shipped_paragraphs(own, cable, owner), np.where(last, cable, np.roll(after, -1))])


def _shipped_cable(cable: float, own: np.ndarray) -> list[float]:
    return cable_columns(cable, own)


def _smoothed(cable: float, own: np.ndarray) -> list[float]:
    """The shipped statistics of the paragraph logits each averaged with its two neighbours' (the
    cable's at either end)."""
    padded = np.r_[cable, own, cable]
    return cable_columns(cable, (padded[:-2] + padded[1:-1] + padded[2:]) / 3)


@dataclass
class Variant:
    """A model variant: its heads (`HEADS`), the paragraph and cable combiners' inputs, and whether
    the cable combiner weighs its classes `balanced`."""

    heads: str
    paragraph: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray]
    cable: Callable[[float, np.ndarray], list[float]]
    balanced: bool = False
    about: str = ""


VARIANTS = {
    "shipped": Variant("multinomial", _shipped_paragraphs, _shipped_cable, about="the shipped model"),
    "two-after": Variant("multinomial", _two_after, _shipped_cable, about="paragraph combiner also reads two after"),
    "smoothed": Variant("multinomial", _shipped_paragraphs, _smoothed,
                        about="cable combiner reads the statistics of the smoothed paragraph logits"),
    "cable-balanced": Variant("multinomial", _shipped_paragraphs, _shipped_cable, True,
                              about="cable combiner fitted with classes weighted balanced"),
    "binary-paragraph": Variant("binary paragraph", _two_after, _shipped_cable,
                                about="classified-or-not paragraph head, two before and after"),
    "binary-paragraph-smoothed": Variant("binary paragraph", _two_after, _smoothed,
                                         about="the same, cable combiner on smoothed statistics"),
    "binary": Variant("binary", _two_after, _shipped_cable, about="both heads classified-or-not, two before and after"),
}


def _fitted(columns: np.ndarray, y: np.ndarray, balanced: bool):
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, class_weight="balanced" if balanced else None).fit(columns, y)


def score_variant(variant: Variant, fold: dict) -> list[dict]:
    """Fit the variant's combiners on a fold's out-of-fold logits and score its test cables: per test
    cable its key, label, score, and its labelled paragraphs' labels and scores (also the heads'
    own, uncombined: the cable head's logit, each paragraph's own logit)."""
    def inputs(part: dict) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        labelled_rows = part["label"] != ""
        paragraphs = variant.paragraph(part["paragraph"], part["cable_text"], part["owner"])[labelled_rows]
        cables = np.array([variant.cable(logit, part["paragraph"][part["owner"] == i])
                           for i, logit in zip(part["cables"], part["cable"])])
        return paragraphs, cables, labelled_rows

    oof, test = fold["oof"], fold["test"]
    para_in, cable_in, labelled_rows = inputs(oof)
    para_model = _fitted(para_in, oof["label"][labelled_rows] != UNCLASSIFIED, False)
    cable_model = _fitted(cable_in, oof["cable_label"] != UNCLASSIFIED, variant.balanced)
    # the threshold a deployment would fix in advance: FPR <= 11 % on the training cables' scores
    threshold = _threshold(oof["cable_label"] != UNCLASSIFIED, cable_model.predict_proba(cable_in)[:, 1])
    para_in, cable_in, labelled_rows = inputs(test)
    para_p = para_model.predict_proba(para_in)[:, 1]
    cable_p = cable_model.predict_proba(cable_in)[:, 1]
    owner = test["owner"][labelled_rows]
    para_y = test["label"][labelled_rows] != UNCLASSIFIED
    own = test["paragraph"][labelled_rows]
    return [{"key": key, "y": bool(test["cable_label"][i] != UNCLASSIFIED), "p": float(cable_p[i]),
             "text_only": float(test["cable"][i]), "flagged": bool(cable_p[i] >= threshold), "para_y": para_y[owner == i].tolist(),
             "para_p": para_p[owner == i].tolist(), "para_own": own[owner == i].tolist()}
            for i, key in enumerate(test["keys"])]


def _check_shipped(fold: dict, scored: list[dict]) -> None:
    """The combiners refitted here give the shipped model's scores (the harness is the pipeline)."""
    labelled_rows = fold["test"]["label"] != ""
    shipped = fold["shipped"]
    para_p = np.array([v for c in scored for v in c["para_p"]])
    assert np.allclose(shipped["paragraph"][labelled_rows], para_p, atol=1e-3), "paragraph scores differ"
    assert np.allclose(shipped["cable"], [c["p"] for c in scored], atol=1e-3), "cable scores differ"


def _pooled(cables: list[dict]) -> dict:
    return _Pooled(cables).figures()


class _Pooled:
    """Test cables' labels and scores as arrays (each cable's labelled paragraphs one run), so a
    bootstrap resample's figures are a few array operations."""

    def __init__(self, cables: list[dict]) -> None:
        self.y = np.array([c["y"] for c in cables])
        self.p = np.array([c["p"] for c in cables])
        self.para_y = np.array([v for c in cables for v in c["para_y"]], dtype=bool)
        self.para_p = np.array([v for c in cables for v in c["para_p"]])
        self.count = np.array([len(c["para_y"]) for c in cables])
        self.start = np.cumsum(self.count) - self.count

    def figures(self, sample: Optional[np.ndarray] = None) -> dict:
        """The pooled figures of all the cables, or of the resample `sample` (cable indices)."""
        if sample is None:
            sample = np.arange(len(self.y))
        count = self.count[sample]
        rows = np.repeat(self.start[sample] - np.cumsum(count) + count, count) + np.arange(count.sum())
        y, p, py, pp = self.y[sample], self.p[sample], self.para_y[rows], self.para_p[rows]
        return {"paragraph_auc": auc(py, pp), "cable_auc": auc(y, p), "cable_recall": recall_at(y, p),
                "paragraph_brier": float(np.mean((pp - py) ** 2)), "cable_brier": float(np.mean((p - y) ** 2))}


def resamples(cables: list[dict], rng: np.random.Generator, draws: int) -> Iterator[np.ndarray]:
    """Bootstrap resamples of the test cables (indices; a cable's paragraphs go with it), classified
    and unclassified resampled separately so each keeps its count."""
    positive = np.flatnonzero([c["y"] for c in cables])
    negative = np.flatnonzero([not c["y"] for c in cables])
    for _ in range(draws):
        yield np.r_[rng.choice(positive, len(positive)), rng.choice(negative, len(negative))]


def interval(cables: list[dict], rng: np.random.Generator, draws: int,
             against: Optional[list[dict]] = None) -> dict:
    """95 % bootstrap intervals of `_pooled`'s figures; with `against` (the same test cables scored by
    another model), of the differences, paired (the same resamples for both)."""
    got: dict[str, list[float]] = {}
    mine, theirs = _Pooled(cables), _Pooled(against) if against is not None else None
    for sample in resamples(cables, rng, draws):
        drawn = mine.figures(sample)
        if theirs is not None:
            other = theirs.figures(sample)
            drawn = {k: v - other[k] for k, v in drawn.items()}
        for k, v in drawn.items():
            got.setdefault(k, []).append(v)
    return {k: (round(float(np.percentile(v, 2.5)), 4), round(float(np.percentile(v, 97.5)), 4)) for k, v in got.items()}


def figures(name: str, folds: list[list[dict]], rng: np.random.Generator, draws: int) -> tuple[dict, list[dict], dict]:
    """The pooled figures of a split's folds, with their 95 % intervals when `draws`; the figures of
    each fold; the reliability tables."""
    cables = [c for fold in folds for c in fold]
    pooled = _pooled(cables)
    ci = interval(cables, rng, draws) if draws else {}
    y = np.array([c["y"] for c in cables])
    py = np.array([v for c in cables for v in c["para_y"]])
    row = {"split": name, "test_cables": len(cables), "test_cables_unclassified": int((~y).sum()),
           "test_paragraphs": len(py), "test_paragraphs_unclassified": int((~py).sum())}
    for k in ("paragraph_auc", "cable_auc", "cable_recall", "paragraph_brier", "cable_brier"):
        row[k] = round(pooled[k], 4)
        if ci:
            row[f"{k}_95ci"] = "%.3f-%.3f" % ci[k]
    text_only = np.array([c["text_only"] for c in cables])
    own = np.array([v for c in cables for v in c["para_own"]])
    flagged = np.array([c["flagged"] for c in cables])
    row.update({"fixed_threshold_recall": round(float(flagged[y].mean()), 3),
                "fixed_threshold_fpr": round(float(flagged[~y].mean()), 3)})
    row.update({"cable_text_only_auc": round(auc(y, text_only), 3), "cable_text_only_recall": round(recall_at(y, text_only), 3),
                "paragraph_own_words_auc": round(auc(py, own), 3)})
    per_fold = []
    for k, fold in enumerate(folds):
        fy = np.array([c["y"] for c in fold])
        fp = np.array([c["p"] for c in fold])
        fpy = np.array([v for c in fold for v in c["para_y"]])
        fpp = np.array([v for c in fold for v in c["para_p"]])
        per_fold.append({"split": name, "fold": k + 1, "test_cables": len(fold), "unclassified": int((~fy).sum()),
                         "paragraph_auc": round(auc(fpy, fpp), 3) if len(set(fpy)) > 1 else None,
                         "cable_auc": round(auc(fy, fp), 3) if len(set(fy)) > 1 else None,
                         "cable_recall": round(recall_at(fy, fp), 3) if len(set(fy)) > 1 else None})
    p = np.array([c["p"] for c in cables])
    pp = np.array([v for c in cables for v in c["para_p"]])
    return row, per_fold, {"paragraphs": reliability(py, pp), "cables": reliability(y, p)}


def negatives(cables: list[dict], raw: dict[str, str]) -> dict:
    """Where the false positives are: recall at FPR <= 11 % against the plain UNCLASSIFIED cables
    alone and against the SBU (`//FOR OFFICIAL USE ONLY`, `SBU`) ones alone; recall allowing k false
    positives among all unclassified cables; the threshold that gives 90 % recall and how many
    unclassified cables score above it; the highest-scoring unclassified cables."""
    y = np.array([c["y"] for c in cables])
    p = np.array([c["p"] for c in cables])
    sbu = np.array([bool(re.search(r"OFFICIAL USE|SBU|SENSITIVE", raw.get(c["key"], ""))) for c in cables])
    plain = ~y & ~sbu
    neg = np.sort(p[~y])[::-1]
    threshold = float(np.quantile(p[y], 0.10, method="lower"))
    top = sorted((c for c in cables if not c["y"]), key=lambda c: -c["p"])[:12]
    return {"unclassified": int((~y).sum()), "plain": int(plain.sum()), "sbu": int((~y & sbu).sum()),
            "recall_vs_plain": round(recall_at(y[y | plain], p[y | plain]), 3),
            "recall_vs_sbu": round(recall_at(y[y | sbu], p[y | sbu]), 3),
            "recall_allowing": {k: round(float((p[y] > neg[k]).mean()), 3) for k in (7, 8, 9, 10, 16, 24) if k < len(neg)},
            "threshold_90": round(threshold, 3), "unclassified_above_90": int((p[~y] >= threshold).sum()),
            "sbu_above_90": int((p[~y & sbu] >= threshold).sum()),
            "top_unclassified": [(c["key"], round(c["p"], 3), raw.get(c["key"], "")) for c in top]}


def run_evaluation(jobs: int, variants: list[str], reference: str, draws: int, cache: Optional[Path]) -> None:
    cables = load()
    data = [examples(c) for c in cables]
    raw = {d.key: c.classification_raw or "" for d, c in zip(data, cables)}
    dated = sorted(range(len(cables)), key=lambda i: cables[i].created or "")
    by_date = [set(dated[k * len(dated) // FOLDS:(k + 1) * len(dated) // FOLDS]) for k in range(FOLDS)]

    def group(cable) -> int:
        return int(hashlib.md5((cable.origin_code or "").encode()).hexdigest(), 16) % FOLDS

    by_post = [{i for i, c in enumerate(cables) if group(c) == k} for k in range(FOLDS)]
    schemes = {"by date": by_date, "by post": by_post}
    names = list(dict.fromkeys([reference, *variants]))
    started = time.process_time()
    with ProcessPoolExecutor(jobs) as pool:  # each fold trains its own heads: folds run side by side
        logits = {(heads, name, k): pool.submit(cached, cache, f"{heads}-{name}-{k}",
                                                [d for i, d in enumerate(data) if i not in test],
                                                [data[i] for i in sorted(test)], heads)
                  for heads in dict.fromkeys(VARIANTS[v].heads for v in names)
                  for name, folds in schemes.items() for k, test in enumerate(folds)}
        logits = {key: future.result() for key, future in logits.items()}
    cpu = time.process_time() - started + sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    rows, per_fold, tables, paired, analysis = [], [], {}, [], {}
    scored: dict[tuple[str, str], list[list[dict]]] = {}
    for variant in names:
        for name, folds in schemes.items():
            scored[variant, name] = [score_variant(VARIANTS[variant], logits[VARIANTS[variant].heads, name, k])
                                     for k in range(len(folds))]
            if variant == "shipped":
                for k, fold in enumerate(scored[variant, name]):
                    _check_shipped(logits["multinomial", name, k], fold)
            row, folds_rows, tables[variant, name] = figures(name, scored[variant, name], np.random.default_rng(30),
                                                             draws if variant == reference else 0)
            for fold_row, test in zip(folds_rows, folds):
                dates = sorted(cables[i].created[:10] for i in test if cables[i].created)
                fold_row.update(variant=variant, dates=f"{dates[0]}..{dates[-1]}",
                                posts=len({cables[i].origin_code for i in test}))
            rows.append({"variant": variant, **row})
            per_fold += folds_rows
            pooled = [c for fold in scored[variant, name] for c in fold]
            analysis[f"{variant}, {name}"] = negatives(pooled, raw)
            if variant != reference:
                base = [c for fold in scored[reference, name] for c in fold]
                diff = interval(pooled, np.random.default_rng(31), draws, against=base)
                mine, theirs = _pooled(pooled), _pooled(base)
                paired.append({"variant": variant, "against": reference, "split": name,
                               **{k: "%+.4f [%+.4f, %+.4f]" % (mine[k] - theirs[k], *diff[k])
                                  for k in ("paragraph_auc", "cable_auc", "cable_recall")}})
    for (variant, name), table in tables.items():
        print(f"\nreliability, {variant}, {name}: paragraphs / cables")
        for a in table["paragraphs"]:
            print("  para ", a)
        for a in table["cables"]:
            print("  cable", a)
    for key, found in analysis.items():
        print(f"\nfalse positives, {key}: {json.dumps(found)}")
    print()
    report("review", rows + per_fold + paired,
           {"corpus_cables": len(cables), "variants": {v: VARIANTS[v].about for v in names}, "draws": draws,
            "reliability": {f"{v}, {n}": t for (v, n), t in tables.items()}, "false_positives": analysis,
            "cpu_s": round(cpu, 1)})


def run_timing(n: int) -> None:
    """Generate `n` cables, ingest them, time training and scoring."""
    from cablebase.ingest import ingest

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "gen.csv"
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--cables", str(n), "--seed", "3",
                        str(csv)], check=True, stdout=subprocess.DEVNULL)
        db = Path(tmp) / "gen.db"
        started = time.perf_counter()
        ingest([str(csv)], db, workers=2)
        time_archive(db, {"ingest_s": round(time.perf_counter() - started, 1)})


def time_archive(db: Path, extra: dict | None = None) -> None:
    """Time `train_archive` and `score_archive` on the archive `db` (which they write to): wall-clock
    and CPU seconds (this process and its scoring workers), and this process's peak memory."""
    from cablebase.review.archive import score_archive, train_archive
    from cablebase.store import Archive

    def cpu() -> float:
        return time.process_time() + sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])

    with Archive(db) as archive:
        cables = archive.count()
        wall, started = time.perf_counter(), cpu()
        model = train_archive(archive)
        train_s, train_cpu = time.perf_counter() - wall, cpu() - started
        train_peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"trained in {train_s:.1f} s ({train_cpu:.1f} s CPU, peak {train_peak:.0f} MB) on {model.info['cables']} "
              f"of {cables} cables; scoring ...", file=sys.stderr, flush=True)
        wall, started = time.perf_counter(), cpu()
        scored = score_archive(archive, model)
        score_s, score_cpu = time.perf_counter() - wall, cpu() - started
    report("review-time", [{"cables": cables, **(extra or {}), "train_s": round(train_s, 1),
                            "train_cpu_s": round(train_cpu, 1), "train_peak_mb": round(train_peak),
                            "trained_on_cables": model.info["cables"], "trained_on_paragraphs": model.info["paragraphs"],
                            "score_s": round(score_s, 1), "score_cpu_s": round(score_cpu, 1), "scored": scored,
                            "score_ms_per_cable": round(score_s / max(scored, 1) * 1000, 2),
                            "total_s": round(train_s + score_s, 1), "load_1min": round(os.getloadavg()[0], 1),
                            "peak_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)}])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--time", type=int, metavar="CABLES", help="time training and scoring on generated cables")
    ap.add_argument("--jobs", type=int, default=2, help="folds evaluated side by side (default 2)")
    ap.add_argument("--time-db", type=Path, metavar="ARCHIVE", help="time training and scoring on this archive "
                    "(written to: use a copy)")
    ap.add_argument("--variants", default="shipped", help="model variants to evaluate, comma-separated: "
                    + ", ".join(VARIANTS) + " (default shipped)")
    ap.add_argument("--reference", default="shipped", choices=VARIANTS,
                    help="the variant the others are paired against (default shipped)")
    ap.add_argument("--draws", type=int, default=BOOTSTRAP, help=f"bootstrap resamples (default {BOOTSTRAP})")
    ap.add_argument("--cache", type=Path, metavar="DIR", help="keep each fold's logits in DIR (numpy files, by heads, "
                    "split and fold) and read them from there when present: variants of the combiners cost nothing more")
    args = ap.parse_args()
    if args.time_db:
        time_archive(args.time_db)
    elif args.time:
        run_timing(args.time)
    else:
        unknown = set(args.variants.split(",")) - set(VARIANTS)
        if unknown:
            ap.error(f"unknown variants: {', '.join(sorted(unknown))}")
        run_evaluation(args.jobs, args.variants.split(","), args.reference, args.draws, args.cache)


if __name__ == "__main__":
    main()
