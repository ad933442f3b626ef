"""Stories and statements as stored views: each recomputed from the articles or quotes carrying its id.

A view document is rebuilt whenever one of its articles or quotes is written, replaced or
deleted (Repository), so it never keeps what its members no longer say; recomputing from the
members, rather than patching counters, makes concurrent writers converge on the same view.
"""

from elasticsearch import Elasticsearch, helpers

from service.pipeline.relate.statements import changed_words
from service.pipeline.relate.words import stem_text
from service.store.indices import WRITE_SEARCH_CONCURRENCY, IndexNames

ENTITY_FIELDS = ("person", "organization", "location")
MAX_MEMBERS = 1000
STORY_ORDER: list[dict] = [{"relate.at": "asc"}, {"id": "asc"}]
STATEMENT_ORDER: list[dict] = [{"published_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]


def rebuild(es: Elasticsearch, names: IndexNames, story_ids: set[str], statement_ids: set[str]) -> None:
    """Recompute the given stories and statements from what is stored now (deleting emptied ones).

    The articles and quotes must be visible to search (refreshed) before this runs.
    """
    story_ids.discard(None)  # type: ignore[arg-type]
    statement_ids.discard(None)  # type: ignore[arg-type]
    actions = [
        _action(names.stories, story_id, story(members))
        for story_id, members in _members(es, names.articles, "story_id", story_ids, STORY_FIELDS, STORY_ORDER).items()
    ]
    actions += [
        _action(names.statements, statement_id, statement(members))
        for statement_id, members in _members(
            es, names.quotes, "statement_id", statement_ids, STATEMENT_FIELDS, STATEMENT_ORDER
        ).items()
    ]
    if actions:
        helpers.bulk(es, actions, raise_on_error=False)


STORY_FIELDS = ["id", "title", "source", "source_domain", "published_at", "relate.at", *ENTITY_FIELDS]
STATEMENT_FIELDS = ["id", "text", "speaker", "article_id", "source", "source_domain", "published_at", "story_id"]


def _outlet(doc: dict) -> str | None:
    """How a view names an article's outlet: the name its page gives, else its domain."""
    return doc.get("source") or doc.get("source_domain")


def _members(
    es: Elasticsearch, index: str, field: str, ids: set[str], source: list[str], order: list[dict]
) -> dict[str, list[dict]]:
    """id -> the documents of `index` whose `field` is that id, oldest first (empty when none is left)."""
    if not ids:
        return {}
    ordered = sorted(ids)
    lines: list[dict] = []
    for value in ordered:
        lines += [
            {"index": index},
            {"size": MAX_MEMBERS, "_source": source, "query": {"term": {field: value}}, "sort": order},
        ]
    responses = es.msearch(searches=lines, max_concurrent_searches=WRITE_SEARCH_CONCURRENCY)["responses"]
    return {value: [h["_source"] for h in r.get("hits", {}).get("hits", [])] for value, r in zip(ordered, responses)}


def _action(index: str, doc_id: str, doc: dict | None) -> dict:
    if doc is None:
        return {"_op_type": "delete", "_index": index, "_id": doc_id}
    return {"_index": index, "_id": doc_id, "_source": {"id": doc_id, **doc}}


def story(articles: list[dict]) -> dict | None:
    """The story view of its articles (oldest first), or None when it has none left."""
    if not articles:
        return None
    first = articles[0]
    dated = [a["published_at"] for a in articles if a.get("published_at")]
    return {
        "title": first.get("title"),
        "stems": {"title": stem_text(" ".join(a.get("title") or "" for a in articles))},
        "articles": len(articles),
        "article_ids": [a["id"] for a in articles],
        "sources": list(dict.fromkeys(_outlet(a) for a in articles if _outlet(a))),
        "first_source": _outlet(first),
        "first_published_at": min(dated, default=None),
        "last_published_at": max(dated, default=None),
        "published_at": max(dated, default=None),
        **{f: sorted({name for a in articles for name in a.get(f) or ()}) for f in ENTITY_FIELDS},
    }


def statement(quotes: list[dict]) -> dict | None:
    """The statement view of its quotes (first seen first), or None when it has none left."""
    if not quotes:
        return None
    first = quotes[0]
    wordings = dict.fromkeys(q["text"] for q in quotes[1:])  # each distinct wording compared once (copies repeat)
    changed = list(dict.fromkeys(w for text in wordings for w in changed_words(first["text"], text)))
    return {
        "speaker": first.get("speaker"),
        "text": first["text"],
        "stems": {"text": stem_text(first["text"])},
        "story_id": sorted({q["story_id"] for q in quotes if q.get("story_id")}),
        "sources": list(dict.fromkeys(_outlet(q) for q in quotes if _outlet(q))),
        "variants": [
            {**{k: q.get(k) for k in ("text", "article_id", "published_at")}, "source": _outlet(q)} for q in quotes
        ],
        "first_seen": {**{k: first.get(k) for k in ("article_id", "published_at")}, "source": _outlet(first)},
        "published_at": first.get("published_at"),
        "altered": bool(changed),
        "changed_words": changed,
    }
