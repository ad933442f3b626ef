"""create_app(): settings, one Elasticsearch client, blueprints, error handlers."""
import logging

from elasticsearch import Elasticsearch
from flask import Flask

from service import api, devstack
from service.settings import Settings, SettingsError
from service.store.indices import Indices
from service.store.repository import Repository

log = logging.getLogger(__name__)


class RepositoryProvider:
    """Hands out the repository, creating the indices on first use rather than at import.

    The app can then start while Elasticsearch is still down and become ready when it appears.
    """

    def __init__(self, repository: Repository):
        self.repository = repository
        self._ensured = False

    def __call__(self) -> Repository:
        if not self._ensured:
            self.check()
        return self.repository

    def check(self) -> None:
        """Make sure Elasticsearch answers and the indices exist (raises if it does not)."""
        self.repository.indices.ensure(self.repository.es)
        self._ensured = True


def elasticsearch_url(settings: Settings) -> str:
    url = settings.elasticsearch_url or devstack.status()
    if not url:
        raise SettingsError("ELASTICSEARCH_URL is not set and no local node runs: "
                            "set it, or start one with `articles es start`")
    return url


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.json.sort_keys = False
    es = Elasticsearch(elasticsearch_url(settings), request_timeout=settings.es_timeout_s,
                       max_retries=1, retry_on_timeout=False)
    app.extensions["articles.settings"] = settings
    app.extensions["articles.repository"] = RepositoryProvider(Repository(es, Indices(settings.index_prefix)))
    api.register(app)
    return app
