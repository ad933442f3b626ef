"""Stored articles and their quotes: get, save, delete, keeping both indices in step."""
from elasticsearch import Elasticsearch, NotFoundError, helpers

from service.store.indices import Indices


class WriteFailed(RuntimeError):
    """Elasticsearch refused one document of a write; `status` is its HTTP status."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


MAX_ATTEMPTS = 5


class Repository:
    def __init__(self, es: Elasticsearch, indices: Indices):
        self.es = es
        self.indices = indices

    def get(self, article_id: str) -> dict | None:
        try:
            return self.es.get(index=self.indices.articles, id=article_id)["_source"]
        except NotFoundError:
            return None

    def save(self, doc: dict) -> bool:
        """Store one article, visible to the next search; True if it was new."""
        result = self.save_many([doc], refresh="wait_for")[0]
        if isinstance(result, WriteFailed):
            raise result
        return result

    def save_many(self, docs: list[dict], refresh: str | bool = False) -> list[bool | WriteFailed]:
        """Store articles and their quotes, replacing earlier versions.

        Returns, per document, True if it was new, False if it replaced one, or the failure.
        Quotes are written first and each article last, so no stored article lacks its quotes.
        An article is written only over the version read before (or created when there was
        none): a writer that loses a race reads again and retries, so the article and its
        quotes end up from the same writer. A replaced article loses the quotes it no longer
        has; a failed new one takes its quotes back. Connection errors propagate: then
        nothing was acknowledged.
        """
        outcomes: dict[str, bool | WriteFailed] = {}
        pending = docs
        for _ in range(MAX_ATTEMPTS):
            if not pending:
                break
            conflicts = self._write(pending, self._versions([d["id"] for d in pending]), refresh, outcomes)
            pending = [d for d in pending if d["id"] in conflicts]
        for doc in pending:
            outcomes[doc["id"]] = WriteFailed(409, "concurrent writes of this article kept conflicting; retry")
        return [outcomes[d["id"]] for d in docs]

    def _write(self, docs: list[dict], versions: dict[str, dict], refresh, outcomes: dict) -> set[str]:
        """One attempt of save_many; returns the ids that lost a race with another writer."""
        quotes = [self._quote_doc(d, n, q) for d in docs for n, q in enumerate(d["quotes"])]
        failed = self._bulk(({"_index": self.indices.quotes, "_id": q["id"], "_source": q} for q in quotes),
                            refresh, key=lambda item_id: item_id.rsplit("-", 1)[0])
        articles = []
        for doc in docs:
            if doc["id"] in failed:
                continue
            version = versions.get(doc["id"])
            condition = ({"if_seq_no": version["seq_no"], "if_primary_term": version["primary_term"]}
                         if version else {"_op_type": "create"})
            articles.append({"_index": self.indices.articles, "_id": doc["id"], "_source": doc, **condition})
        failed.update(self._bulk(articles, refresh))
        conflicts = {i for i, f in failed.items() if f.status == 409}
        stale = []
        for doc in docs:
            article_id, kept, version = doc["id"], len(doc["quotes"]), versions.get(doc["id"])
            if article_id in conflicts:
                continue
            outcomes[article_id] = failed.get(article_id, version is None)
            if article_id not in failed and version:
                stale.append((article_id, kept, version["quotes"]))
            elif article_id in failed and not version:
                stale.append((article_id, 0, kept))
        self._delete_quotes(stale, refresh)
        return conflicts

    def existing_ids(self, ids: list[str], chunk: int = 1000) -> set[str]:
        """The ids of `ids` that are stored."""
        found = set()
        for n in range(0, len(ids), chunk):
            docs = self.es.mget(index=self.indices.articles, ids=ids[n:n + chunk], source=False)["docs"]
            found.update(d["_id"] for d in docs if d.get("found"))
        return found

    def delete(self, article_id: str) -> bool:
        version = self._versions([article_id]).get(article_id)
        if version is None:
            return False
        self.es.delete(index=self.indices.articles, id=article_id, refresh="wait_for")
        self._delete_quotes([(article_id, 0, version["quotes"])], "wait_for")
        return True

    def _versions(self, ids: list[str]) -> dict[str, dict]:
        """Stored article id -> {seq_no, primary_term, quotes (their number)}, for the ids that exist."""
        found = self.es.mget(index=self.indices.articles, ids=ids, source_includes=["quotes"])["docs"]
        return {d["_id"]: {"seq_no": d["_seq_no"], "primary_term": d["_primary_term"],
                           "quotes": len(d["_source"].get("quotes", []))} for d in found if d.get("found")}

    def _bulk(self, actions, refresh, key=lambda item_id: item_id) -> dict[str, WriteFailed]:
        """Run bulk actions; failed items by `key(item id)`."""
        _, errors = helpers.bulk(self.es, actions, refresh=refresh, raise_on_error=False, raise_on_exception=False)
        out = {}
        for error in errors:
            item = next(iter(error.values()))
            out[key(item["_id"])] = WriteFailed(item.get("status", 500), str(item.get("error")))
        return out

    def _delete_quotes(self, ranges: list[tuple[str, int, int]], refresh) -> None:
        """Delete quotes number first..end-1 of each (article id, first, end)."""
        actions = [{"_op_type": "delete", "_index": self.indices.quotes, "_id": f"{article_id}-{n}"}
                   for article_id, first, end in ranges for n in range(first, end)]
        if actions:
            helpers.bulk(self.es, actions, refresh=refresh, raise_on_error=False)

    @staticmethod
    def _quote_doc(article: dict, n: int, quote: dict) -> dict:
        return {"id": f"{article['id']}-{n}", "article_id": article["id"],
                "text": quote["text"], "speaker": quote.get("speaker"),
                "speaker_kind": quote.get("speaker_kind"), "cue": quote.get("cue"),
                "person": article.get("person", []),
                "start": quote.get("start"), "end": quote.get("end"),
                "source": article.get("source"), "title": article.get("title"),
                "url": article.get("url"), "published_at": article.get("published_at")}
