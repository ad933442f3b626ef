"""`articles cluster`: the ingest path over a list, in throwaway indices that are removed afterwards."""

from service.ingestion.cluster import cluster
from service.settings import Settings
from service.store.connection import connect
from tests.integration.stories_data import HARBOUR, RETOLD, UNRELATED, WIRE_COPY


def test_cluster_assigns_stories_and_copies_and_leaves_no_index(es_url):
    es = connect(Settings.from_env({"ELASTICSEARCH_URL": es_url})).repository.es
    prefix = "test-cluster-cmd"
    items = [
        {"id": "retold", **RETOLD},
        {"id": "floods", **UNRELATED},
        {"id": "copy", **WIRE_COPY},
        {"id": "first", **HARBOUR},
        {"id": "empty", "text": "   ", "published_at": "2026-03-10"},
    ]
    out = cluster(es, items, prefix)
    assert out["first"]["story"] == out["copy"]["story"] == out["retold"]["story"] != out["floods"]["story"]
    assert out["copy"]["duplicate_of"] == "first" and out["first"]["duplicate_of"] is None
    assert out["empty"]["story"] is None and out["empty"]["error"]
    assert not es.indices.get(index=f"{prefix}-cluster-*", expand_wildcards="all")
