"""/quotes: search the quotes of every stored article."""

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint

from service.api.deps import repository
from service.api.errors import documents
from service.api.paging import page, sort_and_after
from service.api.schemas import QuoteHitSchema, QuoteSearchArgsSchema, QuoteSearchSchema
from service.store.queries import quote_search

HIT_SCHEMA = QuoteHitSchema()
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
        sort, after = sort_and_after(args)
        repo = repository()
        result = repo.es.search(
            index=repo.indices.quotes, body=quote_search(args.pop("q", None), sort, after=after, **args)
        )
        return jsonify(page(result.body, sort, args["limit"], HIT_SCHEMA))
