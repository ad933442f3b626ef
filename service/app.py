"""create_app(): settings, one Elasticsearch client, blueprints, error handlers."""
import logging
from functools import cached_property

import orjson
from elasticsearch import Elasticsearch
from elasticsearch.serializer import OrjsonSerializer
from flask import Flask
from flask.json.provider import DefaultJSONProvider

from service import devstack, logs
from service.api import guards, observability, setup
from service.settings import Settings, SettingsError
from service.store.indices import Indices
from service.store.repository import Repository

log = logging.getLogger(__name__)


class RepositoryProvider:
    """Hands out the process's one repository, creating client and indices on first use.

    Nothing touches Elasticsearch at import or start, so the app starts while Elasticsearch
    is down and becomes ready when it appears.
    """

    def __init__(self, settings: Settings):
        self.settings = settings
        self._ensured = False

    @cached_property
    def repository(self) -> Repository:
        es = Elasticsearch(elasticsearch_url(self.settings), request_timeout=self.settings.es_timeout_s,
                           max_retries=1, retry_on_timeout=False, serializer=OrjsonSerializer())
        return Repository(es, Indices(self.settings.index_prefix))

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


def api_keys(settings: Settings) -> tuple[str, ...]:
    """The configured keys, or a development key (generated once, kept in the cache folder)."""
    if settings.api_keys:
        return settings.api_keys
    key = guards.development_key(devstack.cache_dir())
    log.warning("ARTICLES_API_KEYS is not set: writes need the development key, e.g. "
                "curl -H 'Authorization: Bearer %s' -X POST ... (also in %s)", key,
                devstack.cache_dir() / "dev-api-key")
    return (key,)


class FastJSONProvider(DefaultJSONProvider):
    """Responses encoded by orjson (several times faster than json on search pages); request
    bodies still parsed by the standard json module, whose errors the problem handlers know.
    Keys keep their order, as before."""

    def dumps(self, obj, **kwargs) -> str:
        return orjson.dumps(obj, default=self.default, option=orjson.OPT_NON_STR_KEYS).decode()


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or Settings.from_env()
    app = Flask(__name__)
    app.json = FastJSONProvider(app)
    app.config["MAX_CONTENT_LENGTH"] = settings.max_body_bytes
    app.extensions["articles.settings"] = settings
    app.extensions["articles.repository"] = RepositoryProvider(settings)
    if not logging.getLogger().handlers:
        logs.configure()
    observability.install(app)
    guards.install(app, api_keys(settings), settings.reads_require_key)
    app.extensions["articles.api"] = setup.register(app)
    return app
