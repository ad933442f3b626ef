"""What relating costs at ingest, against what analysis costs: `python -m benchmarks.relate_cost IN.json`.

IN is a list of {id, title, text (or raw_text), published_at, source, url} (as for `articles cluster`,
or the annotated full articles). In publication order, batch by batch of the loader's size, the
articles are analysed (timed: clean + enrich) and then stored into throwaway indices, timing the
relate step (copy, story and statement queries and decisions) and the view rebuild (refresh,
stories and statements recomputed) apart from the writes. Analysing and storing alternate batch
by batch, so a change in the machine's load touches both sides of the ratio alike. Prints
milliseconds per article and the ratio to analysis.
"""

import argparse
import json
import time
import uuid
from pathlib import Path

from service.ingestion.cluster import PAYLOAD_FIELDS
from service.ingestion.documents import NoArticleBody, build_documents
from service.ingestion.loader import CHUNK
from service.pipeline.enrich.nlp import get_nlp
from service.settings import Settings
from service.store.connection import connect
from service.store.indices import Indices
from service.store.repository import Repository


def _timed(func, totals: dict, key: str):
    def wrapper(*args, **kwargs):
        started = time.perf_counter()
        try:
            return func(*args, **kwargs)
        finally:
            totals[key] += time.perf_counter() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("input")
    parser.add_argument("--articles", type=int, default=200, help="how many of IN (default 200)")
    args = parser.parse_args()
    items = sorted(json.loads(Path(args.input).read_text()), key=lambda i: (i.get("published_at") or "", i["id"]))
    items = items[: args.articles]
    payloads = [{"text": i.get("raw_text"), **{k: i[k] for k in PAYLOAD_FIELDS if i.get(k)}} for i in items]
    get_nlp()
    es = connect(Settings.from_env()).repository.es
    indices = Indices(f"bench-relate-{uuid.uuid4().hex[:8]}")
    indices.ensure(es)
    totals = {"analysis": 0.0, "relate": 0.0, "views": 0.0, "save": 0.0}
    stored = 0
    try:
        repo = Repository(es, indices)
        repo.relations.relate = _timed(repo.relations.relate, totals, "relate")  # type: ignore[method-assign]
        repo._rebuild_views = _timed(repo._rebuild_views, totals, "views")  # type: ignore[method-assign]
        for n in range(0, len(payloads), CHUNK):
            docs = _timed(build_documents, totals, "analysis")(payloads[n : n + CHUNK])
            docs = [d for d in docs if not isinstance(d, NoArticleBody)]
            _timed(repo.save_many, totals, "save")(docs)
            stored += len(docs)
    finally:
        indices.drop(es)
    per = {k: 1000 * v / stored for k, v in totals.items()}
    report = {
        "articles": stored,
        "analysis_ms": round(per["analysis"], 1),
        "relate_ms": round(per["relate"], 1),
        "views_ms": round(per["views"], 1),
        "write_ms": round(per["save"] - per["relate"] - per["views"], 1),
        "relate_ratio": round(per["relate"] / per["analysis"], 3),
        "relate_and_views_ratio": round((per["relate"] + per["views"]) / per["analysis"], 3),
    }
    print(json.dumps(report))


if __name__ == "__main__":
    main()
