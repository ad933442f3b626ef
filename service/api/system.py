"""Liveness, readiness and the offline assets of the interactive docs."""

import flask
import swagger_ui_bundle
from flask import current_app
from flask.views import MethodView

from service.api.errors import Blueprint, documents, no_query
from service.api.schemas import StatusSchema

blp = Blueprint("system", __name__, description="Service health.")
DOCS_ASSETS = "/docs/assets/"


@blp.route("/health")
class Health(MethodView):
    @no_query(blp)
    @blp.response(200, StatusSchema)
    def get(self):
        """The process is alive (checks nothing else)"""
        return {"status": "ok"}


@blp.route("/ready")
class Ready(MethodView):
    @no_query(blp)
    @blp.response(200, StatusSchema)
    @documents(blp, 503)
    def get(self):
        """Elasticsearch answers and the indices exist (created here if missing)

        Unreachable or timing out, the error handlers answer 503 with Retry-After.
        """
        current_app.extensions["articles.repository"].check()
        return {"status": "ok"}


docs_assets = flask.Blueprint("docs_assets", __name__)  # a plain blueprint: not in the API spec


@docs_assets.route(f"{DOCS_ASSETS}<path:filename>")
def docs_asset(filename):
    """Swagger UI files shipped with the package, so /docs works offline."""
    return flask.send_from_directory(swagger_ui_bundle.swagger_ui_path, filename)
