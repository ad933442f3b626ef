"""/analyze and POST /articles agree on what an article is, and errors say what to do instead."""

import pytest

from tests.integration.helpers import assert_problem

PROSE = "\u201cThe ferry will run again in May,\u201d the harbour master, Ole Dahl, said on Friday."


def test_analyze_and_ingest_agree_on_a_single_paragraph_of_prose(client):
    analysed = client.post("/analyze", json={"text": PROSE})
    assert analysed.status_code == 200, analysed.json
    stored = client.post("/articles", json={"text": PROSE})
    assert stored.status_code == 201, stored.json
    assert analysed.json["body"] == stored.json["body"] == PROSE
    assert analysed.json["quotes"] == stored.json["quotes"] and analysed.json["quotes"][0]["speaker"] == "Ole Dahl"
    for field in ("title", "author", "source", "language", "published_at", "entity_details", "evidence"):
        assert analysed.json[field] == stored.json[field], field
    assert client.get(f"/articles/{stored.json['id']}").json["evidence"] == analysed.json["evidence"]


@pytest.mark.parametrize("path", ["/analyze", "/articles"])
def test_a_page_without_an_article_is_refused_by_both(client, path):
    body = assert_problem(client.post(path, json={"text": "Home\nSport\nShare this article"}), 422, "json", "text")
    assert "no article body" in body["detail"]


def test_overrides_apply_to_the_analysis_as_to_the_stored_article(client):
    payload = {"text": PROSE, "title": "Ferry returns", "source": "Harbour Weekly", "published_at": "2026-04-03"}
    analysed, stored = client.post("/analyze", json=payload).json, client.post("/articles", json=payload).json
    for field in ("title", "source", "published_at"):
        assert analysed[field] == stored[field] == payload[field]
        assert analysed["evidence"][field] == stored["evidence"][field] == "given"


@pytest.mark.parametrize("path", ["/articles", "/analyze"])
def test_a_json_array_of_articles_is_pointed_to_the_bulk_endpoint(client, path):
    body = assert_problem(client.post(path, json=[{"text": PROSE}, {"text": PROSE}]), 422, "json", "body")
    assert "/articles/bulk" in body["detail"]
    assert client.get("/articles").json["total"] == 0


NDJSON = b'{"text": "one"}\n{"text": "two"}\n'


def test_ndjson_sent_as_json_to_bulk_names_the_content_type(client):
    body = assert_problem(client.post("/articles/bulk", data=NDJSON, content_type="application/json"), 400, "json")
    assert "application/x-ndjson" in body["detail"]


def test_ndjson_sent_to_the_single_article_endpoint_points_to_bulk(client):
    response = client.post("/articles", data=NDJSON, content_type="application/json")
    body = assert_problem(response, 400, "json", "body")
    assert "/articles/bulk" in body["detail"] and "application/x-ndjson" in body["detail"]


def test_the_docs_say_where_a_development_key_comes_from_and_show_no_unused_schema(client):
    spec = client.get("/openapi.json").json
    assert "dev-api-key" in spec["info"]["description"] and "ARTICLES_API_KEYS" in spec["info"]["description"]
    assert "PaginationMetadata" not in spec["components"]["schemas"]
