"""Writes and deletes of one article racing each other leave it whole or gone: no orphan quote, no
missing quote, and never a 5xx (two writers with different quotes, two deleters, several rounds)."""

import json
import threading
import urllib.error
import urllib.request

from service.ingestion.documents import article_id
from tests.conftest import API_KEY
from tests.integration.helpers import isolated_app, quoted_article, threaded_server

ROUNDS = 6
URL = "https://race.example/harbour"


def call(method: str, url: str, body: bytes | None = None) -> int:
    headers = {"Authorization": f"Bearer {API_KEY}", "Content-Type": "application/json"}
    try:
        with urllib.request.urlopen(urllib.request.Request(url, body, headers, method=method), timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as err:
        return err.code


def test_racing_writers_and_deleters_leave_the_article_whole_or_gone(es_url):
    bodies = [json.dumps({"text": quoted_article(20, quotes=k), "url": URL}).encode() for k in (3, 1)]
    article = article_id(URL, None, None)
    statuses: list[tuple[str, int]] = []
    with isolated_app(es_url) as app, threaded_server(app) as base:
        repo = app.extensions["articles.repository"]()

        def run(kind: str, method: str, url: str, body: bytes | None = None) -> None:
            statuses.append((kind, call(method, url, body)))

        for _ in range(ROUNDS):
            threads = [threading.Thread(target=run, args=("write", "POST", f"{base}/articles", b)) for b in bodies]
            threads += [
                threading.Thread(target=run, args=("delete", "DELETE", f"{base}/articles/{article}")) for _ in range(2)
            ]
            for t in threads:
                t.start()
            for t in threads:
                t.join()
            repo.es.indices.refresh(index=f"{repo.names.articles},{repo.names.quotes}")
            stored = repo.get(article)
            hits = repo.es.search(index=repo.names.quotes, query={"term": {"article_id": article}}, size=100)
            quote_ids = {h["_id"] for h in hits["hits"]["hits"]}
            expected = {f"{article}-{n}" for n in range(len(stored["quotes"]))} if stored else set()
            assert quote_ids == expected, (stored and len(stored["quotes"]), sorted(quote_ids))
    assert all(s in {"write": (200, 201, 409), "delete": (204, 404, 409)}[kind] for kind, s in statuses), statuses
    assert {s for kind, s in statuses if kind == "delete"} & {204}, statuses
