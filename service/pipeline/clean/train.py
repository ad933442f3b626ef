"""Train the line models on the boilerplate development pages and print how well they carry over.

    python -m service.pipeline.clean.train [--eval-dir ../shared/eval] [--out PATH] [--no-cv]
    (also `articles train-clean`, `make train-clean`)

Pages come from `boilerplate-dev.json` (source "scrapinghub") and `boilerplate/<source>.json`.
A line's gold label is the gold body projected onto the page: a line is body when most of the
4-word shingles touching it occur in the gold body (a headline that opens the gold body is left
to the title; bylines and datelines to the metadata).

Two stages: the first model reads the line features (`features.FEATURES`); the second
(`context.CONTEXT`) reads them with the first model's probabilities around the line, and learns
from first-stage probabilities that a model trained without the page's source predicted. Every
evaluation is nested: the held-out pages touch neither stage (for a held-out source S, the
second stage's inputs on the other sources come from first-stage models trained without S and
without the page's own source). Prints body F1 and pages below 0.5 per source (`score.py body`,
title + body where the gold starts with the headline) in-sample, 5-fold by page and
leave-one-source-out (also the first stage alone), then writes both models trained on every
page. Needs scikit-learn (the `train` extra); fixed seed.
"""

import argparse
import json
import runpy
import sys
import zlib
from collections.abc import Callable, Sequence
from pathlib import Path

import numpy as np

from service.pipeline.clean import context, features, model
from service.pipeline.clean.html import unmarked
from service.pipeline.text.language import folded_words

SEED = 7
SAMPLE = 0.3  # share of the lines each model is fitted on (randomly, fixed seed): keeps training quick
PARAMS = {
    "max_iter": 100,
    "learning_rate": 0.1,
    "max_leaf_nodes": 15,
    "min_samples_leaf": 40,
    "l2_regularization": 1.0,
    "early_stopping": False,
}
DEFAULT_EVAL_DIR = Path(__file__).resolve().parents[3].parent / "shared" / "eval"
DEFAULT_OUT = Path(__file__).resolve().parents[1] / "data"
METADATA_KINDS = frozenset({"byline", "dateline"})


def load_pages(eval_dir: Path) -> dict[str, dict]:
    """Every development page, keyed "source/id", with its "source"."""
    files = [("scrapinghub", eval_dir / "boilerplate-dev.json")]
    files += [(path.stem, path) for path in sorted((eval_dir / "boilerplate").glob("*.json"))]
    pages = {}
    for source, path in files:
        for key, page in json.loads(path.read_text(encoding="utf-8")).items():
            pages[f"{source}/{key}"] = {**page, "source": source}
    return pages


def gold_labels(reading: features.Reading, page: dict) -> np.ndarray:
    """1 for each line of `reading` that is body by the gold (see the module's docstring);
    bylines and datelines are metadata, never body, whatever a benchmark's gold says."""
    texts = reading.texts
    gold = [line for line in page["gold_body"].splitlines() if line.strip()]
    if page.get("gold_has_title"):
        gold = gold[1:]
    tokens = folded_words("\n".join(gold))
    grams = {tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)}
    vocabulary = set(tokens)
    line_tokens = [folded_words(t) for t in texts]
    labels = np.zeros(len(texts), dtype=np.int8)
    for i, own in enumerate(line_tokens):
        if len(own) >= 4:
            shingles = [tuple(own[j : j + 4]) for j in range(len(own) - 3)]
        else:  # a short line: the shingles that run through it from its neighbours
            before = line_tokens[i - 1][-3:] if i else []
            after = line_tokens[i + 1][:3] if i + 1 < len(texts) else []
            run = before + own + after
            shingles = [
                tuple(run[j : j + 4]) for j in range(len(run) - 3) if j < len(before) + len(own) and j + 4 > len(before)
            ]
            if not shingles:
                labels[i] = bool(own) and vocabulary.issuperset(own)
                continue
        labels[i] = sum(s in grams for s in shingles) >= 0.5 * len(shingles)
    labels[[i for i, line in enumerate(reading.lines) if line.furniture in METADATA_KINDS]] = 0
    return labels


class Dataset:
    """Every page read by the rules, with its feature matrix and gold labels."""

    def __init__(self, pages: dict[str, dict]):
        self.pages = pages
        self.keys = list(pages)
        self.readings = {k: features.read(unmarked(p["raw_text"])) for k, p in pages.items()}
        self.x = {k: features.matrix(r) for k, r in self.readings.items()}
        self.y = {k: gold_labels(r, pages[k]) for k, r in self.readings.items()}

    def sources(self) -> list[str]:
        return sorted({p["source"] for p in self.pages.values()})

    def source(self, key: str) -> str:
        return self.pages[key]["source"]


def sampled(
    rows: Sequence[np.ndarray], labels: Sequence[np.ndarray], keys: Sequence[str]
) -> tuple[np.ndarray, np.ndarray]:
    """The pages' feature rows and labels stacked, a fixed random SAMPLE of them drawn for each page
    on its own, seeded by its key: a page whose lines change leaves every other page's sample as it
    was (one draw over all the lines moved the held-out figures by about 0.001-0.003)."""
    draws = (np.random.default_rng([SEED, zlib.crc32(k.encode())]).random(len(y)) for k, y in zip(keys, labels))
    masks = [d < SAMPLE for d in draws]
    return np.vstack([x[m] for x, m in zip(rows, masks)]), np.concatenate([y[m] for y, m in zip(labels, masks)])


def fit(x: np.ndarray, y: np.ndarray, names: Sequence[str] = features.FEATURES) -> model.Trees:
    """Gradient-boosted trees on (x, y), exported to the numpy form the cleaner evaluates."""
    from sklearn.ensemble import HistGradientBoostingClassifier
    from threadpoolctl import threadpool_limits

    with threadpool_limits(limits=1):  # the same trees on any machine, and no thread contention on a busy one
        booster = HistGradientBoostingClassifier(random_state=SEED, **PARAMS).fit(x, y)
    return export(booster, names)


class Stages:
    """Both models fitted on given pages; first-stage models are fitted once per page set.

    `data` holds the pages' `keys`, first-stage rows `x`, labels `y` and `source(key)`; the second stage
    reads `rows(key, p)` (its rows of a page given first-stage P(body) `p`, named `names`) and
    its P(body) passes through `revise(key, first, second)`; by default the text cleaner's (`context`).
    Each page's lines are sampled on their own (`sampled`)."""

    def __init__(
        self,
        data,
        rows: Callable[[str, np.ndarray], np.ndarray] | None = None,
        names: Sequence[str] = context.CONTEXT,
        first_names: Sequence[str] = features.FEATURES,
        revise: Callable[[str, np.ndarray, np.ndarray], np.ndarray] | None = None,
    ):
        self.data = data
        if rows is None:  # the text cleaner's
            rows = lambda k, p: context.matrix(data.readings[k], data.x[k], p)  # noqa: E731
            revise = revise or (lambda k, first, p: context.without_foreign_ui(data.readings[k], p))
        self.rows, self.revise = rows, revise or (lambda k, first, p: p)
        self.names, self.first_names = names, first_names
        self._first: dict[tuple[str, ...], model.Trees] = {}

    def first(self, keys: Sequence[str]) -> model.Trees:
        key = tuple(keys)
        if key not in self._first:
            x, y = self._sampled(keys, [self.data.x[k] for k in keys])
            self._first[key] = fit(x, y, self.first_names)
        return self._first[key]

    def out_of_source(self, keys: Sequence[str]) -> dict[str, np.ndarray]:
        """First-stage P(body) of each page in `keys` from a model fitted on `keys` without its source."""
        out = {}
        for source in sorted({self.data.source(k) for k in keys}):
            trees = self.first([k for k in keys if self.data.source(k) != source])
            out.update({k: trees.probabilities(self.data.x[k]) for k in keys if self.data.source(k) == source})
        return out

    def second(self, keys: Sequence[str]) -> model.Trees:
        first = self.out_of_source(keys)
        x, y = self._sampled(keys, [self.rows(k, first[k]) for k in keys])
        return fit(x, y, self.names)

    def _sampled(self, keys: Sequence[str], rows: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        return sampled(rows, [self.data.y[k] for k in keys], keys)

    def predict(self, train: Sequence[str], held: Sequence[str], second: bool = True) -> dict[str, np.ndarray]:
        """P(body) of the `held` pages from the stages fitted on the `train` pages."""
        first = self.first(train)
        p = {k: first.probabilities(self.data.x[k]) for k in held}
        if not second:
            return p
        trees = self.second(train)
        return {k: self.revise(k, p[k], trees.probabilities(self.rows(k, p[k]))) for k in held}


def export(booster, names: Sequence[str] = features.FEATURES) -> model.Trees:
    """A fitted binary HistGradientBoostingClassifier as padded node tables."""
    trees = [predictors[0].nodes for predictors in booster._predictors]
    width = max(len(t) for t in trees)
    shape = (len(trees), width)
    feature, left, right = (np.zeros(shape, dtype=np.int64) for _ in range(3))
    threshold, value = np.zeros(shape), np.zeros(shape)
    for t, nodes in enumerate(trees):
        n = len(nodes)
        leaf = nodes["is_leaf"].astype(bool)
        own = t * width + np.arange(n)
        feature[t, :n] = np.where(leaf, 0, nodes["feature_idx"])
        threshold[t, :n] = np.where(leaf, np.inf, nodes["num_threshold"])
        left[t, :n] = np.where(leaf, own, t * width + nodes["left"])
        right[t, :n] = np.where(leaf, own, t * width + nodes["right"])
        value[t, :n] = np.where(leaf, nodes["value"], 0.0)
    depth = int(max(t["depth"].max() for t in trees))
    return model.Trees(
        feature=feature,
        threshold=threshold,
        left=left,
        right=right,
        value=value,
        baseline=float(np.ravel(booster._baseline_prediction)[0]),
        depth=depth,
        names=tuple(names),
    )


def _score_body(eval_dir: Path) -> Callable[[dict, dict], dict]:
    """`score_body` of the evaluation's own score.py."""
    return runpy.run_path(str(eval_dir / "score.py"))["score_body"]


def scores(data: Dataset, probabilities: dict[str, np.ndarray], score_body: Callable) -> dict[str, dict]:
    """score.py body per source for the bodies the cleaner would choose from `probabilities`."""
    out = {}
    for source in data.sources():
        keys = [k for k in data.keys if data.pages[k]["source"] == source]
        predicted = {
            k: {
                "body": "\n".join(model.body_lines(data.readings[k], probabilities[k])),
                "title": data.readings[k].title,
            }
            for k in keys
        }
        out[source] = score_body({k: data.pages[k] for k in keys}, predicted)
    return out


def predict_held_out(stages: Stages, folds: list[list[str]], second: bool = True) -> dict[str, np.ndarray]:
    """Each page's probabilities from the stages fitted without its fold."""
    out = {}
    for held in folds:
        train = [k for k in stages.data.keys if k not in set(held)]
        out.update(stages.predict(train, held, second))
    return out


def report(name: str, result: dict[str, dict]) -> None:
    """One line: the mean and, per source, body F1 (pages below 0.5 / pages; title accuracy)."""
    mean = np.mean([r["body_f1"] for r in result.values()])
    cells = [
        f"{s} {r['body_f1']:.3f} ({r['pages_below_half']}/{r['docs']}"
        + (f"; title {r['title_accuracy']:.2f})" if "title_accuracy" in r else ")")
        for s, r in result.items()
    ]
    print(f"{name:14} mean {mean:.3f}  " + "  ".join(cells), flush=True)


def eval_dir_option(parser: argparse.ArgumentParser) -> None:
    """Add --eval-dir, the development data the trainers read, to `parser`."""
    parser.add_argument(
        "--eval-dir",
        type=Path,
        default=DEFAULT_EVAL_DIR,
        help="the development data to train on (default: %(default)s)",
    )


def options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the training options to `parser` (this module's and `articles train-clean`'s)."""
    eval_dir_option(parser)
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="the directory to write the models to")
    parser.add_argument("--no-cv", action="store_true", help="train and write the models only")
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(options(argparse.ArgumentParser(description=__doc__.splitlines()[0])).parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Train, print the cross-validated table unless `args.no_cv`, and write both models to `args.out`
    (made first, so that a directory that cannot be made fails before the training)."""
    args.out.mkdir(parents=True, exist_ok=True)
    data = Dataset(load_pages(args.eval_dir))
    stages = Stages(data)
    print(f"{len(data.keys)} pages, {sum(map(len, data.y.values()))} lines", flush=True)
    first, second = stages.first(data.keys), stages.second(data.keys)
    if not args.no_cv:
        score_body = _score_body(args.eval_dir)
        report("in-sample", scores(data, stages.predict(data.keys, data.keys), score_body))
        by_source = [[k for k in data.keys if data.source(k) == s] for s in data.sources()]
        report("l-1-s, first", scores(data, predict_held_out(stages, by_source, second=False), score_body))
        report("leave-1-source", scores(data, predict_held_out(stages, by_source), score_body))
        order = np.random.default_rng(SEED).permutation(len(data.keys))
        folds = [[data.keys[i] for i in order[f::5]] for f in range(5)]
        report("5-fold", scores(data, predict_held_out(stages, folds), score_body))
    for trees, name in ((first, model.MODEL_FILE), (second, context.MODEL_FILE)):
        trees.save(args.out / name)
        print(f"wrote {args.out / name} ({(args.out / name).stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
