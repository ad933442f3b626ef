"""Queries that would answer wrongly while looking right are refused: unknown parameters, empty
date windows, cursors of another search, forged cursors. Against a real node."""

import base64
import json

import pytest

from tests.conftest import keyed_client
from tests.integration.articles import article_text
from tests.integration.helpers import assert_problem, isolated_app, quoted_article


@pytest.fixture(scope="module")
def stored(es_url):
    """A client on its own indices holding four articles (two about strikes, two about water)."""
    with isolated_app(es_url) as app:
        client = keyed_client(app)
        for n, word in enumerate(["strike", "strike", "water", "water"]):
            text = quoted_article(n, quotes=3).replace("harbour", word)
            response = client.post("/articles", json={"text": text, "url": f"https://strict.example/{n}"})
            assert response.status_code == 201
        yield client


@pytest.mark.parametrize(
    "url, name, suggestion",
    [
        ("/articles?persons=Anna%20Berg", "persons", "person"),
        ("/quotes?speakr=Anna%20Berg", "speakr", "speaker"),
        ("/articles?publishedAfter=2030-01-01", "publishedAfter", "published_after"),
        ("/entities?type=person&prefx=be", "prefx", "prefix"),
        ("/entities/person/Anna%20Berg?limt=3", "limt", "limit"),
        ("/articles/abc?fields=id", "fields", None),
        ("/health?verbose=1", "verbose", None),
    ],
)
def test_an_unknown_query_parameter_is_named_with_the_closest_known_one(stored, url, name, suggestion):
    body = assert_problem(stored.get(url), 422, "query", name)
    message = body["errors"]["query"][name][0]
    assert message.startswith("Unknown parameter")
    if suggestion:
        assert f"did you mean `{suggestion}`?" in message and f"did you mean `{suggestion}`?" in body["detail"]


def test_unknown_parameters_on_writes_are_refused_before_anything_is_stored(client):
    response = client.post("/articles?replace=true", json={"text": article_text(1)})
    assert_problem(response, 422, "query", "replace")
    assert client.get("/articles").json["total"] == 0


@pytest.mark.parametrize("path", ["/articles", "/quotes"])
def test_a_window_that_ends_before_it_starts_is_refused(stored, path):
    body = assert_problem(
        stored.get(f"{path}?published_after=2026-03-01&published_before=2026-02-01"), 422, "query", "published_after"
    )
    assert "published_before" in body["errors"]["query"]["published_after"][0]
    same_day = stored.get(f"{path}?published_after=2026-02-01&published_before=2026-02-01T00:00:00Z")
    assert same_day.status_code == 200


def test_a_cursor_sent_to_another_endpoint_names_the_search_it_belongs_to(stored):
    cursor = stored.get("/quotes?q=strike&limit=2").json["next"]
    assert cursor
    body = assert_problem(stored.get(f"/articles?q=strike&limit=2&cursor={cursor}"), 400, "query", "cursor")
    assert "/quotes?limit" not in body["detail"] and "/quotes?q=strike&sort=relevance" in body["detail"]


def test_a_cursor_sent_with_another_query_names_the_query_it_belongs_to(stored):
    first = stored.get("/articles?q=strike&limit=1").json
    assert first["total"] == 2 and first["next"]
    body = assert_problem(stored.get(f"/articles?q=water&limit=1&cursor={first['next']}"), 400, "query", "cursor")
    assert "/articles?q=strike&sort=relevance" in body["detail"]
    for changed in ("sort=oldest", "source=elsewhere", "person=Anna%20Berg"):
        response = stored.get(f"/articles?q=strike&{changed}&limit=1&cursor={first['next']}")
        assert_problem(response, 400, "query", "cursor")
    # The same search continues, whatever the page size.
    second = stored.get(f"/articles?q=strike&limit=5&cursor={first['next']}").json
    assert second["total"] == 2 and len(second["items"]) == 1
    assert second["items"][0]["id"] != first["items"][0]["id"]


def _b64(raw: bytes) -> str:
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize(
    "raw",
    [b'[{"x":1},"y"]', b"[null,null]", b'[1e400,"y"]', b'[1000000000000000000000000000000,"y"]', b"{}", b"null",
     b'{"e":"/articles","d":"x","q":"x","a":[1]}', b"\xff\xfe", b"[" * 1000],
)  # fmt: skip
@pytest.mark.parametrize("path", ["/articles", "/quotes"])
def test_a_forged_cursor_is_not_a_cursor(stored, path, raw):
    body = assert_problem(stored.get(f"{path}?cursor={_b64(raw)}"), 400, "query", "cursor")
    assert body["detail"].startswith("not a cursor")


@pytest.mark.parametrize("after", [[1e308, 10**30, "a"], [None, 1, "a"], [1.0, 1.5, "a"], [1.0, 1, 2], [1.0, 1]])
def test_a_cursor_of_this_search_with_forged_sort_values_is_not_a_cursor(stored, after):
    cursor = stored.get("/articles?q=strike&limit=1").json["next"]
    data = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    forged = _b64(json.dumps({**data, "a": after}).encode())
    body = assert_problem(stored.get(f"/articles?q=strike&limit=1&cursor={forged}"), 400, "query", "cursor")
    assert body["detail"].startswith("not a cursor")
