"""QueryArgsSchema.quick_load: the arguments webargs' full load gives, or None (the full load then answers)."""

import pytest
from flask import Flask, request
from webargs.flaskparser import FlaskParser
from werkzeug.exceptions import HTTPException

from service.api.errors import Parser
from service.api.schemas import ArticleSearchArgsSchema, NoQueryArgsSchema, QueryArgsSchema, QuoteSearchArgsSchema
from service.api.story_schemas import StorySearchArgsSchema, TimelineArgsSchema

QUERIES = [
    "", "q=harbour+strike", "q=", "q=a&q=b", "Q=x", "qq=x", "q=" + "x" * 1001, "limit=5", "limit=0", "limit=abc",
    "limit=101", "limit=+7", "limit=%207", "limit=1.0", "limit=5&limit=6", "facets=person,location", "facets=",
    "facets=person,planet", "person=Ann+Lee&person=Bo", "person=", "entity=Acme", "organization=Acme&location=Oslo",
    "published_after=2024-01-01", "published_after=2024-01-01T10:00:00%2B05:30", "published_after=2024-13-01",
    "published_after=2024-01-01T10:00:00%2B05:30:10", "published_before=9999-12-31T23:00:00-05:00",
    "published_after=2025-01-01&published_before=2024-01-01", "published_after=2024-01-01&published_before=2025-01-01",
    "sort=newest", "sort=Newest", "cursor=abc", "cursor=" + "c" * 2001, "source=bbc.co.uk", "language=en",
    "speaker=Ann+Lee", "speaker=Ann&speaker=Bo", "article_id=abc", "interval=week", "interval=century",
    "type=person", "prefix=co", "prefix=", "q=caf%C3%A9&sort=relevance&limit=100",
]  # fmt: skip
SCHEMAS = [ArticleSearchArgsSchema, QuoteSearchArgsSchema, StorySearchArgsSchema, TimelineArgsSchema, NoQueryArgsSchema]


def _subclasses(cls):
    for sub in cls.__subclasses__():
        yield sub
        yield from _subclasses(sub)


@pytest.mark.parametrize("schema_class", sorted(_subclasses(QueryArgsSchema), key=lambda c: c.__name__))
def test_quick_load_gives_what_the_full_load_gives_or_leaves_it_to_it(schema_class):
    app, schema, quick_taken = Flask(__name__), schema_class(), 0
    for query in QUERIES:
        with app.test_request_context(f"/?{query}"):
            quick = schema.quick_load(request.args)
            try:
                full = FlaskParser().parse(schema_class(), location="query")
            except HTTPException:  # an error: the quick path must not have answered
                assert quick is None, (schema_class.__name__, query, quick)
                continue
            assert quick is None or (quick == full and list(quick) == list(full)), (query, quick, full)
            quick_taken += quick is not None
    assert quick_taken  # the quick path answers the valid queries


@pytest.mark.parametrize("schema_class", SCHEMAS)
def test_the_parser_answers_valid_search_queries_quickly_and_the_rest_with_the_full_errors(schema_class):
    app = Flask(__name__)
    with app.test_request_context("/?q=harbour"):
        assert schema_class().quick_load(request.args) is not None or schema_class is NoQueryArgsSchema
    with app.test_request_context("/?limit=0&bogus=1"), pytest.raises(HTTPException) as raised:
        Parser().parse(schema_class, location="query")
    assert raised.value.code == 422 and "bogus" in raised.value.data["messages"]["query"]
