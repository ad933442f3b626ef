"""Wires the API onto a Flask app: blueprints, the OpenAPI document, problem+json errors."""

import http

from flask_smorest import Api
from flask_smorest.utils import prepare_response

from service.api import analyze, articles, entities, guards, problems, quotes, sources, stories, system
from service.api.problems import PROBLEM_TYPE, ProblemSchema


class ProblemApi(Api):
    """flask-smorest's Api with every error documented and sent as problem+json."""

    ERROR_SCHEMA = ProblemSchema  # type: ignore[assignment]  # flask-smorest accepts a schema class

    def _register_responses(self):
        for status in http.HTTPStatus:
            response: dict = {"description": status.phrase}
            if status >= 400:
                response["schema"] = self.ERROR_SCHEMA
            prepare_response(response, self.spec, PROBLEM_TYPE if status >= 400 else self.DEFAULT_RESPONSE_CONTENT_TYPE)
            self.spec.components.response(status.name, response, lazy=True)
        response = {"description": "Default error response", "schema": self.ERROR_SCHEMA}
        prepare_response(response, self.spec, PROBLEM_TYPE)
        self.spec.components.response("DEFAULT_ERROR", response, lazy=True)

    def _register_pagination_header(self):
        """Not used: the searches page with cursors in the body, not flask-smorest's X-Pagination."""

    def _register_error_handlers(self):
        problems.register(self._app)


API_CONFIG = {
    "API_TITLE": "News articles",
    "API_VERSION": "1.0",
    "OPENAPI_VERSION": "3.0.3",
    "OPENAPI_URL_PREFIX": "/",
    "OPENAPI_JSON_PATH": "openapi.json",
    "OPENAPI_SWAGGER_UI_PATH": "docs",
    "OPENAPI_SWAGGER_UI_URL": system.DOCS_ASSETS,
}


def register(app) -> ProblemApi:
    for key, value in API_CONFIG.items():
        app.config.setdefault(key, value)
    api = ProblemApi(
        app,
        spec_kwargs={
            "info": {
                "description": (
                    "Ingest raw scraped news articles (text or HTML); get them back cleaned, with entities "
                    "and quotes; search, filter and facet them. Errors are application/problem+json.\n\n"
                    "Every operation takes only the query parameters it lists: another one is a 422 naming it "
                    "(with the closest known name), so a typo never silently widens an answer. A search's "
                    "`next` cursor continues that search only: sent with another query, filters, sort or "
                    "endpoint it is a 400 naming the search it belongs to.\n\n"
                    "**API keys.** Writes and `/analyze` need a key, sent as `Authorization: Bearer <key>` or "
                    "`X-API-Key: <key>` (the Authorize button here); with `ARTICLES_READS_REQUIRE_KEY=true` the "
                    "reads do too (`/health`, `/ready`, `/metrics`, `/docs` and `/openapi.json` stay open). "
                    "Operators set the accepted keys in "
                    "`ARTICLES_API_KEYS`; without it the service generates a development key on first start, "
                    "prints it in its log and keeps it in `dev-api-key` under `ARTICLES_CACHE_DIR` "
                    "(`.cache/dev-api-key` by default): "
                    '`curl -H "Authorization: Bearer $(cat .cache/dev-api-key)" ...`.'
                )
            }
        },
    )
    for name, scheme in guards.SECURITY_SCHEMES.items():
        api.spec.components.security_scheme(name, scheme)
    for module in (articles, quotes, stories, entities, sources, analyze, system):
        api.register_blueprint(module.blp)
    app.register_blueprint(system.docs_assets)
    return api
