"""Re-run the current pipeline over every stored raw input into new indices, then switch.

Searches keep answering from the old indices until both aliases move in one atomic step.
Articles stored or deleted while the run goes on are caught up before the switch.
"""

import logging
import time
from datetime import UTC, datetime
from itertools import islice

from elasticsearch import Elasticsearch, helpers

from service.ingestion.loader import Pool, analysis_pool, build_chunks
from service.pipeline.limits import Unprocessable
from service.progress import Progress
from service.store.indices import IndexNames, Indices
from service.store.repository import Repository, WriteFailed

log = logging.getLogger(__name__)
BATCH = 64  # articles read from the old index per round; analysed in the loader's chunks


def _batches(iterable, size):
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


def _copy(
    es: Elasticsearch, source: str, target: Repository, query: dict, pool: Pool, progress: Progress | None
) -> int:
    """Re-process the articles of `source` matching `query` into `target`; returns how many."""
    done = 0
    # In publication order, as they were meant to arrive: each joins the story of the ones before it.
    order = [{"published_at": {"order": "asc", "missing": "_last"}}, {"id": "asc"}]
    body = {"query": query, "sort": order}
    hits = helpers.scan(es, index=source, query=body, _source=["raw", "ingested_at"], preserve_order=True)
    for batch in _batches(hits, BATCH):
        docs: list[dict] = []
        for offset, built in build_chunks(pool, [hit["_source"]["raw"] for hit in batch], budget_s=None):
            for hit, doc in zip(batch[offset:], built):
                if isinstance(doc, Unprocessable):
                    raise doc
                docs.append({**doc, "ingested_at": hit["_source"]["ingested_at"]})
        failures = [r for r in target.save_many(docs) if isinstance(r, WriteFailed)]
        if failures:
            raise RuntimeError(f"{len(failures)} articles could not be written: {failures[0]}")
        done += len(docs)
        if progress:
            progress.advance(len(docs))
    return done


def reprocess(es: Elasticsearch, indices: Indices, workers: int = 1) -> IndexNames:
    """Rebuild every stored article into fresh indices and move the aliases to them, analysing on
    `workers` processes (the loader's pool)."""
    indices.ensure(es)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    new = indices.create_version(es, f"r{int(time.time())}")
    try:
        total = es.count(index=indices.articles)["count"]
        target = Repository(es, indices, names=new)
        with analysis_pool(workers) as pool:
            _copy(es, indices.articles, target, {"match_all": {}}, pool, Progress(total, "reprocessed"))
            es.indices.refresh(index=indices.articles)
            late = _copy(es, indices.articles, target, {"range": {"ingested_at": {"gte": started}}}, pool, None)
        _drop_deleted(es, indices.articles, target)
        es.indices.refresh(index=",".join(new))
        indices.switch_to(es, new)
    except BaseException:
        es.indices.delete(index=",".join(new), ignore_unavailable=True)
        raise
    log.info("reprocessed %d articles (%d caught up) into %s", total, late, ", ".join(new))
    return new


def _drop_deleted(es: Elasticsearch, source: str, target: Repository) -> None:
    """Remove from the new indices what was deleted from the old ones during the run."""
    es.indices.refresh(index=target.names.articles)
    ids = lambda index: {h["_id"] for h in helpers.scan(es, index=index, _source=False)}  # noqa: E731
    for article_id in ids(target.names.articles) - ids(source):
        target.delete(article_id)
