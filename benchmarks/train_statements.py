"""Train the same-statement model: `python -m benchmarks.train_statements PAIRS.json`.

PAIRS is a list of {text_a, text_b, label_paraphrase}. Fits a logistic regression (fixed seed)
on `service.pipeline.relate.statements.features`, picks the threshold by 5-fold
cross-validation (the highest F1 among thresholds whose cross-validated precision reaches
TARGET_PRECISION: a wrongly merged statement misleads more than a missed one), prints the
in-sample and cross-validated figures and writes service/pipeline/data/statement_pairs.json.
Needs scikit-learn (the `bench` extra).
"""

import argparse
import json
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from service.pipeline.relate.statements import features

TARGET_PRECISION = 0.85
OUT = Path(__file__).resolve().parent.parent / "service/pipeline/data/statement_pairs.json"


def figures(prob: np.ndarray, y: np.ndarray, threshold: float) -> dict:
    predicted = prob >= threshold
    tp = int((predicted & (y == 1)).sum())
    precision, recall = tp / max(1, predicted.sum()), tp / max(1, (y == 1).sum())
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def choose_threshold(prob: np.ndarray, y: np.ndarray) -> float:
    grid = [round(t, 2) for t in np.arange(0.3, 0.95, 0.01)]
    good = [t for t in grid if figures(prob, y, t)["precision"] >= TARGET_PRECISION]
    return max(good or grid[-1:], key=lambda t: figures(prob, y, t)["f1"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs")
    args = parser.parse_args()
    data = json.loads(Path(args.pairs).read_text())
    X = np.array([features(d["text_a"], d["text_b"]) for d in data])
    y = np.array([int(d["label_paraphrase"]) for d in data])
    model = lambda: LogisticRegression(C=1.0, max_iter=5000)  # noqa: E731
    cv_prob = np.zeros(len(y))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
        cv_prob[test] = model().fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    threshold = choose_threshold(cv_prob, y)
    fitted = model().fit(X, y)
    report = {
        "threshold": threshold,
        "cv_5fold": figures(cv_prob, y, threshold),
        "in_sample": figures(fitted.predict_proba(X)[:, 1], y, threshold),
        "cv_5fold_best_f1": max((figures(cv_prob, y, t) for t in np.arange(0.3, 0.95, 0.01)), key=lambda f: f["f1"]),
    }
    OUT.write_text(
        json.dumps(
            {
                "weights": [round(float(w), 6) for w in fitted.coef_[0]],
                "intercept": round(float(fitted.intercept_[0]), 6),
                "threshold": threshold,
                "trained_on": f"{len(y)} labelled sentence pairs",
                "figures": report,
            },
            indent=1,
        )
        + "\n"
    )
    print(json.dumps(report))


if __name__ == "__main__":
    main()
