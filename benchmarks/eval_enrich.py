"""Entities and speakers on the annotated development articles: in-sample, 5-fold by article and
leave-one-source-out, scored by score.py's own functions; and the training of the entity typing.

    python -m benchmarks.eval_enrich            # the table for the packaged model
    python -m benchmarks.eval_enrich train      # retrain on all articles, write the model, print the table
    python -m benchmarks.eval_enrich cv --shuffles 5   # entities only, cross-validated: ~30 s, to choose by

`cv` trains nothing to keep and scores no quotes: it prints 5-fold entity scores for several
shuffles of the folds, their mean, leave-one-source-out, and the mean of those two means, the
figure changes are chosen by (differences within about ±0.003 are noise on 52 articles).

Each article's raw text is cleaned, and parsed once (cached under .cache/eval_enrich/ by the bodies). The typing
model is trained by projecting each article's gold entity lists onto its candidate groups (a group
whose name, else one of whose mentions, matches a gold name takes that name's type; the others are
not entities). Needs scikit-learn (the `train` extra) for training only.
"""

import argparse
import hashlib
import json
import random
from pathlib import Path

from spacy.tokens import Doc, DocBin

from benchmarks.baseline_enrich import DEFAULT_EVAL, ROOT, load_scorer
from service.pipeline.clean.page import clean_text
from service.pipeline.enrich.entities import ENTITY_TYPES, candidates, extract_entities
from service.pipeline.enrich.entity_types import MODEL_FILE, NOT_AN_ENTITY, Typer, default_typer, features
from service.pipeline.enrich.nlp import get_nlp, lower_case_words, parse_many
from service.pipeline.enrich.quotes import extract_quotes

CACHE = ROOT / ".cache" / "eval_enrich"
MODEL_PATH = ROOT / "service" / "pipeline" / "data" / MODEL_FILE
FOLDS, SEED = 5, 0
C, NONE_BIAS = 1.0, -0.3  # chosen by the 5-fold mean of entity macro F1
# Added to the organisation class's intercept (log-odds), chosen by the mean of the 5-fold and
# leave-one-source-out entity macro F1 (0.1-0.3 all above none; 0.2 best).
ORG_BIAS = 0.2
ENTITY_COLUMNS = ("entity_macro_f1", "person_f1", "organization_f1", "location_f1")
COLUMNS = (*ENTITY_COLUMNS, "speaker_accuracy", "quote_f1")


def load_docs(gold: list[dict]) -> list[Doc]:
    """Each article's body cleaned from its raw text, parsed; the parses are cached by the bodies."""
    bodies = [clean_text(a["raw_text"], url=a.get("url")).body for a in gold]
    key = hashlib.sha256("\0".join(bodies).encode()).hexdigest()[:16]
    path = CACHE / f"{key}.spacy"
    nlp = get_nlp()
    if path.exists():
        docs = list(DocBin().from_disk(path).get_docs(nlp.vocab))
    else:
        docs = list(parse_many(bodies))
        CACHE.mkdir(parents=True, exist_ok=True)
        DocBin(store_user_data=True, docs=docs).to_disk(path)
    for doc, body in zip(docs, bodies):
        doc.user_data = {"text": body}
    return docs


class Dataset:
    """Candidate features and projected labels of every article, computed once."""

    def __init__(self, gold: list[dict], docs: list[Doc], score):
        self.gold, self.docs, self.score = gold, docs, score
        self.features, self.labels = [], []
        for article, doc in zip(gold, docs):
            words = lower_case_words(doc)
            cands = candidates(doc)
            self.features.append([features(doc, c, words) for c in cands])
            self.labels.append([self.label(c, article["entities"]) for c in cands])

    def label(self, cand, gold_entities: dict) -> str:
        """The gold type whose list names the group (its canonical name first, then any mention)."""
        norm, match = self.score.norm_name, self.score.ent_match
        for names in ([cand.name], [m.text for m in cand.members]):
            for kind in ENTITY_TYPES:
                for gold_name in gold_entities.get(kind) or []:
                    key = norm(gold_name)
                    if key and any(match(key, norm(n), kind) for n in names):
                        return kind
        return NOT_AN_ENTITY

    def train(self, idx: list[int], c: float = C, none_bias: float = NONE_BIAS) -> Typer:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
        from threadpoolctl import threadpool_limits

        vectorizer = DictVectorizer()
        x = vectorizer.fit_transform([f for i in idx for f in self.features[i]])
        y = [label for i in idx for label in self.labels[i]]
        with threadpool_limits(1):  # a few hundred rows: threads only contend (60 x slower on a busy machine)
            clf = LogisticRegression(C=c, max_iter=5000, random_state=SEED).fit(x, y)
        weights = {}
        for j, name in enumerate(vectorizer.get_feature_names_out()):
            column = [round(float(w), 4) for w in clf.coef_[:, j]]
            if any(column):
                weights[str(name)] = column
        classes = [str(k) for k in clf.classes_]
        intercept = [
            round(float(b) + (ORG_BIAS if k == "organization" else 0.0), 4) for k, b in zip(classes, clf.intercept_)
        ]
        return Typer(classes, intercept, weights, none_bias)

    def predict(self, typer: Typer, i: int, quotes: bool = True) -> dict:
        doc = self.docs[i]
        entities = extract_entities(doc, typer)
        if not quotes:
            return {"entities": entities.names()}
        return {"entities": entities.names(), "quotes": [q.as_dict() for q in extract_quotes(doc, entities)]}


def splits(gold: list[dict], seed: int = SEED) -> list[tuple[str, list[int]]]:
    """5 folds by article (shuffled with a fixed seed), then one fold per source set."""
    order = list(range(len(gold)))
    random.Random(seed).shuffle(order)
    folds = [(f"fold{k}", sorted(order[k::FOLDS])) for k in range(min(FOLDS, len(gold)))]
    sources = sorted({g["source_set"] for g in gold})
    return folds + [(f"source:{s}", [i for i, g in enumerate(gold) if g["source_set"] == s]) for s in sources]


def scores(data: Dataset, preds: dict[int, dict], idx: list[int]) -> dict:
    golds = {data.gold[i]["id"]: data.gold[i] for i in idx}
    out = {data.gold[i]["id"]: preds[i] for i in idx}
    quotes = data.score.score_quotes(golds, out) if all("quotes" in p for p in out.values()) else {}
    return {**data.score.score_entities(golds, out), **quotes}


def shuffled(data: Dataset, shuffles: int) -> dict[str, dict]:
    """Entity rows only: 5-fold for seeds 0..shuffles-1 and their mean, leave-one-source-out, and
    the mean of the two (what a change is chosen by)."""
    rows = {}
    for seed in range(shuffles):
        rows[f"5-fold, shuffle {seed}"] = cross_validated(data, seed, quotes=False)["5-fold"]
    mean = {c: sum(r[c] for r in rows.values()) / shuffles for c in ENTITY_COLUMNS}
    loso = cross_validated(data, quotes=False)["leave-one-source-out"]
    both = {c: (mean[c] + loso[c]) / 2 for c in ENTITY_COLUMNS}
    return rows | {"5-fold mean": mean, "leave-one-source-out": loso, "mean of the two": both}


def cross_validated(data: Dataset, seed: int = SEED, quotes: bool = True) -> dict[str, dict]:
    """Rows: 5-fold and leave-one-source-out pooled over all articles, then each held-out source."""
    everything = list(range(len(data.gold)))
    cross: dict[int, dict] = {}
    by_source: dict[int, dict] = {}
    per_source = {}
    for name, test in splits(data.gold, seed):
        typer = data.train([i for i in everything if i not in test])
        preds = {i: data.predict(typer, i, quotes) for i in test}
        (by_source if name.startswith("source:") else cross).update(preds)
        if name.startswith("source:"):
            per_source[f"held-out {name[7:]}"] = scores(data, preds, test)
    return {
        "5-fold": scores(data, cross, everything),
        "leave-one-source-out": scores(data, by_source, everything),
        **per_source,
    }


def table(data: Dataset, final: Typer) -> dict[str, dict]:
    """Rows: in-sample (the final model), then the cross-validated ones."""
    everything = list(range(len(data.gold)))
    rows = {"in-sample": scores(data, {i: data.predict(final, i) for i in everything}, everything)}
    return rows | cross_validated(data)


def print_table(rows: dict[str, dict], columns: tuple[str, ...] = COLUMNS) -> None:
    print(f"| {'':24} | " + " | ".join(c.replace("_f1", "").replace("_", " ") for c in columns) + " |")
    print("|" + "---|" * (len(columns) + 1))
    for name, row in rows.items():
        print(f"| {name:24} | " + " | ".join(f"{row[c]:.4f}" for c in columns) + " |")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("command", nargs="?", choices=("table", "train", "cv"), default="table")
    parser.add_argument("--shuffles", type=int, default=3, help="cv: how many shufflings of the 5 folds")
    parser.add_argument("--gold", type=Path, default=DEFAULT_EVAL / "annotations-dev.json")
    parser.add_argument("--score", type=Path, default=DEFAULT_EVAL / "score.py")
    args = parser.parse_args(argv)
    gold = json.loads(args.gold.read_text(encoding="utf-8"))
    data = Dataset(gold, load_docs(gold), load_scorer(args.score))
    if args.command == "cv":
        print_table(shuffled(data, args.shuffles), ENTITY_COLUMNS)
        return
    if args.command == "train":
        final = data.train(list(range(len(gold))))
        model = {
            "classes": final.classes,
            "intercept": final.intercept,
            "none_bias": final.none_bias,
            "weights": dict(sorted(final.weights.items())),
        }
        MODEL_PATH.parent.mkdir(parents=True, exist_ok=True)
        MODEL_PATH.write_text(json.dumps(model, separators=(",", ":")) + "\n", encoding="utf-8")
        print(
            f"wrote {MODEL_PATH.relative_to(ROOT)} ({MODEL_PATH.stat().st_size // 1024} KiB, "
            f"{len(final.weights)} features)"
        )
    else:
        final = default_typer()
    print_table(table(data, final))


if __name__ == "__main__":
    main()
