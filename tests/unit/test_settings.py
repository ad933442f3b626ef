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
