"""Request and response schemas of /stories, /statements and /timeline."""

from marshmallow import Schema, fields, validate

from service.api.schemas import MAX_QUERY_CHARS, PageArgsSchema, QueryArgsSchema, ShapedList, names_field
from service.ingestion.payload import IsoDate
from service.store.story_queries import INTERVALS

_ENTITY = "Repeatable; every name must match an article of the story."


class StorySearchArgsSchema(PageArgsSchema):
    person = names_field(_ENTITY)
    organization = names_field(_ENTITY)
    location = names_field(_ENTITY)


class StorySummarySchema(Schema):
    id = fields.String()
    title = fields.String(allow_none=True, metadata={"description": "The first article's title."})
    articles = fields.Integer(metadata={"description": "Articles in the story, copies included."})
    sources = fields.List(fields.String(), metadata={"description": "Outlets, in the order they covered it."})
    first_published_at = fields.String(allow_none=True)
    last_published_at = fields.String(allow_none=True)
    first_source = fields.String(allow_none=True, metadata={"description": "The outlet that published first."})
    score = fields.Float(allow_none=True)
    highlights = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class StorySearchSchema(Schema):
    total = fields.Integer()
    items = ShapedList(fields.Nested(StorySummarySchema))
    next = fields.String(allow_none=True, metadata={"description": "Cursor of the next page; null on the last."})


class StoryArticleSchema(Schema):
    id = fields.String()
    title = fields.String(allow_none=True)
    source = fields.String(allow_none=True)
    url = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)
    duplicate_of = fields.String(allow_none=True, metadata={"description": "Id of the earliest copy, if a copy."})


class VariantSchema(Schema):
    text = fields.String()
    article_id = fields.String()
    source = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)


class FirstSeenSchema(Schema):
    article_id = fields.String()
    source = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)


class StatementSchema(Schema):
    id = fields.String()
    speaker = fields.String(allow_none=True)
    text = fields.String(metadata={"description": "The wording first seen."})
    variants = fields.List(
        fields.Nested(VariantSchema), metadata={"description": "Every quote of it, first seen first."}
    )
    sources = fields.List(fields.String())
    first_seen = fields.Nested(FirstSeenSchema)
    altered = fields.Boolean(metadata={"description": "Wordings differ beyond case, punctuation and trimming."})
    changed_words = fields.List(fields.String(), metadata={"description": "Words that differ between the wordings."})
    story_id = fields.List(fields.String(), metadata={"description": "Stories its quotes appear in."})
    score = fields.Float(allow_none=True)
    highlights = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class StorySchema(Schema):
    id = fields.String()
    title = fields.String(allow_none=True, metadata={"description": "The first article's title."})
    sources = fields.List(fields.String(), metadata={"description": "Outlets, in the order they covered it."})
    first_published_at = fields.String(allow_none=True)
    last_published_at = fields.String(allow_none=True)
    first_source = fields.String(allow_none=True, metadata={"description": "The outlet that published first."})
    articles = fields.List(fields.Nested(StoryArticleSchema), metadata={"description": "Oldest first."})
    statements = fields.List(fields.Nested(StatementSchema), metadata={"description": "First seen first."})


class StatementSearchArgsSchema(PageArgsSchema):
    speaker = fields.String(metadata={"description": "Canonical speaker name, case-insensitive."})
    story_id = fields.String()
    altered = fields.Boolean(metadata={"description": "Only statements whose wordings differ (or do not)."})


class StatementSearchSchema(Schema):
    total = fields.Integer()
    items = ShapedList(fields.Nested(StatementSchema))
    next = fields.String(allow_none=True)


class TimelineArgsSchema(QueryArgsSchema):
    q = fields.String(validate=validate.Length(max=MAX_QUERY_CHARS))
    person = names_field()
    organization = names_field()
    location = names_field()
    speaker = fields.String(metadata={"description": "Count the articles and stories quoting this speaker."})
    published_after = IsoDate(metadata={"description": "Inclusive lower bound (ISO 8601)."})
    published_before = IsoDate(metadata={"description": "Inclusive upper bound (ISO 8601)."})
    interval = fields.String(load_default="day", validate=validate.OneOf(INTERVALS))


class TimelineBucketSchema(Schema):
    date = fields.String(metadata={"description": "Start of the interval (yyyy-MM-dd)."})
    articles = fields.Integer(metadata={"description": "Articles published in it, each copy set once."})
    stories = fields.Integer(metadata={"description": "Distinct stories those articles belong to."})


class TimelineSchema(Schema):
    interval = fields.String()
    buckets = fields.List(fields.Nested(TimelineBucketSchema))
