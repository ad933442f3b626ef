"""Query builders for article and quote search, and the opaque pagination cursor.

User text only ever reaches `simple_query_string` (which has no failure modes on bad syntax)
and `term`/`range` filters; never `query_string`, scripts or index names.
"""
import base64
import binascii
import json

ENTITY_FIELDS = ("person", "organization", "location")

SORTS = {
    "relevance": [{"_score": "desc"}, {"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "oldest": [{"published_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
}


class CursorError(ValueError):
    """The pagination cursor is not one this service issued for this sort."""


def encode_cursor(sort: str, after: list) -> str:
    raw = json.dumps({"s": sort, "a": after}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode_cursor(token: str, sort: str) -> list:
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
        after = data["a"]
        valid = data["s"] == sort and isinstance(after, list) and len(after) == len(SORTS[sort])
    except (binascii.Error, ValueError, KeyError, TypeError, UnicodeDecodeError):
        valid = False
    if not valid:
        raise CursorError("not a cursor issued by this service for this sort order")
    return after


def _filters(source=None, language=None, published_after=None, published_before=None,
             entity=(), **entities) -> list[dict]:
    out = []
    if source:
        out.append({"term": {"source": source}})
    if language:
        out.append({"term": {"language": language}})
    if published_after or published_before:
        bounds = {"gte": published_after, "lte": published_before}
        out.append({"range": {"published_at": {k: v for k, v in bounds.items() if v}}})
    for field in ENTITY_FIELDS:
        out.extend({"term": {field: name}} for name in entities.get(field) or ())
    for name in entity:
        out.append({"bool": {"should": [{"term": {f: name}} for f in ENTITY_FIELDS],
                             "minimum_should_match": 1}})
    return out


def article_search(q: str | None, sort: str, limit: int, after: list | None = None,
                   facets: tuple[str, ...] = (), facet_size: int = 10, **filters) -> dict:
    """The search request body for GET /articles."""
    must = ([{"simple_query_string": {"query": q, "fields": ["title^3", "body"],
                                      "default_operator": "and"}}] if q else [])
    body = {
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": _filters(**filters)}},
        "sort": SORTS[sort],
        "size": limit,
        "track_total_hits": True,
        "_source": {"excludes": ["body", "raw", "quotes", "entity_details"]},
    }
    if q:
        body["highlight"] = {"fields": {"title": {"number_of_fragments": 0},
                                        "body": {"fragment_size": 160, "number_of_fragments": 3}},
                             "pre_tags": ["<em>"], "post_tags": ["</em>"]}
    if after:
        body["search_after"] = after
    if facets:
        body["aggs"] = {f: {"terms": {"field": f"{f}.raw", "size": facet_size}} for f in facets}
    return body
