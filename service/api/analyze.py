"""/analyze: the whole pipeline over one article, nothing stored."""

from flask.views import MethodView
from flask_smorest import Blueprint

from service.api.errors import documents, no_query
from service.api.guards import SECURITY
from service.api.schemas import AnalysisSchema
from service.ingestion.documents import OVERRIDES
from service.ingestion.payload import ArticleInSchema
from service.pipeline import analyze

blp = Blueprint("analyze", __name__, description="Analyse without storing.")


@blp.route("/analyze")
class Analyze(MethodView):
    @blp.arguments(ArticleInSchema)
    @blp.doc(security=SECURITY)
    @documents(blp, 400, 401, 413, 415)
    @no_query(blp)
    @blp.response(200, AnalysisSchema)
    def post(self, payload):
        """Clean and enrich one article and return the result; nothing is stored

        Needs an API key like the writes: analysis is the expensive part of the service.
        """
        result = analyze(text=payload.get("text"), html=payload.get("html"), url=payload.get("url"))
        return {**result, **{k: payload[k] for k in OVERRIDES if payload.get(k)}}
