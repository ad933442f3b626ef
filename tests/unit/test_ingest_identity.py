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


@pytest.mark.parametrize(
    "spelling",
    [
        "https://news.example/caf%C3%A9/story",  # the reference spelling
        "https://news.example/cafe\u0301/story",  # NFD: e + combining acute
        "https://news.example/café/story",  # raw, NFC
        "https://news.example/caf%c3%a9/story",  # lower-case escapes
        "https://news.example./caf%C3%A9/story",  # trailing-dot host
        "https://news.example:443/caf%C3%A9/story",  # default port
        "HTTPS://NEWS.EXAMPLE/caf%C3%A9/story/",
        "https://news.example/./caf%C3%A9/x/../story",  # dot segments
        "https://news.example//caf%C3%A9///story",  # repeated slashes
        "https://news.example/caf%C3%A9/story?UTM_Source=x&Fbclid=y",  # tracking parameters in any case
        "https://news.example/%63af%C3%A9/st%6Fry",  # escaped unreserved characters
    ],
)
def test_one_page_has_one_id_whatever_the_spelling(spelling):
    assert article_id(spelling, None, None) == article_id("https://news.example/caf%C3%A9/story", None, None)


@pytest.mark.parametrize(
    "a, b",
    [
        ("https://news.example/a%2Fb", "https://news.example/a/b"),  # an escaped slash is not a separator
        ("http://news.example/a", "https://news.example/a"),
        ("https://news.example:8443/a", "https://news.example/a"),
        ("https://news.example/Story", "https://news.example/story"),
        ("https://news.example/a?id=1", "https://news.example/a?id=2"),
        ("https://news.example/a?ID=1", "https://news.example/a?id=1"),  # only tracking names ignore case
    ],
)
def test_different_pages_keep_different_ids(a, b):
    assert normalize_url(a) != normalize_url(b)


def test_an_odd_port_or_an_ipv6_host_is_kept():
    assert normalize_url("https://[2001:db8::1]:443/a") == "https://[2001:db8::1]/a"
    assert normalize_url("https://user@news.example:80/a") == "https://user@news.example:80/a"
