"""Train the two HTML block models on the development pages that have their HTML and print how
well they carry over.

    python -m service.pipeline.clean.html_train [--eval-dir ../shared/eval] [--out PATH] [--no-cv]
    (also `articles train-html`, `make train-html`)

Pages: `boilerplate-dev.json` with `html-dev/` (source "scrapinghub") and `boilerplate/<source>.json`
with `boilerplate/html/<source>/`. A block's gold label is the gold body projected onto the
page's blocks as for the text model (`train.gold_labels`). Two stages as for the text model
(`train.Stages`): the block model (`html_lines`) and the second one reading its probabilities
around each block and in the markup (`html_context`), fitted on first-stage probabilities from
models that never saw the page's source; evaluation is nested (a held-out source touches neither
stage). Prints body F1 and pages below 0.5 per source (`score.py body`) for trafilatura's text
without furniture lines (the fallback), the models in-sample, leave-one-source-out (trained
on the other sources; also the first stage alone) and 5-fold by page, then writes both models
trained on every page. Needs scikit-learn (the `train` extra); fixed seed, one thread.
"""

import argparse
import gzip
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.pipeline.clean import html_context, html_lines, page, train

DEV = "scrapinghub"


@dataclass
class Example:
    """One page: its blocks, their gold labels, and the fallback body and headline."""

    source: str
    blocks: html_lines.Blocks
    y: np.ndarray
    title: str | None
    fallback: str


def html_file(eval_dir: Path, source: str, doc_id: str) -> Path:
    folder = eval_dir / "html-dev" if source == DEV else eval_dir / "boilerplate" / "html" / source
    return folder / f"{doc_id}.html.gz"


def _example(item: tuple[str, dict, Path]) -> tuple[str, Example | None]:
    key, gold, path = item
    if not path.exists():
        return key, None
    with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
        html = fh.read()
    cleaned, precision, tree = page.read_html(html, gold.get("url"))
    blocks = html_lines.read(html, precision, gold.get("url"), tree)
    y = train.gold_labels(blocks.reading, gold)
    return key, Example(gold["source"], blocks, y, cleaned.title, cleaned.body)


def load(eval_dir: Path, workers: int) -> tuple[dict[str, dict], dict[str, Example]]:
    """The gold pages and an Example for each one with its HTML."""
    golds = train.load_pages(eval_dir)
    items = [(k, g, html_file(eval_dir, g["source"], k.split("/", 1)[1])) for k, g in golds.items()]
    with ProcessPoolExecutor(workers) as pool:
        found = dict(pool.map(_example, items, chunksize=8))
    examples = {k: e for k, e in found.items() if e is not None}
    return {k: golds[k] for k in examples}, examples


class Pages:
    """The examples as `train.Stages` reads them: keys, feature rows, labels and sources."""

    def __init__(self, examples: dict[str, Example]):
        self.examples = examples
        self.keys = list(examples)
        self.x = {k: e.blocks.x for k, e in examples.items()}
        self.y = {k: e.y for k, e in examples.items()}

    def source(self, key: str) -> str:
        return self.examples[key].source


def stages(examples: dict[str, Example]) -> train.Stages:
    """The two HTML stages over `examples`, fitted on demand."""
    return train.Stages(
        Pages(examples),
        rows=lambda k, p: html_context.matrix(examples[k].blocks, p),
        names=html_context.CONTEXT,
        first_names=html_lines.FEATURES,
        revise=lambda k, first, second: html_context.revised(examples[k].blocks, first, second),
    )


def bodies(examples: dict[str, Example], p: dict[str, np.ndarray] | None = None) -> dict[str, dict]:
    """Predicted title and body of each page: the fallback without `p`, else the body chosen from
    its blocks' P(body) `p[key]`."""
    out = {}
    for k, e in examples.items():
        body = e.fallback if p is None else html_lines.choose(e.blocks, p[k], e.title, e.fallback)
        out[k] = {"title": e.title, "body": body}
    return out


def options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the training options to `parser` (this module's and `articles train-html`'s)."""
    train.eval_dir_option(parser)
    parser.add_argument("--out", type=Path, default=train.DEFAULT_OUT, help="the directory to write the model to")
    parser.add_argument("--no-cv", action="store_true", help="train and write the model only")
    parser.add_argument("--workers", type=int, default=2, help="processes reading the pages")
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(options(argparse.ArgumentParser(description=__doc__.splitlines()[0])).parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Train, print the leave-one-source-out table unless `args.no_cv`, and write the model to `args.out`
    (made first, as by train-clean)."""
    args.out.mkdir(parents=True, exist_ok=True)
    golds, examples = load(args.eval_dir, args.workers)
    keys = list(examples)
    sources = sorted({e.source for e in examples.values()})
    by_source = {s: [k for k in keys if examples[k].source == s] for s in sources}
    print(f"{len(keys)} pages, {sum(len(e.y) for e in examples.values())} blocks", flush=True)
    fitted = stages(examples)
    first, second = fitted.first(keys), fitted.second(keys)
    if not args.no_cv:
        score_body = train._score_body(args.eval_dir)

        def scored(predicted: dict[str, dict]) -> dict[str, dict]:
            return {s: score_body({k: golds[k] for k in ks}, predicted) for s, ks in by_source.items()}

        train.report("trafilatura", scored(bodies(examples)))
        train.report("in-sample", scored(bodies(examples, fitted.predict(keys, keys))))
        folds = list(by_source.values())
        train.report("l-1-s, first", scored(bodies(examples, train.predict_held_out(fitted, folds, second=False))))
        train.report("leave-1-source", scored(bodies(examples, train.predict_held_out(fitted, folds))))
        order = np.random.default_rng(train.SEED).permutation(len(keys))
        pages = [[keys[i] for i in order[f::5]] for f in range(5)]
        train.report("5-fold", scored(bodies(examples, train.predict_held_out(fitted, pages))))
    for trees, name in ((first, html_lines.MODEL_FILE), (second, html_context.MODEL_FILE)):
        trees.save(args.out / name)
        print(f"wrote {args.out / name} ({(args.out / name).stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
