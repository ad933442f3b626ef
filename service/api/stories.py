"""/stories, /statements and /timeline: who covered an event, who first, and who said what in it."""

from flask.views import MethodView
from flask_smorest import abort

from service.api.deps import repository
from service.api.errors import Blueprint, documents, no_query
from service.api.story_schemas import (
    StatementSearchArgsSchema,
    StatementSearchSchema,
    StorySchema,
    StorySearchArgsSchema,
    StorySearchSchema,
    TimelineArgsSchema,
    TimelineSchema,
)
from service.store import reads

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
        return reads.search_stories(repository(), **args)


@blp.route("/stories/<string:story_id>")
class Story(MethodView):
    @documents(blp, 404, 503)
    @no_query(blp)
    @blp.response(200, StorySchema)
    def get(self, story_id):
        """Get one story with its articles (oldest first, copies marked) and its statements"""
        story = reads.get_story(repository(), story_id)
        if story is None:
            abort(404, message=f"no story with id {story_id!r}", errors={"path": {"story_id": ["Not found."]}})
        return story


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
        return reads.search_statements(repository(), **args)


@blp.route("/timeline")
class Timeline(MethodView):
    @blp.arguments(TimelineArgsSchema(), location="query")
    @documents(blp, 503)
    @blp.response(200, TimelineSchema)
    def get(self, args):
        """Articles and distinct stories per day, week or month

        For a query and entities (over articles, each set of copies counted once), or for a
        speaker (the articles and stories quoting them).
        """
        return reads.timeline_counts(repository(), **args)
