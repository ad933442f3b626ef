"""Faults: Elasticsearch stopped mid-ingest and restarted, concurrent duplicate posts, reprocess under load."""

import json
import shutil
import threading
import time
import urllib.error
import urllib.request
import uuid

import pytest

from service import devstack
from service.ingestion.reprocess import reprocess
from tests.conftest import API_KEY, keyed_client
from tests.integration.helpers import free_port, isolated_app, quoted_article, refresh, stored_count, threaded_server

# Unique per run: test sessions sharing the cache folder must not stop each other's node.
FAULT_NODE = f"es-fault-{uuid.uuid4().hex[:8]}"


@pytest.fixture(scope="module")
def fault_node():
    """A node of its own, so that stopping it disturbs no other test; stopped and removed at the end."""
    port = free_port()
    try:
        yield devstack.start(name=FAULT_NODE, port=port)
    finally:
        devstack.stop(name=FAULT_NODE)
        shutil.rmtree(devstack.cache_dir() / FAULT_NODE, ignore_errors=True)


def wait_ready(client, status: int, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while client.get("/ready").status_code != status:
        assert time.monotonic() < deadline, f"/ready never answered {status}"
        time.sleep(0.5)


@pytest.mark.slow
def test_bulk_ingest_survives_a_node_restart(fault_node):
    with isolated_app(fault_node, ARTICLES_ES_TIMEOUT="3") as app:
        client = keyed_client(app)
        batches = [
            [{"text": quoted_article(b * 4 + i), "url": f"https://fault.example/{b}/{i}"} for i in range(4)]
            for b in range(10)
        ]
        acknowledged, refused, stopper = set(), [], None

        def send(batch) -> bool:
            """True when every item was stored; refused batches are kept for a retry."""
            response = client.post("/articles/bulk", json=batch)
            if response.status_code == 503:
                assert response.mimetype == "application/problem+json" and response.headers["Retry-After"]
                refused.append(batch)
                return False
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            statuses = [item["status"] for item in response.json["items"]]
            assert set(statuses) <= {200, 201, 503}, statuses
            acknowledged.update(item["id"] for item in response.json["items"] if item["status"] in (200, 201))
            if 503 in statuses:
                refused.append([batch[item["index"]] for item in response.json["items"] if item["status"] == 503])
            return 503 not in statuses

        for n, batch in enumerate(batches[:7]):
            if n == 2:  # stop the node while the next batches are on their way
                stopper = threading.Thread(target=devstack.stop, kwargs={"name": FAULT_NODE})
                stopper.start()
            send(batch)
        stopper.join(60)
        with pytest.raises(OSError):  # refused: the node is really down (not only its state file)
            urllib.request.urlopen(fault_node, timeout=5)
        assert not send(batches[7]), "a batch was stored while the node was down"
        ready = client.get("/ready")
        assert ready.status_code == 503 and ready.headers["Retry-After"]

        assert devstack.start(name=FAULT_NODE, port=int(fault_node.rsplit(":", 1)[1])) == fault_node
        wait_ready(client, 200)
        for batch in batches[8:]:
            assert send(batch)
        retries, refused[:] = list(refused), []
        assert retries, "no batch was refused: the node was not down during ingest"
        for batch in retries:
            assert send(batch), "a refused batch failed again with the node back"

        refresh(app)
        everything = {item["url"] for batch in batches for item in batch}
        assert len(acknowledged) == len(everything)
        assert stored_count(app) == len(acknowledged)  # ids are deterministic: no duplicates
        assert stored_count(app, "quotes") == len(acknowledged)  # one quote each, none orphaned
        repo = app.extensions["articles.repository"]()
        found = repo.es.mget(index=repo.indices.articles, ids=sorted(acknowledged), source=False)["docs"]
        assert all(doc["found"] for doc in found)


def post_json(url: str, body: dict) -> int:
    request = urllib.request.Request(
        url,
        data=json.dumps(body).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {API_KEY}"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as response:
            return response.status
    except urllib.error.HTTPError as err:
        return err.code


def race(base: str, bodies: list[dict]) -> list[int]:
    """POST every body at the same moment, one thread each; the statuses."""
    start, statuses = threading.Barrier(len(bodies)), []

    def racer(body):
        start.wait()
        statuses.append(post_json(f"{base}/articles", body))

    threads = [threading.Thread(target=racer, args=(body,)) for body in bodies]
    for t in threads:
        t.start()
    for t in threads:
        t.join(180)
    assert len(statuses) == len(bodies) and set(statuses) <= {200, 201}, statuses
    return statuses


@pytest.fixture(scope="module")
def identical_race(es_url):
    with isolated_app(es_url) as app, threaded_server(app) as base:
        statuses = race(base, [{"text": quoted_article(1), "url": "https://race.example/one"}] * 20)
        refresh(app)
        yield app, statuses


def test_simultaneous_posts_of_one_url_store_one_article_and_one_set_of_quotes(identical_race):
    app, _ = identical_race
    assert stored_count(app) == 1
    article = keyed_client(app).get("/articles").json["items"][0]
    assert stored_count(app, "quotes", article_id=article["id"]) == stored_count(app, "quotes") == 1


def test_simultaneous_posts_of_one_url_answer_201_once(identical_race):
    _, statuses = identical_race
    assert statuses.count(201) == 1, statuses


def test_simultaneous_replacements_keep_quotes_in_step(es_url):
    """Versions with 1, 2 and 3 quotes race; afterwards the quotes index holds exactly the winner's."""
    with isolated_app(es_url) as app, threaded_server(app) as base:
        client = keyed_client(app)
        for round in range(12):  # the race does not lose every time: stop at the first inconsistency
            url = f"https://race.example/versions/{round}"
            race(base, [{"text": quoted_article(1, quotes=i % 3 + 1), "url": url} for i in range(9)])
            refresh(app)
            [article_id] = [a["id"] for a in client.get("/articles?limit=100").json["items"] if a["url"] == url]
            quotes = client.get(f"/articles/{article_id}").json["quotes"]
            assert stored_count(app, "quotes", article_id=article_id) == len(quotes), f"round {round}"


def test_reprocess_while_searches_run(es_url):
    with isolated_app(es_url) as app:
        client = keyed_client(app)
        items = [{"text": quoted_article(n), "url": f"https://reprocess.example/{n}"} for n in range(24)]
        assert client.post("/articles/bulk", json=items).status_code == 200
        refresh(app)
        stored = stored_count(app)
        assert stored == 24
        done, seen, failures = threading.Event(), [], []

        def search():
            reader = keyed_client(app)
            while not done.is_set():
                for url in ("/articles?limit=1", "/articles?q=harbour&limit=1", "/quotes?limit=1"):
                    response = reader.get(url)
                    if response.status_code != 200 or response.json["total"] != stored:
                        failures.append((url, response.status_code, response.get_data(as_text=True)[:200]))
                    seen.append(url)

        searcher = threading.Thread(target=search)
        searcher.start()
        repo = app.extensions["articles.repository"]()
        try:
            reprocess(repo.es, repo.indices)
            time.sleep(0.5)
        finally:
            done.set()
            searcher.join(60)
        assert not failures, failures[:3]
        assert len(seen) >= 20, "too few searches overlapped the reprocess run"
        assert stored_count(app) == stored
