"""Names as people type them: a surname resolves to the one stored name, several are listed,
autocomplete across types, and a name stored under another type says so. Against a real node."""

import pytest
from elasticsearch import Elasticsearch

from tests.conftest import keyed_client
from tests.integration.articles import article_text
from tests.integration.helpers import assert_problem, isolated_app

QUOTES = [
    "\u201cWe will not back down on pay,\u201d the union leader, Sharon Graham, said on Monday in Leeds.",
    "\u201cThe regulator must act now,\u201d said Mary Lane, head of the Ofwat Authority, in Leeds on Tuesday.",
    "\u201cNobody expected this outcome,\u201d the senator, Lindsey Graham, said in Columbia.",
]


@pytest.fixture(scope="module")
def named(es_url):
    with isolated_app(es_url) as app:
        client = keyed_client(app)
        for n, quote in enumerate(QUOTES):
            text = article_text(n).replace("Share this article", f"{quote}\n\nShare this article")
            assert client.post("/articles", json={"text": text}).status_code == 201
        yield client


@pytest.mark.parametrize(
    "url, param, given, stored",
    [
        ("/articles?person=Sharon", "person", "Sharon", "Sharon Graham"),
        ("/articles?person=lane", "person", "lane", "Mary Lane"),
        ("/quotes?speaker=Lindsey", "speaker", "Lindsey", "Lindsey Graham"),
        ("/quotes?person=Mary", "person", "Mary", "Mary Lane"),
    ],
)
def test_a_shorter_name_resolves_to_the_one_stored_name_and_says_so(named, url, param, given, stored):
    page = named.get(url).json
    assert page["total"] == 1, page
    assert page["resolved"] == {param: {given: stored}}


def _actions(es: Elasticsearch) -> dict[str, int]:
    """REST actions the node has answered since it started, by action name."""
    return next(iter(es.nodes.usage(metric="rest_actions")["nodes"].values()))["rest_actions"]


def test_the_names_of_a_search_are_looked_up_in_one_request(named, es_url):
    es = Elasticsearch(es_url)
    before = _actions(es)
    page = named.get("/articles?person=Sharon&person=Lane&location=Leeds").json
    after = _actions(es)
    assert page["resolved"] == {"person": {"Sharon": "Sharon Graham", "Lane": "Mary Lane"}}, page
    assert after.get("msearch_action", 0) - before.get("msearch_action", 0) == 1
    assert after["search_action"] - before["search_action"] == 2  # the search, and again resolved


def test_a_full_name_is_used_as_it_is(named):
    page = named.get("/articles?person=sharon%20graham").json
    assert page["total"] == 1 and page["resolved"] == {}


@pytest.mark.parametrize(
    "url, location, param", [("/articles?person=Graham", "query", "person"),
                             ("/quotes?speaker=graham", "query", "speaker"),
                             ("/entities/person/Graham", "path", "name")],
)  # fmt: skip
def test_an_ambiguous_name_lists_the_candidates(named, url, location, param):
    body = assert_problem(named.get(url), 422, location, param)
    assert "'Sharon Graham'" in body["detail"] and "'Lindsey Graham'" in body["detail"]


def test_an_unknown_name_finds_nothing(named):
    page = named.get("/articles?person=Nobody").json
    assert page["total"] == 0 and page["resolved"] == {}


def test_the_entity_profile_resolves_a_surname(named):
    profile = named.get("/entities/person/Lane").json
    assert profile["name"] == "Mary Lane" and profile["resolved_from"] == "Lane" and profile["articles"] == 1
    exact = named.get("/entities/person/mary%20lane").json
    assert exact["name"] == "Mary Lane" and exact["resolved_from"] is None


def test_a_name_stored_under_another_type_says_where(named):
    body = assert_problem(named.get("/entities/organization/Leeds"), 404, "path", "name")
    assert "stored as a location (/entities/location/Leeds)" in body["detail"]
    plain = assert_problem(named.get("/entities/organization/Atlantis"), 404, "path", "name")
    assert "stored as" not in plain["detail"]


def test_autocomplete_across_types_gives_each_name_its_type(named):
    items = named.get("/entities?prefix=l").json["items"]
    assert {(i["name"], i["type"]) for i in items} >= {("Leeds", "location"), ("Mary Lane", "person")}
    assert named.get("/entities?prefix=o&type=organization").json["items"] == [
        {"name": "Ofwat Authority", "count": 1, "type": "organization"}
    ]
