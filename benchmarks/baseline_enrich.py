"""Entities and quotes: our pipeline next to plain spaCy NER and textacy, on gold bodies.

    python benchmarks/baseline_enrich.py [GOLD.json] [--score path/to/score.py]

GOLD is an annotation list with "gold_body" (default: ../shared/eval/annotations-dev.json).
Every system reads the gold body, so only entity and quote extraction is compared. The textacy
column needs the dev-only package `textacy` (pip install textacy); without it only spaCy NER and
ours are printed.
"""

import argparse
import importlib.util
import time
from functools import lru_cache
from pathlib import Path

import spacy

from service.pipeline.enrich.article import enrich
from service.pipeline.enrich.nlp import MODEL

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_EVAL = ROOT.parent / "shared" / "eval"
NER_TYPES = {"PERSON": "person", "ORG": "organization", "GPE": "location", "LOC": "location"}
QUOTE_MARKS = '"“”‘’«»„ '


def load_scorer(path: Path):
    spec = importlib.util.spec_from_file_location("score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@lru_cache(maxsize=1)
def stock_nlp():
    """The model with every stock component, as the baselines expect it (textacy reads lemmas)."""
    return spacy.load(MODEL)


def parse(body: str):
    return stock_nlp()(body)


def plain_spacy(body: str) -> dict:
    """Raw entity texts of the model, no cleaning or grouping."""
    out = {t: [] for t in ("person", "organization", "location")}
    for ent in parse(body).ents:
        if ent.label_ in NER_TYPES:
            out[NER_TYPES[ent.label_]].append(ent.text)
    return {"entities": out, "quotes": []}


def textacy_quotes(body: str):
    """textacy's direct_quotations over the same parse, or None when textacy is missing."""
    try:
        from textacy.extract.triples import direct_quotations
    except ImportError:
        return None
    try:
        triples = list(direct_quotations(parse(body)))
    except ValueError:  # textacy gives up on a document with an unclosed quotation mark
        triples = []
    quotes = [
        {"text": q.content.text.strip(QUOTE_MARKS).rstrip(","), "speaker": " ".join(t.text for t in q.speaker)}
        for q in triples
    ]
    return {"quotes": quotes, "entities": {}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("gold", nargs="?", default=str(DEFAULT_EVAL / "annotations-dev.json"))
    parser.add_argument("--score", default=str(DEFAULT_EVAL / "score.py"), help="path to score.py")
    args = parser.parse_args()
    score = load_scorer(Path(args.score))
    golds = score.load_gold(args.gold)
    bodies = {doc_id: g["gold_body"] for doc_id, g in golds.items()}

    enrich("Warm up.")  # load the models outside the timing
    parse("Warm up.")
    started = time.perf_counter()
    ours = {doc_id: enrich(body) for doc_id, body in bodies.items()}
    per_article = (time.perf_counter() - started) / max(1, len(bodies))
    systems = {"ours": ours, "spacy NER": {i: plain_spacy(b) for i, b in bodies.items()}}
    textacy = {i: textacy_quotes(b) for i, b in bodies.items()}
    if all(v is not None for v in textacy.values()):
        systems["textacy"] = textacy
    else:
        print("textacy is not installed: its quote column is left out (pip install textacy)")

    rows = {
        name: {**score.score_quotes(golds, preds), **score.score_entities(golds, preds)}
        for name, preds in systems.items()
    }
    quote_keys = ["quote_precision", "quote_recall", "quote_f1", "speaker_accuracy"]
    entity_keys = [f"{t}_f1" for t in score.ENTITY_TYPES] + ["entity_macro_f1"]
    print(f"{len(golds)} documents, gold bodies; ours {per_article * 1000:.0f} ms per article")
    print(f"{'':22}" + "".join(f"{name:>12}" for name in systems))
    for key in quote_keys + entity_keys:
        cells = []
        for name in systems:
            shown = (key in quote_keys and name != "spacy NER") or (key in entity_keys and name != "textacy")
            cells.append(f"{rows[name][key]:12.3f}" if shown else f"{'-':>12}")
        print(f"{key:22}" + "".join(cells))


if __name__ == "__main__":
    main()
