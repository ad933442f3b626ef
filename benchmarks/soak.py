"""A bounded soak: `articles serve` (2 workers, own index prefix) under mixed reads and writes.

    python benchmarks/soak.py [--seconds 120] [--threads 4] [--workers 2] [--write-every 5]

Starts the server itself on a free loopback port against ELASTICSEARCH_URL (or the local dev
node), runs a fixed number of client threads until the time is up, prints the request and error
counts (an error is a 5xx or a failed connection), the p50/p95 latency and each gunicorn
worker's resident memory before and after, then stops the server and deletes its indices.
The last line is the same figures as JSON, prefixed with "SOAK ". Exit status 1 on any error.
"""

import argparse
import json
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
import uuid
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from service import devstack  # noqa: E402

KEY = "soak-key-" + uuid.uuid4().hex
WORDS = ["harbour", "glacier", "orchard", "railway", "library", "canal", "meadow", "quarry"]
READS = [
    "/articles?q={w}",
    "/articles?q={w}&facets=person,location",
    "/quotes?q=rebuild",
    "/articles?sort=oldest",
    "/entities?type=person&prefix=an",
    "/articles/{id}",
    "/health",
]


def article(n: int) -> dict:
    word = WORDS[n % len(WORDS)]
    text = (
        f"Home\nNews\n\nThe council approved plan {n} for the {word} on Tuesday after a long debate that "
        f"lasted well into the evening, officials said.\n\nResidents had argued for months that the {word} "
        f"needed repairs before the winter season.\n\n\u201cWe will rebuild the {word} this year,\u201d the "
        f"mayor, Anna Berg, said in Oslo.\n\nShare this article"
    )
    return {"text": text, "url": f"https://soak.example/{n}"}


def request(base: str, method: str, path: str, body=None) -> tuple[int, float]:
    """(status or 0 for a failed connection, seconds)."""
    headers = {"Authorization": f"Bearer {KEY}"}
    data = None
    if body is not None:
        data, headers["Content-Type"] = json.dumps(body).encode(), "application/json"
    started = time.perf_counter()
    try:
        with urllib.request.urlopen(
            urllib.request.Request(base + path, data, headers, method=method), timeout=60
        ) as response:
            response.read()
            status = response.status
    except urllib.error.HTTPError as err:
        status = err.code
    except OSError:
        status = 0
    return status, time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def worker_pids(master: int) -> list[int]:
    pids = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == master:
            pids.append(int(stat.parent.name))
    return sorted(pids)


def rss_kb(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def start_server(es_url: str, prefix: str, workers: int, log) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = {**os.environ, "ELASTICSEARCH_URL": es_url, "ARTICLES_INDEX_PREFIX": prefix, "ARTICLES_API_KEYS": KEY}
    server = subprocess.Popen(
        [sys.executable, "-m", "service.cli", "serve", "--bind", f"127.0.0.1:{port}", "--workers", str(workers)],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=log,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while request(base, "GET", "/ready")[0] != 200:
        if server.poll() is not None or time.monotonic() > deadline:
            raise SystemExit(f"the server did not become ready; see {log.name}")
        time.sleep(0.5)
    while len(worker_pids(server.pid)) < workers and time.monotonic() < deadline:
        time.sleep(0.2)
    return server, base


def load(base: str, seconds: float, threads: int, write_every: int, ids: list[str]) -> list[tuple[str, int, float]]:
    """(read or write, status, seconds) per request; each thread loops over a fixed sequence until time is up."""
    results, lock, deadline = [], threading.Lock(), time.monotonic() + seconds

    def client(t: int):
        n = 0
        while time.monotonic() < deadline:
            n += 1
            if n % write_every == 0:
                # New articles and replacements of earlier ones alternate.
                outcome = ("write", *request(base, "POST", "/articles", article(1000 * t + (n if n % 2 else n // 4))))
            else:
                path = READS[n % len(READS)].format(w=WORDS[n % len(WORDS)], id=ids[n % len(ids)])
                outcome = ("read", *request(base, "GET", path))
            with lock:
                results.append(outcome)

    pool = [threading.Thread(target=client, args=(t,)) for t in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join(seconds + 120)
    return results


def drop_indices(es_url: str, prefix: str) -> None:
    from elasticsearch import Elasticsearch

    from service.store.indices import Indices

    Indices(prefix).drop(Elasticsearch(es_url.split(","), request_timeout=30))


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--threads", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--write-every", type=int, default=5, help="every Nth request of a thread is a POST")
    args = parser.parse_args(argv)

    es_url = os.environ.get("ELASTICSEARCH_URL") or devstack.start()
    prefix = f"soak-{uuid.uuid4().hex[:10]}"
    log = tempfile.NamedTemporaryFile("w+b", prefix="soak-server-", suffix=".log", delete=False)
    server = None
    try:
        server, base = start_server(es_url, prefix, args.workers, log)
        seeded = [request(base, "POST", "/articles", article(n)) for n in range(2 * args.workers + 4)]
        if any(status not in (200, 201) for status, _ in seeded):
            raise SystemExit(f"seeding failed: {seeded}; see {log.name}")
        ids = [a["id"] for a in json.load(urllib.request.urlopen(f"{base}/articles?limit=100"))["items"]]
        workers = worker_pids(server.pid)
        before = {pid: rss_kb(pid) for pid in workers}
        results = load(base, args.seconds, args.threads, args.write_every, ids)
        after = {pid: rss_kb(pid) if Path(f"/proc/{pid}").exists() else 0 for pid in workers}
    finally:
        if server:
            server.terminate()
            server.wait(60)
        drop_indices(es_url, prefix)

    statuses = Counter(status for _, status, _ in results)
    figures = {
        "seconds": args.seconds,
        "threads": args.threads,
        "prefix": prefix,
        "requests": len(results),
        "errors": sum(n for status, n in statuses.items() if status == 0 or status >= 500),
        "writes": sum(1 for kind, _, _ in results if kind == "write"),
        "statuses": {str(s): n for s, n in sorted(statuses.items())},
        **percentiles([s for _, _, s in results]),
        **{
            f"{kind}_{k}": v
            for kind in ("read", "write")
            for k, v in percentiles([s for k_, _, s in results if k_ == kind]).items()
        },
        "workers": [{"pid": pid, "rss_before_kb": before[pid], "rss_after_kb": after[pid]} for pid in workers],
    }
    print(
        f"requests: {figures['requests']} in {args.seconds:g} s with {args.threads} threads "
        f"({figures['requests'] / args.seconds:.1f}/s), statuses {figures['statuses']}"
    )
    print(f"errors: {figures['errors']} (5xx or failed connections)")
    print(
        f"latency: p50 {figures['p50_ms']} ms, p95 {figures['p95_ms']} ms (reads p50 {figures['read_p50_ms']} / "
        f"p95 {figures['read_p95_ms']} ms, {figures['writes']} writes p50 {figures['write_p50_ms']} / "
        f"p95 {figures['write_p95_ms']} ms)"
    )
    for w in figures["workers"]:
        print(
            f"worker {w['pid']}: RSS {w['rss_before_kb'] / 1024:.1f} MB before, {w['rss_after_kb'] / 1024:.1f} MB after"
        )
    if figures["errors"]:
        print(f"server log: {log.name}")
    else:
        os.unlink(log.name)
    print("SOAK " + json.dumps(figures))
    return 1 if figures["errors"] else 0


def percentiles(seconds: list[float]) -> dict:
    ms = sorted(s * 1000 for s in seconds) or [0.0]
    return {"p50_ms": round(statistics.median(ms), 1), "p95_ms": round(ms[int(0.95 * (len(ms) - 1))], 1)}


if __name__ == "__main__":
    sys.exit(main())
