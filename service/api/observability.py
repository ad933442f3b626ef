"""Request ids, one access log line per request, and Prometheus metrics at /metrics.

Under gunicorn, `articles serve` sets PROMETHEUS_MULTIPROC_DIR so that /metrics adds up
every worker's counts.
"""

import logging
import os
import re
import time
import uuid

from flask import Response, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    multiprocess,
)

log = logging.getLogger("service.access")

REQUESTS = Counter("articles_http_requests_total", "HTTP requests", ["method", "route", "status"])
LATENCY = Histogram(
    "articles_http_request_duration_seconds",
    "HTTP request latency",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
INGESTED = Counter("articles_ingested_total", "Articles submitted for storage, by outcome", ["outcome"])
ES_ERRORS = Counter("articles_elasticsearch_errors_total", "Requests that failed on Elasticsearch", ["kind"])

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,64}$")


def count_ingest(status: int) -> None:
    INGESTED.labels({201: "created", 200: "replaced"}.get(status, "rejected")).inc()


def metrics_view() -> Response:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
    else:
        registry = REGISTRY
    return Response(generate_latest(registry), mimetype=CONTENT_TYPE_LATEST)


def request_id(incoming: str) -> str:
    """The client's X-Request-ID when it is a sane token, else a new one."""
    return incoming if _REQUEST_ID.match(incoming) else uuid.uuid4().hex


def record(method: str, path: str, route: str, status: int, elapsed: float, request_id: str | None) -> None:
    """A request's metrics and its access log line."""
    REQUESTS.labels(method, route, str(status)).inc()
    LATENCY.labels(method, route).observe(elapsed)
    log.info(
        "%s %s %s",
        method,
        path,
        status,
        extra={
            "request_id": request_id,
            "fields": {
                "method": method,
                "path": path,
                "route": route,
                "status": status,
                "duration_ms": round(elapsed * 1000, 1),
            },
        },
    )


def install(app) -> None:
    app.add_url_rule("/metrics", endpoint="metrics", view_func=metrics_view)

    @app.before_request
    def start_request():
        g.request_id = request_id(request.headers.get("X-Request-ID", ""))
        g.started = time.perf_counter()

    @app.after_request
    def finish_request(response):
        req = request._get_current_object()  # type: ignore[attr-defined]  # once: each proxy use costs a lookup
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        rid = g.get("request_id")
        response.headers["X-Request-ID"] = rid or ""
        route = req.url_rule.rule if req.url_rule else "unmatched"
        record(req.method, req.path, route, response.status_code, elapsed, rid)
        return response
