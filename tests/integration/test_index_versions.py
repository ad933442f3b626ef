"""An index written by an earlier version: reported at start, moved by `articles reprocess`."""

import uuid

from elasticsearch import Elasticsearch

from service.ingestion.documents import article_id
from service.ingestion.reprocess import reprocess
from service.store.indices import Indices
from tests.integration.stories_data import HARBOUR

OLD_MAPPING = {
    "properties": {
        "id": {"type": "keyword"},
        "published_at": {"type": "date"},
        "ingested_at": {"type": "date"},
        "raw": {"type": "object", "enabled": False},
    }
}


def test_an_older_version_is_reported_and_reprocess_moves_it(es_url, caplog):
    es = Elasticsearch(es_url)
    indices = Indices(f"test-oldversion-{uuid.uuid4().hex[:8]}")
    old = f"{indices.articles}-v1"
    es.indices.create(index=old, aliases={indices.articles: {"is_write_index": True}}, mappings=OLD_MAPPING)
    try:
        raw = {"text": HARBOUR["text"], "url": HARBOUR["url"], "published_at": HARBOUR["published_at"]}
        stored_id = article_id(HARBOUR["url"], None, None)
        document = {"id": stored_id, "ingested_at": "2026-03-10T10:00:00Z", "raw": raw}
        es.index(index=old, id=stored_id, document=document)
        es.indices.refresh(index=old)
        with caplog.at_level("WARNING", logger="service.store.indices"):
            indices.ensure(es)
        assert old in caplog.text and "articles reprocess" in caplog.text

        new = reprocess(es, indices)
        [doc] = [h["_source"] for h in es.search(index=indices.articles)["hits"]["hits"]]
        assert doc["story_id"] and doc["stems"]["title"].startswith("coast council back harbour")
        assert es.count(index=indices.stories)["count"] == 1 and list(es.indices.get_alias(name=indices.articles)) == [
            new.articles
        ]
    finally:
        indices.drop(es)
