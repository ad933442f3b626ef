"""/entities: names for autocomplete, and one entity's profile."""

from flask.views import MethodView
from flask_smorest import abort

from service.api.deps import repository
from service.api.errors import Blueprint, documents
from service.api.schemas import EntityListArgsSchema, EntityListSchema, EntityProfileArgsSchema, EntityProfileSchema
from service.store import names, reads
from service.store.queries import ENTITY_FIELDS

blp = Blueprint("entities", __name__, url_prefix="/entities", description="People, organisations, places.")


@blp.route("")
class Entities(MethodView):
    @blp.arguments(EntityListArgsSchema(), location="query")
    @documents(blp, 503)
    @blp.response(200, EntityListSchema)
    def get(self, args):
        """Names with their type and article counts, optionally by word prefix (autocomplete)"""
        types = (args["type"],) if args.get("type") else ENTITY_FIELDS
        return reads.entity_names(repository(), types, args.get("prefix"), args["limit"])


@blp.route("/<string:entity_type>/<path:name>")
class Entity(MethodView):
    @blp.arguments(EntityProfileArgsSchema(), location="query")
    @documents(blp, 404, 503)
    @blp.response(200, EntityProfileSchema)
    def get(self, args, entity_type, name):
        """One entity: article count, quote count as speaker, top co-occurring entities

        The name matches in any case; a surname or shorter form stands for the one stored name that
        contains it (`resolved_from` says so), several such names are a 422 listing them.
        """
        if entity_type not in ENTITY_FIELDS:
            abort(
                404,
                message=f"entity type must be one of {', '.join(ENTITY_FIELDS)}",
                errors={"path": {"entity_type": [f"Must be one of: {', '.join(ENTITY_FIELDS)}."]}},
            )
        repo = repository()
        profile = reads.entity_profile(repo, entity_type, name, args["limit"])
        if profile is None:
            message = f"no article mentions the {entity_type} {name!r}"
            elsewhere = names.types_of(repo, name)
            if elsewhere:
                where = " and ".join(f"a {t} (/entities/{t}/{name})" for t in elsewhere)
                message += f"; it is stored as {where}"
            abort(404, message=message, errors={"path": {"name": [message[0].upper() + message[1:] + "."]}})
        return profile
