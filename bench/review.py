"""How well `cablebase review` reads sensitivity, on cables it did not train on; and how long training takes.

    python bench/review.py                      # evaluate on the dev corpus (splits by date and by post)
    python bench/review.py --time 20000         # train + score on an archive of generated cables

Evaluation: the dev corpus (944 cables + the seed) is split twice, never at random:
  * by date: trained on the oldest 75 % of cables (by creation date), tested on the newest 25 %;
  * by post: posts are dealt into 5 groups by hash; each group is tested on a model trained on the
    other four, so every cable is scored by a model that never saw a cable from its post.
Figures: paragraph ROC AUC (classified vs unclassified marking), cable-level ROC AUC and recall of
classified cables at a false-positive rate of at most 11 % (the published yardstick is 90 %), for the
cable head and, as a baseline, for "the cable's most sensitive paragraph"; calibration as a
reliability table and the Brier score. Paragraph labels are their markings (unmarked paragraphs of
UNCLASSIFIED cables count as unclassified); cable labels are their classification.

Timing: generates cables with bench/gen_corpus.py, ingests them, then times `review --train` and
`review --score` on that archive (generated text is real sentences recombined at random, so the
scores themselves mean nothing there; only the time does).
"""

from __future__ import annotations

import argparse
import hashlib
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from common import CORPUS, ROOT, report

from cablebase.parse import ParseError, parse_file
from cablebase.review.classifier import UNCLASSIFIED, examples, train

FPR = 0.11


def load() -> list:
    cables = [c for path in (CORPUS / "cables-dev.csv", CORPUS / "seed" / "05ALMATY2058.txt")
              for c in parse_file(path) if not isinstance(c, ParseError)]
    return [c for c in cables if c.classification]


def auc(y: np.ndarray, p: np.ndarray) -> float:
    from sklearn.metrics import roc_auc_score

    return float(roc_auc_score(y, p))


def recall_at(y: np.ndarray, p: np.ndarray, fpr: float = FPR) -> tuple[float, float, float]:
    """The best recall of positives with a false-positive rate of at most `fpr`: (recall, fpr, threshold)."""
    from sklearn.metrics import roc_curve

    fprs, tprs, thresholds = roc_curve(y, p)
    i = max(np.flatnonzero(fprs <= fpr), key=lambda k: tprs[k])
    return float(tprs[i]), float(fprs[i]), float(thresholds[i])


def reliability(y: np.ndarray, p: np.ndarray, bins: int = 10) -> list[dict]:
    rows = []
    for lo in np.linspace(0, 1, bins, endpoint=False):
        hi = lo + 1 / bins
        inside = (p >= lo) & ((p < hi) if hi < 1 else (p <= hi))
        if inside.any():
            rows.append({"bin": f"{lo:.1f}-{hi:.1f}", "n": int(inside.sum()), "mean_p": round(float(p[inside].mean()), 3),
                         "observed": round(float(y[inside].mean()), 3)})
    return rows


def evaluate(train_cables: list, test_cables: list) -> dict:
    """Train on one set, score the other: paragraph and cable labels with their scores."""
    paragraphs, cables = [], []
    for cable in train_cables:
        found, whole = examples(cable)
        paragraphs += found
        cables += [whole] if whole else []
    model = train(paragraphs, cables)
    out = {"para_y": [], "para_p": [], "cable_y": [], "cable_p": [], "cable_max": []}
    for cable in test_cables:
        found, whole = examples(cable)
        out["para_y"] += [ex.level != UNCLASSIFIED for ex in found]
        out["para_p"] += [s.p_classified for s in model.score([ex.text for ex in found])]
        texts = [p.text for p in cable.paragraphs if p.text.strip()]
        if whole and texts:
            out["cable_y"].append(cable.classification != UNCLASSIFIED)
            out["cable_p"].append(model.score_cable(texts).p_classified)
            out["cable_max"].append(max(s.p_classified for s in model.score(texts)))
    return out


def figures(name: str, parts: list[dict], train_sizes: list[int]) -> dict:
    data = {k: np.array([v for part in parts for v in part[k]]) for k in parts[0]}
    py, pp, cy, cp, cm = (data[k] for k in ("para_y", "para_p", "cable_y", "cable_p", "cable_max"))
    recall, fpr, threshold = recall_at(cy, cp)
    recall_max, _, _ = recall_at(cy, cm)
    return {"split": name, "train_cables": "/".join(map(str, train_sizes)), "test_paragraphs": len(py),
            "test_paragraphs_unclassified": int((~py.astype(bool)).sum()), "test_cables": len(cy),
            "test_cables_unclassified": int((~cy.astype(bool)).sum()), "paragraph_auc": round(auc(py, pp), 3),
            "paragraph_brier": round(float(np.mean((pp - py) ** 2)), 3), "cable_auc": round(auc(cy, cp), 3),
            f"cable_recall_at_fpr{int(FPR * 100)}": round(recall, 3), "cable_fpr": round(fpr, 3),
            "cable_threshold": round(threshold, 3), "cable_brier": round(float(np.mean((cp - cy) ** 2)), 3),
            "baseline_max_paragraph_auc": round(auc(cy, cm), 3),
            f"baseline_max_paragraph_recall_at_fpr{int(FPR * 100)}": round(recall_max, 3),
            "reliability_paragraphs": reliability(py, pp), "reliability_cables": reliability(cy, cp)}


def run_evaluation() -> None:
    cables = load()
    dated = sorted((c for c in cables if c.created), key=lambda c: c.created)
    cut = int(len(dated) * 0.75)
    rows = [figures(f"by date (test from {dated[cut].created[:10]})", [evaluate(dated[:cut], dated[cut:])], [cut])]

    def group(cable) -> int:
        return int(hashlib.md5((cable.origin_code or "").encode()).hexdigest(), 16) % 5

    parts, sizes = [], []
    for k in range(5):
        train_set = [c for c in cables if group(c) != k]
        parts.append(evaluate(train_set, [c for c in cables if group(c) == k]))
        sizes.append(len(train_set))
    rows.append(figures("by post (5 groups of posts)", parts, sizes))
    tables = {row["split"]: (row.pop("reliability_paragraphs"), row.pop("reliability_cables")) for row in rows}
    for split, (paras, whole) in tables.items():
        print(f"\nreliability, {split}: paragraphs / cables")
        for a in paras:
            print("  para ", a)
        for a in whole:
            print("  cable", a)
    print()
    report("review", rows, {"corpus_cables": len(cables), "reliability": tables})


def run_timing(n: int) -> None:
    """Generate `n` cables, ingest them, time training and scoring."""
    from cablebase.ingest import ingest
    from cablebase.review.archive import score_archive, train_archive
    from cablebase.store import Archive

    with tempfile.TemporaryDirectory() as tmp:
        csv = Path(tmp) / "gen.csv"
        subprocess.run([sys.executable, str(ROOT / "bench" / "gen_corpus.py"), "--cables", str(n), "--seed", "3",
                        str(csv)], check=True, stdout=subprocess.DEVNULL)
        db = Path(tmp) / "gen.db"
        started = time.perf_counter()
        ingest([str(csv)], db, workers=2)
        ingest_s = time.perf_counter() - started
        with Archive(db) as archive:
            started = time.perf_counter()
            model = train_archive(archive)
            train_s = time.perf_counter() - started
            started = time.perf_counter()
            scored = score_archive(archive, model)
            score_s = time.perf_counter() - started
    sampled = model.info["cables"]
    report("review-time", [{"cables": n, "ingest_s": round(ingest_s, 1), "train_s": round(train_s, 1),
                            "trained_on_cables": sampled, "trained_on_paragraphs": model.info["paragraphs"],
                            "score_s": round(score_s, 1), "scored": scored,
                            "score_ms_per_cable": round(score_s / max(scored, 1) * 1000, 2)}])


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--time", type=int, metavar="CABLES", help="time training and scoring on generated cables")
    args = ap.parse_args()
    if args.time:
        run_timing(args.time)
    else:
        run_evaluation()


if __name__ == "__main__":
    main()
