"""Fit the answerability model (bot/answerability.json) on the dev question sets only.

    python scripts/train_answer_model.py [--scratch DIR] [--l2 1.0] [--dry-run]

For each dev question the extractive answerer reports its signals (retrieval confidence,
the best fact's and the best "not published" statement's scores, unknown words …); the model
learns which of them mean "a fact here answers the question". Positives are the answerable
questions of the first two dev rounds (bench/answers.py TRAINING_FILES); negatives are their
not-published questions and the out-of-scope dev questions. The third round validates.
The threshold maximises balanced accuracy (answerable questions let through, the others
refused, over every question including those retrieval declines first) on 8-fold out-of-fold
predictions averaged over 5 splits, so it is not fitted to the very points it is judged on.
The test files are never read here; `python bench/answers.py` measures them.
"""

import argparse
import sys
from dataclasses import replace
import tempfile
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "bench")]

from answers import DEV_FILES, EVAL, TRAINING_FILES, read_cases  # noqa: E402
from answers import _answerer as build_answerer  # noqa: E402
from bot.answer_model import LinearModel, fit_logistic, save_models  # noqa: E402
from bot.answering import DEFAULT_ANSWERABILITY_MODEL  # noqa: E402

FOLDS = 8
SPLITS = 5
# Signals whose scale belongs to one embedder (cosine similarities and what is built on them).
EMBEDDER_SIGNALS = {"dense_similarity", "confidence", "fact_question_match", "unpublished_question_match", "closest_qa_match"}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--scratch", help="keep the index here between runs")
    parser.add_argument("--l2", type=float, default=1.0)
    parser.add_argument("--dry-run", action="store_true", help="print the cross-validation only")
    parser.add_argument("--out", type=Path, default=DEFAULT_ANSWERABILITY_MODEL, help="where to write the models")
    parser.add_argument("--files", nargs="+", default=list(TRAINING_FILES), choices=DEV_FILES, help="dev files to fit on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="axbot-train-") as temporary:
        answerer, _, embedder_name = build_answerer(Path(args.scratch or temporary))
        rows, labels, declined_before = collect(answerer, args.files)
    # One model with the embedder's similarities, and one without them for any other embedder.
    models = [
        train(rows, labels, declined_before, sorted(rows[0]), args.l2, embedder_name, args.files),
        train(rows, labels, declined_before, sorted(set(rows[0]) - EMBEDDER_SIGNALS), args.l2, "", args.files),
    ]
    if not args.dry_run:
        save_models(models, args.out)
        print(f"wrote {args.out}")


def train(
    rows: list[dict], labels: np.ndarray, declined_before: dict[str, int], features: list[str], l2: float, embedder: str,
    files: list[str],
) -> LinearModel:
    print(f"\n## {'with ' + embedder if embedder else 'without embedder similarities'}")
    # One fold split's curve is jagged (a few questions swing it), so the threshold is read off
    # the mean curve of several splits.
    splits = [cross_validate(rows, labels, features, l2, seed) for seed in range(SPLITS)]
    print_separation(splits[0], labels)
    threshold = best_threshold(splits, labels, declined_before)
    model = fit_logistic(rows, labels, features, l2)
    model = replace(model, threshold=round(threshold, 3), embedder=embedder, trained_on=trained_on(labels, files))
    for name, weight in sorted(zip(model.features, model.weights), key=lambda pair: -abs(pair[1])):
        print(f"  {name:32s} {weight:+.3f}")
    return model


def collect(answerer, files: list[str]) -> tuple[list[dict], np.ndarray, dict[str, int]]:
    """Signals of every dev question the answerer gets as far as choosing between facts, whether
    it is answerable, and how many of each kind were declined before that."""
    rows, labels, declined_before = [], [], {"answer": 0, "not_published": 0, "decline": 0}
    for name in files:
        for case in read_cases(EVAL / name):
            signals = answerer.signals(case.question)
            if signals is None:  # declined before the model is asked: nothing to learn from
                declined_before[case.expect] += 1
                continue
            rows.append(signals)
            labels.append(case.expect == "answer")
    labels = np.array(labels)
    print(f"dev questions reaching the model: {len(rows)} ({labels.sum()} answerable), declined before it: {declined_before}")
    return rows, labels, declined_before


def cross_validate(rows: list[dict], labels: np.ndarray, features: list[str], l2: float, seed: int = 0) -> np.ndarray:
    folds = np.random.default_rng(seed).permutation(len(rows)) % FOLDS
    scores = np.zeros(len(rows))
    for fold in range(FOLDS):
        train, held = np.where(folds != fold)[0], np.where(folds == fold)[0]
        model = fit_logistic([rows[i] for i in train], labels[train], features, l2)
        scores[held] = [model.log_odds(rows[i]) for i in held]
    return scores


def print_separation(scores: np.ndarray, labels: np.ndarray) -> None:
    positives, negatives = scores[labels], scores[~labels]
    auc = (positives[:, None] > negatives[None, :]).mean() + 0.5 * (positives[:, None] == negatives[None, :]).mean()
    print(f"{FOLDS}-fold out-of-fold AUC: {auc:.3f}")
    print("| threshold | answerable kept | others refused |\n|---|---|---|")
    for threshold in (-1.0, -0.5, 0.0, 0.5, 1.0):
        print(f"| {threshold:+.1f} | {(positives > threshold).mean():.3f} | {(negatives <= threshold).mean():.3f} |")


def best_threshold(splits: list[np.ndarray], labels: np.ndarray, declined_before: dict[str, int]) -> float:
    """The threshold with the best mean of two rates, each over every dev question of its kind:
    answerable questions let through, and the others (out of scope, or asking a detail that is
    not published) refused, counting those retrieval already declined."""
    answerable = int(labels.sum()) + declined_before["answer"]
    others = int((~labels).sum()) + declined_before["not_published"] + declined_before["decline"]
    refused_before = declined_before["not_published"] + declined_before["decline"]
    candidates = np.linspace(-2, 2, 81)

    def balanced_accuracy(scores: np.ndarray, t: float) -> float:
        kept = (scores[labels] > t).sum() / answerable
        refused = ((scores[~labels] <= t).sum() + refused_before) / others
        return (kept + refused) / 2

    balanced = np.mean([[balanced_accuracy(scores, t) for t in candidates] for scores in splits], axis=0)
    # The middle of the best plateau (within half a question of the best), not its edge.
    best = balanced.max()
    plateau = candidates[balanced >= best - 0.5 / min(answerable, others)]
    threshold = float(np.median(plateau))
    print(f"threshold {threshold:+.2f}: mean of answerable kept and others refused {best:.3f} (out of fold, {len(splits)} splits)")
    return threshold


def trained_on(labels: np.ndarray, files: list[str]) -> str:
    return f"{', '.join(files)}: {labels.sum()} answerable, {(~labels).sum()} not (scripts/train_answer_model.py)"


if __name__ == "__main__":
    main()
