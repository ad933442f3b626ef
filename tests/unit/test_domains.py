"""The registered domain names an outlet whatever its host and however it is typed."""

import pytest

from service.pipeline.text.domains import host_of, registered_domain


@pytest.mark.parametrize(
    "given, domain",
    [
        ("https://www.bbc.co.uk/news/uk-1", "bbc.co.uk"),
        ("https://news.sky.com/story/a", "sky.com"),
        ("WWW.TheGuardian.com", "theguardian.com"),
        ("theguardian.com", "theguardian.com"),
        ("https://harbour.example/a", "harbour.example"),  # not a public suffix: the host
        ("http://localhost:8000/x", "localhost"),
        ("", None),
        (None, None),
    ],
)
def test_registered_domain(given, domain):
    assert registered_domain(given) == domain


def test_host_drops_www_and_a_trailing_dot():
    assert host_of("https://WWW.Example.com./a") == "example.com"
    assert host_of("not a url") == ""
