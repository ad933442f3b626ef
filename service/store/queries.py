"""Query builders for articles, quotes and entities.

User text only ever reaches `simple_query_string` (which never fails on bad syntax),
`term`/`range` filters and escaped aggregation patterns; never `query_string`, scripts or
index names.
"""

import re

from service.pipeline import ENTITY_TYPES as ENTITY_FIELDS  # one field per entity type
from service.pipeline.relate.words import stem, stem_words
from service.pipeline.text.domains import registered_domain

FACETS = (*ENTITY_FIELDS, "source")  # keyword fields with a `.raw` twin to count by
SORTS: dict[str, list[dict]] = {
    "relevance": [{"_score": "desc"}, {"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "newest": [{"published_at": {"order": "desc", "missing": "_last"}}, {"id": "asc"}],
    "oldest": [{"published_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}],
}
# What a search hit carries (the body, raw input, quotes, entity details and stems stay behind).
ARTICLE_HIT_FIELDS = [
    "id", "url", "title", "author", "published_at", "source", "source_domain", "language", "ingested_at",
    "evidence", *ENTITY_FIELDS, "story_id", "duplicate_of",
]  # fmt: skip
QUOTE_HIT_FIELDS = [
    "id", "article_id", "text", "speaker", "speaker_kind", "cue", "start", "end",
    "person", "source", "source_domain", "title", "url", "published_at", "statement_id", "story_id",
]  # fmt: skip
# The simple_query_string operators people use. Fuzzy (~N), prefix (*), slop and NEAR are off: one
# "harbour~2" repeated 90 times ran 10 s on a hundred articles. Highlighting adds the word-form
# prefixes highlight_terms writes itself.
USER_FLAGS = "AND|OR|NOT|PHRASE|PRECEDENCE|WHITESPACE|ESCAPE"
HIGHLIGHT_FLAGS = USER_FLAGS + "|PREFIX"
SEARCH_TIMEOUT = "5s"  # Elasticsearch stops collecting hits after this (the answer is then a 503)
MAX_ANALYZED_OFFSET = 100_000  # characters of a field the highlighter reads
_PHRASE = re.compile(r'"([^"]*)"')
_PLAIN_WORD = re.compile(r"(?<![-\w])\w+")


def source_clause(value: str) -> dict:
    """An outlet by its name or its domain, case-insensitively: "BBC" (bbc.co.uk), "bbc.co.uk",
    "www.bbc.co.uk", "news.sky.com" (sky.com), "guardian" (The Guardian)."""
    name = " ".join(value.split())
    should: list[dict] = [{"term": {"source": name}}, {"term": {"source": f"the {name}"}}]
    domain = registered_domain(name) if " " not in name else None
    if domain:
        should.append({"term": {"source_domain": domain}})
        if "." not in name and len(name) <= 63:  # a domain's first label ("bbc" of bbc.co.uk)
            should.append({"prefix": {"source_domain": {"value": f"{name}.", "case_insensitive": True}}})
    return {"bool": {"should": should, "minimum_should_match": 1}}


def filters(terms: dict, published_after=None, published_before=None, entity=(), source=None) -> list[dict]:
    """Filter clauses: every value of `terms` (field -> value or list of values) must match."""
    out = [source_clause(source)] if source else []
    for field, values in terms.items():
        for value in [values] if isinstance(values, str) else values or ():
            out.append({"term": {field: value}})
    if published_after or published_before:
        bounds = {"gte": published_after, "lte": published_before}
        out.append({"range": {"published_at": {k: v for k, v in bounds.items() if v}}})
    for name in entity:
        out.append({"bool": {"should": [{"term": {f: name}} for f in ENTITY_FIELDS], "minimum_should_match": 1}})
    return out


def paged_search(
    q: str | None,
    fields: list[str],
    sort: str,
    limit: int,
    after: list | None,
    filter_clauses: list[dict],
    highlight: dict,
    source_includes: list[str],
) -> dict:
    """A search body with full text in `fields`, filters, highlights and search_after paging."""
    must = text_clauses(q, fields) if q else []
    body = {
        "query": {"bool": {"must": must or [{"match_all": {}}], "filter": filter_clauses}},
        "sort": SORTS[sort],
        "size": limit,
        "track_total_hits": True,
        "_source": {"includes": source_includes},
        "timeout": SEARCH_TIMEOUT,
    }
    if q:
        body["highlight"] = {
            "fields": highlight,
            "pre_tags": ["<em>"],
            "post_tags": ["</em>"],
            "encoder": "html",  # the text is escaped: <em> is the only markup in a snippet
            "max_analyzed_offset": MAX_ANALYZED_OFFSET,
            "highlight_query": _simple(highlight_terms(q), fields, "or", HIGHLIGHT_FLAGS),
        }
    if after:
        body["search_after"] = after
    return body


def _simple(query: str, fields: list[str], operator: str = "and", flags: str = USER_FLAGS) -> dict:
    return {"simple_query_string": {"query": query, "fields": fields, "default_operator": operator, "flags": flags}}


def text_clauses(q: str, fields: list[str]) -> list[dict]:
    """Full-text clauses for `q`: quoted phrases match the text exactly; the other words match any
    word form, through the `stems.<field>` twin of every field, stemmed the way ingest stemmed it."""
    phrases = [p for p in _PHRASE.findall(q) if p.strip()]
    rest = _PHRASE.sub(" ", q).replace('"', " ")
    clauses = [_simple(f'"{p}"', fields) for p in phrases]
    if _PLAIN_WORD.search(rest):
        clauses.append(_simple(stem_words(rest), [f"stems.{f}" for f in fields]))
    return clauses or [_simple(q, fields)]


def highlight_terms(q: str) -> str:
    """What to highlight in the original text: the phrases, and every word form of the other words."""
    phrases = [f'"{p}"' for p in _PHRASE.findall(q) if p.strip()]
    words = [stem(w.lower()) + "*" for w in _PLAIN_WORD.findall(_PHRASE.sub(" ", q))]
    return " ".join(phrases + words) or q


def article_search(
    q,
    sort,
    limit,
    after=None,
    facets=(),
    facet_size=10,
    source=None,
    language=None,
    published_after=None,
    published_before=None,
    entity=(),
    **entities,
) -> dict:
    """The search request body for GET /articles."""
    terms = {"language": language, **{f: entities.get(f) for f in ENTITY_FIELDS}}
    body = paged_search(
        q,
        ["title^3", "body"],
        sort,
        limit,
        after,
        filters(terms, published_after, published_before, entity, source),
        {"title": {"number_of_fragments": 0}, "body": {"fragment_size": 160, "number_of_fragments": 3}},
        ARTICLE_HIT_FIELDS,
    )
    if facets:
        body["aggs"] = {f: {"terms": {"field": f"{f}.raw", "size": facet_size}} for f in facets}
    return body


def quote_search(
    q,
    sort,
    limit,
    after=None,
    speaker=None,
    person=None,
    article_id=None,
    source=None,
    published_after=None,
    published_before=None,
) -> dict:
    """The search request body for GET /quotes."""
    terms = {"speaker": speaker, "person": person, "article_id": article_id}
    return paged_search(
        q,
        ["text"],
        sort,
        limit,
        after,
        filters(terms, published_after, published_before, source=source),
        {"text": {"number_of_fragments": 0}},
        QUOTE_HIT_FIELDS,
    )


def word_prefix_pattern(prefix: str) -> str:
    """A Lucene regexp matching names with a word starting with `prefix`, in any case."""

    return "(.* )?" + "".join(_char(c) for c in prefix) + ".*"


def _char(c: str) -> str:
    """One character of a Lucene regexp matching it in any case."""
    if c.isalnum():
        return f"[{c.lower()}{c.upper()}]" if c.lower() != c.upper() else c
    return "\\" + c


def whole_words_pattern(words: str) -> str:
    """A Lucene regexp matching names that contain `words` as whole words, in any case."""
    return "(.* )?" + "".join(_char(c) for c in " ".join(words.split())) + "( .*)?"


def names_query(fields: tuple[str, ...], prefix: str | None, size: int) -> dict:
    """Names of each entity type in `fields` (optionally with a word starting with `prefix`) with article counts."""
    aggs = {}
    for field in fields:
        terms = {"field": f"{field}.raw", "size": size}
        if prefix:
            terms["include"] = word_prefix_pattern(prefix)
        aggs[field] = {"terms": terms}
    return {"size": 0, "query": {"match_all": {}}, "aggs": aggs}


def name_query(field: str, name: str, size: int) -> dict:
    """Whether `name` is stored in `field` (any case), and the stored names containing it as whole words."""
    return {
        "size": 0,
        "query": {"match_all": {}},
        "aggs": {
            "exact": {"filter": {"term": {field: name}}},
            "longer": {"terms": {"field": f"{field}.raw", "size": size, "include": whole_words_pattern(name)}},
        },
    }


def profile_query(field: str, name: str, size: int) -> dict:
    """Articles mentioning one entity, with the entities that appear most often beside it."""
    return {
        "size": 0,
        "track_total_hits": True,
        "query": {"term": {field: name}},
        "aggs": {f: {"terms": {"field": f"{f}.raw", "size": size + 1}} for f in ENTITY_FIELDS},
    }


def buckets(aggregation: dict, skip: str | None = None) -> list[dict]:
    """[{name, count}] from a terms aggregation, optionally without one name (case-insensitive)."""
    return [
        {"name": b["key"], "count": b["doc_count"]}
        for b in aggregation["buckets"]
        if skip is None or b["key"].lower() != skip.lower()
    ]


def outlets_query(prefix: str | None, size: int) -> dict:
    """Outlets (by domain, with the name most of their articles give; and named outlets without a
    domain) with article counts, optionally those whose domain or a word of whose name starts with `prefix`."""
    query: dict = {"match_all": {}}
    if prefix:
        should = [
            {"prefix": {"source_domain": {"value": prefix.removeprefix("www."), "case_insensitive": True}}},
            {"regexp": {"source.raw": word_prefix_pattern(prefix)}},
        ]
        query = {"bool": {"should": should, "minimum_should_match": 1}}
    return {
        "size": 0,
        "query": query,
        "aggs": {
            "domains": {
                "terms": {"field": "source_domain", "size": size},
                "aggs": {"names": {"terms": {"field": "source.raw", "size": 1}}},
            },
            "no_domain": {
                "missing": {"field": "source_domain"},
                "aggs": {"names": {"terms": {"field": "source.raw", "size": size}}},
            },
        },
    }
