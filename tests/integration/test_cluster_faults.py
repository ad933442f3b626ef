"""A three-node local cluster loses a node during bulk ingest and searches: nothing acknowledged is
lost, nothing is stored twice, searches keep answering, and the node comes back into a green cluster."""

import shutil
import threading
import time
import uuid

import pytest

from service import devstack
from tests.conftest import keyed_client
from tests.integration.helpers import isolated_app, quoted_article, refresh, stored_count

NODES = 3  # losing any one keeps a master quorum


@pytest.fixture(scope="module")
def cluster(es_url):
    """A cluster of its own (es_url only makes sure the distribution is there); removed at the end."""
    name = f"es-cluster-{uuid.uuid4().hex[:8]}"
    try:
        yield name, devstack.start(name=name, nodes=NODES, timeout=400)
    finally:
        devstack.stop(name=name)
        shutil.rmtree(devstack.node_dirs(name, NODES)[0].parent, ignore_errors=True)


def primary_holder(repo, name: str):
    """The folder of the node holding the articles index's primary shard."""
    [shard] = [s for s in repo.es.cat.shards(index=repo.indices.articles, format="json") if s["prirep"] == "p"]
    return devstack.node_dirs(name, NODES)[int(shard["node"].rsplit("-", 1)[1]) - 1]


@pytest.mark.slow
def test_a_node_killed_during_ingest_and_searches(cluster):
    name, urls = cluster
    with isolated_app(urls, ARTICLES_ES_TIMEOUT="10") as app:
        client, repo = keyed_client(app), app.extensions["articles.repository"]()
        assert repo.es.cluster.health(wait_for_status="green", timeout="60s")["number_of_nodes"] == NODES
        batches = [
            [{"text": quoted_article(b * 4 + i), "url": f"https://cluster.example/{b}/{i}"} for i in range(4)]
            for b in range(8)
        ]
        acknowledged, refused, unexpected = [], [], []
        searching, searches = threading.Event(), []

        def send(batch) -> None:
            response = client.post("/articles/bulk", json=batch)
            if response.status_code == 503:
                assert response.headers["Retry-After"]
                refused.append(batch)
                return
            assert response.status_code == 200, response.get_data(as_text=True)[:300]
            for item in response.json["items"]:
                if item["status"] in (200, 201):
                    acknowledged.append(item["id"])
                elif item["status"] == 503:
                    refused.append([batch[item["index"]]])
                else:
                    unexpected.append(item)

        def search() -> None:
            reader = keyed_client(app)
            while searching.is_set():
                for path in ("/articles?q=harbour&limit=3", "/articles?limit=3&facets=person", "/quotes?limit=3"):
                    response = reader.get(path)
                    searches.append(response.status_code)
                    if response.status_code != 200 and not (
                        response.status_code == 503 and response.headers.get("Retry-After")
                    ):
                        unexpected.append((path, response.status_code, response.get_data(as_text=True)[:200]))

        send(batches[0])
        victim = primary_holder(repo, name)
        searching.set()
        reader = threading.Thread(target=search)
        reader.start()
        try:
            send(batches[1])
            devstack.kill(victim)  # as a crash: no clean shutdown
            killed_at = len(searches)
            for batch in batches[2:]:
                send(batch)
            time.sleep(1)
        finally:
            searching.clear()
            reader.join(60)
        assert len(searches) > killed_at, "no search ran after the node was killed"
        assert not unexpected, unexpected[:3]

        assert devstack.start(name=name, nodes=NODES, timeout=400) == urls  # the node comes back, same ports
        for batch in list(refused):
            refused.remove(batch)
            send(batch)
        assert not refused and not unexpected
        health = repo.es.cluster.health(wait_for_status="green", timeout="120s")
        assert health["status"] == "green" and health["number_of_nodes"] == NODES

        refresh(app)
        everything = {item["url"] for batch in batches for item in batch}
        assert len(set(acknowledged)) == len(everything)
        assert stored_count(app) == len(everything)  # deterministic ids: no duplicates
        assert stored_count(app, "quotes") == len(everything)  # one quote each, none orphaned
        found = repo.es.mget(index=repo.indices.articles, ids=sorted(set(acknowledged)), source=False)["docs"]
        assert all(doc["found"] for doc in found)
