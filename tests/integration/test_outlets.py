"""Outlets as data: a name and a domain per article, `source=` by either, /sources, facets."""

import pytest

from tests.conftest import keyed_client
from tests.integration.articles import article_text
from tests.integration.helpers import isolated_app

PAGES = [  # (lines above the article, url, lines below it)
    (["Harbour plan approved - BBC News"], "https://www.bbc.co.uk/news/a", []),
    (["Harbour plan approved | The Guardian"], "https://www.theguardian.com/uk/b", []),
    ([], "https://news.sky.com/story/c", []),
    (["The Independent", "News"], "https://www.independent.co.uk/d", ["© 2026 Independent Digital News & Media Ltd"]),
    ([], None, ["© 2026 The Harbour Gazette. All rights reserved."]),
]


@pytest.fixture(scope="module")
def outlets(es_url):
    with isolated_app(es_url) as app:
        client = keyed_client(app)
        docs = []
        for n, (above, url, below) in enumerate(PAGES):
            text = "\n".join([*above, article_text(n).replace("© 2026 Example News", ""), *below])
            response = client.post("/articles", json={"text": text, **({"url": url} if url else {})})
            assert response.status_code == 201, response.json
            docs.append(response.json)
        yield client, docs


def test_each_article_has_its_outlet_name_and_domain_apart(outlets):
    _, docs = outlets
    assert [(d["source"], d["source_domain"]) for d in docs] == [
        ("BBC News", "bbc.co.uk"),
        ("The Guardian", "theguardian.com"),
        (None, "sky.com"),
        ("The Independent", "independent.co.uk"),  # the masthead, not the copyright holder's company
        ("The Harbour Gazette", None),
    ]


@pytest.mark.parametrize(
    "given, domain",
    [
        ("BBC", "bbc.co.uk"), ("bbc.co.uk", "bbc.co.uk"), ("WWW.BBC.CO.UK", "bbc.co.uk"), ("bbc news", "bbc.co.uk"),
        ("guardian", "theguardian.com"), ("The%20Guardian", "theguardian.com"), ("theguardian.com", "theguardian.com"),
        ("news.sky.com", "sky.com"), ("sky.com", "sky.com"), ("Independent", "independent.co.uk"),
        ("harbour%20gazette", None),
    ],
)  # fmt: skip
def test_source_matches_the_name_or_the_domain(outlets, given, domain):
    client, docs = outlets
    for path in ("/articles", "/quotes"):
        assert client.get(f"{path}?source={given}").status_code == 200
    items = client.get(f"/articles?source={given}").json["items"]
    assert [i["source_domain"] for i in items] == [domain]


def test_a_partial_word_is_not_an_outlet(outlets):
    client, _ = outlets
    assert client.get("/articles?source=bb").json["total"] == 0


def test_sources_lists_outlets_with_counts_and_completes_a_prefix(outlets):
    client, _ = outlets
    items = client.get("/sources").json["items"]
    assert {(i["name"], i["domain"], i["count"]) for i in items} == {
        ("BBC News", "bbc.co.uk", 1), ("The Guardian", "theguardian.com", 1), (None, "sky.com", 1),
        ("The Independent", "independent.co.uk", 1), ("The Harbour Gazette", None, 1),
    }  # fmt: skip
    assert [i["domain"] for i in client.get("/sources?prefix=gu").json["items"]] == ["theguardian.com"]
    assert [i["domain"] for i in client.get("/sources?prefix=SKY").json["items"]] == ["sky.com"]
    assert [i["name"] for i in client.get("/sources?prefix=harb").json["items"]] == ["The Harbour Gazette"]
    assert len(client.get("/sources?limit=2").json["items"]) == 2


def test_facets_count_outlets(outlets):
    client, _ = outlets
    facets = client.get("/articles?facets=source").json["facets"]["source"]
    assert {f["name"] for f in facets} == {"BBC News", "The Guardian", "The Independent", "The Harbour Gazette"}
