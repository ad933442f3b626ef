"""Searches and entity lookups, answered as plain dicts in the shape the API returns them."""

from collections.abc import Callable
from urllib.parse import quote

from service.store import cursors, http_node
from service.store.names import resolve, resolve_filters
from service.store.queries import (
    ENTITY_FIELDS,
    article_search,
    buckets,
    names_query,
    outlets_query,
    profile_query,
    quote_search,
)
from service.store.repository import Repository
from service.store.story_queries import statement_search, story_members, story_search, timeline, timeline_buckets

_JSON = {"accept": "application/json", "content-type": "application/json"}


def _search(repo: Repository, index: str, body: dict) -> dict:
    """POST /{index}/_search with `body`: straight to the node when it answers a plain 200
    (`http_node.search`), else through the client's generic request: the same request, errors
    (ApiError subclasses) and transport (retries on another node) as `es.search`, without its
    keyword rewriting (about 0.1 ms of CPU a search, measured in process)."""
    path = f"/{quote(index, safe=',')}/_search"
    answer = http_node.search(repo.es, path, body)
    if answer is not None:
        return answer
    return repo.es.perform_request(
        "POST", path, headers=_JSON, body=body, endpoint_id="search", path_parts={"index": index}
    ).body


def default_sort(q: str | None) -> str:
    """Relevance when there are words to rank by, else the newest first."""
    return "relevance" if q else "newest"


def search_articles(repo: Repository, q=None, sort=None, limit=10, cursor=None, facets=(), **filters) -> dict:
    """{total, items, next, facets}: one page of article summaries, and counts of the entities
    named in `facets` over every match. `cursor` must come from the same search."""
    sort = sort or default_sort(q)
    params = {"q": q, "sort": sort, **filters}
    after = cursors.decode(cursor, "/articles", params) if cursor else None
    result, resolved = _search_resolving(
        repo,
        repo.names.articles,
        lambda given: article_search(q, sort, limit, after=after, facets=tuple(facets), **given),
        filters,
        {f: (repo.names.articles, f) for f in ENTITY_FIELDS},
    )
    page = _page(result, limit, "/articles", params)
    page["facets"] = {name: buckets(agg) for name, agg in result.get("aggregations", {}).items()}
    page["resolved"] = resolved
    return page


def search_quotes(repo: Repository, q=None, sort=None, limit=10, cursor=None, **filters) -> dict:
    """{total, items, next}: one page of quotes. `cursor` must come from the same search."""
    sort = sort or default_sort(q)
    params = {"q": q, "sort": sort, **filters}
    after = cursors.decode(cursor, "/quotes", params) if cursor else None
    result, resolved = _search_resolving(
        repo,
        repo.names.quotes,
        lambda given: quote_search(q, sort, limit, after=after, **given),
        filters,
        {"speaker": (repo.names.quotes, "speaker"), "person": (repo.names.articles, "person")},
    )
    return {**_page(result, limit, "/quotes", params), "resolved": resolved}


def _search_resolving(
    repo: Repository, index: str, build: Callable[[dict], dict], filters: dict, names: dict[str, tuple[str, str]]
) -> tuple[dict, dict]:
    """The search `build(filters)`, and the names it resolved (param -> {given: stored}). Names are
    searched as given; only when nothing matches are the parameters of `names` (param -> (index,
    field)) resolved, a surname to the one stored name containing it, and the search run again."""
    result = _search(repo, index, build(filters))
    if result["hits"]["total"]["value"] or not any(filters.get(param) for param in names):
        return result, {}
    stored, resolved = resolve_filters(repo, filters, names)
    if resolved:
        result = _search(repo, index, build(stored))
    return result, resolved


def search_stories(repo: Repository, q=None, sort=None, limit=10, cursor=None, **filters) -> dict:
    """{total, items, next}: one page of story summaries. `cursor` must come from the same search."""
    sort = sort or default_sort(q)
    params = {"q": q, "sort": sort, **filters}
    after = cursors.decode(cursor, "/stories", params) if cursor else None
    result = _search(repo, repo.names.stories, story_search(q, sort, limit, after=after, **filters))
    return _page(result, limit, "/stories", params)


def get_story(repo: Repository, story_id: str) -> dict | None:
    """The story with its articles (oldest first) and statements (first seen first), or None."""
    found = repo.es.mget(index=repo.names.stories, ids=[story_id])["docs"][0]
    if not found.get("found"):
        return None
    articles, statements = story_members(story_id)
    searches = [{"index": repo.names.articles}, articles, {"index": repo.names.statements}, statements]
    responses = repo.es.msearch(searches=searches)["responses"]
    members = [[h["_source"] for h in r["hits"]["hits"]] for r in responses]
    return {**found["_source"], "articles": members[0], "statements": members[1]}


def search_statements(repo: Repository, q=None, sort=None, limit=10, cursor=None, **filters) -> dict:
    """{total, items, next}: one page of statements. `cursor` must come from the same search."""
    sort = sort or default_sort(q)
    params = {"q": q, "sort": sort, **filters}
    after = cursors.decode(cursor, "/statements", params) if cursor else None
    body = statement_search(q, sort, limit, after=after, **filters)
    return _page(_search(repo, repo.names.statements, body), limit, "/statements", params)


def timeline_counts(repo: Repository, interval: str = "day", **filters) -> dict:
    """{interval, buckets: [{date, articles, stories}]} for a query, entities or a speaker."""
    index = repo.names.quotes if filters.get("speaker") else repo.names.articles
    result = _search(repo, index, timeline(interval, **filters))
    return {"interval": interval, "buckets": timeline_buckets(result)}


class SearchTimedOut(RuntimeError):
    """Elasticsearch stopped the search at its timeout (queries.SEARCH_TIMEOUT): the page would be partial."""


def _page(result: dict, limit: int, search: str, params: dict) -> dict:
    """Hits as items (their source, score and highlights) and the cursor of the next page."""
    if result.get("timed_out"):
        raise SearchTimedOut(f"the {search} search ran past its timeout")
    hits = result["hits"]["hits"]
    items = [{**h["_source"], "score": h.get("_score"), "highlights": h.get("highlight", {})} for h in hits]
    last = hits[-1]["sort"] if len(hits) == limit else None
    return {
        "total": result["hits"]["total"]["value"],
        "items": items,
        "next": cursors.encode(search, params, last) if last else None,
    }


def entity_names(repo: Repository, types: tuple[str, ...], prefix: str | None = None, limit: int = 10) -> dict:
    """{items: [{name, type, count}]}: names of the given entity types (with a word starting with
    `prefix`), most mentioned first, with their article counts."""
    aggs = _search(repo, repo.names.articles, names_query(types, prefix, limit))["aggregations"]
    items = [{**b, "type": t} for t in types for b in buckets(aggs[t])]
    return {"items": sorted(items, key=lambda i: -i["count"])[:limit]}


def entity_profile(repo: Repository, entity_type: str, name: str, limit: int = 10) -> dict | None:
    """{type, name, resolved_from, articles, quotes, cooccurring} of one entity, its name matched in
    any case or, given a surname or shorter form, resolved to the one stored name containing it
    (`resolved_from` then says what was given); None when no article mentions it."""
    stored = resolve(repo, repo.names.articles, entity_type, name, "name")
    result = _search(repo, repo.names.articles, profile_query(entity_type, stored, limit))
    articles = result["hits"]["total"]["value"]
    if not articles:
        return None
    aggs = result["aggregations"]
    spelled = next((b["key"] for b in aggs[entity_type]["buckets"] if b["key"].lower() == stored.lower()), stored)
    return {
        "type": entity_type,
        "name": spelled,
        "resolved_from": name if stored != name else None,
        "articles": articles,
        "quotes": repo.es.count(index=repo.names.quotes, query={"term": {"speaker": stored}})["count"],
        "cooccurring": {f: buckets(aggs[f], skip=stored if f == entity_type else None)[:limit] for f in ENTITY_FIELDS},
    }


def outlets(repo: Repository, prefix: str | None = None, limit: int = 20) -> dict:
    """{items: [{name, domain, count}]}: outlets with their article counts, most articles first."""
    aggs = _search(repo, repo.names.articles, outlets_query(prefix, limit))["aggregations"]
    items = [
        {"name": next((n["key"] for n in b["names"]["buckets"]), None), "domain": b["key"], "count": b["doc_count"]}
        for b in aggs["domains"]["buckets"]
    ]
    items += [
        {"name": b["key"], "domain": None, "count": b["doc_count"]} for b in aggs["no_domain"]["names"]["buckets"]
    ]
    return {"items": sorted(items, key=lambda i: (-i["count"], i["domain"] or i["name"] or ""))[:limit]}
