"""How well `cablebase review` reads sensitivity, on cables it did not train on; and how long training takes.

    python bench/review.py                      # cross-validate on the dev corpus (folds by date and by post)
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
head alone (whole text, no paragraph scores) and each paragraph's own words alone (no cable context).

Timing: times `review --train` and `review --score` on an archive (generated cables: real sentences
recombined at random, so the scores themselves mean nothing there; only the time does), with the
process's CPU time and peak memory.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np
from scipy.sparse import csr_matrix

from common import CORPUS, ROOT, report

from cablebase.parse import ParseError, parse_file
from cablebase.review.classifier import UNCLASSIFIED, Labelled, examples, tfidf, train

FPR = 0.11
FOLDS = 5
BOOTSTRAP = 2000


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


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict]:
    rows = []
    for lo in np.linspace(0, 1, bins, endpoint=False):
        hi = lo + 1 / bins
        inside = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if inside.any():
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(inside.sum()), "mean_p": round(float(p[inside].mean()), 3),
                         "observed": round(float(y[inside].mean()), 3)})
    return rows


def evaluate(train_cables: list[Labelled], test_cables: list[Labelled]) -> list[dict]:
    """Train on one set, score the other: per test cable, its label, its scores and its labelled
    paragraphs' labels and scores (also the heads' own, uncombined, for comparison)."""
    model = train(train_cables)
    out = []
    for data in test_cables:
        if not data.texts:
            continue
        scores = model.score(data.texts)
        counts = model.counts(data.texts)
        own = model.paragraph.classified(model.paragraph.probabilities(tfidf(counts, model.idf)))
        whole = model.cable.classified(model.cable.probabilities(tfidf(csr_matrix(counts.sum(axis=0)), model.idf)))[0]
        marked = [i for i, level in enumerate(data.levels) if level]
        out.append({"y": data.level != UNCLASSIFIED, "p": scores.cable.p_classified, "text_only": whole,
                    "para_y": [data.levels[i] != UNCLASSIFIED for i in marked],
                    "para_p": [scores.paragraphs[i].p_classified for i in marked],
                    "para_own": [float(own[i]) for i in marked]})
    return out


def _pooled(cables: list[dict]) -> dict:
    y = np.array([c["y"] for c in cables])
    p = np.array([c["p"] for c in cables])
    py = np.array([v for c in cables for v in c["para_y"]])
    pp = np.array([v for c in cables for v in c["para_p"]])
    return {"paragraph_auc": auc(py, pp), "cable_auc": auc(y, p), "cable_recall": recall_at(y, p),
            "paragraph_brier": float(np.mean((pp - py) ** 2)), "cable_brier": float(np.mean((p - y) ** 2))}


def interval(cables: list[dict], rng: np.random.Generator) -> dict:
    """95 % bootstrap intervals of `_pooled`'s figures, resampling test cables (with their paragraphs)."""
    draws: dict[str, list[float]] = {}
    positive = [c for c in cables if c["y"]]
    negative = [c for c in cables if not c["y"]]
    for _ in range(BOOTSTRAP):  # stratified: each resample keeps the fold's count of unclassified cables
        sample = ([positive[i] for i in rng.integers(len(positive), size=len(positive))] +
                  [negative[i] for i in rng.integers(len(negative), size=len(negative))])
        if len({v for c in sample for v in c["para_y"]}) < 2:
            continue
        for k, v in _pooled(sample).items():
            draws.setdefault(k, []).append(v)
    return {k: (round(float(np.percentile(v, 2.5)), 3), round(float(np.percentile(v, 97.5)), 3)) for k, v in draws.items()}


def figures(name: str, folds: list[list[dict]], rng: np.random.Generator) -> tuple[dict, list[dict], dict]:
    cables = [c for fold in folds for c in fold]
    pooled = _pooled(cables)
    ci = interval(cables, rng)
    y = np.array([c["y"] for c in cables])
    py = np.array([v for c in cables for v in c["para_y"]])
    row = {"split": name, "test_cables": len(cables), "test_cables_unclassified": int((~y).sum()),
           "test_paragraphs": len(py), "test_paragraphs_unclassified": int((~py).sum())}
    for k in ("paragraph_auc", "cable_auc", "cable_recall", "paragraph_brier", "cable_brier"):
        row[k] = round(pooled[k], 3)
        row[f"{k}_95ci"] = "%.3f-%.3f" % ci[k]
    text_only = np.array([c["text_only"] for c in cables])
    own = np.array([v for c in cables for v in c["para_own"]])
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


def run_evaluation(jobs: int) -> None:
    cables = load()
    data = [examples(c) for c in cables]
    dated = sorted(range(len(cables)), key=lambda i: cables[i].created or "")
    by_date = [set(dated[k * len(dated) // FOLDS:(k + 1) * len(dated) // FOLDS]) for k in range(FOLDS)]

    def group(cable) -> int:
        return int(hashlib.md5((cable.origin_code or "").encode()).hexdigest(), 16) % FOLDS

    by_post = [{i for i, c in enumerate(cables) if group(c) == k} for k in range(FOLDS)]
    schemes = {"by date": by_date, "by post": by_post}
    started = time.process_time()
    with ProcessPoolExecutor(jobs) as pool:  # each fold trains its own model: folds run side by side
        scored = {(name, k): pool.submit(evaluate, [d for i, d in enumerate(data) if i not in test],
                                         [data[i] for i in sorted(test)])
                  for name, folds in schemes.items() for k, test in enumerate(folds)}
        scored = {key: future.result() for key, future in scored.items()}
    cpu = time.process_time() - started + sum(resource.getrusage(resource.RUSAGE_CHILDREN)[:2])
    rng = np.random.default_rng(30)
    rows, per_fold, tables = [], [], {}
    for name, folds in schemes.items():
        row, folds_rows, tables[name] = figures(name, [scored[name, k] for k in range(len(folds))], rng)
        for fold_row, test in zip(folds_rows, folds):
            dates = sorted(cables[i].created[:10] for i in test if cables[i].created)
            fold_row.update(dates=f"{dates[0]}..{dates[-1]}", posts=len({cables[i].origin_code for i in test}))
        rows.append(row)
        per_fold += folds_rows
    for name, table in tables.items():
        print(f"\nreliability, {name}: paragraphs / cables")
        for a in table["paragraphs"]:
            print("  para ", a)
        for a in table["cables"]:
            print("  cable", a)
    print()
    report("review", rows + per_fold, {"corpus_cables": len(cables), "reliability": tables, "cpu_s": round(cpu, 1)})


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
    args = ap.parse_args()
    if args.time_db:
        time_archive(args.time_db)
    elif args.time:
        run_timing(args.time)
    else:
        run_evaluation(args.jobs)


if __name__ == "__main__":
    main()
