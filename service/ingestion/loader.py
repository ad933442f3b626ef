"""Loading many articles at once: analysis on every core, batched writes, resumable runs."""

import ctypes
import os
from collections import Counter
from collections.abc import Callable, Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager, nullcontext
from functools import partial

from marshmallow import ValidationError

from service.ingestion.documents import article_id, build_document, build_documents
from service.ingestion.payload import ArticleInSchema
from service.pipeline.limits import TIME_BUDGET_S, AnalysisFailed, Unprocessable
from service.pipeline.run import load_models
from service.progress import Progress
from service.store.repository import Repository, WriteFailed

CHUNK = 16  # articles per analysis task: one nlp.pipe batch
RELAX_REFRESH_ABOVE = 200


class _Inline:
    """The executor interface without processes, for one worker."""

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False

    map = staticmethod(map)


Pool = Executor | _Inline


@contextmanager
def analysis_pool(workers: int) -> Iterator[Pool]:
    """`workers` analysis processes that keep freed memory (`keep_freed_memory`) and have every
    model loaded (`load_models`) before they take work: loaded here before the fork, so that they
    share its pages and their own call does nothing (where processes are not forked, each loads
    it); for one worker, the executor interface in this process."""
    if workers <= 1:
        yield _Inline()
        return
    load_models()
    with ProcessPoolExecutor(workers, initializer=_analyser) as pool:
        yield pool


# glibc's malloc hands freed blocks back to the kernel (blocks over a moving threshold, and a heap
# top of more than twice it): the language model allocates and frees tens of MB an article, which
# then fault in again page by page, ~1,000 page faults an article (5-15 ms of system CPU on this
# machine). An analysis process keeps them: blocks up to 32 MB (glibc's ceiling) come from the heap,
# and up to 512 MB of it stays mapped when freed, which the next article reuses.
M_TRIM_THRESHOLD, M_MMAP_THRESHOLD = -1, -3  # mallopt parameters (malloc.h)
KEEP_BLOCKS_BELOW, KEEP_FREED = 32 << 20, 512 << 20


def keep_freed_memory() -> None:
    """Make this process's malloc keep freed memory for reuse (glibc; elsewhere nothing)."""
    mallopt = getattr(ctypes.CDLL(None), "mallopt", None)
    if mallopt is not None:
        mallopt(M_MMAP_THRESHOLD, KEEP_BLOCKS_BELOW)
        mallopt(M_TRIM_THRESHOLD, KEEP_FREED)


def _analyser() -> None:
    keep_freed_memory()
    load_models()


ANALYSIS_NICENESS = 10  # the API's analysis processes yield the CPU to request threads and Elasticsearch
_background: ProcessPoolExecutor | None = None


def _background_analyser() -> None:
    os.nice(ANALYSIS_NICENESS)
    _analyser()


def background_pool(processes: int) -> Executor:
    """This process's pool for analysing posted articles: `processes` processes at a lower CPU
    priority, each with every model loaded; made on first use, and again if one died.

    A request thread waits on it without holding the CPU or the interpreter lock, so searches
    served meanwhile by the same worker are not slowed by the analysis.
    """
    global _background
    if _background is None or getattr(_background, "_broken", False):
        _background = ProcessPoolExecutor(processes, initializer=_background_analyser)
    return _background


def build_documents_on(pool: Executor | None, payload: dict, budget_s: float | None = TIME_BUDGET_S) -> dict:
    """build_document on `pool` (in this thread when None)."""
    if pool is None:
        return build_document(payload, budget_s)
    doc = pool.submit(build_documents, [payload], budget_s).result()[0]
    if isinstance(doc, Unprocessable):
        raise doc
    return doc


def build_chunks(
    pool: Pool,
    payloads: list[dict],
    chunk: int = CHUNK,
    budget_s: float | None = TIME_BUDGET_S,
    function: Callable[[list], list] | None = None,
) -> Iterator[tuple[int, list]]:
    """(offset, documents) per `chunk` payloads, analysed on `pool` in input order: by `function`, or
    by build_documents with `budget_s` seconds each (None: no limit)."""
    offsets = range(0, len(payloads), chunk)
    build = function or partial(build_documents, budget_s=budget_s)
    return zip(offsets, pool.map(build, [payloads[n : n + chunk] for n in offsets]))


@contextmanager
def relaxed_refresh(repo: Repository, enabled: bool) -> Iterator[None]:
    """No periodic refresh while a large load runs; restored (and refreshed) afterwards."""
    names = f"{repo.indices.articles},{repo.indices.quotes}"
    if enabled:
        repo.es.indices.put_settings(index=names, settings={"index": {"refresh_interval": "-1"}})
    try:
        yield
    finally:
        if enabled:
            repo.es.indices.put_settings(index=names, settings={"index": {"refresh_interval": None}})
        repo.es.indices.refresh(index=names)


def load(
    repo: Repository,
    items: list,
    workers: int = 1,
    replace: bool = True,
    progress: Progress | None = None,
    budget_s: float | None = TIME_BUDGET_S,
    pool: Executor | None = None,
) -> list[dict]:
    """Validate, analyse and store `items` (article payloads); a result per item, in order:
    `{index, id, status, error}` with an HTTP-like status and, for a failed item, its `failure`.

    `workers` > 1 analyses on that many processes while this one writes; `pool`, when given,
    is used instead. Without `replace`,
    items whose id is already stored are skipped (status 304), so an interrupted run can
    simply be started again.
    """
    results, payloads = validate_items(items)
    if not replace:
        ids = {i: article_id(p.get("url"), p.get("text"), p.get("html")) for i, p in payloads.items()}
        stored = repo.existing_ids(list(ids.values()))
        for i in [i for i, article in ids.items() if article in stored]:
            results[i].update(id=ids[i], status=304)
            del payloads[i]
    if progress and len(items) > len(payloads):
        progress.advance(len(items) - len(payloads))
    indices = list(payloads)
    pools = nullcontext(pool) if pool else analysis_pool(workers)
    with relaxed_refresh(repo, len(indices) > RELAX_REFRESH_ABOVE), pools as analysers:
        for offset, docs in build_chunks(analysers, [payloads[i] for i in indices], budget_s=budget_s):
            chunk, built = indices[offset : offset + len(docs)], {}
            for i, doc in zip(chunk, docs):
                if isinstance(doc, AnalysisFailed):
                    detail = "internal error analysing this article; the service's log holds its traceback"
                    results[i].update(status=500, error=failure("Internal Server Error", detail))
                elif isinstance(doc, Unprocessable):
                    results[i].update(
                        status=422, error=failure("Unprocessable Entity", str(doc), {"json": {doc.field: [str(doc)]}})
                    )
                else:
                    built[i] = doc
            store_documents(repo, built, results)
            if progress:
                progress.advance(len(chunk))
    return results


def validate_items(items: list) -> tuple[list[dict], dict[int, dict]]:
    """A result per item, with status and error set for the invalid ones; the valid payloads."""
    results: list[dict] = [{"index": i, "id": None, "status": None, "error": None} for i in range(len(items))]
    payloads: dict[int, dict] = {}
    schema = ArticleInSchema()
    for i, item in enumerate(items):
        try:
            if isinstance(item, ValueError):
                raise item
            if not isinstance(item, dict):
                raise ValidationError({"_schema": ["Each item must be a JSON object."]})
            payloads[i] = schema.load(item)
        except ValidationError as err:
            fields = ", ".join(map(str, err.messages)) if isinstance(err.messages, dict) else "item"
            results[i].update(
                status=422, error=failure("Unprocessable Entity", f"invalid field(s): {fields}", {"json": err.messages})
            )
        except ValueError as err:
            results[i].update(status=400, error=failure("Bad Request", str(err)))
    return results, payloads


def store_documents(repo: Repository, docs: dict[int, dict], results: list[dict]) -> None:
    """Save the built documents (by item index) and fill in their results."""
    last = {doc["id"]: i for i, doc in docs.items()}  # an id given twice: the later item wins
    order = sorted(last.values())
    for i, outcome in zip(order, repo.save_many([docs[i] for i in order])):
        if isinstance(outcome, WriteFailed):
            status = outcome.http_status
            errors = {"json": {outcome.field: [str(outcome)]}} if outcome.field else None
            results[i].update(status=status, error=failure("Not stored", str(outcome), errors))
        else:
            results[i]["status"] = 201 if outcome else 200
    for i, doc in docs.items():
        winner = results[last[doc["id"]]]
        results[i].update(id=doc["id"], status=winner["status"], error=winner["error"])


def failure(title: str, detail: str, errors: dict | None = None) -> dict:
    """Why an item was not stored: a short title, the detail, and field errors by location."""
    return {"title": title, "detail": detail, "errors": errors}


def summary(results: list[dict]) -> str:
    counts = Counter(r["status"] for r in results)
    failed = sum(n for status, n in counts.items() if status not in (200, 201, 304))
    return f"{counts[201]} new, {counts[200]} replaced, {counts[304]} already stored, {failed} failed"
