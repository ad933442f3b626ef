"""Relating an article to what is stored: its copies, its story, the statements its quotes belong to.

Runs in Repository.save_many before the article is written, with queries against the stored
articles and quotes (and the articles before it in the same batch), so every API process stays
stateless and several workers or hosts share one view. The decisions are the pure relate step's
(service.pipeline.relate): MinHash copies, lead-term story similarity, the same-statement model.
"""

from datetime import UTC, datetime, timedelta

from elasticsearch import Elasticsearch

from service.pipeline.relate import copies, statements, stories
from service.pipeline.relate.words import stem_text
from service.store.indices import WRITE_SEARCH_CONCURRENCY, IndexNames

QUOTE_WINDOW = timedelta(days=3)  # quotes of one speaker this close in time may be one statement
SPEAKER_KINDS = ("person", "organization")
STORY_CANDIDATES = 15
QUOTE_CANDIDATES = 5


def moment(value: str | None) -> datetime | None:
    """An ISO date or time as an aware datetime (naive ones are UTC, as Elasticsearch reads them)."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _at(doc: dict) -> datetime:
    """When a related article counts as published (set by Relations._prepare)."""
    return moment(doc["relate"]["at"]) or datetime.now(UTC)


def _before(docs: list[dict], n: int) -> list[dict]:
    """The docs before the n-th, except earlier versions of it (an id given twice)."""
    return [d for d in docs[:n] if d["id"] != docs[n]["id"]]


def _within(doc: dict, window: tuple[datetime, datetime] | None) -> bool:
    return window is None or window[0] <= _at(doc) <= window[1]


class Relations:
    """Sets `relate`, `duplicate_of` and `story_id` on articles and `statement_id` on their quotes."""

    def __init__(self, es: Elasticsearch, names: IndexNames):
        self.es = es
        self.names = names

    def relate(self, docs: list[dict]) -> dict[str, set[str]]:
        """Relate `docs` in order; each may relate to the stored articles and to the docs before it.
        Returns, for a doc published before copies already known, its id -> those copies' originals
        (which, with their copies, now count it as their original: Repository re-points them).

        Two round trips for the whole batch: the candidate articles of every doc, then the
        candidate quotes of every attributed quote (their story is known by then).
        """
        windows = [self._prepare(doc) for doc in docs]
        searches = [s for doc, window in zip(docs, windows) for s in self._article_searches(doc, window)]
        found = self._hits(self.names.articles, searches)
        earlier_than_copies: dict[str, set[str]] = {}
        for n, (doc, window) in enumerate(zip(docs, windows)):
            replaced = self._place(doc, window, found[2 * n], found[2 * n + 1], _before(docs, n))
            if replaced:
                earlier_than_copies[doc["id"]] = replaced
        quoted = [
            (n, k, quote)
            for n, doc in enumerate(docs)
            for k, quote in enumerate(doc["quotes"])
            if quote.get("speaker") and quote.get("speaker_kind") in SPEAKER_KINDS
        ]
        stored = self._hits(self.names.quotes, [self._quote_search(docs[n], q) for n, _, q in quoted])
        for (n, k, quote), candidates in zip(quoted, stored):
            self._assign_statement(docs[n], k, quote, candidates, _before(docs, n))
        return earlier_than_copies

    @staticmethod
    def _prepare(doc: dict) -> tuple[datetime, datetime] | None:
        """Set `doc["relate"]`; the window its story companions are published in (None: undated,
        so it may belong to a story of any time and only its words tell)."""
        signature = copies.signature(doc["body"])
        published = moment(doc.get("published_at"))
        at = published or moment(doc["ingested_at"]) or datetime.now(UTC)
        doc["relate"] = {
            "at": at.isoformat(),
            "bands": copies.band_keys(signature),
            "signature": signature,
            "terms": stories.lead_terms(doc["title"], doc["body"]),
        }
        return (at - stories.WINDOW, at + stories.WINDOW) if published else None

    @staticmethod
    def _place(
        doc: dict, window: tuple[datetime, datetime] | None, stored_copies: list, stored_neighbours: list, earlier: list
    ) -> set[str]:
        """Set `duplicate_of` (the earliest copy, if any is earlier) and `story_id` (the copies', else
        the most similar neighbour's, else a new story named after the article). Returns the
        originals of its copies when it was published before all of them."""
        at = _at(doc)
        bands = set(doc["relate"]["bands"])
        copy_candidates = stored_copies + [d for d in earlier if bands & set(d["relate"]["bands"])]
        originals = [c for c in copy_candidates if copies.is_copy(doc["relate"]["signature"], c["relate"]["signature"])]
        first = min(originals, key=lambda c: (_at(c), c["id"]), default=None)
        if first is not None:
            doc["story_id"] = first["story_id"]
            if (_at(first), first["id"]) < (at, doc["id"]):
                doc["duplicate_of"] = first.get("duplicate_of") or first["id"]
                return set()
            doc["duplicate_of"] = None
            return {c.get("duplicate_of") or c["id"] for c in originals}
        doc["duplicate_of"] = None
        neighbours = stored_neighbours + [d for d in earlier if _within(d, window)]
        match = stories.best_match(
            doc["relate"]["terms"], [{"terms": n["relate"]["terms"], "story": n["story_id"]} for n in neighbours]
        )
        doc["story_id"] = match["story"] if match else doc["id"]
        return set()

    def _article_searches(self, doc: dict, window: tuple[datetime, datetime] | None) -> list[dict]:
        """Two searches: stored articles sharing a band key with `doc`, and stored articles sharing
        lead terms with it (in its window, when it has one), most terms in common first."""
        not_self = {"ids": {"values": [doc["id"]]}}
        copies_query = {
            "size": 10,
            "_source": ["id", "story_id", "duplicate_of", "relate.at", "relate.signature"],
            "query": {"bool": {"filter": [{"terms": {"relate.bands": doc["relate"]["bands"]}}], "must_not": not_self}},
        }
        terms = sorted(set(doc["relate"]["terms"]))
        in_window = (
            [{"range": {"relate.at": {"gte": window[0].isoformat(), "lte": window[1].isoformat()}}}] if window else []
        )
        shared_terms = {
            "bool": {
                "filter": in_window,
                "should": [{"term": {"relate.terms": t}} for t in terms],
                "minimum_should_match": 1,
                "must_not": not_self,
            }
        }
        neighbours_query = {
            "size": STORY_CANDIDATES,
            "_source": ["story_id", "relate.terms"],  # what story matching reads (no signatures)
            "query": shared_terms if terms else {"match_none": {}},
        }
        return [copies_query, neighbours_query]

    @staticmethod
    def _assign_statement(doc: dict, k: int, quote: dict, candidates: list[dict], earlier: list[dict]) -> None:
        """The quote joins the statement of the most similar wording by its speaker in the same story
        or close in time (stored, earlier in the batch, or earlier in the article), else starts one."""
        speaker = quote["speaker"].lower()
        at = _at(doc)
        for other in earlier:
            close = other["story_id"] == doc["story_id"] or abs(_at(other) - at) <= QUOTE_WINDOW
            candidates += [q for q in other["quotes"] if close and (q.get("speaker") or "").lower() == speaker]
        candidates += [q for q in doc["quotes"][:k] if (q.get("speaker") or "").lower() == speaker]
        scored = [(statements.score(quote["text"], c["text"]), c) for c in candidates if c.get("statement_id")]
        best = max(scored, key=lambda sc: sc[0], default=None)
        same = best is not None and best[0] >= statements.threshold()
        quote["statement_id"] = best[1]["statement_id"] if same else f"{doc['id']}-{k}"  # type: ignore[index]

    def _quote_search(self, doc: dict, quote: dict) -> dict:
        """Stored quotes by the quote's speaker in the article's story or its window, most alike first."""
        at = _at(doc)
        near = {
            "range": {"published_at": {"gte": (at - QUOTE_WINDOW).isoformat(), "lte": (at + QUOTE_WINDOW).isoformat()}}
        }
        return {
            "size": QUOTE_CANDIDATES,
            "_source": ["text", "statement_id"],
            "query": {
                "bool": {
                    "filter": [
                        {"term": {"speaker": quote["speaker"]}},
                        {"bool": {"should": [{"term": {"story_id": doc["story_id"]}}, near]}},
                    ],
                    "must": {"match": {"stems.text": stem_text(quote["text"])}},
                    "must_not": {"term": {"article_id": doc["id"]}},
                }
            },
        }

    def _hits(self, index: str, searches: list[dict]) -> list[list[dict]]:
        """The `_source` of every hit of each search, in one round trip."""
        if not searches:
            return []
        lines: list[dict] = []
        for search in searches:
            lines += [{"index": index}, search]
        responses = self.es.msearch(searches=lines, max_concurrent_searches=WRITE_SEARCH_CONCURRENCY)["responses"]
        for response in responses:
            if "error" in response:
                raise RuntimeError(f"relating failed: {response['error']}")
        return [[hit["_source"] for hit in r["hits"]["hits"]] for r in responses]
