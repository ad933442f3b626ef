"""Ablation of the entity and quote correction rules: what each one is worth on the development data.

    python -m benchmarks.ablation [GOLD.json] [--score path/to/score.py] [--rules a,b,...]

Every article is cleaned and parsed once, as `articles analyze` does; entities and quotes are then
extracted with every rule on, and again with each rule (service.pipeline.enrich.rules) switched
off alone. For each rule the table gives the score with the rule minus the score without it
(positive: the rule helps), for entity macro F1 and for attributed quote F1 (quote F1 times
speaker accuracy), on the articles the rules were written against (source set "scrapinghub", the
first 12), on the others (40 later ones from other sources), and on all. A rule that helps on the
first set only does not generalise.
"""

import argparse
import importlib.util
from pathlib import Path

from service.pipeline.clean.page import clean_text
from service.pipeline.enrich import rules
from service.pipeline.enrich.article import enrich_doc
from service.pipeline.enrich.nlp import parse_many

DEFAULT_EVAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval"
TUNED_ON = "scrapinghub"  # the source set of the articles the rules were first written against
METRICS = ("entity_macro_f1", "quote_attributed_f1")


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    assert spec is not None and spec.loader is not None, path
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def scores(score, golds: dict, preds: dict) -> dict[str, float]:
    """The two metrics on a set of gold articles."""
    out = {**score.score_entities(golds, preds), **score.score_quotes(golds, preds)}
    return {m: out[m] for m in METRICS}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(DEFAULT_EVAL / "annotations-dev.json"))
    parser.add_argument("--score", default=str(DEFAULT_EVAL / "score.py"), help="path to score.py")
    parser.add_argument("--rules", help="comma-separated rule names (default: every rule)")
    args = parser.parse_args()
    score = load_scorer(Path(args.score))
    golds = score.load_gold(args.gold)
    names = args.rules.split(",") if args.rules else list(rules.RULES)

    cleaned = {i: clean_text(g.get("raw_text") or "", url=g.get("url")) for i, g in golds.items()}
    docs = dict(zip(cleaned, parse_many(c.body for c in cleaned.values())))
    sets = {
        f"first {sum(g.get('source_set') == TUNED_ON for g in golds.values())}": {
            i: g for i, g in golds.items() if g.get("source_set") == TUNED_ON
        },
        f"other {sum(g.get('source_set') != TUNED_ON for g in golds.values())}": {
            i: g for i, g in golds.items() if g.get("source_set") != TUNED_ON
        },
        f"all {len(golds)}": golds,
    }

    def run() -> dict[str, dict[str, float]]:
        preds = {i: enrich_doc(doc) for i, doc in docs.items()}
        return {name: scores(score, subset, preds) for name, subset in sets.items()}

    full = run()
    print("with every rule on:")
    for name, values in full.items():
        print(f"  {name:>9}: " + "  ".join(f"{m} {v:.3f}" for m, v in values.items()))
    print("\nscore with the rule minus score without it (positive: the rule helps)")
    header = "".join(f"{f'{m[:6]} {s}':>17}" for m in ("entity", "quotes") for s in sets)
    print(f"{'rule':32}{header}")
    for rule in names:
        with rules.switched_off(rule):
            without = run()
        cells = [full[s][m] - without[s][m] for m in METRICS for s in sets]
        print(f"{rule:32}" + "".join(f"{c:+17.4f}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
