"""/articles: ingest, get, delete and search articles."""

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import abort

from service.api.bulk import BulkError, parse_items
from service.api.deps import analysers, analysis_budget_s, repository
from service.api.errors import Blueprint, documents, no_query
from service.api.guards import SECURITY
from service.api.observability import count_ingest
from service.api.problems import problem_body
from service.api.schemas import (
    ArticleSchema,
    ArticleSearchArgsSchema,
    ArticleSearchSchema,
    BulkResultSchema,
)
from service.ingestion.loader import build_documents_on, load
from service.ingestion.payload import ArticleInSchema
from service.store import reads
from service.store.repository import WriteFailed

blp = Blueprint("articles", __name__, url_prefix="/articles", description="Ingest, read and search articles.")


@blp.route("")
class Articles(MethodView):
    @blp.arguments(ArticleInSchema)
    @blp.doc(security=SECURITY)
    @documents(blp, 400, 401, 409, 413, 415, 503)
    @no_query(blp)
    @blp.response(201, ArticleSchema, description="Stored as a new article.")
    @blp.alt_response(200, schema=ArticleSchema, description="The same URL (or content) was stored before; replaced.")
    def post(self, payload):
        """Ingest one scraped article

        The text is cleaned and enriched, then stored with the raw input. The same URL — or,
        without a URL, the same normalized content — always maps to the same id.
        """
        doc = build_documents_on(analysers(), payload, analysis_budget_s())
        try:
            status = 201 if repository().save(doc) else 200
        except WriteFailed as err:
            if err.http_status == 422:
                abort(422, message=f"not stored: {err}", errors={"json": {err.field or "body": [str(err)]}})
            abort(err.http_status, message=f"not stored: {err}", headers={"Retry-After": "1"})
        count_ingest(status)
        return doc, status

    @blp.arguments(ArticleSearchArgsSchema(), location="query")
    @documents(blp, 400, 503)
    @blp.response(200, ArticleSearchSchema)
    def get(self, args):
        """Search articles

        Full-text search over title and body with highlighted snippets, filters, entity facets
        and cursor pagination: pass `next` back as `cursor` for the following page.
        """
        return reads.search_articles(repository(), **args)


@blp.route("/bulk")
class Bulk(MethodView):
    @blp.doc(
        security=SECURITY,
        requestBody={
            "required": True,
            "content": {
                "application/json": {"schema": {"type": "array", "items": {"$ref": "#/components/schemas/ArticleIn"}}},
                "application/x-ndjson": {
                    "schema": {"$ref": "#/components/schemas/ArticleIn"},
                    "example": '{"text": "..."}\n{"html": "...", "url": "https://example.com/a"}\n',
                },
            },
        },
    )
    @documents(blp, 400, 401, 413, 415, 503)
    @no_query(blp)
    @blp.response(200, BulkResultSchema, description="Per-item outcome, in input order.")
    def post(self):
        """Ingest many articles: a JSON array, or NDJSON (one article per line)

        Each item is validated, analysed and stored on its own: one bad item never blocks the
        others. The answer lists every item in input order with its id, HTTP status and problem.
        More items than `ARTICLES_MAX_BULK_ITEMS` (100 by default) is a 413, none a 400.
        """
        settings = current_app.extensions["articles.settings"]
        try:
            items = parse_items(request.get_data(), request.mimetype, settings.max_bulk_items)
        except BulkError as err:
            abort(err.status, message=str(err), errors={"json": {err.field: [str(err)]}})
        except (UnicodeDecodeError, ValueError) as err:
            abort(400, message=f"the body is not valid JSON: {err}", errors={"json": {"body": ["Invalid JSON."]}})
        results = load(repository(), items, budget_s=analysis_budget_s(), pool=analysers())
        for item in results:
            count_ingest(item["status"])
        return {"items": [bulk_item(r) for r in results]}


def bulk_item(result: dict) -> dict:
    """A loader result as the bulk answer gives it: the failure, if any, as a problem body."""
    error = result["error"]
    problem = error and problem_body(result["status"], error["title"], error["detail"], error["errors"])
    return {"index": result["index"], "id": result["id"], "status": result["status"], "problem": problem}


@blp.route("/<string:article_id>")
class Article(MethodView):
    @documents(blp, 404, 503)
    @no_query(blp)
    @blp.response(200, ArticleSchema)
    def get(self, article_id):
        """Get one article with its body, metadata, quotes, entities and raw input"""
        repo = repository()
        doc = repo.get(article_id)
        if doc is None:
            abort(404, message=f"no article with id {article_id!r}", errors={"path": {"article_id": ["Not found."]}})
            raise  # abort() always raises; this tells the type checker
        return {**doc, "duplicates": repo.copies_of(article_id)}

    @blp.doc(security=SECURITY)
    @documents(blp, 401, 404, 409, 503)
    @no_query(blp)
    @blp.response(204)
    def delete(self, article_id):
        """Delete an article and its quotes

        A delete racing other writes of the article is applied to the latest version; one that
        kept losing is a 409 to retry, one that another delete beat is a 404.
        """
        try:
            deleted = repository().delete(article_id)
        except WriteFailed as err:
            abort(409, message=str(err), headers={"Retry-After": "1"})
        if not deleted:
            abort(404, message=f"no article with id {article_id!r}", errors={"path": {"article_id": ["Not found."]}})
