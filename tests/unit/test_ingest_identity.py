"""Article identity: URL normalization and content hashing."""

import pytest

from service.ingestion.documents import article_id, normalize_url


@pytest.mark.parametrize(
    "a,b",
    [
        ("https://News.Example/a/b/", "https://news.example/a/b"),
        ("https://news.example/a?utm_source=x&id=3#frag", "https://news.example/a?id=3"),
        ("https://news.example/a?b=2&a=1", "https://news.example/a?a=1&b=2"),
    ],
)
def test_equivalent_urls_normalize_alike(a, b):
    assert normalize_url(a) == normalize_url(b)


def test_different_paths_stay_different():
    assert normalize_url("https://news.example/a") != normalize_url("https://news.example/b")


def test_id_prefers_url_and_falls_back_to_normalized_content():
    assert article_id("https://x.example/a", "one", None) == article_id("https://x.example/a/", "two", None)
    assert article_id(None, "Some  text\n here", None) == article_id(None, "Some text here", None)
    assert article_id(None, "Some text", None) != article_id(None, "Other text", None)
