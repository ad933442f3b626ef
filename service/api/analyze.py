"""/analyze: the whole pipeline over one article, nothing stored."""

from flask.views import MethodView

from service.api.deps import analysis_budget_s
from service.api.errors import Blueprint, documents, no_query
from service.api.guards import SECURITY
from service.api.schemas import AnalysisSchema
from service.ingestion.documents import analyze_article
from service.ingestion.payload import ArticleInSchema

blp = Blueprint("analyze", __name__, description="Analyse without storing.")


@blp.route("/analyze")
class Analyze(MethodView):
    @blp.arguments(ArticleInSchema)
    @blp.doc(security=SECURITY)
    @documents(blp, 400, 401, 413, 415, 422)
    @no_query(blp)
    @blp.response(200, AnalysisSchema)
    def post(self, payload):
        """Clean and enrich one article and return the result; nothing is stored

        The same pipeline and the same judgement as `POST /articles`: a page with no recoverable
        article body is a 422 here too. Needs an API key like the writes: analysis is the
        expensive part of the service.
        """
        return analyze_article(payload, analysis_budget_s())
