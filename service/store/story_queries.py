"""Query builders for stories, statements and timelines (the views of service.store.views)."""

from service.store.queries import ENTITY_FIELDS, filters, paged_search, text_clauses

INTERVALS = ("day", "week", "month")
STORY_ARTICLE_FIELDS = ["id", "title", "source", "url", "published_at", "duplicate_of"]
STORY_HIT_FIELDS = ["id", "title", "articles", "sources", "first_source", "first_published_at", "last_published_at"]
STATEMENT_FIELDS = [
    "id", "speaker", "text", "variants", "sources", "first_seen", "altered", "changed_words", "story_id",
]  # fmt: skip
MAX_STORY_ARTICLES = 1000
MAX_STORY_STATEMENTS = 100


def _overlapping(published_after: str | None, published_before: str | None) -> list[dict]:
    """Stories with an article inside [after, before]: first article before `before`, last after `after`."""
    out = []
    if published_before:
        out.append({"range": {"first_published_at": {"lte": published_before}}})
    if published_after:
        out.append({"range": {"last_published_at": {"gte": published_after}}})
    return out


def story_search(
    q, sort, limit, after=None, source=None, published_after=None, published_before=None, **entities
) -> dict:
    """The search request body for GET /stories: text over the headlines, filters on what any article has."""
    terms = {"sources": source, **{f: entities.get(f) for f in ENTITY_FIELDS}}
    return paged_search(
        q,
        ["title"],
        sort,
        limit,
        after,
        filters(terms) + _overlapping(published_after, published_before),
        {"title": {"number_of_fragments": 0}},
        STORY_HIT_FIELDS,
    )


def statement_search(
    q,
    sort,
    limit,
    after=None,
    speaker=None,
    story_id=None,
    altered=None,
    source=None,
    published_after=None,
    published_before=None,
) -> dict:
    """The search request body for GET /statements (dates are when a statement was first seen)."""
    terms = {"speaker": speaker, "story_id": story_id, "sources": source}
    clauses = filters(terms, published_after, published_before)
    if altered is not None:
        clauses.append({"term": {"altered": altered}})
    return paged_search(
        q, ["text"], sort, limit, after, clauses, {"text": {"number_of_fragments": 0}}, STATEMENT_FIELDS
    )


def story_members(story_id: str) -> tuple[dict, dict]:
    """Search bodies for a story's articles (oldest first) and its statements (first seen first)."""
    articles = {
        "size": MAX_STORY_ARTICLES,
        "query": {"term": {"story_id": story_id}},
        "sort": [{"relate.at": "asc"}, {"id": "asc"}],
        "_source": STORY_ARTICLE_FIELDS,
    }
    statements = {
        "size": MAX_STORY_STATEMENTS,
        "query": {"term": {"story_id": story_id}},
        "sort": [{"published_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
        "_source": STATEMENT_FIELDS,
    }
    return articles, statements


def timeline(interval: str, q=None, speaker=None, published_after=None, published_before=None, **entities) -> dict:
    """Counts per `interval` of articles (copies once) and distinct stories.

    With `speaker` it counts over that speaker's quotes (the articles and stories quoting them),
    otherwise over articles matching `q` and the entity filters.
    """
    histogram: dict = {
        "field": "published_at",
        "calendar_interval": interval,
        "format": "yyyy-MM-dd",
        "min_doc_count": 0,
    }
    stories: dict = {"cardinality": {"field": "story_id"}}
    if speaker:
        query_filters = filters({"speaker": speaker}, published_after, published_before)
        must = text_clauses(q, ["text"]) if q else []
        articles: dict = {"cardinality": {"field": "article_id"}}
    else:
        terms = {f: entities.get(f) for f in ENTITY_FIELDS}
        query_filters = filters(terms, published_after, published_before)
        must = text_clauses(q, ["title", "body"]) if q else []
        articles = {"filter": {"bool": {"must_not": {"exists": {"field": "duplicate_of"}}}}}
    return {
        "size": 0,
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": query_filters}},
        "aggs": {"buckets": {"date_histogram": histogram, "aggs": {"articles": articles, "stories": stories}}},
    }


def timeline_buckets(result: dict) -> list[dict]:
    """[{date, articles, stories}] from a timeline search result."""
    out = []
    for b in result["aggregations"]["buckets"]["buckets"]:
        articles = b["articles"].get("value", b["articles"].get("doc_count", 0))
        out.append({"date": b["key_as_string"], "articles": articles, "stories": b["stories"]["value"]})
    return out
