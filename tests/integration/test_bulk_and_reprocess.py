"""Bulk ingest answers per item; re-processing rebuilds from the raw input behind the aliases."""

import json

from service.ingestion.loader import analysis_pool
from service.ingestion.reprocess import _copy, _drop_deleted, reprocess
from service.pipeline import run
from service.store.repository import Repository
from tests.conftest import keyed_client
from tests.faults import TRIGGER, failing_on_trigger
from tests.integration.articles import article_text
from tests.integration.helpers import isolated_app, refresh, stored_count


def test_bulk_json_array_answers_each_item_in_order(client):
    items = [
        {"text": article_text(1), "url": "https://bulk.example/1"},
        {"text": "   "},
        {"text": article_text(2), "url": "not a url"},
        "not an object",
        {"text": article_text(3), "url": "https://bulk.example/3", "source": "Bulk Daily"},
    ]
    response = client.post("/articles/bulk", json=items)
    assert response.status_code == 200
    results = response.json["items"]
    assert [r["index"] for r in results] == [0, 1, 2, 3, 4]
    assert [r["status"] for r in results] == [201, 422, 422, 422, 201]
    assert "text" in results[1]["problem"]["errors"]["json"]
    assert "url" in results[2]["problem"]["errors"]["json"]
    assert results[0]["problem"] is None and results[0]["id"]
    client.application.extensions["articles.repository"]().es.indices.refresh(index="*")
    assert client.get("/articles").json["total"] == 2
    again = client.post("/articles/bulk", json=[items[0]]).json["items"]
    assert again[0]["status"] == 200 and again[0]["id"] == results[0]["id"]


def test_an_item_whose_analysis_fails_on_a_fault_of_ours_fails_alone(es_url, monkeypatch):
    """A 500 for that item (its traceback in the log), the others stored; alone, a 500 problem."""
    monkeypatch.setattr(run, "enrich_doc", failing_on_trigger(run.enrich_doc))
    faulty = {"text": article_text(7).replace("Tuesday", TRIGGER)}
    with isolated_app(es_url, ARTICLES_ANALYSIS_PROCESSES="0") as app:  # analysed in this process
        client = keyed_client(app)
        items = client.post("/articles/bulk", json=[{"text": article_text(8)}, faulty, {"text": article_text(9)}])
        assert [r["status"] for r in items.json["items"]] == [201, 500, 201]
        assert items.json["items"][1]["problem"]["title"] == "Internal Server Error"
        refresh(app)
        assert stored_count(app) == 2
        for path in ("/articles", "/analyze"):
            alone = client.post(path, json=faulty)
            assert alone.status_code == 500 and alone.content_type == "application/problem+json"
        refresh(app)
        assert stored_count(app) == 2


def test_bulk_ndjson_with_a_broken_line(client):
    body = "\n".join([json.dumps({"text": article_text(4)}), "{broken", json.dumps({"text": article_text(5)})])
    response = client.post("/articles/bulk", data=body, content_type="application/x-ndjson")
    assert [r["status"] for r in response.json["items"]] == [201, 400, 201]
    assert "line 2" in response.json["items"][1]["problem"]["detail"]


def test_bulk_limits(client, es_url):
    too_many = [{"text": article_text(n)} for n in range(101)]
    assert client.post("/articles/bulk", json=too_many).status_code == 413
    assert client.post("/articles/bulk", json={"text": "x"}).status_code == 400
    assert client.post("/articles/bulk", json=[]).status_code == 400
    assert client.post("/articles/bulk", data="x", content_type="text/plain").status_code == 415


def test_reprocess_rebuilds_from_raw_input_and_switches_aliases(client):
    doc = client.post(
        "/articles", json={"text": article_text(6), "url": "https://re.example/6", "source": "Kept Override"}
    ).json
    repo = client.application.extensions["articles.repository"]()
    before = set(repo.es.indices.get_alias(name=repo.indices.articles))
    new = reprocess(repo.es, repo.indices)
    after = set(repo.es.indices.get_alias(name=repo.indices.articles))
    assert after == {new.articles} and not before & after
    assert set(repo.es.indices.get_alias(name=repo.indices.quotes)) == {new.quotes}
    again = client.get(f"/articles/{doc['id']}").json
    assert again["source"] == "Kept Override" and again["body"] == doc["body"]
    assert again["ingested_at"] == doc["ingested_at"]
    assert client.get("/articles?q=library").json["total"] == 1


def test_reprocess_drops_from_the_new_indices_what_was_deleted_during_the_run(client):
    ids = [
        client.post("/articles", json={"text": article_text(n), "url": f"https://re.example/d{n}"}).json["id"]
        for n in (7, 8)
    ]
    repo = client.application.extensions["articles.repository"]()
    new = repo.indices.create_version(repo.es, "rtest")
    target = Repository(repo.es, repo.indices, names=new)
    with analysis_pool(1) as pool:
        assert _copy(repo.es, repo.indices.articles, target, {"match_all": {}}, pool, None) == 2
    repo.delete(ids[0])  # deleted from the live indices while the copy was being made
    _drop_deleted(repo.es, repo.indices.articles, target)
    repo.es.indices.refresh(index=",".join(new))
    kept = {hit["_id"] for hit in repo.es.search(index=new.articles)["hits"]["hits"]}
    assert kept == {ids[1]}
    quotes = repo.es.search(index=new.quotes, query={"term": {"article_id": ids[0]}})["hits"]["total"]["value"]
    assert quotes == 0
