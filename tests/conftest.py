"""Shared fixtures: one real Elasticsearch node per session, isolated indices per test."""

import os
import uuid
from pathlib import Path

import pytest

from service import devstack
from service.app import create_app
from service.settings import Settings

REPO = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="session")
def es_url():
    """ELASTICSEARCH_URL when set, else the local dev node (started here, stopped after if so)."""
    if os.environ.get("ELASTICSEARCH_URL"):
        yield os.environ["ELASTICSEARCH_URL"]
        return
    was_running = devstack.status(nodes=1) is not None
    yield devstack.start(nodes=1)
    if not was_running:
        devstack.stop(nodes=1)


def pytest_collection_modifyitems(items):
    """Markers by what a test needs: `es` for a real node (the es_url fixture), `browser` for Chromium."""
    for item in items:
        if "es_url" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.es)
        if item.path.name == "test_docs_browser.py":
            item.add_marker(pytest.mark.browser)


API_KEY = "test-key-0123456789abcdef"


def make_app(es_url: str, prefix: str | None = None, **env):
    prefix = prefix or f"test-{uuid.uuid4().hex[:10]}"
    return create_app(
        Settings.from_env(
            {"ELASTICSEARCH_URL": es_url, "ARTICLES_INDEX_PREFIX": prefix, "ARTICLES_API_KEYS": API_KEY, **env}
        )
    )


def keyed_client(app):
    """A test client that sends the API key with every request."""
    client = app.test_client()
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {API_KEY}"
    return client


@pytest.fixture
def app(es_url):
    app = make_app(es_url)
    yield app
    repo = app.extensions["articles.repository"].repository
    repo.indices.drop(repo.es)


@pytest.fixture
def client(app):
    return keyed_client(app)
