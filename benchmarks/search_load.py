"""Phase 3: a fixed query mix against `articles serve` and, identically, straight against ES.

Clients are closed-loop threads (each sends its next request when the previous answer is read),
one keep-alive connection each, on loopback only. Every level runs a bounded time (and at most
MAX_REQUESTS per client). Direct requests carry the bodies service.store.queries builds for the
same arguments the API passes it, so the difference is the service's own cost.
"""

import http.client
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from typing import NamedTuple
from urllib.parse import urlencode, urlsplit

from service.store import cursors
from service.store.queries import article_search, quote_search

API_KEY = "bench-key-0123456789abcdef"
MAX_REQUESTS = 100_000  # per client and level: a bound besides the duration
START_TIMEOUT_S = 90
STOP_TIMEOUT_S = 40
P50_EXTRA_MS = 1.5  # target: service p50 <= direct p50 + this, at one client
P99_RATIO = 1.3  # target: service p99 <= this x direct p99, at 32 clients
INGEST_P99_RATIO = 3.0  # target: p99 during full-speed ingest <= this x idle p99
ORDER = ("service", "direct", "direct", "service")  # halves of each level, compared side by side


class Query(NamedTuple):
    name: str
    path: str  # the service request
    index: str  # the direct request: POST /{index}/_search with `body`
    body: dict


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Service:
    """`articles serve` on a free loopback port over the benchmark's indices; stopped on exit."""

    def __init__(self, es_url: str, prefix: str, workers: int):
        self.es_url, self.prefix, self.workers = es_url, prefix, workers
        self.port = _free_port()
        self.host = "127.0.0.1"
        self.proc: subprocess.Popen | None = None
        self.tmp = tempfile.mkdtemp(prefix="articles-bench-")

    @property
    def pid(self) -> int:
        return self.proc.pid

    def __enter__(self) -> "Service":
        env = {
            **os.environ,
            "ELASTICSEARCH_URL": self.es_url,
            "ARTICLES_INDEX_PREFIX": self.prefix,
            "ARTICLES_API_KEYS": API_KEY,
            "PROMETHEUS_MULTIPROC_DIR": os.path.join(self.tmp, "metrics"),
        }
        os.makedirs(env["PROMETHEUS_MULTIPROC_DIR"])
        self.log = open(os.path.join(self.tmp, "serve.log"), "wb")
        self.proc = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "service.cli",
                "serve",
                "--bind",
                f"{self.host}:{self.port}",
                "--workers",
                str(self.workers),
            ],
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"articles serve exited ({self.proc.returncode}):\n{self.log_tail()}")
            try:
                if request(self.connection(), "GET", "/ready")[0] == 200 and len(worker_pids(self.pid)) >= self.workers:
                    return self
            except OSError:
                pass
            time.sleep(0.3)
        self.__exit__()
        raise RuntimeError(f"articles serve did not get ready in {START_TIMEOUT_S} s:\n{self.log_tail()}")

    def __exit__(self, *exc) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(STOP_TIMEOUT_S)
            except subprocess.TimeoutExpired:
                for pid in worker_pids(self.proc.pid):
                    os.kill(pid, signal.SIGKILL)
                self.proc.kill()
                self.proc.wait(10)
        self.log.close()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def log_tail(self, n: int = 4000) -> str:
        self.log.flush()
        with open(os.path.join(self.tmp, "serve.log"), "rb") as fh:
            return fh.read()[-n:].decode(errors="replace")

    def connection(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=120)


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far."""
    total = 0
    for pid in pids:
        try:
            with open(f"/proc/{pid}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15)
        except (OSError, IndexError, ValueError):
            pass
    return total / os.sysconf("SC_CLK_TCK")


def worker_pids(master: int) -> list[int]:
    """The gunicorn workers: the master's child processes."""
    try:
        with open(f"/proc/{master}/task/{master}/children") as fh:
            return [int(p) for p in fh.read().split()]
    except OSError:
        return []


def _es_connection(es_url: str) -> http.client.HTTPConnection:
    parts = urlsplit(es_url.split(",")[0])  # a cluster: its first node
    if parts.hostname not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"the benchmark only talks to loopback, not {parts.hostname}")
    return http.client.HTTPConnection(parts.hostname, parts.port or 9200, timeout=120)


def request(
    conn: http.client.HTTPConnection, method: str, path: str, body: bytes | None = None, headers: dict | None = None
) -> tuple[int, bytes]:
    conn.request(method, path, body=body, headers=headers or {})
    response = conn.getresponse()
    return response.status, response.read()


# -- the query mix -----------------------------------------------------------------------------


def _top(es, index: str, field: str, n: int = 3) -> list[str]:
    result = es.search(index=index, size=0, aggs={"t": {"terms": {"field": field, "size": n}}})
    return [b["key"] for b in result["aggregations"]["t"]["buckets"]]


def _words(es, index: str, n: int) -> list[str]:
    """Frequent longer words of stored titles: realistic full-text queries with matches."""
    hits = es.search(index=index, size=200, sort=[{"id": "asc"}], source=["title"])["hits"]["hits"]
    counts = Counter(w.strip(".,:;'\"!?()").lower() for h in hits for w in (h["_source"].get("title") or "").split())
    words = [w for w, _ in counts.most_common() if len(w) >= 5 and w.isalpha()]
    return (words or ["election", "government", "minister"])[:n]


def query_mix(es, indices, service: Service) -> list[Query]:
    """Full text, filters, facets, entity filters, quote searches and a second page."""
    es.indices.refresh(index=f"{indices.articles},{indices.quotes}")
    words = _words(es, indices.articles, 4) * 2
    person = (_top(es, indices.articles, "person.raw") or ["Smith"])[0]
    org = (_top(es, indices.articles, "organization.raw") or ["Reuters"])[0]
    place = (_top(es, indices.articles, "location.raw") or ["London"])[0]
    source = (_top(es, indices.articles, "source") or ["example"])[0]
    speaker = (_top(es, indices.quotes, "speaker.raw") or [person])[0]
    dates = es.search(
        index=indices.articles, size=0, aggs={"d": {"percentiles": {"field": "published_at", "percents": [25]}}}
    )
    quartile = (dates["aggregations"]["d"]["values"].get("25.0") or 0) / 1000
    after = time.strftime("%Y-%m-%d", time.gmtime(quartile)) if quartile else "2000-01-01"
    arts, quotes = indices.articles, indices.quotes
    facets = ("person", "organization", "location")

    def articles(name, q=None, sort=None, facet=(), cursor=None, **filters):
        sort = sort or ("relevance" if q else "newest")
        params = {"q": q, **filters, "facets": ",".join(facet) or None, "cursor": cursor}
        path = "/articles?" + urlencode(
            [(k, x) for k, v in params.items() if v for x in (v if isinstance(v, list) else [v])]
        )
        after = cursors.decode(cursor, "/articles", {"q": q, "sort": sort, **filters}) if cursor else None
        body = article_search(q, sort, limit=10, after=after, facets=tuple(facet), **filters)
        return Query(name, path, arts, body)

    def quote_query(name, q=None, **filters):
        sort = "relevance" if q else "newest"
        path = "/quotes?" + urlencode({k: v for k, v in {"q": q, **filters}.items() if v})
        return Query(name, path, quotes, quote_search(q, sort, limit=10, **filters))

    first = articles("page 1", q=words[0])
    status, data = request(service.connection(), "GET", first.path)
    cursor = json.loads(data).get("next") if status == 200 else None
    mix = [
        first,
        articles("q + source/date filters", q=words[1], source=source, published_after=after),
        articles("q + 3 facets", q=words[2], facet=facets),
        articles("person filter", person=[person]),
        articles("entity + facet", entity=[org], facet=("person",)),
        articles("location filter, 2-word q", q=f"{words[3]} {words[0]}", location=[place]),
        quote_query("quotes q", q=words[4]),
        quote_query("quotes by speaker", speaker=speaker),
    ]
    if cursor:
        mix.append(articles("page 2", q=words[0], cursor=cursor))
    _check(mix, service)
    return mix


def _check(mix: list[Query], service: Service) -> None:
    """Every query answers 200 on both sides with the same total (same query)."""
    conn, es = service.connection(), _es_connection(service.es_url)
    for q in mix:
        status, data = request(conn, "GET", q.path)
        es_status, es_data = request(
            es, "POST", f"/{q.index}/_search", json.dumps(q.body).encode(), {"Content-Type": "application/json"}
        )
        if status != 200 or es_status != 200:
            raise RuntimeError(f"{q.name}: service {status}, direct {es_status}: {data[:300]!r} {es_data[:300]!r}")
        if json.loads(data)["total"] != json.loads(es_data)["hits"]["total"]["value"]:
            raise RuntimeError(f"{q.name}: the service and the direct query disagree on the total")


# -- load ------------------------------------------------------------------------------------


def _load(target: str, mix: list[Query], service: Service, clients: int, seconds: float) -> tuple:
    """Closed-loop load from `clients` threads for `seconds`: (latencies, errors, elapsed s, service CPU s)."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors = [0] * clients
    go = threading.Barrier(clients + 1)
    encoded = [(q.path, f"/{q.index}/_search", json.dumps(q.body).encode()) for q in mix]
    headers = {"Content-Type": "application/json"}

    def client(n: int) -> None:
        conn = service.connection() if target == "service" else _es_connection(service.es_url)
        go.wait()
        deadline = time.perf_counter() + seconds
        for i in range(MAX_REQUESTS):
            path, es_path, body = encoded[(n + i) % len(encoded)]
            started = time.perf_counter()
            if started >= deadline:
                break
            try:
                if target == "service":
                    status, _ = request(conn, "GET", path)
                else:
                    status, _ = request(conn, "POST", es_path, body, headers)
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            latencies[n].append(time.perf_counter() - started)
            errors[n] += status != 200
        conn.close()

    threads = [threading.Thread(target=client, args=(n,), daemon=True) for n in range(clients)]
    for t in threads:
        t.start()
    pids = [service.pid, *worker_pids(service.pid)]
    cpu = cpu_seconds(pids)
    go.wait()
    started = time.perf_counter()
    for t in threads:
        t.join(seconds + 150)
    elapsed = time.perf_counter() - started
    return [x for per in latencies for x in per], sum(errors), elapsed, cpu_seconds(pids) - cpu


def _summary(target: str, latencies: list[float], errors: int, elapsed: float, cpu: float) -> dict:
    """Latency percentiles, rate and (for the service) its CPU a request of one or more loads."""
    values = sorted(latencies)
    extra = {"service_cpu_ms_per_req": round(cpu * 1000 / max(len(values), 1), 2)} if target == "service" else {}
    return {
        "requests": len(values),
        "errors": errors,
        "per_s": round(len(values) / elapsed, 1),
        **extra,
        **{f"p{p}_ms": round(_percentile(values, p) * 1000, 2) for p in (50, 95, 99)},
        "mean_ms": round(sum(values) / max(len(values), 1) * 1000, 2),
    }


def _blocks(loads: list[tuple]) -> tuple:
    """Several loads of one target as one: latencies joined, errors, time and CPU added."""
    return (
        [x for load in loads for x in load[0]],
        sum(load[1] for load in loads),
        sum(load[2] for load in loads),
        sum(load[3] for load in loads),
    )


def _run(target: str, mix: list[Query], service: Service, clients: int, seconds: float) -> dict:
    """Closed-loop load from `clients` threads for `seconds`; latency percentiles and rate."""
    return _summary(target, *_load(target, mix, service, clients, seconds))


def _percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    return sorted_values[min(len(sorted_values) - 1, int(round(p / 100 * (len(sorted_values) - 1))))]


def compare(mix: list[Query], service: Service, es_url: str, levels: list[int], seconds: float, warmup: float) -> dict:
    """Per client level: the service, the same queries sent directly, and their ratios. Each side
    runs `seconds` in two halves, in the order service, direct, direct, service (ABBA), so that a
    change in the machine's load during the level weighs on both sides alike."""
    out = {}
    for clients in levels:
        runs: dict[str, list[tuple]] = {"service": [], "direct": []}
        if warmup > 0:
            for target in runs:
                _load(target, mix, service, clients, warmup)
        for target in ORDER:
            runs[target].append(_load(target, mix, service, clients, seconds / 2))
        level = {target: _summary(target, *_blocks(loads)) for target, loads in runs.items()}
        for target, r in level.items():
            cpu = f", service CPU {r['service_cpu_ms_per_req']:.2f} ms/req" if "service_cpu_ms_per_req" in r else ""
            print(
                f"  {clients:>3} clients {target:>7}: {r['per_s']:>7.1f} req/s  p50 {r['p50_ms']:.1f}  "
                f"p95 {r['p95_ms']:.1f}  p99 {r['p99_ms']:.1f} ms  ({r['errors']} errors{cpu})",
                file=sys.stderr,
                flush=True,
            )
        s, d = level["service"], level["direct"]
        level["p50_ratio"] = round(s["p50_ms"] / d["p50_ms"], 3)
        level["p99_ratio"] = round(s["p99_ms"] / d["p99_ms"], 3)
        level["p50_target_ms"] = round(d["p50_ms"] + P50_EXTRA_MS, 2)
        out[str(clients)] = level
    return out


def print_table(levels: dict) -> None:
    print(f"{'clients':>7} {'target':>7} {'req/s':>8} {'p50 ms':>8} {'p95 ms':>8} {'p99 ms':>8} {'errors':>6}")
    for clients, level in levels.items():
        for target in ("service", "direct"):
            r = level[target]
            print(
                f"{clients:>7} {target:>7} {r['per_s']:>8.1f} {r['p50_ms']:>8.2f} {r['p95_ms']:>8.2f} "
                f"{r['p99_ms']:>8.2f} {r['errors']:>6}"
            )
        print(
            f"{clients:>7}   ratio service/direct: p50 {level['p50_ratio']:.2f}, p99 {level['p99_ratio']:.2f}; "
            f"p50 target <= {level['p50_target_ms']:.2f} ms; service CPU "
            f"{level['service']['service_cpu_ms_per_req']:.2f} ms/request"
        )


def post_articles(service: Service, payloads: list[dict], clients: int) -> int:
    """POST each payload to /articles from `clients` threads; how many were stored."""
    stored, lock = [0], threading.Lock()
    queue = list(enumerate(payloads))

    def client() -> None:
        conn = service.connection()
        while True:
            with lock:
                if not queue:
                    break
                n, payload = queue.pop()
            body = json.dumps({**payload, "url": f"https://bench.example/post/{n}"}).encode()
            try:
                status, _ = request(
                    conn,
                    "POST",
                    "/articles",
                    body,
                    {"Content-Type": "application/json", "Authorization": f"Bearer {API_KEY}"},
                )
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            with lock:
                stored[0] += status in (200, 201)
        conn.close()

    threads = [threading.Thread(target=client, daemon=True) for _ in range(max(1, clients))]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    return stored[0]


def during_ingest(
    mix: list[Query], service: Service, payloads: list[dict], clients: int, seconds: float, writers: int, batch: int = 8
) -> dict:
    """Searches at `clients` while `writers` threads POST /articles/bulk batches back to back
    (full-speed ingest) and idle, `seconds` each; latency of both and the ratio of their p99. The
    idle time is split around the ingest (half before, half after the writers stopped), so that a
    change in the machine's load weighs on both alike."""
    idle = [_load("service", mix, service, clients, seconds / 2)]
    stop, lock, posted, failed = threading.Event(), threading.Lock(), [0], [0]
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {API_KEY}"}

    def writer(w: int) -> None:
        conn, n = service.connection(), 0
        while not stop.is_set():
            items = [
                {**payloads[(w * 7919 + n + i) % len(payloads)], "url": f"https://bench.example/mixed/{w}/{n + i}"}
                for i in range(batch)
            ]
            n += batch
            try:
                status, _ = request(conn, "POST", "/articles/bulk", json.dumps(items).encode(), headers)
            except (OSError, http.client.HTTPException):
                conn.close()
                status = 0
            with lock:
                posted[0] += batch if status == 200 else 0
                failed[0] += status != 200
        conn.close()

    threads = [threading.Thread(target=writer, args=(w,), daemon=True) for w in range(writers)]
    for t in threads:
        t.start()
    time.sleep(min(5.0, seconds / 3))  # every writer's first batch is under way
    started = time.perf_counter()
    busy = _run("service", mix, service, clients, seconds)
    elapsed = time.perf_counter() - started
    stop.set()
    for t in threads:
        t.join(300)
    idle.append(_load("service", mix, service, clients, seconds / 2))
    idle_summary = _summary("service", *_blocks(idle))
    return {
        "clients": clients,
        "writers": writers,
        "idle": idle_summary,
        "during_ingest": busy,
        "ingest_articles_per_s": round(posted[0] / elapsed, 2),
        "ingest_failed_requests": failed[0],
        "p99_ratio": round(busy["p99_ms"] / idle_summary["p99_ms"], 3),
        "p50_ratio": round(busy["p50_ms"] / idle_summary["p50_ms"], 3),
    }
