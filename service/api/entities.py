"""/entities: names for autocomplete, and one entity's profile."""

from flask.views import MethodView
from flask_smorest import Blueprint, abort

from service.api.deps import repository
from service.api.errors import documents
from service.api.schemas import EntityListArgsSchema, EntityListSchema, EntityProfileArgsSchema, EntityProfileSchema
from service.store.queries import ENTITY_FIELDS, buckets, entity_names, entity_profile

blp = Blueprint("entities", __name__, url_prefix="/entities", description="People, organisations, places.")


@blp.route("")
class Entities(MethodView):
    @blp.arguments(EntityListArgsSchema(), location="query")
    @documents(blp, 503)
    @blp.response(200, EntityListSchema)
    def get(self, args):
        """Names of one type with article counts, optionally by word prefix (autocomplete)"""
        repo = repository()
        result = repo.es.search(
            index=repo.indices.articles, body=entity_names(args["type"], args.get("prefix"), args["limit"])
        )
        return {"items": buckets(result["aggregations"]["names"])}


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
        repo = repository()
        result = repo.es.search(index=repo.indices.articles, body=entity_profile(entity_type, name, args["limit"]))
        articles = result["hits"]["total"]["value"]
        if not articles:
            abort(
                404,
                message=f"no article mentions the {entity_type} {name!r}",
                errors={"path": {"name": ["Not found."]}},
            )
        quotes = repo.es.count(index=repo.indices.quotes, query={"term": {"speaker": name}})["count"]
        aggs = result["aggregations"]
        return {
            "type": entity_type,
            "name": _canonical(aggs[entity_type], name),
            "articles": articles,
            "quotes": quotes,
            "cooccurring": {
                f: buckets(aggs[f], skip=name if f == entity_type else None)[: args["limit"]] for f in ENTITY_FIELDS
            },
        }


def _canonical(aggregation: dict, name: str) -> str:
    """The stored spelling of a name looked up case-insensitively."""
    return next((b["key"] for b in aggregation["buckets"] if b["key"].lower() == name.lower()), name)
