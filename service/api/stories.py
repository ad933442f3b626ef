"""/stories, /statements and /timeline: who covered an event, who first, and who said what in it."""

from flask import jsonify
from flask.views import MethodView
from flask_smorest import Blueprint, abort

from service.api.deps import repository
from service.api.errors import documents
from service.api.paging import page, sort_and_after
from service.api.story_schemas import (
    StatementSchema,
    StatementSearchArgsSchema,
    StatementSearchSchema,
    StorySchema,
    StorySearchArgsSchema,
    StorySearchSchema,
    StorySummarySchema,
    TimelineArgsSchema,
    TimelineSchema,
)
from service.store.story_queries import (
    statement_search,
    story_members,
    story_search,
    timeline,
    timeline_buckets,
)

STORY_HIT = StorySummarySchema()
STATEMENT_HIT = StatementSchema()
blp = Blueprint("stories", __name__, url_prefix="", description="Stories across outlets, statements and timelines.")


@blp.route("/stories")
class Stories(MethodView):
    @blp.arguments(StorySearchArgsSchema(), location="query")
    @documents(blp, 400, 503)
    @blp.response(200, StorySearchSchema)
    def get(self, args):
        """Search stories

        A story is the articles of several outlets (copies included) about one event. Full text
        over their headlines; filters match any of its articles; `newest` sorts by the latest
        article; cursor pagination as for articles.
        """
        sort, after = sort_and_after(args)
        repo = repository()
        body = story_search(args.pop("q", None), sort, after=after, **args)
        return jsonify(page(repo.es.search(index=repo.indices.stories, body=body).body, sort, args["limit"], STORY_HIT))


@blp.route("/stories/<string:story_id>")
class Story(MethodView):
    @documents(blp, 404, 503)
    @blp.response(200, StorySchema)
    def get(self, story_id):
        """Get one story with its articles (oldest first, copies marked) and its statements"""
        repo = repository()
        found = repo.es.mget(index=repo.indices.stories, ids=[story_id])["docs"][0]
        if not found.get("found"):
            abort(404, message=f"no story with id {story_id!r}", errors={"path": {"story_id": ["Not found."]}})
        articles, statements = story_members(story_id)
        responses = repo.es.msearch(
            searches=[{"index": repo.indices.articles}, articles, {"index": repo.indices.statements}, statements]
        )["responses"]
        hits = [[h["_source"] for h in r["hits"]["hits"]] for r in responses]
        return {**found["_source"], "articles": hits[0], "statements": hits[1]}


@blp.route("/statements")
class Statements(MethodView):
    @blp.arguments(StatementSearchArgsSchema(), location="query")
    @documents(blp, 400, 503)
    @blp.response(200, StatementSearchSchema)
    def get(self, args):
        """Search statements

        A statement is what one speaker said, as every outlet quoted it: its variants with the
        outlet and time each was first seen, and `altered` when the wordings differ beyond case,
        punctuation and trimming. Full text over the first wording; cursor pagination.
        """
        sort, after = sort_and_after(args)
        repo = repository()
        body = statement_search(args.pop("q", None), sort, after=after, **args)
        result = repo.es.search(index=repo.indices.statements, body=body).body
        return jsonify(page(result, sort, args["limit"], STATEMENT_HIT))


@blp.route("/timeline")
class Timeline(MethodView):
    @blp.arguments(TimelineArgsSchema(), location="query")
    @documents(blp, 400, 503)
    @blp.response(200, TimelineSchema)
    def get(self, args):
        """Articles and distinct stories per day, week or month

        For a query and entities (over articles, each set of copies counted once), or for a
        speaker (the articles and stories quoting them).
        """
        repo = repository()
        index = repo.indices.quotes if args.get("speaker") else repo.indices.articles
        result = repo.es.search(index=index, body=timeline(**args))
        return {"interval": args["interval"], "buckets": timeline_buckets(result.body)}
