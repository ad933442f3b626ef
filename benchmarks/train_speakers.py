"""Train the speaker ranking on the annotated development articles and print its speaker accuracy
in-sample, 5-fold by article and leave-one-source-out (score.py's own scoring).

    python -m benchmarks.train_speakers            # retrain, write the model, print the table
    python -m benchmarks.train_speakers --dry-run  # print the table only
    python -m benchmarks.train_speakers --dry-run --shuffles 5  # and 5-fold over five shuffles

Every quote's candidates and features are recorded once per entity model (see speakers.py): the
packaged entity typing for the model written and the in-sample row, and in each held-out split an
entity typing trained without that split's articles, so no held-out article teaches either model.
A candidate is labelled right when score.py counts its name as the gold speaker (no speaker for
an unknown one); quotes no candidate gets right and quotes that match no gold quote are left out
of training. Needs scikit-learn (the `train` extra, and its scipy).
"""

import argparse
import json
from dataclasses import dataclass
from pathlib import Path

from benchmarks.baseline_enrich import DEFAULT_EVAL, ROOT, load_scorer
from benchmarks.eval_enrich import FOLDS, Dataset, load_docs, splits
from service.pipeline.enrich.entities import extract_entities
from service.pipeline.enrich.entity_types import Typer, default_typer
from service.pipeline.enrich.quotes import extract_quotes
from service.pipeline.enrich.speakers import MODEL_FILE, Candidate, Ranker

MODEL_PATH = ROOT / "service" / "pipeline" / "data" / MODEL_FILE
C = 0.1  # chosen by the mean of the 5-fold and leave-one-source-out speaker accuracy


@dataclass
class Recorded:
    """One predicted quote: its text and the names, kinds and features of its candidates."""

    text: str
    start: int
    end: int
    names: list[str]
    kinds: list[str]
    features: list[dict[str, float]]


class Recorder(Ranker):
    """Keeps every quote's candidates and features, and leaves the rules' pick (the first)."""

    def __init__(self) -> None:
        super().__init__(0.0, {})
        self.seen: list[tuple[list[Candidate], list[dict[str, float]]]] = []

    def pick(self, cands: list[Candidate], feats: list[dict[str, float]]) -> int:
        self.seen.append((cands, feats))
        return 0


def record(doc, typer: Typer) -> list[Recorded]:
    recorder = Recorder()
    quotes = extract_quotes(doc, extract_entities(doc, typer), recorder)
    return [
        Recorded(q.text, q.start, q.end, [c.name for c in cands], [c.kind for c in cands], feats)
        for q, (cands, feats) in zip(quotes, recorder.seen)
    ]


def matched_gold(score, gold_quotes: list[dict], recorded: list[Recorded]) -> list[dict | None]:
    """For each recorded quote, the gold quote score.py pairs it with (its greedy order), or None."""
    out: list[dict | None] = [None] * len(recorded)
    for g in gold_quotes:
        hit = next((i for i, r in enumerate(recorded) if out[i] is None and score.quote_match(g["text"], r.text)), None)
        if hit is not None:
            out[hit] = g
    return out


def labels(score, gold: dict | None, rec: Recorded) -> list[int] | None:
    if gold is None:
        return None
    if gold.get("speaker_kind") == "unknown" or gold.get("speaker", "").lower() == "unknown":
        ys = [int(not name) for name in rec.names]
    else:
        ys = [int(bool(name) and score.same_speaker(gold["speaker"], name)) for name in rec.names]
    return ys if any(ys) else None


class Quotes:
    """Recorded candidates of every article under one entity typing, with their labels."""

    def __init__(self, gold: list[dict], docs, score, typer: Typer, idx: list[int]):
        self.score = score
        self.recorded = {i: record(docs[i], typer) for i in idx}
        self.labels = {
            i: [labels(score, g, r) for g, r in zip(matched_gold(score, gold[i]["quotes"], rs), rs)]
            for i, rs in self.recorded.items()
        }

    def train(self, idx: list[int], c: float = C) -> Ranker:
        """A conditional logit: the softmax over each quote's candidates puts its weight on the right
        ones (log of their summed probability), with an L2 penalty of 1/(2c) on the weights."""
        import numpy as np
        from scipy.optimize import minimize
        from sklearn.feature_extraction import DictVectorizer

        groups = [
            (rec.features, y)
            for i in idx
            for rec, y in zip(self.recorded[i], self.labels[i])
            if y is not None and len(y) > 1
        ]
        vectorizer = DictVectorizer()
        x = vectorizer.fit_transform([f for feats, _ in groups for f in feats]).tocsr()
        right = np.array([v for _, y in groups for v in y], dtype=bool)
        bounds = np.cumsum([0] + [len(y) for _, y in groups])
        owner = np.repeat(np.arange(len(groups)), np.diff(bounds))

        def loss(w: "np.ndarray") -> tuple[float, "np.ndarray"]:
            scores = x @ w
            top = np.maximum.reduceat(scores, bounds[:-1])[owner]
            e = np.exp(scores - top)
            total = np.add.reduceat(e, bounds[:-1])
            good = np.add.reduceat(np.where(right, e, 0.0), bounds[:-1])
            value = -np.sum(np.log(good) - np.log(total)) + w @ w / (2 * c)
            p_all = e / total[owner]
            p_good = np.where(right, e / good[owner], 0.0)
            return value, x.T @ (p_all - p_good) + w / c

        w = minimize(loss, np.zeros(x.shape[1]), jac=True, method="L-BFGS-B").x
        names = vectorizer.get_feature_names_out()
        return Ranker(0.0, {str(n): round(float(v), 4) for n, v in zip(names, w) if round(float(v), 4)})

    def predict(self, ranker: Ranker, i: int) -> dict:
        quotes = []
        for rec in self.recorded[i]:
            k = ranker.pick([], rec.features) if rec.names else 0
            quotes.append({"text": rec.text, "speaker": rec.names[k] or None})
        return {"quotes": quotes}


def accuracy(score, gold: list[dict], preds: dict[int, dict]) -> dict:
    golds = {gold[i]["id"]: gold[i] for i in preds}
    return score.score_quotes(golds, {gold[i]["id"]: p for i, p in preds.items()})


def table(gold, docs, score, packaged: Quotes, final: Ranker, c: float, fold_typing: bool) -> dict[str, dict]:
    """Rows: in-sample (the final model), 5-fold, leave-one-source-out pooled and per held-out
    source; each with the ranked speakers' accuracy and the rules' alone on the same quotes."""
    everything = list(range(len(gold)))
    rules = Ranker(0.0, {"rule": 1.0, "nobody": 0.5})  # the rules' pick, else nobody

    def row(quotes: Quotes, ranker: Ranker, idx: list[int]) -> dict:
        ranked = accuracy(score, gold, {i: quotes.predict(ranker, i) for i in idx})
        alone = accuracy(score, gold, {i: quotes.predict(rules, i) for i in idx})
        return {**ranked, "rules_speaker_accuracy": alone["speaker_accuracy"]}

    rows = {"in-sample": row(packaged, final, everything)}
    entity_data = Dataset(gold, docs, score) if fold_typing else None
    held: dict[str, list[tuple[Quotes, Ranker, list[int]]]] = {"5-fold": [], "leave-one-source-out": []}
    per_source = {}
    for name, test in splits(gold):
        train = [i for i in everything if i not in test]
        quotes = Quotes(gold, docs, score, entity_data.train(train), everything) if entity_data else packaged
        ranker = quotes.train(train, c)
        held["leave-one-source-out" if name.startswith("source:") else "5-fold"].append((quotes, ranker, test))
        if name.startswith("source:"):
            per_source[f"held-out {name[7:]}"] = row(quotes, ranker, test)
    for name, parts in held.items():
        ranked = {i: q.predict(r, i) for q, r, test in parts for i in test}
        alone = {i: q.predict(rules, i) for q, _, test in parts for i in test}
        rows[name] = {
            **accuracy(score, gold, ranked),
            "rules_speaker_accuracy": accuracy(score, gold, alone)["speaker_accuracy"],
        }
    rows.update(per_source)
    return rows


def shuffled(gold, docs, score, packaged: Quotes, c: float, fold_typing: bool, seeds: range) -> None:
    """Print 5-fold speaker accuracy with the articles shuffled by each seed, and their mean: one
    split moves by a few quotes, so choices are made on the mean."""
    everything = list(range(len(gold)))
    entity_data = Dataset(gold, docs, score) if fold_typing else None
    found = []
    for seed in seeds:
        preds = {}
        for _, test in splits(gold, seed)[:FOLDS]:
            train = [i for i in everything if i not in test]
            quotes = Quotes(gold, docs, score, entity_data.train(train), everything) if entity_data else packaged
            preds.update({i: quotes.predict(quotes.train(train, c), i) for i in test})
        found.append(accuracy(score, gold, preds)["speaker_accuracy"])
    each = ", ".join(f"{a:.3f}" for a in found)
    print(
        f"5-fold speaker accuracy over {len(found)} shuffles (seeds {seeds.start}-{seeds.stop - 1}): "
        f"mean {sum(found) / len(found):.4f} ({each})"
    )


def print_table(rows: dict[str, dict]) -> None:
    print(f"| {'':28} | speaker accuracy | rules alone | quote F1 | matched quotes |")
    print("|---|---|---|---|---|")
    for name, row in rows.items():
        matched = round(row["quote_recall"] * row["gold_quotes"])
        print(
            f"| {name:28} | {row['speaker_accuracy']:.3f} | {row['rules_speaker_accuracy']:.3f} "
            f"| {row['quote_f1']:.3f} | {matched} |"
        )


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--gold", type=Path, default=DEFAULT_EVAL / "annotations-dev.json")
    parser.add_argument("--score", type=Path, default=DEFAULT_EVAL / "score.py")
    parser.add_argument("--c", type=float, default=C, help="inverse regularisation strength")
    parser.add_argument("--dry-run", action="store_true", help="print the table, write no model")
    parser.add_argument("--shuffles", type=int, default=0, help="also 5-fold over this many shuffles (seeds 0..)")
    parser.add_argument(
        "--packaged-typing", action="store_true", help="held-out splits use the packaged entity typing (faster)"
    )
    args = parser.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    docs, score = load_docs(gold), load_scorer(args.score)
    packaged = Quotes(gold, docs, score, default_typer(), list(range(len(gold))))
    final = packaged.train(list(range(len(gold))), args.c)
    if not args.dry_run:
        model = {"intercept": final.intercept, "weights": dict(sorted(final.weights.items()))}
        MODEL_PATH.write_text(json.dumps(model, indent=0, separators=(",", ":")) + "\n", encoding="utf-8")
        print(f"wrote {MODEL_PATH.relative_to(ROOT)} ({len(final.weights)} features)")
    covered = sum(y is not None for ys in packaged.labels.values() for y in ys)
    print(f"matched quotes that have the gold speaker among their candidates: {covered}")
    print_table(table(gold, docs, score, packaged, final, args.c, not args.packaged_typing))
    if args.shuffles:
        shuffled(gold, docs, score, packaged, args.c, not args.packaged_typing, range(args.shuffles))


if __name__ == "__main__":
    main()
