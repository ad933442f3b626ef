"""Request and response schemas: the single source of validation and of openapi.yaml."""
import re
from datetime import date, datetime

from marshmallow import Schema, ValidationError, fields, validate, validates_schema
from webargs.fields import DelimitedList

from service.store.queries import ENTITY_FIELDS, SORTS

MAX_QUERY_CHARS = 1000


class IsoDate(fields.String):
    """An ISO 8601 date or date-time, kept as its ISO string."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        try:
            return (datetime.fromisoformat(text) if "T" in text else date.fromisoformat(text)).isoformat()
        except ValueError:
            raise ValidationError("Not an ISO 8601 date or date-time, e.g. 2026-01-16 or 2026-01-16T11:37:00Z.") from None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff]")


def _plain_text(value: str) -> None:
    """No control characters and no lone surrogates (JSON can smuggle both in)."""
    bad = _CONTROL.search(value)
    if bad:
        what = "a lone surrogate" if "\ud800" <= bad.group() <= "\udfff" else "a control character"
        raise ValidationError(f"Must not contain {what} (found U+{ord(bad.group()):04X} at offset {bad.start()}).")


def _article_text(value: str) -> None:
    if not value.strip():
        raise ValidationError("Must not be empty or whitespace.")
    _plain_text(value)


class ArticleInSchema(Schema):
    text = fields.String(validate=_article_text, metadata={
        "description": "The page's visible text as scraped, one block per line.",
        "example": "Menu\nUK rejects calls to reopen talks\n16 January 2026\nThe United Kingdom has ..."})
    html = fields.String(validate=_article_text, metadata={"description": "The page's HTML; used instead of text when both are given."})
    url = fields.Url(validate=[validate.Length(max=2048), _plain_text], metadata={
        "description": "Where the page came from; the article's identity.", "example": "https://example.com/news/uk-talks"})
    title = fields.String(validate=[validate.Length(min=1, max=1000), _plain_text],
                          metadata={"description": "Overrides the extracted title."})
    source = fields.String(validate=[validate.Length(min=1, max=200), _plain_text],
                           metadata={"description": "Overrides the extracted outlet."})
    published_at = IsoDate(metadata={"description": "Overrides the extracted publication date (ISO 8601)."})
    language = fields.String(validate=validate.Regexp(r"^[a-z]{2}$", error="Must be an ISO 639-1 code such as 'en'."),
                             metadata={"description": "Overrides the detected language (ISO 639-1)."})

    @validates_schema
    def _text_or_html(self, data, **kwargs):
        if not data.get("text") and not data.get("html"):
            raise ValidationError("Give the article as 'text' or 'html'.", field_name="text")


class QuoteSchema(Schema):
    text = fields.String()
    speaker = fields.String(allow_none=True)
    speaker_kind = fields.String(metadata={"enum": ["person", "organization", "unnamed", "unknown"]})
    cue = fields.String(allow_none=True)
    start = fields.Integer(metadata={"description": "Offset of the quote in the body."})
    end = fields.Integer()


class EntityDetailSchema(Schema):
    type = fields.String(metadata={"enum": list(ENTITY_FIELDS)})
    name = fields.String(metadata={"description": "Canonical name."})
    count = fields.Integer(metadata={"description": "Mentions in the body."})
    aliases = fields.List(fields.String())


class EntitiesSchema(Schema):
    person = fields.List(fields.String())
    organization = fields.List(fields.String())
    location = fields.List(fields.String())


class MetadataSchema(Schema):
    """What the pipeline finds about an article besides its text."""

    title = fields.String(allow_none=True)
    author = fields.List(fields.String())
    published_at = fields.String(allow_none=True, metadata={"description": "ISO 8601"})
    source = fields.String(allow_none=True, metadata={"description": "The outlet"})
    language = fields.String(allow_none=True, metadata={"description": "ISO 639-1"})


class AnalysisSchema(MetadataSchema):
    body = fields.String()
    quotes = fields.List(fields.Nested(QuoteSchema))
    entities = fields.Nested(EntitiesSchema)
    entity_details = fields.List(fields.Nested(EntityDetailSchema))


class RawSchema(Schema):
    """The submitted fields, as given."""

    text = fields.String()
    html = fields.String()
    url = fields.String()
    title = fields.String()
    source = fields.String()
    published_at = fields.String()
    language = fields.String()


class ArticleSummarySchema(MetadataSchema):
    id = fields.String(metadata={"example": "3f1c0e2d9a6b4c8e8f0a1b2c3d4e5f60"})
    url = fields.String(allow_none=True)
    ingested_at = fields.String()
    person = fields.List(fields.String())
    organization = fields.List(fields.String())
    location = fields.List(fields.String())


class ArticleSchema(ArticleSummarySchema):
    body = fields.String()
    quotes = fields.List(fields.Nested(QuoteSchema))
    entity_details = fields.List(fields.Nested(EntityDetailSchema))
    raw = fields.Nested(RawSchema, metadata={"description": "The input as submitted, kept for re-processing."})


class SearchHitSchema(ArticleSummarySchema):
    score = fields.Float(allow_none=True)
    highlights = fields.Dict(keys=fields.String(), values=fields.List(fields.String()),
                             metadata={"description": "field -> snippets with <em> around the matches"})


class FacetBucketSchema(Schema):
    name = fields.String()
    count = fields.Integer()


class PageArgsSchema(Schema):
    """Full text, the time window, sort and cursor paging: shared by the search endpoints."""

    q = fields.String(validate=validate.Length(max=MAX_QUERY_CHARS),
                      metadata={"description": "Words to find; supports \"phrases\", -exclusion, OR (|).",
                                "example": "Cooper"})
    source = fields.String(metadata={"description": "Outlet, case-insensitive."})
    published_after = IsoDate(metadata={"description": "Inclusive lower bound (ISO 8601)."})
    published_before = IsoDate(metadata={"description": "Inclusive upper bound (ISO 8601)."})
    sort = fields.String(validate=validate.OneOf(list(SORTS)),
                         metadata={"description": "Default: relevance with q, newest without."})
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))
    cursor = fields.String(validate=validate.Length(max=2000),
                           metadata={"description": "The `next` value of the previous page."})


class ArticleSearchArgsSchema(PageArgsSchema):
    language = fields.String(metadata={"description": "ISO 639-1 code."})
    person = fields.List(fields.String(), metadata={"description": "Repeatable; every name must match."})
    organization = fields.List(fields.String(), metadata={"description": "Repeatable; every name must match."})
    location = fields.List(fields.String(), metadata={"description": "Repeatable; every name must match."})
    entity = fields.List(fields.String(), metadata={"description": "Repeatable; a name of any type."})
    facets = DelimitedList(fields.String(validate=validate.OneOf(ENTITY_FIELDS)),
                           metadata={"description": "Comma-separated entity types to count over the matches.",
                                     "example": "person,location"})


class ArticleSearchSchema(Schema):
    total = fields.Integer()
    items = fields.List(fields.Nested(SearchHitSchema))
    next = fields.String(allow_none=True, metadata={"description": "Cursor of the next page; null on the last."})
    facets = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetBucketSchema)))


class QuoteSearchArgsSchema(PageArgsSchema):
    speaker = fields.String(metadata={"description": "Canonical speaker name, case-insensitive.",
                                      "example": "Yvette Cooper"})
    person = fields.String(metadata={"description": "A person the quote's article mentions."})
    article_id = fields.String()


class QuoteHitSchema(QuoteSchema):
    id = fields.String()
    article_id = fields.String()
    person = fields.List(fields.String(), metadata={"description": "People the article mentions."})
    source = fields.String(allow_none=True)
    title = fields.String(allow_none=True, metadata={"description": "The article's title."})
    url = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)
    score = fields.Float(allow_none=True)
    highlights = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class QuoteSearchSchema(Schema):
    total = fields.Integer()
    items = fields.List(fields.Nested(QuoteHitSchema))
    next = fields.String(allow_none=True)


class EntityListArgsSchema(Schema):
    type = fields.String(required=True, validate=validate.OneOf(ENTITY_FIELDS))
    prefix = fields.String(validate=validate.Length(min=1, max=100),
                           metadata={"description": "A word of the name starts with this (any case).",
                                     "example": "coo"})
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))


class EntityListSchema(Schema):
    items = fields.List(fields.Nested(FacetBucketSchema), metadata={"description": "Names with article counts."})


class EntityProfileArgsSchema(Schema):
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100),
                           metadata={"description": "Co-occurring entities per type."})


class EntityProfileSchema(Schema):
    type = fields.String()
    name = fields.String()
    articles = fields.Integer(metadata={"description": "Articles that mention it."})
    quotes = fields.Integer(metadata={"description": "Quotes it is the speaker of."})
    cooccurring = fields.Dict(keys=fields.String(), values=fields.List(fields.Nested(FacetBucketSchema)),
                              metadata={"description": "type -> names most often in the same articles"})


class BulkItemSchema(Schema):
    index = fields.Integer(metadata={"description": "Position of the item in the request."})
    id = fields.String(allow_none=True)
    status = fields.Integer(metadata={"description": "HTTP status this item would have had alone."})
    problem = fields.Dict(allow_none=True, metadata={"description": "problem+json object, null on success"})


class BulkResultSchema(Schema):
    items = fields.List(fields.Nested(BulkItemSchema))


class StatusSchema(Schema):
    status = fields.String(metadata={"example": "ok"})
    detail = fields.String()
