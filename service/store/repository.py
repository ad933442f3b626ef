"""Stored articles and their quotes: get, save, delete, keeping both indices in step."""
from elasticsearch import Elasticsearch, NotFoundError, helpers

from service.store.indices import Indices


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
        """Store an article and its quotes, replacing an earlier version; True if it was new.

        Quotes are written first and the article last, so a failure leaves no article whose
        quotes are missing; quotes of a replaced version that the new one no longer has are
        removed afterwards.
        """
        previous = self.get(doc["id"])
        quotes = [self._quote_doc(doc, n, q) for n, q in enumerate(doc["quotes"])]
        helpers.bulk(self.es, ({"_index": self.indices.quotes, "_id": q["id"], "_source": q} for q in quotes),
                     refresh="wait_for")
        try:
            self.es.index(index=self.indices.articles, id=doc["id"], document=doc, refresh="wait_for")
        except Exception:
            if previous is None:
                self._delete_quotes(doc["id"], 0, len(quotes))
            raise
        if previous:
            self._delete_quotes(doc["id"], len(quotes), len(previous["quotes"]))
        return previous is None

    def delete(self, article_id: str) -> bool:
        previous = self.get(article_id)
        if previous is None:
            return False
        self.es.delete(index=self.indices.articles, id=article_id, refresh="wait_for")
        self._delete_quotes(article_id, 0, len(previous["quotes"]))
        return True

    def _delete_quotes(self, article_id: str, first: int, end: int) -> None:
        actions = ({"_op_type": "delete", "_index": self.indices.quotes, "_id": f"{article_id}-{n}"}
                   for n in range(first, end))
        helpers.bulk(self.es, actions, refresh="wait_for", raise_on_error=False)

    @staticmethod
    def _quote_doc(article: dict, n: int, quote: dict) -> dict:
        return {"id": f"{article['id']}-{n}", "article_id": article["id"],
                "text": quote["text"], "speaker": quote.get("speaker"),
                "speaker_kind": quote.get("speaker_kind"), "cue": quote.get("cue"),
                "person": article.get("person", []),
                "start": quote.get("start"), "end": quote.get("end"),
                "source": article.get("source"), "title": article.get("title"),
                "url": article.get("url"), "published_at": article.get("published_at")}
