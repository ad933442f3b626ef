"""/articles: ingest, get, delete and search articles."""
from flask import current_app
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from service.api.schemas import ArticleInSchema, ArticleSchema, ArticleSearchArgsSchema, ArticleSearchSchema
from service.ingest import build_document
from service.store.queries import CursorError, article_search, decode_cursor, encode_cursor

blp = Blueprint("articles", __name__, url_prefix="/articles", description="Ingest, read and search articles.")


def _repo():
    return current_app.extensions["articles.repository"]()


@blp.route("")
class Articles(MethodView):
    @blp.arguments(ArticleInSchema)
    @blp.response(201, ArticleSchema, description="Stored as a new article.")
    @blp.alt_response(200, schema=ArticleSchema, description="The same URL (or content) was stored before; replaced.")
    def post(self, payload):
        """Ingest one scraped article

        The text is cleaned and enriched, then stored with the raw input. The same URL — or,
        without a URL, the same normalized content — always maps to the same id.
        """
        doc = build_document(payload)
        created = _repo().save(doc)
        return doc, 201 if created else 200

    @blp.arguments(ArticleSearchArgsSchema, location="query")
    @blp.response(200, ArticleSearchSchema)
    def get(self, args):
        """Search articles

        Full-text search over title and body with highlighted snippets, filters, entity facets
        and cursor pagination: pass `next` back as `cursor` for the following page.
        """
        sort = args.pop("sort", None) or ("relevance" if args.get("q") else "newest")
        cursor = args.pop("cursor", None)
        try:
            after = decode_cursor(cursor, sort) if cursor else None
        except CursorError as err:
            abort(400, message=str(err), errors={"query": {"cursor": [str(err)]}})
        limit = args["limit"]
        repo = _repo()
        result = repo.es.search(index=repo.indices.articles,
                                body=article_search(args.pop("q", None), sort, after=after,
                                                    facets=tuple(args.pop("facets", ())), **args))
        hits = result["hits"]["hits"]
        return {
            "total": result["hits"]["total"]["value"],
            "items": [{**h["_source"], "score": h.get("_score"), "highlights": h.get("highlight", {})} for h in hits],
            "next": encode_cursor(sort, hits[-1]["sort"]) if len(hits) == limit else None,
            "facets": {name: [{"name": b["key"], "count": b["doc_count"]} for b in agg["buckets"]]
                       for name, agg in result.get("aggregations", {}).items()},
        }


@blp.route("/<string:article_id>")
class Article(MethodView):
    @blp.response(200, ArticleSchema)
    def get(self, article_id):
        """Get one article with its body, metadata, quotes, entities and raw input"""
        doc = _repo().get(article_id)
        if doc is None:
            abort(404, message=f"no article with id {article_id!r}", errors={"path": {"article_id": ["Not found."]}})
        return doc

    @blp.response(204)
    def delete(self, article_id):
        """Delete an article and its quotes"""
        if not _repo().delete(article_id):
            abort(404, message=f"no article with id {article_id!r}", errors={"path": {"article_id": ["Not found."]}})
