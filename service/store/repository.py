"""Stored articles and their quotes: get, save, delete, keeping both indices in step."""
from elasticsearch import Elasticsearch, NotFoundError, helpers

from service.store.indices import Indices


class WriteFailed(RuntimeError):
    """Elasticsearch refused one document of a write; `status` is its HTTP status."""

    def __init__(self, status: int, reason: str):
        super().__init__(reason)
        self.status = status


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
        Quotes are written first and each article last, so no stored article lacks its quotes;
        a failed new article takes its quotes back, a replaced one loses the quotes it no
        longer has. Connection errors propagate: then nothing was acknowledged.
        """
        if not docs:
            return []
        previous = self._quote_counts([d["id"] for d in docs])
        failed: dict[str, WriteFailed] = {}
        quotes = [(d["id"], self._quote_doc(d, n, q)) for d in docs for n, q in enumerate(d["quotes"])]
        failed.update(self._bulk(({"_index": self.indices.quotes, "_id": q["id"], "_source": q}
                                  for _, q in quotes), refresh, key=lambda item_id: item_id.rsplit("-", 1)[0]))
        articles = [d for d in docs if d["id"] not in failed]
        failed.update(self._bulk(({"_index": self.indices.articles, "_id": d["id"], "_source": d}
                                  for d in articles), refresh))
        stale = []
        for doc in docs:
            kept, before = len(doc["quotes"]), previous.get(doc["id"])
            if doc["id"] not in failed and before is not None:
                stale.append((doc["id"], kept, before))
            elif doc["id"] in failed and before is None:
                stale.append((doc["id"], 0, kept))
        self._delete_quotes(stale, refresh)
        return [failed.get(d["id"], d["id"] not in previous) for d in docs]

    def existing_ids(self, ids: list[str], chunk: int = 1000) -> set[str]:
        """The ids of `ids` that are stored."""
        found = set()
        for n in range(0, len(ids), chunk):
            docs = self.es.mget(index=self.indices.articles, ids=ids[n:n + chunk], source=False)["docs"]
            found.update(d["_id"] for d in docs if d.get("found"))
        return found

    def delete(self, article_id: str) -> bool:
        count = self._quote_counts([article_id]).get(article_id)
        if count is None:
            return False
        self.es.delete(index=self.indices.articles, id=article_id, refresh="wait_for")
        self._delete_quotes([(article_id, 0, count)], "wait_for")
        return True

    def _quote_counts(self, ids: list[str]) -> dict[str, int]:
        """Stored article id -> its number of quotes, for the ids that exist."""
        found = self.es.mget(index=self.indices.articles, ids=ids, source_includes=["quotes"])["docs"]
        return {d["_id"]: len(d["_source"].get("quotes", [])) for d in found if d.get("found")}

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
