"""Phase 1: the service's analysis against the NER-only spaCy ceiling, on as many processes.

Both sides run on a process pool whose workers load their model before taking work; the clock
starts once every worker answered, so model loading is not counted on either side. Both get the
same chunks (service.ingestion.loader.CHUNK articles per task, one nlp.pipe batch each). On a shared
machine the two are measured in ABBA order over two halves of the articles, so a load that
drifts during the run weighs on both alike; the pool processes' CPU time is reported too (a
ratio less sensitive to other jobs than the wall clock).
"""

import os
import time
from concurrent.futures import Executor, ProcessPoolExecutor

import spacy

from benchmarks.search_load import cpu_seconds
from service.ingestion.loader import CHUNK, analysis_pool, build_chunks
from service.pipeline.clean.page import clean_text
from service.pipeline.enrich.nlp import MODEL
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


def _timed(pool: Executor, workers: int, run, total: int, label: str) -> tuple[float, float]:
    """Wall and CPU seconds of `run(pool, progress)` once the pool is warm."""
    if workers > 1:
        wait_ready(pool, workers)
    pids = list(getattr(pool, "_processes", None) or {})
    cpu = (lambda: cpu_seconds(pids)) if pids else time.process_time
    progress = Progress(total, label)
    started, cpu_started = time.perf_counter(), cpu()
    run(pool, progress)
    return time.perf_counter() - started, cpu() - cpu_started


def service_time(payloads: list[dict], workers: int) -> tuple[float, float]:
    def run(pool, progress):
        for _, docs in build_chunks(pool, payloads):
            progress.advance(len(docs))

    with analysis_pool(workers) as pool:
        return _timed(pool, workers, run, len(payloads), "service pipeline")


def ceiling_time(bodies: list[str], workers: int) -> tuple[float, float]:
    chunks = [bodies[n : n + CHUNK] for n in range(0, len(bodies), CHUNK)]

    def run(pool, progress):
        for chunk, _ in zip(chunks, pool.map(_ceiling_task, chunks)):
            progress.advance(len(chunk))

    if workers <= 1:
        from service.ingestion.loader import _Inline

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
    bodies, half = cleaned_bodies(payloads), (len(payloads) + 1) // 2
    runs = [service_time(payloads[:half], workers), ceiling_time(bodies[:half], workers)]
    if half < len(payloads):
        runs += [ceiling_time(bodies[half:], workers), service_time(payloads[half:], workers)]
    service = [runs[0], *runs[3:]]
    ceiling = runs[1:3]
    wall = [sum(r[0] for r in side) for side in (service, ceiling)]
    cpu = [sum(r[1] for r in side) for side in (service, ceiling)]
    n = len(payloads)
    return {
        "service_docs_per_s": round(n / wall[0], 2),
        "ceiling_docs_per_s": round(n / wall[1], 2),
        "analyze_ratio": round(wall[1] / wall[0], 3),
        "service_cpu_ms_per_doc": round(cpu[0] * 1000 / n, 1),
        "ceiling_cpu_ms_per_doc": round(cpu[1] * 1000 / n, 1),
        "analyze_cpu_ratio": round(cpu[1] / cpu[0], 3) if cpu[0] else None,
    }
