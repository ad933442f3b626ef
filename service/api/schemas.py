"""Request and response schemas: the single source of validation, of response bodies and of openapi.yaml."""

import difflib
import re
from datetime import UTC, datetime
from functools import cached_property

from marshmallow import Schema, ValidationError, fields, missing, pre_load, validate, validates_schema
from marshmallow.decorators import POST_LOAD, PRE_LOAD, VALIDATES, VALIDATES_SCHEMA
from webargs.fields import DelimitedList
from webargs.multidictproxy import MultiDictProxy
from werkzeug.datastructures import MultiDict

from service.ingestion.payload import IsoDate
from service.store.queries import ENTITY_FIELDS, FACETS, SORTS

MAX_QUERY_CHARS = 1000
# Values of one repeatable name filter (person=...&person=...): every one must match, and a search
# that finds nothing resolves each by a search of its own (400 names took 17 s on 12 articles).
MAX_NAMES = 10


def names_field(description: str = "Repeatable; every name must match.") -> fields.List:
    """A repeatable name filter of at most MAX_NAMES values."""
    return fields.List(
        fields.String(),
        validate=validate.Length(max=MAX_NAMES),
        metadata={"description": f"{description} At most {MAX_NAMES}."},
    )


class _Shaped:
    """A field whose value the store already built in the declared shape (search hits, facet
    buckets): dumped as it is, without marshmallow's per-field dump, the search views' hottest
    cost. Tests check on stored data that dumping it field by field gives the same value."""

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class ShapedList(_Shaped, fields.List):
    pass


class ShapedDict(_Shaped, fields.Dict):
    pass


def _unknown_message(name: str, known: set[str]) -> str:
    """ "Unknown parameter." with the closest known name (spelling, case and separators aside)."""

    def norm(text: str) -> str:
        return re.sub(r"[^0-9a-z]", "", text.lower())

    by_norm = {norm(k): k for k in known}
    close = difflib.get_close_matches(norm(name), list(by_norm), n=1, cutoff=0.6)
    if close:
        return f"Unknown parameter; did you mean `{by_norm[close[0]]}`?"
    return f"Unknown parameter; known: {', '.join(sorted(known)) or 'none'}."


class QueryArgsSchema(Schema):
    """Query parameters of one operation: a parameter it does not know is an error naming it
    (a typo must not silently widen the answer)."""

    @pre_load
    def _only_known(self, data, **kwargs):
        known = {f.data_key or name for name, f in self.load_fields.items()}
        unknown = [name for name in data if name not in known]
        if unknown:
            raise ValidationError({name: [_unknown_message(name, known)] for name in unknown})
        return data

    @cached_property
    def _repeatable(self) -> frozenset[str] | None:
        """The parameters read as lists (as webargs reads them), or None when quick_load cannot stand
        in for `load`: a hook it does not run, a field under another name."""
        hooks = [name for name, *_ in self._hooks[PRE_LOAD]] == ["_only_known"]
        if not hooks or self._hooks[POST_LOAD] or self._hooks[VALIDATES]:
            return None
        if any(f.data_key not in (None, name) for name, f in self.load_fields.items()):
            return None
        return frozenset(MultiDictProxy(MultiDict(), self).multiple_keys)

    def quick_load(self, args: MultiDict) -> dict | None:
        """What webargs' `load` of this query string gives when it is valid, field by field with the
        same fields, validators and defaults but without the per-request machinery (a fifth of a
        search's CPU in the app); None when a parameter is unknown or repeated where one is
        expected, or a validator refuses a value: the full load then runs and answers the error."""
        repeatable = self._repeatable
        if repeatable is None or any(name not in self.load_fields for name in args):
            return None
        data = {}
        try:
            for name, field in self.load_fields.items():
                if name not in args:
                    value = field.deserialize(missing)  # its default, or a required field's error
                    if value is not missing:
                        data[name] = value
                    continue
                values = args.getlist(name)
                if name not in repeatable and len(values) != 1:
                    return None
                data[name] = field.deserialize(values if name in repeatable else values[0], name, args)
            for name, *_ in self._hooks[VALIDATES_SCHEMA]:
                getattr(self, name)(data, partial=None, many=False)
        except ValidationError:
            return None
        return data


class NoQueryArgsSchema(QueryArgsSchema):
    """An operation without query parameters: any given is an error."""


def _instant(iso: str) -> datetime:
    """A date or date-time as a comparable instant (a date is its midnight, no zone means UTC)."""
    value = datetime.fromisoformat(iso)
    return value if value.tzinfo else value.replace(tzinfo=UTC)


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


EVIDENCE_KINDS = [
    "given", "json-ld", "meta", "h1", "heading", "trafilatura", "page title", "headline line", "byline line",
    "name line", "dateline", "footer line", "url", "title suffix", "masthead", "copyright line",
]  # fmt: skip


def _evidence(what: str) -> fields.String:
    return fields.String(allow_none=True, metadata={"enum": EVIDENCE_KINDS, "description": what})


class EvidenceSchema(Schema):
    """Where each metadata value was found; null when there is no value."""

    title = _evidence(
        "`headline line`: a line above the body (or repeating the page title); `page title`: the page "
        "title's main part (a scrape's first line); for HTML `meta` (og:title), `h1`, `heading` (an <h2>, the "
        "first heading inside <article> or <main>, an element whose class, id or itemprop names the headline), "
        "`json-ld` or `trafilatura` (its reading of the <title>); `given`: the client's override."
    )
    author = _evidence(
        '`byline line` ("By ..."), `name line` (a name alone on its line beside the headline or '
        "dateline), or for HTML `meta`, `json-ld`, `trafilatura`."
    )
    published_at = _evidence(
        "`dateline` (a date line above or at the body's top), `footer line` (just below the body), `url` "
        "(a /2026/03/10/ path), `meta`, `json-ld`, `trafilatura`, or `given`."
    )
    source = _evidence(
        '`title suffix` ("Headline - Outlet"), `masthead` (a top line matching the domain), `copyright '
        "line`, `meta` (og:site_name), `json-ld`, `trafilatura`, or `given`."
    )


class MetadataSchema(Schema):
    """What the pipeline finds about an article besides its text."""

    title = fields.String(allow_none=True)
    author = fields.List(fields.String())
    published_at = fields.String(
        allow_none=True,
        metadata={
            "description": "ISO 8601 as the page gives it: a day (`2026-03-10`) when it gives no time; a time "
            "with its offset when it gives a zone (`09.12 GMT` -> `T09:12:00+00:00`, named zones such as BST "
            "or EST become offsets); a time without an offset when it gives none (the page's local time: "
            "filters and sorting read it as UTC).",
            "example": "2026-03-10T09:12:00+00:00",
        },
    )
    source = fields.String(
        allow_none=True,
        metadata={"description": "The outlet's name as the page gives it (site name, title suffix, masthead)."},
    )
    evidence = fields.Nested(EvidenceSchema, metadata={"description": "Where each metadata value was found."})
    source_domain = fields.String(
        allow_none=True,
        metadata={"description": "The registered domain of the article's URL, without www.", "example": "bbc.co.uk"},
    )
    language = fields.String(
        allow_none=True,
        metadata={
            "description": "ISO 639-1 code of the body. Quotes and entities are read from English bodies only (or "
            "bodies written with English function words): a body in another language has none."
        },
    )


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
    story_id = fields.String(allow_none=True, metadata={"description": "The story it belongs to (GET /stories/{id})."})
    duplicate_of = fields.String(allow_none=True, metadata={"description": "The earliest copy's id, if a copy."})
    ingested_at = fields.String()
    person = fields.List(fields.String())
    organization = fields.List(fields.String())
    location = fields.List(fields.String())


class ArticleSchema(ArticleSummarySchema):
    duplicates = fields.Integer(metadata={"description": "Stored copies of this article."})
    body = fields.String()
    quotes = fields.List(fields.Nested(QuoteSchema))
    entity_details = fields.List(fields.Nested(EntityDetailSchema))
    raw = fields.Nested(RawSchema, metadata={"description": "The input as submitted, kept for re-processing."})


class SearchHitSchema(ArticleSummarySchema):
    score = fields.Float(allow_none=True)
    highlights = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.String()),
        metadata={"description": "field -> snippets with <em> around the matches"},
    )


class FacetBucketSchema(Schema):
    name = fields.String()
    count = fields.Integer()


class PageArgsSchema(QueryArgsSchema):
    """Full text, the time window, sort and cursor paging: shared by the search endpoints."""

    q = fields.String(
        validate=validate.Length(max=MAX_QUERY_CHARS),
        metadata={
            "description": 'Words to find, every one of them in any word form ("negotiation" finds "negotiations"); '
            '"quoted phrases" match exactly; `|` (OR), `-` (exclusion) and brackets; no prefix `*` or fuzzy `~`.',
            "example": "Cooper",
        },
    )
    source = fields.String(
        metadata={
            "description": "Outlet: its name or its domain, case-insensitive, with or without www. "
            "(`BBC`, `bbc.co.uk`, `guardian` for The Guardian).",
            "example": "bbc.co.uk",
        }
    )
    published_after = IsoDate(metadata={"description": "Inclusive lower bound (ISO 8601)."})
    published_before = IsoDate(metadata={"description": "Inclusive upper bound (ISO 8601)."})
    sort = fields.String(
        validate=validate.OneOf(list(SORTS)), metadata={"description": "Default: relevance with q, newest without."}
    )
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))
    cursor = fields.String(
        validate=validate.Length(max=2000),
        metadata={
            "description": "The `next` value of the previous page, sent with the same query, filters and sort "
            "(another search's cursor is a 400 naming the search it belongs to)."
        },
    )

    @validates_schema
    def _ordered_window(self, data, **kwargs):
        after, before = data.get("published_after"), data.get("published_before")
        if after and before and _instant(after) > _instant(before):
            raise ValidationError(
                f"Later than published_before ({before}): the window would be empty.", field_name="published_after"
            )


RESOLVING = "a surname or shorter form stands for the one stored name containing it (see `resolved`)."


class ArticleSearchArgsSchema(PageArgsSchema):
    language = fields.String(metadata={"description": "ISO 639-1 code."})
    person = names_field(f"Repeatable; every name must match; {RESOLVING}")
    organization = names_field(f"Repeatable; every name must match; {RESOLVING}")
    location = names_field(f"Repeatable; every name must match; {RESOLVING}")
    entity = names_field("Repeatable; a name of any type.")
    facets = DelimitedList(
        fields.String(validate=validate.OneOf(FACETS)),
        validate=validate.Length(min=1, error=f"Name at least one of: {', '.join(FACETS)} (or leave facets out)."),
        metadata={
            "description": "Comma-separated entity types (or `source`, the outlets) to count over the matches.",
            "example": "person,location",
        },
    )


RESOLVED_DESCRIPTION = (
    "Names given as a surname or a shorter form and the one stored name each was resolved to: "
    "parameter -> {given: stored}. A name several stored names contain is a 422 listing them."
)


class ArticleSearchSchema(Schema):
    total = fields.Integer()
    items = ShapedList(fields.Nested(SearchHitSchema))
    next = fields.String(allow_none=True, metadata={"description": "Cursor of the next page; null on the last."})
    facets = ShapedDict(keys=fields.String(), values=fields.List(fields.Nested(FacetBucketSchema)))
    resolved = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.String()),
        metadata={"description": RESOLVED_DESCRIPTION, "example": {"person": {"Graham": "Sharon Graham"}}},
    )


class QuoteSearchArgsSchema(PageArgsSchema):
    speaker = fields.String(
        metadata={"description": f"The speaker's name, any case; {RESOLVING}", "example": "Yvette Cooper"}
    )
    person = fields.String(metadata={"description": f"A person the quote's article mentions; {RESOLVING}"})
    article_id = fields.String()


class QuoteHitSchema(QuoteSchema):
    id = fields.String()
    article_id = fields.String()
    person = fields.List(fields.String(), metadata={"description": "People the article mentions."})
    source = fields.String(allow_none=True)
    source_domain = fields.String(allow_none=True)
    title = fields.String(allow_none=True, metadata={"description": "The article's title."})
    url = fields.String(allow_none=True)
    published_at = fields.String(allow_none=True)
    statement_id = fields.String(
        allow_none=True, metadata={"description": "The statement it is a wording of (GET /statements)."}
    )
    story_id = fields.String(allow_none=True, metadata={"description": "The story of its article."})
    score = fields.Float(allow_none=True)
    highlights = fields.Dict(keys=fields.String(), values=fields.List(fields.String()))


class QuoteSearchSchema(Schema):
    total = fields.Integer()
    items = ShapedList(fields.Nested(QuoteHitSchema))
    next = fields.String(allow_none=True, metadata={"description": "Cursor of the next page; null on the last."})
    resolved = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.String()),
        metadata={"description": RESOLVED_DESCRIPTION, "example": {"speaker": {"Graham": "Sharon Graham"}}},
    )


class EntityListArgsSchema(QueryArgsSchema):
    type = fields.String(
        validate=validate.OneOf(ENTITY_FIELDS), metadata={"description": "Only this type; every type when left out."}
    )
    prefix = fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={"description": "A word of the name starts with this (any case).", "example": "coo"},
    )
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=100))


class EntityNameSchema(FacetBucketSchema):
    type = fields.String(metadata={"enum": list(ENTITY_FIELDS)})


class EntityListSchema(Schema):
    items = fields.List(
        fields.Nested(EntityNameSchema), metadata={"description": "Names with their type and article counts."}
    )


class SourceListArgsSchema(QueryArgsSchema):
    prefix = fields.String(
        validate=validate.Length(min=1, max=100),
        metadata={
            "description": "A word of the outlet's name, or its domain, starts with this (any case).",
            "example": "bbc",
        },
    )
    limit = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class SourceSchema(Schema):
    name = fields.String(allow_none=True, metadata={"description": "The name most of its articles give it."})
    domain = fields.String(allow_none=True, metadata={"description": "Registered domain, without www."})
    count = fields.Integer(metadata={"description": "Stored articles."})


class SourceListSchema(Schema):
    items = fields.List(fields.Nested(SourceSchema), metadata={"description": "Outlets, most articles first."})


class EntityProfileArgsSchema(QueryArgsSchema):
    limit = fields.Integer(
        load_default=10,
        validate=validate.Range(min=1, max=100),
        metadata={"description": "Co-occurring entities per type."},
    )


class EntityProfileSchema(Schema):
    type = fields.String()
    name = fields.String(metadata={"description": "The stored name."})
    resolved_from = fields.String(
        allow_none=True,
        metadata={"description": "The name as given, when it was a shorter form of this one."},
    )
    articles = fields.Integer(metadata={"description": "Articles that mention it."})
    quotes = fields.Integer(metadata={"description": "Quotes it is the speaker of."})
    cooccurring = fields.Dict(
        keys=fields.String(),
        values=fields.List(fields.Nested(FacetBucketSchema)),
        metadata={"description": "type -> names most often in the same articles"},
    )


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
