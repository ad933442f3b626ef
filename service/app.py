"""create_app(): settings, one Elasticsearch client, blueprints, error handlers."""

import logging

import orjson
from flask import Flask
from flask.json.provider import DefaultJSONProvider

from service import logs
from service.api import guards, observability, quick_search, spec
from service.settings import Settings
from service.store.connection import connect

log = logging.getLogger(__name__)


def api_keys(settings: Settings) -> tuple[str, ...]:
    """The configured keys, or a development key (generated once, kept in the cache folder)."""
    if settings.api_keys:
        return settings.api_keys
    key = guards.development_key(settings.cache_dir)
    log.warning(
        "ARTICLES_API_KEYS is not set: writes need the development key, e.g. "
        "curl -H 'Authorization: Bearer %s' -X POST ... (also in %s)",
        key,
        settings.cache_dir / "dev-api-key",
    )
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
    app.extensions["articles.repository"] = connect(settings)
    if not logging.getLogger().handlers:
        logs.configure()
    observability.install(app)
    guards.install(app, api_keys(settings), settings.reads_require_key)
    app.extensions["articles.api"] = spec.register(app)
    quick_search.install(app)
    return app
