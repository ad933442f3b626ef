"""Train the same-statement model: `python -m benchmarks.train_statements PAIRS.json`.

PAIRS is a list of {text_a, text_b, label_paraphrase}. First writes the English word frequencies
the features weigh words by (data/word_frequencies.tsv, from `wordfreq`). Then compares a logistic
regression and small one-hidden-layer networks (fixed seeds) on
`service.pipeline.relate.statements.features` by 5-fold cross-validation: each candidate's
threshold is the one with the highest cross-validated F1 among those whose cross-validated
precision reaches TARGET_PRECISION (a wrongly merged statement misleads more than a missed one),
and the candidate with the best such F1 is fitted on all pairs. Prints the in-sample and
cross-validated figures of every candidate and writes data/statement_pairs.json.
Needs scikit-learn and wordfreq (the `train` extra); `make train-statements`.
"""

import argparse
import json
from pathlib import Path

import numpy as np
import wordfreq
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.neural_network import MLPClassifier
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from service.pipeline.relate import statements

TARGET_PRECISION = 0.85
FREQUENT_WORDS = 50_000
DATA = Path(__file__).resolve().parent.parent / "service/pipeline/data"
CANDIDATES = {
    "logistic regression": lambda: LogisticRegression(C=0.3, max_iter=5000),
    "network, 16 hidden units": lambda: MLPClassifier((16,), alpha=1.0, max_iter=2000, random_state=0),
    "network, 32 hidden units": lambda: MLPClassifier((32,), alpha=1.0, max_iter=2000, random_state=0),
}
GRID = [round(t, 3) for t in np.arange(0.3, 0.95, 0.005)]


def write_frequencies() -> None:
    lines = (f"{w}\t{wordfreq.zipf_frequency(w, 'en'):.1f}\n" for w in wordfreq.top_n_list("en", FREQUENT_WORDS))
    (DATA / "word_frequencies.tsv").write_text("".join(lines), encoding="utf-8")
    statements._zipf.cache_clear()


def figures(prob: np.ndarray, y: np.ndarray, threshold: float) -> dict:
    predicted = prob >= threshold
    tp = int((predicted & (y == 1)).sum())
    precision, recall = tp / max(1, predicted.sum()), tp / max(1, (y == 1).sum())
    f1 = 2 * precision * recall / (precision + recall) if tp else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3)}


def choose_threshold(prob: np.ndarray, y: np.ndarray) -> float:
    good = [t for t in GRID if figures(prob, y, t)["precision"] >= TARGET_PRECISION]
    return max(good or GRID[-1:], key=lambda t: figures(prob, y, t)["f1"])


def evaluate(make, X: np.ndarray, y: np.ndarray, excerpts: np.ndarray) -> dict:
    """Cross-validated probabilities (1 for an excerpt, as `statements.score` has it), the threshold
    chosen on them, and the pipeline fitted on all pairs."""
    pipeline = lambda: make_pipeline(StandardScaler(), make())  # noqa: E731
    cv_prob = np.zeros(len(y))
    for train, test in StratifiedKFold(5, shuffle=True, random_state=0).split(X, y):
        cv_prob[test] = pipeline().fit(X[train], y[train]).predict_proba(X[test])[:, 1]
    cv_prob[excerpts] = 1.0
    threshold = choose_threshold(cv_prob, y)
    fitted = pipeline().fit(X, y)
    in_sample = np.where(excerpts, 1.0, fitted.predict_proba(X)[:, 1])
    return {
        "fitted": fitted,
        "threshold": threshold,
        "cv_5fold": figures(cv_prob, y, threshold),
        "in_sample": figures(in_sample, y, threshold),
        "cv_5fold_best_f1": max((figures(cv_prob, y, t) for t in GRID), key=lambda f: f["f1"]),
    }


def layers(model) -> list[dict]:
    """Dense layers as statements.probability reads them: weights (inputs x outputs) and bias."""
    if isinstance(model, LogisticRegression):
        pairs = [(model.coef_.T, model.intercept_)]
    else:
        pairs = list(zip(model.coefs_, model.intercepts_))
    return [{"weights": np.round(w, 6).tolist(), "bias": np.round(b, 6).tolist()} for w, b in pairs]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("pairs")
    args = parser.parse_args()
    write_frequencies()
    data = json.loads(Path(args.pairs).read_text())
    X = np.array([statements.features(d["text_a"], d["text_b"]) for d in data])
    y = np.array([int(d["label_paraphrase"]) for d in data])
    excerpts = np.array([statements.is_excerpt(d["text_a"], d["text_b"]) for d in data])
    results = {name: evaluate(make, X, y, excerpts) for name, make in CANDIDATES.items()}
    report = {name: {k: v for k, v in r.items() if k != "fitted"} for name, r in results.items()}
    chosen = max(results, key=lambda name: (results[name]["cv_5fold"]["f1"], -len(layers(results[name]["fitted"][1]))))
    scaler, model = results[chosen]["fitted"][0], results[chosen]["fitted"][1]
    out = {
        "model": chosen,
        "features": X.shape[1],
        "mean": np.round(scaler.mean_, 6).tolist(),
        "scale": np.round(scaler.scale_, 6).tolist(),
        "layers": layers(model),
        "threshold": results[chosen]["threshold"],
        "trained_on": f"{len(y)} labelled sentence pairs",
        "figures": report,
    }
    (DATA / "statement_pairs.json").write_text(json.dumps(out) + "\n")
    print(json.dumps({"chosen": chosen, **report}, indent=1))


if __name__ == "__main__":
    main()
