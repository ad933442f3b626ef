"""Ablation of the entity and quote correction rules, cross-validated: what each one is worth on
articles the typing model was not trained on.

    python -m benchmarks.ablation [GOLD.json] [--score path/to/score.py] [--rules a,b,...]

Every article is cleaned and parsed once (benchmarks.eval_enrich, parses cached). With every rule
on, and again with each rule (service.pipeline.enrich.rules) switched off alone, the candidates
are found again, the entity typing is retrained on the training part of every fold and the
held-out articles are scored: 5-fold by article and leave-one-source-out, as `make
train-entities` does. For each rule the table gives the score with the rule minus the score
without it (positive: the rule helps), for entity macro F1 and for attributed quote F1 (quote F1
times speaker accuracy). A rule is worth keeping only where it helps cross-validated.
"""

import argparse
import json
from pathlib import Path

from benchmarks.baseline_enrich import DEFAULT_EVAL, load_scorer
from benchmarks.eval_enrich import Dataset, cross_validated, load_docs
from service.pipeline.enrich import rules

METRICS = ("entity_macro_f1", "quote_attributed_f1")
SCHEMES = ("5-fold", "leave-one-source-out")


def run(gold: list[dict], docs, score) -> dict[str, dict[str, float]]:
    """The two metrics under both cross-validation schemes, with the rules as they are switched now."""
    rows = cross_validated(Dataset(gold, docs, score))
    return {s: {m: rows[s][m] for m in METRICS} for s in SCHEMES}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(DEFAULT_EVAL / "annotations-dev.json"))
    parser.add_argument("--score", default=str(DEFAULT_EVAL / "score.py"), help="path to score.py")
    parser.add_argument("--rules", help="comma-separated rule names (default: every rule)")
    args = parser.parse_args()
    score = load_scorer(Path(args.score))
    gold = json.loads(Path(args.gold).read_text(encoding="utf-8"))
    names = args.rules.split(",") if args.rules else list(rules.RULES)
    docs = load_docs(gold)

    full = run(gold, docs, score)
    print("with every rule on:")
    for scheme, values in full.items():
        print(f"  {scheme:>20}: " + "  ".join(f"{m} {v:.3f}" for m, v in values.items()))
    print("\nscore with the rule minus score without it (positive: the rule helps)")
    header = "".join(f"{f'{m[:6]} {s[:6]}':>15}" for m in ("entity", "quotes") for s in SCHEMES)
    print(f"{'rule':32}{header}")
    for rule in names:
        with rules.switched_off(rule):
            without = run(gold, docs, score)
        cells = [full[s][m] - without[s][m] for m in METRICS for s in SCHEMES]
        print(f"{rule:32}" + "".join(f"{c:+15.4f}" for c in cells), flush=True)


if __name__ == "__main__":
    main()
