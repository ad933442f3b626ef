"""/health and /ready, with Elasticsearch up and with nothing listening."""

import socket

from service.app import create_app
from service.settings import Settings


def closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_ready_when_elasticsearch_answers(client):
    assert client.get("/health").json == {"status": "ok"}
    assert client.get("/ready").status_code == 200


def test_not_ready_when_elasticsearch_is_unreachable():
    url = f"http://127.0.0.1:{closed_port()}"
    app = create_app(
        Settings.from_env(
            {"ELASTICSEARCH_URL": url, "ARTICLES_INDEX_PREFIX": "unreachable", "ARTICLES_ES_TIMEOUT": "2"}
        )
    )
    client = app.test_client()
    assert client.get("/health").status_code == 200
    ready = client.get("/ready")
    assert ready.status_code == 503
    assert ready.mimetype == "application/problem+json"
    assert ready.headers["Retry-After"]
    search = client.get("/articles?q=x")
    assert search.status_code == 503 and "Traceback" not in search.get_data(as_text=True)
