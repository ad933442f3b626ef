"""The three seed scrapes through HTTP: searchable by their content, never by their furniture."""

import pytest

from tests.conftest import REPO, keyed_client, make_app

SEEDS = sorted((REPO / "seeds").glob("*.txt"))
FURNITURE_QUERIES = ['"Views"', '"copy link"', "صدى البلد", '"Editor in Chief"', "twitter", "telegram"]


@pytest.fixture(scope="module")
def client(es_url):
    """One index set for the module: the seeds are ingested once."""
    app = make_app(es_url)
    yield keyed_client(app)
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


@pytest.mark.parametrize("query", ["negotiation", "negotiations", "NEGOTIATING"])
def test_every_word_form_finds_the_seeds(client, seeded, query):
    found = client.get("/articles", query_string={"q": query}).json
    assert sorted(i["id"] for i in found["items"]) == sorted(seeded)
    assert all("<em>negotiat" in " ".join(i["highlights"].get("body", [])).lower() for i in found["items"])


def test_a_quoted_phrase_matches_only_that_wording(client, seeded):
    assert client.get("/articles", query_string={"q": '"still not seeing"'}).json["total"] == 2  # third: "don't see"
    assert client.get("/articles", query_string={"q": '"still not see"'}).json["total"] == 0
    assert client.get("/articles", query_string={"q": "still not see"}).json["total"] == 2
    assert client.get("/quotes", query_string={"q": "wanting peace"}).json["total"] >= 3


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


def test_person_filter_returns_exactly_the_seeds(client, seeded):
    found = client.get("/articles?person=Yvette%20Cooper&limit=100").json
    assert sorted(i["id"] for i in found["items"]) == sorted(seeded)
    assert client.get("/articles?person=yvette%20cooper").json["total"] == 3
    assert client.get("/articles?person=Yvette%20Cooper&person=Nobody%20Else").json["total"] == 0


def test_facet_counts_agree_with_the_documents(client, seeded):
    result = client.get("/articles?facets=person,organization,location&limit=100").json
    docs = [client.get(f"/articles/{i}").json for i in seeded]
    for field in ("person", "organization", "location"):
        assert result["facets"][field], field
        for bucket in result["facets"][field]:
            assert bucket["count"] == sum(bucket["name"] in d[field] for d in docs), (field, bucket)


def test_quotes_by_speaker_come_from_all_three_seeds(client, seeded):
    quotes = client.get("/quotes?speaker=Yvette%20Cooper&limit=100").json
    assert {q["article_id"] for q in quotes["items"]} == set(seeded)
    assert all(q["speaker"] == "Yvette Cooper" for q in quotes["items"])
    found = client.get("/quotes?q=evidence%20Putin%20peace").json
    assert found["total"] >= 3 and "<em>" in found["items"][0]["highlights"]["text"][0]


def test_entity_autocomplete_and_profile(client, seeded):
    names = client.get("/entities?type=person&prefix=coo").json["items"]
    assert names[0] == {"name": "Yvette Cooper", "count": 3, "type": "person"}
    assert all("coo" in n["name"].lower() for n in names)
    profile = client.get("/entities/person/yvette%20cooper").json
    assert profile["name"] == "Yvette Cooper" and profile["articles"] == 3 and profile["quotes"] >= 3
    assert "Yvette Cooper" not in [b["name"] for b in profile["cooccurring"]["person"]]
    assert any(b["name"] == "Vladimir Putin" for b in profile["cooccurring"]["person"])
    assert client.get("/entities/person/Nobody%20Else").status_code == 404
    assert client.get("/entities/animal/Cooper").status_code == 404


def test_the_seeds_are_one_story_with_one_altered_statement(client, seeded):
    stories = client.get("/stories").json
    assert stories["total"] == 1 and stories["items"][0]["articles"] == 3
    story = client.get(f"/stories/{stories['items'][0]['id']}").json
    assert sorted(a["id"] for a in story["articles"]) == sorted(seeded)
    assert all(a["duplicate_of"] is None for a in story["articles"])
    found = client.get("/statements", query_string={"speaker": "Yvette Cooper", "q": "evidence Putin wants peace"}).json
    statement = next(s for s in found["items"] if "Putin actually wants peace" in s["text"])
    assert sorted(v["article_id"] for v in statement["variants"]) == sorted(seeded)
    assert statement["altered"] is True and statement["first_seen"]["article_id"] in seeded
    assert statement["id"] in {s["id"] for s in story["statements"]}
