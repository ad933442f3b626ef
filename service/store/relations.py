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
from service.store.indices import IndexNames

QUOTE_WINDOW = timedelta(days=3)  # quotes of one speaker this close in time may be one statement
SPEAKER_KINDS = ("person", "organization")
STORY_CANDIDATES = 30
QUOTE_CANDIDATES = 10


def moment(value: str | None) -> datetime | None:
    """An ISO date or time as an aware datetime (naive ones are UTC, as Elasticsearch reads them)."""
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _within(value: str, window: tuple[datetime, datetime] | None) -> bool:
    return window is None or window[0] <= moment(value) <= window[1]  # type: ignore[operator]


class Relations:
    """Sets `relate`, `duplicate_of` and `story_id` on articles and `statement_id` on their quotes."""

    def __init__(self, es: Elasticsearch, names: IndexNames):
        self.es = es
        self.names = names

    def relate(self, docs: list[dict]) -> None:
        """Relate `docs` in order; each may relate to the stored articles and to the docs before it."""
        done: list[dict] = []
        for doc in docs:
            self._relate(doc, [d for d in done if d["id"] != doc["id"]])
            done.append(doc)

    def _relate(self, doc: dict, earlier: list[dict]) -> None:
        signature = copies.signature(doc["body"])
        published = moment(doc.get("published_at"))
        at = published or moment(doc["ingested_at"]) or datetime.now(UTC)
        doc["relate"] = {
            "at": at.isoformat(),
            "bands": copies.band_keys(signature),
            "signature": signature,
            "terms": stories.lead_terms(doc["title"], doc["body"]),
        }
        # An undated article may belong to a story of any time: only its words tell.
        window = (at - stories.WINDOW, at + stories.WINDOW) if published else None
        stored_copies, stored_neighbours = self._article_candidates(doc, window)
        bands = set(doc["relate"]["bands"])
        copy_candidates = stored_copies + [d for d in earlier if bands & set(d["relate"]["bands"])]
        originals = [c for c in copy_candidates if copies.is_copy(signature, c["relate"]["signature"])]
        first = min(originals, key=lambda c: (moment(c["relate"]["at"]), c["id"]), default=None)
        if first is not None and (moment(first["relate"]["at"]), first["id"]) < (at, doc["id"]):
            doc["duplicate_of"] = first.get("duplicate_of") or first["id"]
            doc["story_id"] = first["story_id"]
        else:
            doc["duplicate_of"] = None
            neighbours = stored_neighbours + [d for d in earlier if _within(d["relate"]["at"], window)]
            match = stories.best_match(
                doc["relate"]["terms"], [{"terms": n["relate"]["terms"], "story": n["story_id"]} for n in neighbours]
            )
            doc["story_id"] = match["story"] if match else doc["id"]
        self._assign_statements(doc, earlier, at)

    def _article_candidates(self, doc: dict, window: tuple[datetime, datetime] | None) -> tuple[list[dict], list[dict]]:
        """Stored articles sharing a band key with `doc`, and stored articles sharing lead terms
        (in its time window, when it has one)."""
        fields = ["id", "story_id", "duplicate_of", "relate"]
        not_self = {"ids": {"values": [doc["id"]]}}
        copies_query = {
            "size": 10,
            "_source": fields,
            "query": {"bool": {"filter": [{"terms": {"relate.bands": doc["relate"]["bands"]}}], "must_not": not_self}},
        }
        terms = sorted(set(doc["relate"]["terms"]))
        if not terms:
            return self._hits(self.names.articles, [copies_query])[0], []
        in_window = (
            [{"range": {"relate.at": {"gte": window[0].isoformat(), "lte": window[1].isoformat()}}}] if window else []
        )
        neighbours_query = {
            "size": STORY_CANDIDATES,
            "_source": fields,
            "query": {
                "bool": {
                    "filter": in_window,
                    "should": [{"term": {"relate.terms": t}} for t in terms],
                    "minimum_should_match": 1,
                    "must_not": not_self,
                }
            },
        }
        found = self._hits(self.names.articles, [copies_query, neighbours_query])
        return found[0], found[1]

    def _assign_statements(self, doc: dict, earlier: list[dict], at: datetime) -> None:
        """Each attributed quote joins the statement of the most similar wording by its speaker in
        the same story or close in time (stored, earlier in the batch, or earlier in the article)."""
        quotes = [
            (n, q) for n, q in enumerate(doc["quotes"]) if q.get("speaker") and q.get("speaker_kind") in SPEAKER_KINDS
        ]
        stored = self._quote_candidates(doc, [q for _, q in quotes], at) if quotes else []
        for (n, quote), candidates in zip(quotes, stored):
            speaker = quote["speaker"].lower()
            for other in earlier:
                close = other["story_id"] == doc["story_id"] or abs(moment(other["relate"]["at"]) - at) <= QUOTE_WINDOW  # type: ignore[operator]
                candidates += [q for q in other["quotes"] if close and (q.get("speaker") or "").lower() == speaker]
            candidates += [q for q in doc["quotes"][:n] if (q.get("speaker") or "").lower() == speaker]
            scored = [(statements.score(quote["text"], c["text"]), c) for c in candidates if c.get("statement_id")]
            best = max(scored, key=lambda sc: sc[0], default=None)
            same = best is not None and best[0] >= statements.threshold()
            quote["statement_id"] = best[1]["statement_id"] if same else f"{doc['id']}-{n}"  # type: ignore[index]

    def _quote_candidates(self, doc: dict, quotes: list[dict], at: datetime) -> list[list[dict]]:
        """Per quote, stored quotes by the same speaker in the story or the window, most alike first."""
        near = {
            "range": {"published_at": {"gte": (at - QUOTE_WINDOW).isoformat(), "lte": (at + QUOTE_WINDOW).isoformat()}}
        }
        searches = [
            {
                "size": QUOTE_CANDIDATES,
                "_source": ["text", "statement_id"],
                "query": {
                    "bool": {
                        "filter": [
                            {"term": {"speaker": q["speaker"]}},
                            {"bool": {"should": [{"term": {"story_id": doc["story_id"]}}, near]}},
                        ],
                        "must": {"match": {"stems.text": stem_text(q["text"])}},
                        "must_not": {"term": {"article_id": doc["id"]}},
                    }
                },
            }
            for q in quotes
        ]
        return self._hits(self.names.quotes, searches)

    def _hits(self, index: str, searches: list[dict]) -> list[list[dict]]:
        """The `_source` of every hit of each search, in one round trip."""
        lines: list[dict] = []
        for search in searches:
            lines += [{"index": index}, search]
        responses = self.es.msearch(searches=lines)["responses"]
        for response in responses:
            if "error" in response:
                raise RuntimeError(f"relating failed: {response['error']}")
        return [[hit["_source"] for hit in r["hits"]["hits"]] for r in responses]
