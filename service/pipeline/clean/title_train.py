"""Train the title model (`articles train-titles`) on the HTML development pages whose gold body
starts with the headline, and print title accuracy per source: in-sample, 5-fold by page and
leave-one-source-out, beside the rules' headline from the same pages' text. Needs scikit-learn
(the `train` extra); fixed seed."""

import argparse
import dataclasses
import gzip
import json
import sys
from importlib import resources
from pathlib import Path

import numpy as np

from service.pipeline.clean import html as htmlpage
from service.pipeline.clean import titles
from service.pipeline.clean.model import Trees
from service.pipeline.clean.page import title_page
from service.pipeline.clean.train import DEFAULT_EVAL_DIR

SOURCES = ("l3s-gn1", "dragnet", "msvcode-big9", "readability", "cleanportaleval")
SEED = 7
# Chosen by the leave-one-source-out mean (a linear ranker on the same features: 0.700 against 0.732).
PARAMS = {"max_iter": 150, "max_leaf_nodes": 15, "learning_rate": 0.1, "min_samples_leaf": 20}
MATCH = 0.8  # a candidate names the headline when its word set's Jaccard with it reaches this


def _named(candidate: str, headline: str) -> bool:
    c, h = titles.words(candidate), titles.words(headline)
    return bool(c and h) and len(c & h) / len(c | h) >= MATCH


def examples(eval_dir: Path) -> list[dict]:
    """One entry per HTML page: source, page id, feature rows, candidate labels, and whether the
    rules' headline from the page's text is right."""
    out = []
    for source in SOURCES:
        pages = json.loads((eval_dir / "boilerplate" / f"{source}.json").read_text(encoding="utf-8"))
        for page_id, gold in pages.items():
            path = eval_dir / "boilerplate" / "html" / source / f"{page_id}.html.gz"
            if not gold.get("gold_has_title") or not path.exists():
                continue
            headline = next((line for line in gold["gold_body"].splitlines() if line.strip()), "")
            with gzip.open(path, "rt", encoding="utf-8", errors="replace") as fh:
                html = fh.read()
            doc = htmlpage.extract(html, gold.get("url"))
            page = title_page(*htmlpage.visible_page(html, doc))
            found = titles.candidates(page)
            rules = title_page(gold["raw_text"]).rule_title
            out.append(
                {
                    "source": source,
                    "id": page_id,
                    "x": titles.features(page, found),
                    "y": np.array([_named(c.text, headline) for c in found], dtype=bool),
                    "rules": bool(rules and _named(rules, headline)),
                }
            )
    return out


def fit(pages: list[dict]) -> Trees:
    """Gradient-boosted trees on the candidates of pages that have a right one."""
    from sklearn.ensemble import HistGradientBoostingClassifier

    from service.pipeline.clean.train import export

    x = np.vstack([p["x"] for p in pages if p["y"].any()])
    y = np.concatenate([p["y"] for p in pages if p["y"].any()])
    booster = HistGradientBoostingClassifier(random_state=SEED, **PARAMS).fit(x, y)
    return dataclasses.replace(export(booster), names=tuple(titles.FEATURES))


def _right(model: Trees, page: dict) -> bool:
    return bool(len(page["y"]) and page["y"][int(np.argmax(model.probabilities(page["x"])))])


def held_out(pages: list[dict], folds: list[list[int]]) -> list[bool]:
    """Whether each page's chosen title is right, each judged by a model trained without its fold."""
    right = [False] * len(pages)
    for fold in folds:
        held = set(fold)
        model = fit([p for i, p in enumerate(pages) if i not in held])
        for i in fold:
            right[i] = _right(model, pages[i])
    return right


def _table(pages: list[dict], columns: dict[str, list[bool]]) -> str:
    lines = ["| source | pages | " + " | ".join(columns) + " |", "|---|---|" + "---|" * len(columns)]
    for source in SOURCES:
        rows = [i for i, p in enumerate(pages) if p["source"] == source]
        if rows:
            cells = [f"{np.mean([col[i] for i in rows]):.3f}" for col in columns.values()]
            lines.append(f"| {source} | {len(rows)} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def options(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Add the training options to `parser` (this module's and `articles train-titles`')."""
    parser.add_argument("--eval-dir", type=Path, default=DEFAULT_EVAL_DIR)
    parser.add_argument("--no-cv", dest="cv", action="store_false", help="skip 5-fold and leave-one-source-out")
    parser.add_argument("--dry-run", dest="write", action="store_false", help="print the table, keep the model")
    return parser


def main(argv: list[str] | None = None) -> int:
    return run(options(argparse.ArgumentParser(description=__doc__.splitlines()[0])).parse_args(argv))


def run(args: argparse.Namespace) -> int:
    """Train, print the title accuracy table (cross-validated unless `args.cv` is off) and write
    the model unless `args.write` is off."""
    pages = examples(args.eval_dir)
    model = fit(pages)
    columns = {
        "text, rules": [p["rules"] for p in pages],
        "HTML, a right candidate exists": [bool(p["y"].any()) for p in pages],
        "HTML, in-sample": [_right(model, p) for p in pages],
    }
    if args.cv:
        ids = np.random.default_rng(SEED).permutation(len(pages)) % 5
        columns["HTML, 5-fold"] = held_out(pages, [[i for i in range(len(pages)) if ids[i] == f] for f in range(5)])
        by_source = [[i for i, p in enumerate(pages) if p["source"] == s] for s in SOURCES]
        columns["HTML, leave-one-source-out"] = held_out(pages, by_source)
    print(_table(pages, columns))
    if args.write:
        target = Path(str(resources.files("service.pipeline") / "data" / titles.MODEL_FILE))
        model.save(target)
        print(f"wrote {target} ({target.stat().st_size} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
