"""Phase 1: the service's analysis against the NER-only spaCy ceiling, on as many processes.

Both sides run on a process pool whose workers load their model before taking work; the clock
starts once every worker answered, so model loading is not counted on either side. Both get the
same chunks (service.loader.CHUNK articles per task, one nlp.pipe batch each).
"""
import os
import time
from concurrent.futures import Executor, ProcessPoolExecutor

import spacy

from service.loader import CHUNK, analysis_pool, build_chunks
from service.pipeline.clean import clean_text
from service.pipeline.nlp import MODEL
from service.progress import Progress

CEILING_COMPONENTS = ["tok2vec", "ner"]
_ceiling = None


def _load_ceiling() -> None:
    global _ceiling
    _ceiling = spacy.load(MODEL, enable=CEILING_COMPONENTS)


def _ceiling_task(texts: list[str]) -> int:
    return sum(len(doc.ents) for doc in _ceiling.pipe(texts, batch_size=len(texts)))


def _pid(delay: float) -> int:
    time.sleep(delay)
    return os.getpid()


def wait_ready(pool: Executor, workers: int, rounds: int = 100) -> None:
    """Return once every worker has run its initializer (each has answered a task)."""
    seen: set[int] = set()
    for _ in range(rounds):
        seen.update(pool.map(_pid, [0.05] * workers))
        if len(seen) >= workers:
            return


def _timed(pool: Executor, workers: int, run, total: int, label: str) -> float:
    """Articles per second of `run(pool, progress)` once the pool is warm."""
    if workers > 1:
        wait_ready(pool, workers)
    progress = Progress(total, label)
    started = time.perf_counter()
    run(pool, progress)
    return total / (time.perf_counter() - started)


def service_rate(payloads: list[dict], workers: int) -> float:
    def run(pool, progress):
        for _, docs in build_chunks(pool, payloads):
            progress.advance(len(docs))

    with analysis_pool(workers) as pool:
        return _timed(pool, workers, run, len(payloads), "service pipeline")


def ceiling_rate(bodies: list[str], workers: int) -> float:
    chunks = [bodies[n:n + CHUNK] for n in range(0, len(bodies), CHUNK)]

    def run(pool, progress):
        for chunk, _ in zip(chunks, pool.map(_ceiling_task, chunks)):
            progress.advance(len(chunk))

    if workers <= 1:
        from service.loader import _Inline

        _load_ceiling()
        return _timed(_Inline(), workers, run, len(bodies), "ceiling (tok2vec+ner)")
    with ProcessPoolExecutor(workers, initializer=_load_ceiling) as pool:
        return _timed(pool, workers, run, len(bodies), "ceiling (tok2vec+ner)")


def cleaned_bodies(payloads: list[dict]) -> list[str]:
    """The cleaned body of every payload (each distinct text cleaned once)."""
    cache: dict[tuple, str] = {}
    out = []
    for p in payloads:
        key = (p.get("text"), p.get("html"))
        if key not in cache:
            cache[key] = clean_text(p["text"]).body if p.get("text") else ""
        out.append(cache[key])
    return out


def compare(payloads: list[dict], workers: int) -> dict:
    service = service_rate(payloads, workers)
    ceiling = ceiling_rate(cleaned_bodies(payloads), workers)
    return {"service_docs_per_s": round(service, 2), "ceiling_docs_per_s": round(ceiling, 2),
            "analyze_ratio": round(service / ceiling, 3)}
