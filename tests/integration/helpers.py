"""Small helpers shared by the hardening tests: problem+json assertions, ports, live servers."""

import socket
import threading
import uuid
from contextlib import contextmanager

from werkzeug.serving import make_server

from tests.conftest import make_app
from tests.integration.articles import article_text

PROBLEM = "application/problem+json"


QUOTES = [
    "\u201cWe will rebuild the harbour before winter comes,\u201d the mayor, Anna Berg, said in Oslo.",
    "\u201cThe money is already in the regional budget for this year,\u201d the treasurer, Lars Holm, said.",
    "\u201cNobody asked the fishermen what they actually needed here,\u201d the union leader, Eva Lund, said.",
]


def quoted_article(n: int, quotes: int = 1) -> str:
    """A synthetic article with 1-3 attributed quotes (the first by Anna Berg, in Oslo)."""
    return article_text(n).replace("Share this article", "\n\n".join(QUOTES[:quotes]) + "\n\nShare this article")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def assert_problem(response, status: int, location: str | None = None, field: str | None = None) -> dict:
    """The response is problem+json with `status`, naming `field` under `errors[location]`."""
    assert response.status_code == status, (response.status_code, response.get_data(as_text=True)[:500])
    assert response.mimetype == PROBLEM, response.mimetype
    body = response.get_json()
    assert {"type", "title", "status", "detail"} <= set(body) and body["status"] == status, body
    assert "Traceback" not in response.get_data(as_text=True)
    if field:
        assert field in body.get("errors", {}).get(location, {}), body
    return body


@contextmanager
def isolated_app(es_url: str, **env):
    """make_app() on a fresh index prefix, whose indices are dropped afterwards."""
    app = make_app(es_url, **env)
    try:
        yield app
    finally:
        repo = app.extensions["articles.repository"].repository
        repo.indices.drop(repo.es)


def refresh(app) -> None:
    repo = app.extensions["articles.repository"]()
    repo.es.indices.refresh(index=f"{repo.indices.prefix}-*")


def stored_count(app, which: str = "articles", **term) -> int:
    """Documents in the articles (or quotes) alias, optionally matching one term."""
    repo = app.extensions["articles.repository"]()
    query = {"term": term} if term else {"match_all": {}}
    return repo.es.count(index=getattr(repo.indices, which), query=query)["count"]


@contextmanager
def threaded_server(app):
    """The app on a free loopback port under werkzeug's threaded server; yields its base URL."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join(10)


@contextmanager
def served_by_gunicorn(es_url: str, workers: int):
    """`articles serve` (benchmarks.search_load.Service) on fresh indices, dropped afterwards."""
    from elasticsearch import Elasticsearch

    from benchmarks.search_load import Service
    from service.store.indices import Indices

    prefix = f"test-{uuid.uuid4().hex[:10]}"
    try:
        with Service(es_url, prefix, workers=workers) as service:
            yield service
    finally:
        Indices(prefix).drop(Elasticsearch(es_url))
