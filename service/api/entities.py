"""/entities: names for autocomplete, and one entity's profile."""

from flask.views import MethodView
from flask_smorest import abort

from service.api.deps import repository
from service.api.errors import Blueprint, documents
from service.api.schemas import EntityListArgsSchema, EntityListSchema, EntityProfileArgsSchema, EntityProfileSchema
from service.store import reads
from service.store.queries import ENTITY_FIELDS

blp = Blueprint("entities", __name__, url_prefix="/entities", description="People, organisations, places.")


@blp.route("")
class Entities(MethodView):
    @blp.arguments(EntityListArgsSchema(), location="query")
    @documents(blp, 503)
    @blp.response(200, EntityListSchema)
    def get(self, args):
        """Names of one type with article counts, optionally by word prefix (autocomplete)"""
        return reads.entity_names(repository(), args["type"], args.get("prefix"), args["limit"])


@blp.route("/<string:entity_type>/<path:name>")
class Entity(MethodView):
    @blp.arguments(EntityProfileArgsSchema(), location="query")
    @documents(blp, 404, 503)
    @blp.response(200, EntityProfileSchema)
    def get(self, args, entity_type, name):
        """One entity: article count, quote count as speaker, top co-occurring entities"""
        if entity_type not in ENTITY_FIELDS:
            abort(
                404,
                message=f"entity type must be one of {', '.join(ENTITY_FIELDS)}",
                errors={"path": {"entity_type": [f"Must be one of: {', '.join(ENTITY_FIELDS)}."]}},
            )
        profile = reads.entity_profile(repository(), entity_type, name, args["limit"])
        if profile is None:
            abort(
                404,
                message=f"no article mentions the {entity_type} {name!r}",
                errors={"path": {"name": ["Not found."]}},
            )
        return profile
