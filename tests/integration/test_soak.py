"""benchmarks/soak.py for 30 s: no errors, and the figures it promises (requests, latency, worker memory)."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from elasticsearch import Elasticsearch

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.slow
def test_soak_has_no_errors_and_reports_its_figures(es_url):
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "soak.py"), "--seconds", "30"],
        cwd=ROOT,
        env={**os.environ, "ELASTICSEARCH_URL": es_url},
        capture_output=True,
        text=True,
        timeout=300,
    )
    out = run.stdout
    assert run.returncode == 0, (out[-2000:], run.stderr[-2000:])
    figures = json.loads(next(line[5:] for line in out.splitlines() if line.startswith("SOAK ")))
    for label in ("requests: ", "errors: 0 ", "latency: p50 ", "worker "):
        assert label in out, label

    assert figures["errors"] == 0
    assert figures["requests"] >= 40 and 0 < figures["writes"] < figures["requests"], figures
    assert sum(figures["statuses"].values()) == figures["requests"]
    assert set(figures["statuses"]) <= {"200", "201"}, figures["statuses"]
    assert 0 < figures["p50_ms"] <= figures["p95_ms"]
    workers = figures["workers"]
    assert len(workers) == 2
    for worker in workers:
        assert worker["rss_before_kb"] > 10_000 and worker["rss_after_kb"] > 10_000, worker
        assert worker["rss_after_kb"] < worker["rss_before_kb"] + 100 * 1024, (
            f"worker grew by 100 MB+ in 30 s: {worker}"
        )
        assert not Path(f"/proc/{worker['pid']}").exists(), "the server was left running"
    leftovers = Elasticsearch(es_url).indices.get(index=f"{figures['prefix']}-*", expand_wildcards="all")
    assert not leftovers, f"the soak left indices behind: {list(leftovers)}"
