"""The `articles` command at start: a broken setup ends in one line and exit status 2; the local
node keeps its port and data across stop and start, whatever ELASTICSEARCH_URL says."""

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import urllib.request
from pathlib import Path

import pytest

from service import devstack
from tests.conftest import REPO


def articles(*argv: str, timeout: float = 300, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "service.cli", *argv],
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO), **env},
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def closed_port_url() -> str:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{s.getsockname()[1]}"


@pytest.fixture
def cache():
    """An empty cache folder that the unprivileged Elasticsearch user can enter."""
    folder = Path(tempfile.mkdtemp(prefix="articles-cache-"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def assert_one_line_failure(done: subprocess.CompletedProcess, *words: str) -> str:
    assert done.returncode == 2, (done.returncode, done.stderr[-2000:])
    assert "Traceback" not in done.stderr, done.stderr[-2000:]
    lines = [line for line in done.stderr.splitlines() if line.startswith("articles ")]
    assert len(lines) == 1, done.stderr
    for word in words:
        assert word in lines[0], lines[0]
    return lines[0]


def test_a_short_api_key_is_one_line_and_status_2():
    done = articles("serve", ARTICLES_API_KEYS="short", ELASTICSEARCH_URL=closed_port_url())
    assert_one_line_failure(done, "ARTICLES_API_KEYS", "16 characters")


def test_a_bad_number_is_one_line_and_status_2():
    done = articles("ingest", "seeds", ARTICLES_ES_TIMEOUT="soon", ELASTICSEARCH_URL=closed_port_url())
    assert_one_line_failure(done, "ARTICLES_ES_TIMEOUT")


def test_a_missing_jdk_is_one_line_and_status_2(cache):
    done = articles("es", "start", ARTICLES_CACHE_DIR=str(cache), ES_JAVA_HOME=str(cache / "no-jdk"))
    assert_one_line_failure(done, "ES_JAVA_HOME", str(cache / "no-jdk"))


@pytest.mark.skipif(not shutil.which("mvn"), reason="needs Maven")
def test_an_unreachable_registry_is_one_line_and_status_2(cache):
    # Real Maven, an empty local repository and a proxy nobody listens on: Maven Central is out of reach.
    proxy = closed_port_url().rsplit(":", 1)[1]
    options = f"-Dmaven.repo.local={cache / 'm2'} " + " ".join(
        f"-D{scheme}.proxyHost=127.0.0.1 -D{scheme}.proxyPort={proxy}" for scheme in ("http", "https")
    )
    done = articles("es", "start", ARTICLES_CACHE_DIR=str(cache), MAVEN_OPTS=options)
    line = assert_one_line_failure(done, "could not fetch Elasticsearch", "mvn.log")
    assert (cache / "es" / "mvn.log").stat().st_size > 0, line


def get(url: str):
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


@pytest.mark.slow
def test_a_restarted_node_keeps_its_port_and_data_and_stop_ignores_elasticsearch_url(es_url, cache):
    home = devstack.cache_dir() / "es" / f"elasticsearch-{devstack.ES_VERSION}"
    if not home.is_dir():
        pytest.skip("no local distribution (ELASTICSEARCH_URL points elsewhere)")
    env = {"ARTICLES_CACHE_DIR": str(cache), "ES_HOME": str(home), "ELASTICSEARCH_URL": closed_port_url()}
    try:
        url = articles("es", "start", **env).stdout.strip()
        assert url.startswith("http://127.0.0.1:"), url
        headers = {"Content-Type": "application/json"}
        request = urllib.request.Request(f"{url}/kept/_doc/1?refresh=true", b'{"x": 1}', headers, method="PUT")
        urllib.request.urlopen(request, timeout=30).close()

        again = articles("es", "start", timeout=30, **env)  # reused: no second node
        assert again.stdout.strip() == url
        [node] = json.loads(articles("es", "status", "--json", **env).stdout)
        assert node["url"] == url and node["name"] == "es-node" and isinstance(node["pid"], int)

        stopped = articles("es", "stop", **env)  # ELASTICSEARCH_URL is set: the local node still stops
        assert "stopped es-node" in stopped.stderr
        with pytest.raises(OSError):
            urllib.request.urlopen(url, timeout=5)
        assert articles("es", "status", **env).returncode == 1

        assert articles("es", "start", **env).stdout.strip() == url
        assert get(f"{url}/kept/_doc/1")["_source"] == {"x": 1}
    finally:
        articles("es", "stop", **env)


def test_analyze_on_two_processes_writes_what_analyze_returns(tmp_path):
    from service.pipeline import analyze

    docs = {
        f"doc-{n}": {
            "text": f"Harbour plan approved {n}\n\nThe council of Bergen approved the harbour plan on Monday. "
            f"\u201cWe will rebuild it before winter,\u201d the mayor, Anna Berg, said. Item {n}."
        }
        for n in range(5)
    }
    source, target = tmp_path / "in.json", tmp_path / "out.json"
    source.write_text(json.dumps(docs))
    done = articles("analyze", str(source), "-o", str(target), "--workers", "2")
    assert done.returncode == 0, done.stderr[-2000:]
    assert "analyzed 5" in done.stderr
    assert json.loads(target.read_text()) == {k: json.loads(json.dumps(analyze(**d))) for k, d in docs.items()}
