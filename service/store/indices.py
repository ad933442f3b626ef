"""Index definitions and their idempotent creation: versioned concrete indices behind aliases.

Only core analysis features are used (standard tokenizer, lowercase, English stop words): the
Maven integ-test distribution used for local runs has no analysis-common module (no language
analyzers, stemmers, ascii folding or html_strip), and the same mapping must serve there and
on the full official image. Word forms are therefore handled in Python: `stems.<field>` holds
the folded English stems of `<field>` (service.pipeline.relate.words), queried with the query's
stems.
"""

import logging
from typing import NamedTuple

from elasticsearch import ApiError, Elasticsearch

log = logging.getLogger(__name__)

ARTICLES_VERSION = 5
QUOTES_VERSION = 4
STORIES_VERSION = 1
STATEMENTS_VERSION = 1
# The searches a write makes (relating articles, rebuilding views) run one at a time on a node:
# a batch's dozens of them would otherwise take every search thread and queue readers behind them.
WRITE_SEARCH_CONCURRENCY = 1

ANALYSIS = {
    "analyzer": {
        "text_en": {"type": "custom", "tokenizer": "standard", "filter": ["lowercase", "english_stop"]},
    },
    "filter": {"english_stop": {"type": "stop", "stopwords": "_english_"}},
    "normalizer": {"lowercase": {"type": "custom", "filter": ["lowercase"]}},
}

_TEXT = {"type": "text", "analyzer": "text_en"}
_KEYWORD_LC = {"type": "keyword", "normalizer": "lowercase"}
_ENTITY_NAMES = {"type": "keyword", "normalizer": "lowercase", "fields": {"raw": {"type": "keyword"}}}

ARTICLES_MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "keyword"},
        "url": {"type": "keyword"},
        "title": _TEXT,
        "body": _TEXT,
        "stems": {"properties": {"title": _TEXT, "body": _TEXT}},
        "story_id": {"type": "keyword"},
        "duplicate_of": {"type": "keyword"},
        # what relating needs (service.store.relations): band keys, the MinHash signature, lead terms
        "relate": {
            "properties": {
                "at": {"type": "date"},
                "bands": {"type": "keyword"},
                "signature": {"type": "long", "index": False, "doc_values": False},
                "terms": {"type": "keyword"},
            }
        },
        "author": _KEYWORD_LC,
        "source": _ENTITY_NAMES,
        "source_domain": _KEYWORD_LC,
        "language": {"type": "keyword"},
        "published_at": {"type": "date"},
        "ingested_at": {"type": "date"},
        # where title, author, published_at and source were found ("dateline", "meta", "given", ...)
        "evidence": {"properties": {f: {"type": "keyword"} for f in ("title", "author", "published_at", "source")}},
        "person": _ENTITY_NAMES,
        "organization": _ENTITY_NAMES,
        "location": _ENTITY_NAMES,
        "entity_details": {"type": "object", "enabled": False},
        "quotes": {"type": "object", "enabled": False},
        "raw": {"type": "object", "enabled": False},
    },
}

QUOTES_MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "keyword"},
        "article_id": {"type": "keyword"},
        "text": _TEXT,
        "stems": {"properties": {"text": _TEXT}},
        "statement_id": {"type": "keyword"},
        "story_id": {"type": "keyword"},
        "speaker": _ENTITY_NAMES,
        "speaker_kind": {"type": "keyword"},
        "person": _KEYWORD_LC,
        "cue": {"type": "keyword"},
        "start": {"type": "integer", "index": False},
        "end": {"type": "integer", "index": False},
        "source": _ENTITY_NAMES,
        "source_domain": _KEYWORD_LC,
        "title": {"type": "text", "analyzer": "text_en", "index": False},
        "url": {"type": "keyword", "index": False},
        "published_at": {"type": "date"},
    },
}


# Stories and statements are views: each document is recomputed from the articles or quotes
# carrying its id whenever one of them changes (service.store.views).
STORIES_MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "keyword"},
        "title": _TEXT,
        "stems": {"properties": {"title": _TEXT}},
        "articles": {"type": "integer"},
        "article_ids": {"type": "keyword"},
        "sources": _KEYWORD_LC,
        "first_source": {"type": "keyword", "index": False},
        "first_published_at": {"type": "date"},
        "last_published_at": {"type": "date"},
        "published_at": {"type": "date"},  # the latest article's: what "newest" sorts by
        "person": _ENTITY_NAMES,
        "organization": _ENTITY_NAMES,
        "location": _ENTITY_NAMES,
    },
}

STATEMENTS_MAPPINGS = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "keyword"},
        "speaker": _ENTITY_NAMES,
        "text": _TEXT,
        "stems": {"properties": {"text": _TEXT}},
        "story_id": {"type": "keyword"},
        "sources": _KEYWORD_LC,
        "variants": {"type": "object", "enabled": False},
        "first_seen": {"type": "object", "enabled": False},
        "published_at": {"type": "date"},  # when first seen
        "altered": {"type": "boolean"},
        "changed_words": {"type": "keyword"},
    },
}


class IndexNames(NamedTuple):
    """Where articles, quotes, stories and statements are read and written: aliases, or concrete indices."""

    articles: str
    quotes: str
    stories: str
    statements: str


class Indices:
    """Names of the service's aliases and concrete indices under one prefix, and how new ones are laid out.

    `replicas` None means `auto_expand_replicas: 0-1`: green on one node, one replica of every
    shard as soon as a second node joins. Elasticsearch acknowledges a write once every in-sync
    copy has it; `wait_for_active_shards` (default 1, the primary) is how many copies must be up
    before a write starts: "all" refuses writes while a replica is missing, rather than storing
    them on fewer copies.
    """

    def __init__(self, prefix: str, shards: int = 1, replicas: int | None = None, wait_for_active_shards: str = "1"):
        self.prefix = prefix
        self.articles = f"{prefix}-articles"
        self.quotes = f"{prefix}-quotes"
        self.stories = f"{prefix}-stories"
        self.statements = f"{prefix}-statements"
        self.layout: dict = {"number_of_shards": shards, "write.wait_for_active_shards": wait_for_active_shards}
        if replicas is None:
            self.layout["auto_expand_replicas"] = "0-1"
        else:
            self.layout["number_of_replicas"] = replicas

    def definitions(self) -> list[tuple[str, str, dict]]:
        """(alias, concrete index, body) for every index the service needs."""
        settings = {**self.layout, "analysis": ANALYSIS}
        return [
            (
                self.articles,
                f"{self.articles}-v{ARTICLES_VERSION}",
                {"settings": settings, "mappings": ARTICLES_MAPPINGS},
            ),
            (self.quotes, f"{self.quotes}-v{QUOTES_VERSION}", {"settings": settings, "mappings": QUOTES_MAPPINGS}),
            (
                self.stories,
                f"{self.stories}-v{STORIES_VERSION}",
                {"settings": settings, "mappings": STORIES_MAPPINGS},
            ),
            (
                self.statements,
                f"{self.statements}-v{STATEMENTS_VERSION}",
                {"settings": settings, "mappings": STATEMENTS_MAPPINGS},
            ),
        ]

    def names(self) -> IndexNames:
        """The aliases, as the names to read and write through."""
        return IndexNames(self.articles, self.quotes, self.stories, self.statements)

    def ensure(self, es: Elasticsearch) -> None:
        """Create missing indices and aliases; safe when several workers race to do it."""
        for alias, index, body in self.definitions():
            if es.indices.exists_alias(name=alias):
                current = list(es.indices.get_alias(name=alias))
                if not any(name.startswith(index) for name in current):
                    log.warning("%s points at %s, not version %s: run `articles reprocess`", alias, current, index)
                continue
            try:
                es.indices.create(index=index, aliases={alias: {"is_write_index": True}}, **body)
            except ApiError as err:
                if err.status_code != 400 or "already_exists" not in str(err.error):
                    raise

    def create_version(self, es: Elasticsearch, suffix: str) -> IndexNames:
        """New concrete indices, outside the aliases, for a re-processing run to fill."""
        names = []
        for _alias, index, body in self.definitions():
            es.indices.create(index=f"{index}-{suffix}", **body)
            names.append(f"{index}-{suffix}")
        return IndexNames(*names)

    def switch_to(self, es: Elasticsearch, new: IndexNames) -> None:
        """Point every alias at `new` in one atomic step, then delete what they pointed at."""
        current = {alias: list(es.indices.get_alias(name=alias)) for alias, _, _ in self.definitions()}
        actions: list[dict] = [
            {"remove": {"index": name, "alias": alias}} for alias, names in current.items() for name in names
        ]
        actions += [
            {"add": {"index": index, "alias": alias, "is_write_index": True}} for alias, index in zip(current, new)
        ]
        es.indices.update_aliases(actions=actions)
        es.indices.delete(index=",".join(name for names in current.values() for name in names))

    def drop(self, es: Elasticsearch) -> None:
        """Delete every index under the prefix (tests and `articles es` housekeeping)."""
        names = list(es.indices.get(index=f"{self.prefix}-*", expand_wildcards="all"))
        if names:
            es.indices.delete(index=",".join(names))
