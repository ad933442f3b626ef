"""Settings come from the environment and are validated once."""

import pytest

from service.settings import Settings, SettingsError


def test_defaults_use_the_local_node():
    s = Settings.from_env({})
    assert s.elasticsearch_url is None and s.index_prefix == "articles"


def test_values_are_read():
    s = Settings.from_env({"ELASTICSEARCH_URL": " http://es:9200 ", "ARTICLES_INDEX_PREFIX": "news-test"})
    assert (s.elasticsearch_url, s.index_prefix) == ("http://es:9200", "news-test")


@pytest.mark.parametrize(
    "env", [{"ARTICLES_INDEX_PREFIX": "Bad Prefix"}, {"ARTICLES_INDEX_PREFIX": "_x"}, {"ARTICLES_ES_TIMEOUT": "soon"}]
)
def test_bad_values_name_the_variable(env):
    with pytest.raises(SettingsError, match=next(iter(env))):
        Settings.from_env(env)


def test_index_layout_defaults_to_one_shard_and_a_replica_where_a_second_node_exists():
    s = Settings.from_env({})
    assert (s.shards, s.replicas, s.wait_for_active_shards) == (1, None, "1")
    s = Settings.from_env({"ARTICLES_SHARDS": "3", "ARTICLES_REPLICAS": "0", "ARTICLES_WAIT_FOR_ACTIVE_SHARDS": "ALL"})
    assert (s.shards, s.replicas, s.wait_for_active_shards) == (3, 0, "all")


@pytest.mark.parametrize(
    "env",
    [
        {"ARTICLES_SHARDS": "0"},
        {"ARTICLES_REPLICAS": "-1"},
        {"ARTICLES_REPLICAS": "two"},
        {"ARTICLES_WAIT_FOR_ACTIVE_SHARDS": "0"},
        {"ARTICLES_WAIT_FOR_ACTIVE_SHARDS": "most"},
    ],
)
def test_bad_index_layout_names_the_variable(env):
    with pytest.raises(SettingsError, match=next(iter(env))):
        Settings.from_env(env)
