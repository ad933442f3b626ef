"""`articles cluster`: the stories and copies ingest assigns to a list of articles, in a throwaway index.

Every item goes the way of `POST /articles` (title, date, source and URL as overrides), in
publication order, into indices under a fresh prefix that are deleted afterwards.
"""

import uuid

from elasticsearch import Elasticsearch

from service.ingestion.loader import load
from service.store.indices import Indices
from service.store.repository import Repository

PAYLOAD_FIELDS = ("text", "html", "title", "published_at", "source", "url")


def cluster(es: Elasticsearch, items: list[dict], prefix: str, workers: int = 1) -> dict[str, dict]:
    """Input id -> {"story": story id, "duplicate_of": input id of the earliest copy or None};
    items that could not be stored map to {"story": None, "duplicate_of": None, "error": detail}."""
    indices = Indices(f"{prefix}-cluster-{uuid.uuid4().hex[:8]}")
    indices.ensure(es)
    try:
        ordered = sorted(items, key=lambda i: (i.get("published_at") or "", str(i["id"])))
        payloads = [{k: i[k] for k in PAYLOAD_FIELDS if i.get(k)} for i in ordered]
        results = load(Repository(es, indices), payloads, workers=workers)
        stored = [r["id"] for r in results if r["id"] and not r["error"]]
        found = es.mget(index=indices.articles, ids=stored, source=["story_id", "duplicate_of"])["docs"]
        by_article = {d["_id"]: d["_source"] for d in found if d.get("found")}
        input_id = {r["id"]: str(item["id"]) for r, item in zip(results, ordered)}
        out: dict[str, dict] = {}
        for item, result in zip(ordered, results):
            doc = by_article.get(result["id"])
            if doc is None:
                error = result["error"]["detail"] if result["error"] else "not stored"
                out[str(item["id"])] = {"story": None, "duplicate_of": None, "error": error}
                continue
            copy_of = doc.get("duplicate_of")
            out[str(item["id"])] = {
                "story": doc["story_id"],
                "duplicate_of": copy_of and input_id.get(copy_of, copy_of),
            }
        return out
    finally:
        indices.drop(es)
