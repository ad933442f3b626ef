"""The service's own CPU per search over the benchmark's query mix, in process and in a real worker.

    .venv/bin/python -m benchmarks.search_cpu [--articles 150 | --prefix PREFIX] [--requests 2000] [--profile]

1. a real worker: `articles serve` with one gunicorn worker, one client sending the mix one request
   at a time; the worker's CPU a request from /proc (gunicorn, the buffering front, the app and the
   kernel's share of its sockets), in `--rounds` rounds, median reported;
2. in process: the same Flask app called as WSGI over the same requests; thread CPU a request (the
   app alone: routing, argument loading, query building, the Elasticsearch client, JSON, logs,
   metrics). `--profile` prints its top functions by cumulative CPU under cProfile.

CPU time is less disturbed by other load than latency, but a busy machine still inflates it (shared
caches): compare trees by alternating runs. The node is ELASTICSEARCH_URL, else the local dev node;
`--articles` ingests that many under a fresh prefix (dropped at the end), `--prefix` reuses indices.
"""

import argparse
import cProfile
import os
import pstats
import statistics
import sys
import time
import uuid

from benchmarks import search_load
from benchmarks.corpus import articles
from benchmarks.run import es_url


def _in_process(paths: list[str], url: str, prefix: str, requests: int, rounds: int, profile: bool) -> float:
    """Thread CPU (ms) a request of the app called as WSGI, median of `rounds`."""
    import logging

    from werkzeug.test import EnvironBuilder

    os.environ.update(ELASTICSEARCH_URL=url, ARTICLES_INDEX_PREFIX=prefix, ARTICLES_API_KEYS=search_load.API_KEY)
    from service.app import create_app

    app = create_app()
    logging.getLogger().handlers[0].setStream(open(os.devnull, "w"))  # formatted and written, not shown
    environs = [EnvironBuilder(path=p.split("?")[0], query_string=p.partition("?")[2]).get_environ() for p in paths]

    def run(n: int) -> None:
        status: list[str] = []
        for i in range(n):
            body = app(dict(environs[i % len(environs)]), lambda s, h, e=None: status.append(s))
            b"".join(body)
            body.close()  # as a server does: work the app defers to close() is counted
            if not status.pop().startswith("200"):
                raise RuntimeError(f"{paths[i % len(paths)]} failed")

    run(len(paths) * 3)
    if profile:
        profiler = cProfile.Profile(time.thread_time)
        profiler.runcall(run, requests)
        pstats.Stats(profiler, stream=sys.stdout).sort_stats("cumulative").print_stats(40)
    per_round = []
    for _ in range(rounds):
        started = time.thread_time()
        run(requests)
        per_round.append((time.thread_time() - started) * 1000 / requests)
    return statistics.median(per_round)


def _worker(service: search_load.Service, paths: list[str], requests: int, rounds: int) -> float:
    """CPU (ms) of the gunicorn worker a request, one client in sequence, median of `rounds`."""
    conn, pids = service.connection(), search_load.worker_pids(service.pid)
    for path in paths * 3:
        search_load.request(conn, "GET", path)
    per_round = []
    for _ in range(rounds):
        before = search_load.cpu_seconds(pids)
        for i in range(requests):
            if search_load.request(conn, "GET", paths[i % len(paths)])[0] != 200:
                raise RuntimeError(f"{paths[i % len(paths)]} failed")
        per_round.append((search_load.cpu_seconds(pids) - before) * 1000 / requests)
    conn.close()
    return statistics.median(per_round)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m benchmarks.search_cpu", description=__doc__)
    p.add_argument("--articles", type=int, default=150, help="articles to ingest under a fresh prefix (default 150)")
    p.add_argument("--prefix", help="search existing indices of this prefix instead of ingesting")
    p.add_argument("--requests", type=int, default=2000, help="requests a round (default 2000)")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--profile", action="store_true", help="print the in-process profile")
    args = p.parse_args(argv)
    from elasticsearch import Elasticsearch

    from service.ingestion.loader import load
    from service.store.indices import Indices
    from service.store.repository import Repository

    url = es_url(None)
    es = Elasticsearch(url.split(","), request_timeout=60)
    prefix = args.prefix or f"bench-{uuid.uuid4().hex[:8]}"
    indices = Indices(prefix)
    try:
        if not args.prefix:
            indices.ensure(es)
            load(Repository(es, indices), articles(args.articles), replace=True)
        with search_load.Service(url, prefix, workers=1) as service:
            paths = [q.path for q in search_load.query_mix(es, indices, service)]
            worker = _worker(service, paths, args.requests, args.rounds)
        app = _in_process(paths, url, prefix, args.requests, args.rounds, args.profile)
    finally:
        if not args.prefix:
            indices.drop(es)
    print(f"CPU a search over {len(paths)} queries: worker {worker:.3f} ms, in process (the app alone) {app:.3f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
