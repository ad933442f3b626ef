"""Train the HTML line model on the development pages that have their HTML and print how well it
carries over.

    python -m service.pipeline.clean.html_train [--eval-dir ../shared/eval] [--out PATH] [--no-cv]
    (also `articles train-html`, `make train-html`)

Pages: `boilerplate-dev.json` with `html-dev/` (source "scrapinghub") and `boilerplate/<source>.json`
with `boilerplate/html/<source>/`. A block's gold label is the gold body projected onto the
page's blocks as for the text model (`train.gold_labels`). Prints body F1 and pages below 0.5 per
source (`score.py body`) for trafilatura's text without furniture lines (the fallback), the model
in-sample and leave-one-source-out (trained on the other sources), then writes the model trained
on every page. Needs scikit-learn (the `train` extra); fixed seed, one thread.
"""

import argparse
import gzip
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from service.pipeline.clean import html_lines, page, train

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
    cleaned, precision = page.read_html(html, gold.get("url"))
    blocks = html_lines.read(html, precision, gold.get("url"))
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


def fit(examples: dict[str, Example], keys: list[str]):
    """The model fitted on a fixed random SAMPLE of the blocks of `keys`."""
    x = np.vstack([examples[k].blocks.x for k in keys])
    y = np.concatenate([examples[k].y for k in keys])
    keep = np.random.default_rng(train.SEED).random(len(y)) < train.SAMPLE
    return train.fit(x[keep], y[keep], html_lines.FEATURES)


def bodies(examples: dict[str, Example], keys: list[str], trees=None) -> dict[str, dict]:
    """Predicted title and body of `keys`: the fallback without `trees`, else the model's choice."""
    out = {}
    for k in keys:
        e = examples[k]
        body = (
            e.fallback
            if trees is None
            else html_lines.choose(e.blocks, trees.probabilities(e.blocks.x), e.title, e.fallback)
        )
        out[k] = {"title": e.title, "body": body}
    return out


def options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the training options to `parser` (this module's and `articles train-html`'s)."""
    parser.add_argument("--eval-dir", type=Path, default=train.DEFAULT_EVAL_DIR)
    parser.add_argument("--out", type=Path, default=train.DEFAULT_OUT, help="the directory to write the model to")
    parser.add_argument("--no-cv", action="store_true", help="train and write the model only")
    parser.add_argument("--workers", type=int, default=2, help="processes reading the pages")
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(options(argparse.ArgumentParser(description=__doc__.splitlines()[0])).parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Train, print the leave-one-source-out table unless `args.no_cv`, and write the model to `args.out`."""
    golds, examples = load(args.eval_dir, args.workers)
    keys = list(examples)
    sources = sorted({e.source for e in examples.values()})
    by_source = {s: [k for k in keys if examples[k].source == s] for s in sources}
    print(f"{len(keys)} pages, {sum(len(e.y) for e in examples.values())} blocks", flush=True)
    score_body = train._score_body(args.eval_dir)
    trees = fit(examples, keys)
    if not args.no_cv:

        def scored(predicted: dict[str, dict]) -> dict[str, dict]:
            return {s: score_body({k: golds[k] for k in ks}, predicted) for s, ks in by_source.items()}

        train.report("trafilatura", scored(bodies(examples, keys)))
        train.report("in-sample", scored(bodies(examples, keys, trees)))
        held: dict[str, dict] = {}
        for s, ks in by_source.items():
            held.update(bodies(examples, ks, fit(examples, [k for k in keys if examples[k].source != s])))
        train.report("leave-1-source", scored(held))
    path = args.out / html_lines.MODEL_FILE
    trees.save(path)
    print(f"wrote {path} ({path.stat().st_size // 1024} KB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
