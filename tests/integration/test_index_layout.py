"""Indices are created with the configured shards, replicas and write quorum."""

from tests.integration.helpers import isolated_app


def index_settings(app) -> dict:
    repo = app.extensions["articles.repository"]()
    found = repo.es.indices.get_settings(index=f"{repo.indices.prefix}-*", flat_settings=True)
    return {name: body["settings"] for name, body in found.items()}


def test_default_layout_expands_to_one_replica_when_a_second_node_exists(es_url):
    with isolated_app(es_url) as app:
        settings = index_settings(app)
        assert len(settings) == 4  # articles, quotes, stories, statements
        for values in settings.values():
            assert values["index.number_of_shards"] == "1"
            assert values["index.auto_expand_replicas"] == "0-1"
            assert values["index.write.wait_for_active_shards"] == "1"
        health = app.extensions["articles.repository"]().es.cluster.health(index=",".join(settings))
        assert health["status"] == "green"  # one node: the replica count expanded to 0


def test_configured_layout(es_url):
    env = {"ARTICLES_SHARDS": "2", "ARTICLES_REPLICAS": "0", "ARTICLES_WAIT_FOR_ACTIVE_SHARDS": "all"}
    with isolated_app(es_url, **env) as app:
        for values in index_settings(app).values():
            assert values["index.number_of_shards"] == "2"
            assert values["index.number_of_replicas"] == "0"
            assert "index.auto_expand_replicas" not in values
            assert values["index.write.wait_for_active_shards"] == "all"
