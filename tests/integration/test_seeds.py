"""The three seed scrapes through HTTP: searchable by their content, never by their furniture."""
import pytest

from tests.conftest import REPO, make_app

SEEDS = sorted((REPO / "seeds").glob("*.txt"))
FURNITURE_QUERIES = ['"Views"', '"copy link"', "صدى البلد", '"Editor in Chief"', "twitter", "telegram"]


@pytest.fixture(scope="module")
def client(es_url):
    """One index set for the module: the seeds are ingested once."""
    app = make_app(es_url)
    yield app.test_client()
    repo = app.extensions["articles.repository"].repository
    repo.indices.drop(repo.es)


@pytest.fixture(scope="module")
def seeded(client):
    ids = []
    for path in SEEDS:
        response = client.post("/articles", json={"text": path.read_text(encoding="utf-8")})
        assert response.status_code == 201, response.json
        ids.append(response.json["id"])
    return ids


def test_seeds_are_found_by_their_content(client, seeded):
    found = client.get("/articles?q=Cooper").json
    assert sorted(i["id"] for i in found["items"]) == sorted(seeded)
    assert all(i["highlights"] for i in found["items"])


@pytest.mark.parametrize("query", FURNITURE_QUERIES)
def test_seed_furniture_is_not_searchable(client, seeded, query):
    response = client.get("/articles", query_string={"q": query})
    assert response.status_code == 200
    assert response.json["total"] == 0, [i["title"] for i in response.json["items"]]


def test_raw_input_is_kept_beside_the_clean_body(client, seeded):
    for doc_id, path in zip(seeded, SEEDS):
        doc = client.get(f"/articles/{doc_id}").json
        assert doc["raw"]["text"] == path.read_text(encoding="utf-8")
        assert len(doc["body"]) < len(doc["raw"]["text"])
        assert doc["title"] and doc["language"] == "en"
