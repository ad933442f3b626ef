"""Stored articles and their quotes: get, save, delete, keeping both indices in step."""

import random
import re
import time
from collections.abc import Sequence

from elasticsearch import ConflictError, Elasticsearch, NotFoundError, helpers

from service.pipeline.relate.words import stem_text
from service.store import views
from service.store.indices import IndexNames, Indices
from service.store.relations import Relations


class WriteFailed(RuntimeError):
    """Elasticsearch refused one document of a write; `status` is its HTTP status, `field` the
    document field whose value it could not store, when it says."""

    def __init__(self, status: int, reason: str, field: str | None = None):
        super().__init__(reason)
        self.status, self.field = status, field

    @classmethod
    def of_item(cls, item: dict) -> "WriteFailed":
        """The failure of one bulk item; a value the mapping refuses names its field, not ES's text."""
        status, error = item.get("status", 500), item.get("error")
        if not isinstance(error, dict) or status in (409, 429) or not 400 <= status < 500:
            return cls(status, str(error))
        named = _FIELD.search(f"{error.get('reason')} {(error.get('caused_by') or {}).get('reason')}")
        field = named[1].split(".")[0] if named else None
        return cls(status, f"the index cannot store the value of '{field}'" if field else "the index refused it", field)

    @property
    def http_status(self) -> int:
        """What to answer the caller: a lost race 409, an overloaded cluster 503, a value the index
        refuses 422, else 500."""
        return {409: 409, 429: 503, 503: 503}.get(self.status, 422 if 400 <= self.status < 500 else 500)


_FIELD = re.compile(r"field \[([^\]]+)\]")


MAX_COPIES = 1000
MAX_QUOTES = 10_000  # quotes of one article found for deletion
MAX_ATTEMPTS = 25  # enough for a burst of simultaneous writers of one article


class Repository:
    """Reads and writes of articles and their quotes, through the aliases of `indices` or, for a
    re-processing run, the concrete indices `names`."""

    def __init__(self, es: Elasticsearch, indices: Indices, names: IndexNames | None = None):
        self.es = es
        self.indices = indices
        self.names = names or indices.names()
        self.relations = Relations(es, self.names)

    def get(self, article_id: str) -> dict | None:
        try:
            return self.es.get(index=self.names.articles, id=article_id)["_source"]
        except NotFoundError:
            return None

    def save(self, doc: dict) -> bool:
        """Store one article, visible to the next request; True if it was new."""
        result = self.save_many([doc], refresh=True)[0]
        if isinstance(result, WriteFailed):
            raise result
        return result

    def save_many(self, docs: list[dict], refresh: bool = False) -> list[bool | WriteFailed]:
        """Store articles and their quotes, replacing earlier versions.

        Each document is first related to what is stored (copies, story, statements: see
        Relations), and the stories and statements it leaves or joins are rebuilt afterwards.
        Returns, per document, True if it was new, False if it replaced one (or was stored
        as it is already), or the failure. Quotes are written first (and those the replaced
        version had beyond them deleted), each article last, so no stored article lacks its
        quotes. An article is written only over the version read before (or created when
        there was none): a writer that loses a race reads again and retries, so the article
        and its quotes end up from the same writer. A failed new article takes its quotes
        back. `refresh` makes everything visible to search before returning. Connection
        errors propagate: then nothing was acknowledged.
        """
        if not docs:
            return []
        left = self._related_ids([d["id"] for d in docs])
        earlier_than_copies = self.relations.relate(docs)
        outcomes: dict[str, bool | WriteFailed] = {}
        pending = docs
        for attempt in range(MAX_ATTEMPTS):
            if not pending:
                break
            if attempt:
                time.sleep(random.uniform(0.005, 0.05) * attempt)
            conflicts = self._write(pending, outcomes)
            pending = [d for d in pending if d["id"] in conflicts]
        for doc in pending:
            outcomes[doc["id"]] = WriteFailed(409, "concurrent writes of this article kept conflicting; retry")
        if earlier_than_copies:
            self.es.indices.refresh(index=self.names.articles)
        for doc_id, originals in earlier_than_copies.items():
            if not isinstance(outcomes.get(doc_id), WriteFailed):
                self._point_copies({"terms": {"duplicate_of": sorted(originals)}}, doc_id, also=originals)
        joined = _related_ids(docs)
        self._rebuild_views(left[0] | joined[0], left[1] | joined[1], refresh)
        return [outcomes[d["id"]] for d in docs]

    def _rebuild_views(self, story_ids: set[str], statement_ids: set[str], refresh: bool) -> None:
        """Make the written articles and quotes searchable (relating the next ones reads them), then
        rebuild the stories and statements they touched; `refresh` makes those visible too."""
        self.es.indices.refresh(index=f"{self.names.articles},{self.names.quotes}")
        views.rebuild(self.es, self.names, story_ids, statement_ids)
        if refresh:
            self.es.indices.refresh(index=f"{self.names.stories},{self.names.statements}")

    def _related_ids(self, ids: list[str]) -> tuple[set[str], set[str]]:
        """The story and statement ids the stored versions of `ids` belong to."""
        found = self.es.mget(index=self.names.articles, ids=ids, source=["story_id", "quotes.statement_id"])["docs"]
        return _related_ids([d["_source"] for d in found if d.get("found")])

    def _write(self, docs: list[dict], outcomes: dict) -> set[str]:
        """One attempt of save_many; returns the ids that lost a race with another writer."""
        versions = self._versions([d["id"] for d in docs])
        unchanged = {d["id"] for d in docs if d["id"] in versions and versions[d["id"]]["source"] == _comparable(d)}
        outcomes.update(dict.fromkeys(unchanged, False))
        docs = [d for d in docs if d["id"] not in unchanged]
        quotes = [self._quote_doc(d, n, q) for d in docs for n, q in enumerate(d["quotes"])]
        failed = self._bulk(
            ({"_index": self.names.quotes, "_id": q["id"], "_source": q} for q in quotes),
            key=lambda item_id: item_id.rsplit("-", 1)[0],
        )
        # Quotes the replaced version had beyond the new ones go before the article is written:
        # once it is, a later writer may already be adding quotes of its own.
        self._delete_quotes(
            [
                (d["id"], len(d["quotes"]), len(versions[d["id"]]["source"]["quotes"]))
                for d in docs
                if d["id"] in versions and d["id"] not in failed
            ]
        )
        articles = []
        for doc in docs:
            if doc["id"] in failed:
                continue
            version = versions.get(doc["id"])
            condition = (
                {"if_seq_no": version["seq_no"], "if_primary_term": version["primary_term"]}
                if version
                else {"_op_type": "create"}
            )
            articles.append({"_index": self.names.articles, "_id": doc["id"], "_source": doc, **condition})
        failed.update(self._bulk(articles))
        conflicts = {i for i, f in failed.items() if f.status == 409}
        for doc in docs:
            if doc["id"] not in conflicts:
                outcomes[doc["id"]] = failed.get(doc["id"], doc["id"] not in versions)
        self._delete_quotes(
            [
                (d["id"], 0, len(d["quotes"]))
                for d in docs
                if d["id"] in failed and d["id"] not in conflicts and d["id"] not in versions
            ]
        )
        return conflicts

    def existing_ids(self, ids: list[str], chunk: int = 1000) -> set[str]:
        """The ids of `ids` that are stored."""
        found: set[str] = set()
        for n in range(0, len(ids), chunk):
            docs = self.es.mget(index=self.names.articles, ids=ids[n : n + chunk], source=False)["docs"]
            found.update(d["_id"] for d in docs if d.get("found"))
        return found

    def delete(self, article_id: str) -> bool:
        """Delete an article and its quotes; False when it is not stored (or another request
        deleted it first). Its quotes go first (those of the version read and any left behind),
        then the article, only if still that version: a writer that replaced it meanwhile makes
        this read again and retry, and a writer that loses to it writes its quotes again."""
        for attempt in range(MAX_ATTEMPTS):
            if attempt:
                time.sleep(random.uniform(0.005, 0.05) * attempt)
            version = self._versions([article_id]).get(article_id)
            if version is None:
                return False
            self._delete_quotes([(article_id, 0, len(version["source"]["quotes"]))], self._stray_quotes(article_id))
            try:
                self.es.delete(
                    index=self.names.articles,
                    id=article_id,
                    if_seq_no=version["seq_no"],
                    if_primary_term=version["primary_term"],
                )
            except NotFoundError:
                return False
            except ConflictError:
                continue
            self._promote_copies(article_id)
            self._rebuild_views(*_related_ids([version["source"]]), refresh=True)
            return True
        raise WriteFailed(409, "concurrent writes of this article kept conflicting with its deletion; retry")

    def _stray_quotes(self, article_id: str) -> list[str]:
        """Ids of the stored quotes of an article, as search sees them now."""
        self.es.indices.refresh(index=self.names.quotes)
        hits = self.es.search(
            index=self.names.quotes, query={"term": {"article_id": article_id}}, size=MAX_QUOTES, source=False
        )["hits"]["hits"]
        return [h["_id"] for h in hits]

    def copies_of(self, article_id: str) -> int:
        """How many stored articles are copies of this one."""
        return self.es.count(index=self.names.articles, query={"term": {"duplicate_of": article_id}})["count"]

    def _promote_copies(self, article_id: str) -> None:
        """The copies of a deleted article now count the earliest of them as their original."""
        hits = self.es.search(
            index=self.names.articles,
            size=MAX_COPIES,
            query={"term": {"duplicate_of": article_id}},
            sort=[{"relate.at": "asc"}, {"id": "asc"}],
            source=False,
        )["hits"]["hits"]
        if hits:
            self._point_copies({"ids": {"values": [h["_id"] for h in hits[1:]]}}, hits[0]["_id"])
            self._point_copies({"ids": {"values": [hits[0]["_id"]]}}, None)

    def _point_copies(self, query: dict, original: str | None, also: frozenset[str] | set[str] = frozenset()) -> None:
        """Set `duplicate_of` to `original` on the articles matching `query` and those with ids in `also`."""
        hits = self.es.search(index=self.names.articles, size=MAX_COPIES, query=query, source=False)["hits"]["hits"]
        ids = {h["_id"] for h in hits}
        actions = [
            {"_op_type": "update", "_index": self.names.articles, "_id": i, "doc": {"duplicate_of": original}}
            for i in sorted((ids | set(also)) - {original})
        ]
        if actions:
            helpers.bulk(self.es, actions, raise_on_error=False)

    def _versions(self, ids: list[str]) -> dict[str, dict]:
        """Stored article id -> {seq_no, primary_term, source (without ingested_at)}, for those that exist."""
        found = self.es.mget(index=self.names.articles, ids=ids)["docs"]
        return {
            d["_id"]: {"seq_no": d["_seq_no"], "primary_term": d["_primary_term"], "source": _comparable(d["_source"])}
            for d in found
            if d.get("found")
        }

    def _bulk(self, actions, key=lambda item_id: item_id) -> dict[str, WriteFailed]:
        """Run bulk actions; failed items by `key(item id)`."""
        _, errors = helpers.bulk(self.es, actions, raise_on_error=False, raise_on_exception=False)
        out: dict[str, WriteFailed] = {}
        for error in errors:  # type: ignore[union-attr]  # a list with raise_on_error=False
            item = next(iter(error.values()))
            out[key(item["_id"])] = WriteFailed.of_item(item)
        return out

    def _delete_quotes(self, ranges: list[tuple[str, int, int]], ids: Sequence[str] = ()) -> None:
        """Delete quotes number first..end-1 of each (article id, first, end), and those of `ids`."""
        wanted = [f"{article_id}-{n}" for article_id, first, end in ranges for n in range(first, end)]
        actions = [
            {"_op_type": "delete", "_index": self.names.quotes, "_id": i} for i in dict.fromkeys([*wanted, *ids])
        ]
        if actions:
            helpers.bulk(self.es, actions, raise_on_error=False)

    @staticmethod
    def _quote_doc(article: dict, n: int, quote: dict) -> dict:
        return {
            "id": f"{article['id']}-{n}",
            "article_id": article["id"],
            "text": quote["text"],
            "stems": {"text": stem_text(quote["text"])},
            "speaker": quote.get("speaker"),
            "statement_id": quote.get("statement_id"),
            "story_id": article.get("story_id"),
            "speaker_kind": quote.get("speaker_kind"),
            "cue": quote.get("cue"),
            "person": article.get("person", []),
            "start": quote.get("start"),
            "end": quote.get("end"),
            "source": article.get("source"),
            "source_domain": article.get("source_domain"),
            "title": article.get("title"),
            "url": article.get("url"),
            "published_at": article.get("published_at"),
        }


def _related_ids(docs: list[dict]) -> tuple[set[str], set[str]]:
    """The story ids and statement ids of articles."""
    stories = {d["story_id"] for d in docs if d.get("story_id")}
    statements = {q["statement_id"] for d in docs for q in d.get("quotes") or () if q.get("statement_id")}
    return stories, statements


def _comparable(doc: dict) -> dict:
    """An article without its ingestion time: equal when storing it again would change nothing."""
    return {k: v for k, v in doc.items() if k != "ingested_at"}
