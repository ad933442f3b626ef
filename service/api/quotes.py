"""/quotes: search the quotes of every stored article."""

from flask.views import MethodView

from service.api.deps import repository
from service.api.errors import Blueprint, documents
from service.api.schemas import QuoteSearchArgsSchema, QuoteSearchSchema
from service.store import reads

blp = Blueprint("quotes", __name__, url_prefix="/quotes", description="Who said what.")


@blp.route("")
class Quotes(MethodView):
    @blp.arguments(QuoteSearchArgsSchema(), location="query")
    @documents(blp, 400, 503)
    @blp.response(200, QuoteSearchSchema)
    def get(self, args):
        """Search quotes

        Full text over the quoted words with highlights; filter by speaker, by a person the
        article mentions, by article, outlet and date; cursor pagination as for articles.
        """
        return reads.search_quotes(repository(), **args)
