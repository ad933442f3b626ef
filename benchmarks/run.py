"""The service's performance on this machine, in one command.

    .venv/bin/python -m benchmarks.run [--articles 10000] [--analyze-articles 400]
        [--workers CORES] [--clients 1,8,32] [--duration 15] [--serve-workers CORES+1] [--latency-only]

1. analysis: `articles analyze` over the corpus on `--workers` processes against spaCy alone
   over the same cleaned bodies on as many processes: the ceiling (tok2vec+ner only) and the
   stock pipeline (tok2vec, tagger, parser, attribute ruler, NER; no lemmatizer);
2. ingest: `--articles` articles through `service.ingestion.loader.load` into a real node, under an
   isolated index prefix deleted at the end;
3. search: a fixed query mix at each `--clients` level against `articles serve` (gunicorn on
   a free loopback port) and the identical queries sent straight to Elasticsearch, in halves
   ordered service, direct, direct, service;
4. reads during ingest: the query mix at `--mixed-clients` (8) clients while bulk ingest runs at
   full speed (one writer per gunicorn worker, batches back to back) and idle (half before, half
   after); p99 ratio;
5. memory: VmRSS (and PSS, USS) of the gunicorn master and workers.

`--latency-only` runs phases 3 and 4 alone (after ingesting the articles they search) and their targets.

The node is ELASTICSEARCH_URL (or --es-url), else the local dev node. Human-readable results go
to stdout as each phase ends, then every target with its measured figure; progress goes to
stderr; the last stdout line is one JSON object.
"""

import argparse
import json
import os
import sys
import time
import uuid

from benchmarks import analysis, memory, search_load
from benchmarks.corpus import articles
from service.cli import SERVE_WORKERS

INGEST_RATIO = 0.8  # target: end-to-end ingest >= this x the ceiling
STOCK_RATIO = 0.9  # target: `articles analyze` >= this x the stock spaCy pipeline


def _levels(text: str) -> list[int]:
    levels = sorted({int(x) for x in text.split(",") if x.strip()})
    if not levels or levels[0] < 1:
        raise argparse.ArgumentTypeError("client levels are positive integers, e.g. 1,8,32")
    return levels


def parser() -> argparse.ArgumentParser:
    cores = os.cpu_count() or 1
    p = argparse.ArgumentParser(
        prog="python -m benchmarks.run", description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument("--articles", type=int, default=10_000, help="articles to ingest (default 10000)")
    p.add_argument(
        "--analyze-articles", type=int, default=400, help="articles for the analysis-vs-ceiling phase (default 400)"
    )
    p.add_argument("--workers", type=int, default=cores, help=f"analysis processes (default: cores, {cores})")
    p.add_argument("--clients", type=_levels, default=[1, 8, 32], help="concurrent search clients (default 1,8,32)")
    p.add_argument("--duration", type=float, default=15.0, help="seconds per client level and target (default 15)")
    p.add_argument("--warmup", type=float, default=3.0, help="seconds of unmeasured load before each level")
    p.add_argument(
        "--serve-workers",
        type=int,
        default=SERVE_WORKERS,
        help=f"gunicorn workers (default: as articles serve, cores + 1, {SERVE_WORKERS})",
    )
    p.add_argument(
        "--mixed-clients", type=int, default=8, help="search clients in the idle vs during-ingest phase (default 8)"
    )
    p.add_argument(
        "--posts",
        type=int,
        default=None,
        help="POST /articles before measuring memory, so workers hold the model (default: 4 per worker)",
    )
    p.add_argument(
        "--latency-only",
        action="store_true",
        help="only the search phases (3, 4) and their targets: no analysis comparison, no memory phase",
    )
    p.add_argument("--es-url", help="Elasticsearch URL (default: ELASTICSEARCH_URL, else the local dev node)")
    return p


def es_url(given: str | None) -> str:
    if given or os.environ.get("ELASTICSEARCH_URL"):
        return given or os.environ["ELASTICSEARCH_URL"]
    from service import devstack

    print("ELASTICSEARCH_URL not set: using the local dev node", file=sys.stderr)
    return devstack.start()


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from elasticsearch import Elasticsearch

    from service.progress import Progress
    from service.store.indices import Indices
    from service.store.repository import Repository

    url = es_url(args.es_url)
    out: dict = {"workers": args.workers, "serve_workers": args.serve_workers, "articles": args.articles}

    a = {} if args.latency_only else _analysis(args)
    out.update(a)

    prefix = f"bench-{uuid.uuid4().hex[:8]}"
    es = Elasticsearch(url.split(","), request_timeout=60)
    indices = Indices(prefix)
    try:
        print(f"== 2. ingest, {args.articles} articles into {url} (prefix {prefix})", flush=True)
        from service.ingestion.loader import load

        indices.ensure(es)
        repo = Repository(es, indices)
        items = articles(args.articles)
        started = time.perf_counter()
        results = load(repo, items, workers=args.workers, replace=True, progress=Progress(len(items), "ingested"))
        elapsed = time.perf_counter() - started
        failed = sum(r["status"] not in (200, 201) for r in results)
        stored = es.count(index=indices.articles)["count"]
        rate = len(items) / elapsed
        out.update(
            ingest_docs_per_s=round(rate, 2),
            ingest_s=round(elapsed, 1),
            ingest_failed=failed,
            ingest_stored=stored,
            quotes_stored=es.count(index=indices.quotes)["count"],
        )
        ceiling = ""
        if a:
            out["ingest_ratio"] = round(rate / a["ceiling_docs_per_s"], 3)
            ceiling = f", {out['ingest_ratio']:.2f} x the ceiling"
        print(f"ingest {rate:.1f} articles/s ({elapsed:.1f} s, {stored} stored, {failed} failed){ceiling}", flush=True)

        print(
            f"== 3. search, clients {args.clients}, {args.duration:g} s each, {args.serve_workers} gunicorn worker(s)",
            flush=True,
        )
        with search_load.Service(url, prefix, args.serve_workers) as service:
            mix = search_load.query_mix(es, indices, service)
            print(f"query mix: {', '.join(q.name for q in mix)}", flush=True)
            levels = search_load.compare(mix, service, url, args.clients, args.duration, args.warmup)
            out["search"] = levels
            top = levels[str(max(args.clients))]
            out.update(
                search_p99_ms_32=levels["32"]["service"]["p99_ms"] if "32" in levels else None,
                search_p99_ms_max=top["service"]["p99_ms"],
                search_overhead_ratio=top["p50_ratio"],
                search_overhead_ratio_1=levels[str(min(args.clients))]["p50_ratio"],
            )
            search_load.print_table(levels)

            print(
                f"== 4. searches at {args.mixed_clients} clients, idle and during bulk ingest from "
                f"{args.serve_workers} writers, {args.duration:g} s each",
                flush=True,
            )
            mixed = search_load.during_ingest(
                mix, service, articles(200), args.mixed_clients, args.duration, writers=args.serve_workers
            )
            out["during_ingest"] = mixed
            out["search_p99_ratio_during_ingest"] = mixed["p99_ratio"]
            idle, busy = mixed["idle"], mixed["during_ingest"]
            print(
                f"idle p50 {idle['p50_ms']:.1f} p99 {idle['p99_ms']:.1f} ms ({idle['errors']} errors); "
                f"during ingest ({mixed['ingest_articles_per_s']:.1f} articles/s) p50 {busy['p50_ms']:.1f} "
                f"p99 {busy['p99_ms']:.1f} ms ({busy['errors']} errors): p99 ratio {mixed['p99_ratio']:.2f}",
                flush=True,
            )

            if not args.latency_only:
                print("== 5. memory", flush=True)
                before = memory.measure(service.pid)
                posts = args.posts if args.posts is not None else 4 * args.serve_workers
                search_load.post_articles(service, articles(posts), clients=args.serve_workers * 2)
                after = memory.measure(service.pid)
                out.update(memory.summary(before, after))
                memory.print_table(before, after)
    finally:
        indices.drop(es)
    out["targets"] = targets(out, args.clients)
    print("== targets", flush=True)
    for t in out["targets"]:
        print(f"{'met   ' if t['met'] else 'MISSED'} {t['name']}: {t['measured']} (goal {t['goal']})", flush=True)
    print(json.dumps(out, separators=(",", ":")), flush=True)
    return 0


def _analysis(args) -> dict:
    """Phase 1: `articles analyze` against the ceiling and the stock spaCy pipeline."""
    print(f"== 1. analysis, {args.analyze_articles} articles on {args.workers} process(es)", flush=True)
    a = analysis.compare(articles(args.analyze_articles), args.workers)
    print(
        f"service pipeline {a['service_docs_per_s']:.1f} articles/s, ceiling (tok2vec+ner) "
        f"{a['ceiling_docs_per_s']:.1f} articles/s, ratio {a['analyze_ratio']:.2f}; CPU per article "
        f"{a['service_cpu_ms_per_doc']:.0f} vs {a['ceiling_cpu_ms_per_doc']:.0f} ms, ratio {a['analyze_cpu_ratio']}",
        flush=True,
    )
    print(
        f"service pipeline vs stock spaCy (no lemmatizer) {a['stock_docs_per_s']:.1f} articles/s: ratio "
        f"{a['analyze_stock_ratio']:.2f}; CPU per article {a['stock_cpu_ms_per_doc']:.0f} ms, ratio "
        f"{a['analyze_stock_cpu_ratio']}",
        flush=True,
    )
    return a


def targets(out: dict, clients: list[int]) -> list[dict]:
    """Each target of the run: its name, the measured figure, the goal and whether it is met."""
    rows = []
    if "analyze_stock_ratio" in out:  # not under --latency-only
        rows += [
            ("ingest vs ceiling", out["ingest_ratio"], f">= {INGEST_RATIO}", out["ingest_ratio"] >= INGEST_RATIO),
            (
                "articles analyze vs stock spaCy",
                out["analyze_stock_ratio"],
                f">= {STOCK_RATIO}",
                out["analyze_stock_ratio"] >= STOCK_RATIO,
            ),
        ]
    if 1 in clients:
        one = out["search"]["1"]
        rows.append(
            (
                "1-client p50, service vs direct (ms)",
                f"{one['service']['p50_ms']} vs {one['direct']['p50_ms']}",
                f"<= direct + {search_load.P50_EXTRA_MS}",
                one["service"]["p50_ms"] <= one["p50_target_ms"],
            )
        )
    if 32 in clients:
        ratio = out["search"]["32"]["p99_ratio"]
        rows.append(
            ("32-client p99, service / direct", ratio, f"<= {search_load.P99_RATIO}", ratio <= search_load.P99_RATIO)
        )
    ratio = out["search_p99_ratio_during_ingest"]
    goal = search_load.INGEST_P99_RATIO
    rows.append(("search p99 during ingest / idle", ratio, f"<= {goal}", ratio <= goal))
    return [{"name": n, "measured": m, "goal": g, "met": bool(ok)} for n, m, g, ok in rows]


if __name__ == "__main__":
    sys.exit(main())
