"""/sources: the outlets of the stored articles."""

from flask.views import MethodView

from service.api.deps import repository
from service.api.errors import Blueprint, documents
from service.api.schemas import SourceListArgsSchema, SourceListSchema
from service.store import reads

blp = Blueprint("sources", __name__, url_prefix="/sources", description="The outlets articles come from.")


@blp.route("")
class Sources(MethodView):
    @blp.arguments(SourceListArgsSchema(), location="query")
    @documents(blp, 503)
    @blp.response(200, SourceListSchema)
    def get(self, args):
        """Outlets with article counts, optionally by name or domain prefix (autocomplete)

        Each outlet is its registered domain with the name its pages give it; `source=` on the
        searches takes either.
        """
        return reads.outlets(repository(), args.get("prefix"), args["limit"])
