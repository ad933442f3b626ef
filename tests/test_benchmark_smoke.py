"""`python -m benchmarks.run` end to end at tiny sizes against the session's Elasticsearch."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
KEYS = (
    "analyze_ratio",
    "analyze_stock_ratio",
    "ingest_docs_per_s",
    "ingest_ratio",
    "search_p99_ms_32",
    "search_overhead_ratio",
    "worker_rss_mb",
)


def _benchmark(es_url: str, *args: str) -> dict:
    """Run `python -m benchmarks.run ARGS` against the session's node; its last stdout line, parsed."""
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.run", *args],
        cwd=REPO,
        env={**os.environ, "ELASTICSEARCH_URL": es_url},
        capture_output=True,
        text=True,
        timeout=110,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_benchmark_prints_its_json_line(es_url):
    result = _benchmark(
        es_url,
        *("--articles", "24", "--analyze-articles", "16", "--workers", "2", "--clients", "1,32"),
        *("--duration", "0.5", "--warmup", "0", "--serve-workers", "1", "--posts", "1"),
    )
    assert set(KEYS) <= set(result)
    assert 0 < result["analyze_ratio"] < 5 and 0 < result["analyze_stock_ratio"] < 5
    assert {t["name"] for t in result["targets"]} >= {
        "articles analyze vs stock spaCy",
        "32-client p99, service / direct",
    }
    assert result["ingest_docs_per_s"] > 0 and 0 < result["ingest_ratio"] < 5
    assert result["ingest_stored"] == 24 and result["ingest_failed"] == 0
    assert 0 < result["search_p99_ms_32"] < 30_000
    assert result["search_overhead_ratio"] > 0
    for level in ("1", "32"):
        assert result["search"][level]["service"]["requests"] > 0
        assert result["search"][level]["service"]["errors"] == 0
        assert result["search"][level]["direct"]["errors"] == 0
    assert 20 < result["worker_rss_mb"] < 4000
    assert 0 < result["extra_worker_mb"] <= result["worker_rss_mb"]


@pytest.mark.slow
def test_latency_only_runs_the_search_phases_and_their_targets(es_url):
    result = _benchmark(
        es_url,
        *("--latency-only", "--articles", "8", "--clients", "1", "--duration", "0.3", "--warmup", "0"),
        *("--serve-workers", "1", "--mixed-clients", "1"),
    )
    assert "analyze_ratio" not in result and "ingest_ratio" not in result and "worker_rss_mb" not in result
    assert result["ingest_stored"] == 8 and result["search"]["1"]["service"]["errors"] == 0
    assert [t["name"] for t in result["targets"]] == [
        "1-client p50, service vs direct (ms)",
        "search p99 during ingest / idle",
    ]


def test_attribute_ruler_table_gives_the_matchers_matches():
    """The table lookup in service.pipeline.enrich.nlp finds exactly the ruler's own Matcher matches."""
    import spacy

    from service.pipeline.enrich import nlp

    ours = nlp.get_nlp().get_pipe("attribute_ruler")
    assert isinstance(ours.match, nlp._TableMatch)
    reference = spacy.load(nlp.MODEL, exclude=list(nlp.EXCLUDE)).get_pipe("attribute_ruler")
    text = (
        "There are 3 dogs.  The Minister said: “We won't get nothin' done,” according to aides.\n\n"
        "Got it? She gets what she wants; there is, was and were nothing more to it. "
    )
    doc = nlp.get_nlp()(text, disable=["attribute_ruler", "lemmatizer", "ner"])
    assert ours.match(doc) == reference.match(doc)
    assert ours.match(doc)
