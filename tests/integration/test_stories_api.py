"""Copies, stories, statements and timelines over HTTP against the real node, on our own articles."""

import pytest

from tests.integration.helpers import assert_problem
from tests.integration.stories_data import HARBOUR, RETOLD, UNRELATED, WIRE_COPY


@pytest.fixture
def told(client):
    """The harbour event by two outlets plus a wire copy, and an unrelated article; name -> id."""
    ids = {}
    for name, payload in (("harbour", HARBOUR), ("copy", WIRE_COPY), ("retold", RETOLD), ("floods", UNRELATED)):
        response = client.post("/articles", json=payload)
        assert response.status_code == 201, response.json
        ids[name] = response.json["id"]
    return ids


def test_articles_carry_their_story_and_copy(client, told):
    first = client.get(f"/articles/{told['harbour']}").json
    copy = client.get(f"/articles/{told['copy']}").json
    retold = client.get(f"/articles/{told['retold']}").json
    floods = client.get(f"/articles/{told['floods']}").json
    assert first["story_id"] == copy["story_id"] == retold["story_id"] != floods["story_id"]
    assert copy["duplicate_of"] == told["harbour"] and first["duplicate_of"] is None and retold["duplicate_of"] is None
    assert first["duplicates"] == 1 and copy["duplicates"] == 0
    items = client.get("/articles?q=harbour&limit=10").json["items"]
    assert {i["id"]: i["duplicate_of"] for i in items}[told["copy"]] == told["harbour"]
    assert all(i["story_id"] == first["story_id"] for i in items)


def test_stories_list_and_detail(client, told):
    listed = client.get("/stories?q=harbour").json
    assert listed["total"] == 1
    story = listed["items"][0]
    assert story["articles"] == 3 and story["first_source"] == "coast.example"
    assert story["first_published_at"].startswith("2026-03-10T09:00")
    assert story["last_published_at"].startswith("2026-03-10T15:30")
    assert set(story["sources"]) == {"coast.example", "reprint.example", "valley.example"}
    assert client.get("/stories").json["total"] == 2
    assert client.get("/stories?person=Anna%20Berg").json["total"] == 1
    assert client.get("/stories?published_after=2026-03-11").json["total"] == 0
    page = client.get("/stories?limit=1&sort=newest").json
    assert page["next"] and client.get(f"/stories?limit=1&sort=newest&cursor={page['next']}").json["items"]

    detail = client.get(f"/stories/{story['id']}").json
    assert [a["id"] for a in detail["articles"]] == [told["harbour"], told["copy"], told["retold"]]
    assert [a["duplicate_of"] for a in detail["articles"]] == [None, told["harbour"], None]
    assert len(detail["statements"]) == 1


def test_one_statement_with_its_variants(client, told):
    found = client.get("/statements?speaker=anna%20berg").json
    assert found["total"] == 1
    statement = found["items"][0]
    assert [v["article_id"] for v in statement["variants"]] == [told["harbour"], told["copy"], told["retold"]]
    assert statement["first_seen"]["article_id"] == told["harbour"]
    assert statement["altered"] is True and {"arrive", "come"} <= set(statement["changed_words"])
    assert client.get("/statements?altered=false&speaker=Anna%20Berg").json["total"] == 0
    quotes = client.get("/quotes?speaker=Anna%20Berg").json["items"]
    assert len(quotes) == 3 and {q["statement_id"] for q in quotes} == {statement["id"]}
    assert client.get("/statements?q=rebuilding%20harbours").json["total"] == 1


def test_timeline_counts_copies_once(client, told):
    days = client.get("/timeline?interval=day").json
    assert days == {"interval": "day", "buckets": [{"date": "2026-03-10", "articles": 3, "stories": 2}]}
    months = client.get("/timeline?interval=month&q=harbour").json["buckets"]
    assert months == [{"date": "2026-03-01", "articles": 2, "stories": 1}]
    quoted = client.get("/timeline?speaker=Anna%20Berg").json["buckets"]
    assert quoted == [{"date": "2026-03-10", "articles": 3, "stories": 1}]


def test_deleting_keeps_copies_and_stories_consistent(client, told):
    story_id = client.get(f"/articles/{told['harbour']}").json["story_id"]
    assert client.delete(f"/articles/{told['harbour']}").status_code == 204
    assert client.get(f"/articles/{told['copy']}").json["duplicate_of"] is None
    detail = client.get(f"/stories/{story_id}").json
    assert [a["id"] for a in detail["articles"]] == [told["copy"], told["retold"]]
    statement = client.get("/statements?speaker=Anna%20Berg").json["items"][0]
    assert [v["article_id"] for v in statement["variants"]] == [told["copy"], told["retold"]]
    for name in ("copy", "retold"):
        client.delete(f"/articles/{told[name]}")
    assert_problem(client.get(f"/stories/{story_id}"), 404, "path", "story_id")
    assert client.get("/statements?speaker=Anna%20Berg").json["total"] == 0


def test_bad_parameters_are_named(client):
    assert_problem(client.get("/timeline?interval=year"), 422, "query", "interval")
    assert_problem(client.get("/statements?altered=maybe"), 422, "query", "altered")
    assert_problem(client.get("/stories?limit=0"), 422, "query", "limit")
    assert_problem(client.get("/stories?cursor=nonsense"), 400, "query", "cursor")


def test_a_copy_published_earlier_becomes_the_original(client):
    later = client.post("/articles", json=WIRE_COPY).json["id"]
    earlier = client.post("/articles", json=HARBOUR).json["id"]  # published two hours before, sent after
    copy, first = client.get(f"/articles/{later}").json, client.get(f"/articles/{earlier}").json
    assert copy["duplicate_of"] == earlier and first["duplicate_of"] is None and first["duplicates"] == 1
    assert copy["story_id"] == first["story_id"]
