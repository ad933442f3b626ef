"""GET /articles and /quotes answered by service.api.quick_search give exactly what Flask's route
gives: status, headers and body, for valid and invalid searches and a failing backend. Against a real node."""

import io
import json
import logging

import pytest
from werkzeug.test import EnvironBuilder, run_wsgi_app

from service import logs
from tests.conftest import keyed_client, make_app
from tests.integration.helpers import isolated_app, quoted_article

QUERIES = [
    "",
    "q=harbour",
    "q=harbour&facets=person,location",
    "q=harbour%20strike&sort=newest&limit=2",
    "limit=1",
    "person=Anna%20Berg",
    "speaker=Berg",
    "published_after=2020-01-01&published_before=2040-01-01",
    "limit=0",
    "q=a&q=b",
    "unknown=1",
    "facets=nowhere",
    "published_after=someday",
    "cursor=not-a-cursor",
    "q=" + "x" * 1001,
]


@pytest.fixture(scope="module")
def stored(es_url):
    with isolated_app(es_url) as app:
        client = keyed_client(app)
        for n in range(4):
            text = quoted_article(n, quotes=2)
            assert client.post("/articles", json={"text": text, "url": f"https://quick.example/{n}"}).status_code == 201
        yield app


def answer(wsgi, path: str, query: str, request_id: str = "req-1") -> tuple[str, list, bytes]:
    environ = EnvironBuilder(path=path, query_string=query, headers={"X-Request-ID": request_id}).get_environ()
    body, status, headers = run_wsgi_app(wsgi, environ, buffered=True)
    return status, list(headers), b"".join(body)


@pytest.mark.parametrize("path", ["/articles", "/quotes"])
def test_the_quick_path_answers_what_the_flask_route_answers(stored, path):
    assert type(stored.wsgi_app).__name__ == "QuickSearch"
    flask_route = stored.wsgi_app.wsgi_app
    answered = {}
    for query in QUERIES:
        quick, full = answer(stored.wsgi_app, path, query), answer(flask_route, path, query)
        assert quick == full, (path, query)
        answered[query] = quick[0][:3]
    assert answered["q=harbour"] == "200" and answered["limit=0"] == "422" and answered["cursor=not-a-cursor"] == "400"
    first = json.loads(answer(stored.wsgi_app, path, "limit=1")[2])
    assert first["next"], "a second page exists"
    second = answer(stored.wsgi_app, path, f"limit=1&cursor={first['next']}")
    assert second == answer(flask_route, path, f"limit=1&cursor={first['next']}") and second[0].startswith("200")


def test_an_unreachable_backend_is_the_same_503_on_both_paths():
    down = make_app("http://127.0.0.1:9")  # nothing listens: every connection is refused
    quick, full = answer(down.wsgi_app, "/articles", "q=x"), answer(down.wsgi_app.wsgi_app, "/articles", "q=x")
    assert quick == full and quick[0].startswith("503")
    assert ("Retry-After", "5") in quick[1] and ("X-Request-ID", "req-1") in quick[1]


def test_the_access_log_line_is_written_once_the_answer_is_closed(stored, caplog):
    caplog.set_level(logging.INFO, logger="service.access")
    stream, handler = io.StringIO(), logging.StreamHandler()
    handler.stream = stream
    handler.setFormatter(logs.JsonFormatter())
    logging.getLogger("service.access").addHandler(handler)
    try:
        environ = EnvironBuilder(
            path="/articles", query_string="q=harbour", headers={"X-Request-ID": "r-7"}
        ).get_environ()
        body = stored.wsgi_app(environ, lambda status, headers, exc_info=None: None)
        b"".join(body)
        assert stream.getvalue() == ""
        body.close()
    finally:
        logging.getLogger("service.access").removeHandler(handler)
    (line,) = [json.loads(text) for text in stream.getvalue().splitlines()]
    assert line["request_id"] == "r-7" and line["message"] == "GET /articles 200"
    assert {k: line[k] for k in ("method", "path", "route", "status")} == {
        "method": "GET",
        "path": "/articles",
        "route": "/articles",
        "status": 200,
    }
    assert line["duration_ms"] >= 0
