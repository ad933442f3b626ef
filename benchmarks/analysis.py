"""Phase 1: `articles analyze` against spaCy alone over the same cleaned bodies, on as many processes:
the NER-only ceiling (tok2vec+ner) and the stock pipeline (everything but the lemmatizer).

Each side runs on a process pool whose workers load their model before taking work; the clock
starts once every worker answered, so model loading is not counted. All get the same chunks (as
`articles analyze` cuts them, one nlp.pipe batch each). On a shared machine they are measured in
the order A B C C B A over two halves of the articles, so a load that drifts during the run weighs
on all alike; the pool processes' CPU time is reported too (a ratio less sensitive to other jobs
than the wall clock).
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

CEILING = {"enable": ["tok2vec", "ner"]}  # the NER-only ceiling
STOCK = {"exclude": ["lemmatizer"]}  # the stock pipeline: tok2vec, tagger, parser, attribute ruler, NER
_model = None


def _load_model(options: dict) -> None:
    global _model
    _model = spacy.load(MODEL, **options)


def _model_task(texts: list[str]) -> int:
    return sum(len(doc.ents) for doc in _model.pipe(texts, batch_size=len(texts)))


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


def chunk_size(n: int, workers: int) -> int:
    """Articles per task, as `articles analyze` splits them: CHUNK, fewer when that leaves a process idle."""
    return max(1, min(CHUNK, -(-n // workers)))


def service_time(payloads: list[dict], workers: int) -> tuple[float, float]:
    """`articles analyze` over the payloads: its process pool, chunks and per-chunk function."""
    from service.cli import _analyze_chunk

    def run(pool, progress):
        for _, docs in build_chunks(pool, payloads, chunk_size(len(payloads), workers), function=_analyze_chunk):
            progress.advance(len(docs))

    with analysis_pool(workers) as pool:
        return _timed(pool, workers, run, len(payloads), "service pipeline")


def model_time(bodies: list[str], workers: int, options: dict, label: str) -> tuple[float, float]:
    """A spaCy pipeline (`spacy.load` options) over the bodies, in the same chunks on as many processes."""
    size = chunk_size(len(bodies), workers)
    chunks = [bodies[n : n + size] for n in range(0, len(bodies), size)]

    def run(pool, progress):
        for chunk, _ in zip(chunks, pool.map(_model_task, chunks)):
            progress.advance(len(chunk))

    if workers <= 1:
        from service.ingestion.loader import _Inline

        _load_model(options)
        return _timed(_Inline(), workers, run, len(bodies), label)
    with ProcessPoolExecutor(workers, initializer=_load_model, initargs=(options,)) as pool:
        return _timed(pool, workers, run, len(bodies), label)


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
    """The service's analysis against the NER-only ceiling and the stock pipeline, on `workers`
    processes each: over two halves of the payloads in the order service, ceiling, stock, stock,
    ceiling, service, so a load drifting during the run weighs on all three alike."""
    bodies, half = cleaned_bodies(payloads), (len(payloads) + 1) // 2
    parts = [(payloads[:half], bodies[:half])] + ([(payloads[half:], bodies[half:])] if half < len(payloads) else [])
    runs: dict[str, list[tuple[float, float]]] = {"service": [], "ceiling": [], "stock": []}
    for n, (some, texts) in enumerate(parts):
        for side in ("service", "ceiling", "stock")[:: -1 if n else 1]:
            if side == "service":
                runs[side].append(service_time(some, workers))
            else:
                options, label = (CEILING, "ceiling (tok2vec+ner)") if side == "ceiling" else (STOCK, "stock spaCy")
                runs[side].append(model_time(texts, workers, options, label))
    wall = {side: sum(r[0] for r in timings) for side, timings in runs.items()}
    cpu = {side: sum(r[1] for r in timings) for side, timings in runs.items()}
    n = len(payloads)
    return {
        "service_docs_per_s": round(n / wall["service"], 2),
        "ceiling_docs_per_s": round(n / wall["ceiling"], 2),
        "stock_docs_per_s": round(n / wall["stock"], 2),
        "analyze_ratio": round(wall["ceiling"] / wall["service"], 3),
        "analyze_stock_ratio": round(wall["stock"] / wall["service"], 3),
        "service_cpu_ms_per_doc": round(cpu["service"] * 1000 / n, 1),
        "ceiling_cpu_ms_per_doc": round(cpu["ceiling"] * 1000 / n, 1),
        "stock_cpu_ms_per_doc": round(cpu["stock"] * 1000 / n, 1),
        "analyze_cpu_ratio": round(cpu["ceiling"] / cpu["service"], 3) if cpu["service"] else None,
        "analyze_stock_cpu_ratio": round(cpu["stock"] / cpu["service"], 3) if cpu["service"] else None,
    }
