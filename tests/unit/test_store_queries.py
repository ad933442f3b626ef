"""Query building and the opaque cursor, without a server."""

import base64
import json

import pytest

from service.store import cursors, reads
from service.store.queries import SEARCH_TIMEOUT, USER_FLAGS, article_search
from service.store.reads import SearchTimedOut

PARAMS = {"q": "harbour", "sort": "relevance", "person": ["Anna Berg"]}


def test_cursor_round_trip():
    after = [1.5, 1768550400000, "abc"]
    assert cursors.decode(cursors.encode("/articles", PARAMS, after), "/articles", PARAMS) == after


def forged(value) -> str:
    return base64.urlsafe_b64encode(json.dumps(value).encode()).decode().rstrip("=")


@pytest.mark.parametrize(
    "token",
    ["", "!!!", "bm90LWpzb24", forged([{"x": 1}, "y"]), forged([None, None]), forged({"e": "/articles"})]
    + [forged({**json.loads(base64.urlsafe_b64decode(cursors.encode("/articles", PARAMS, [0, 0, "a"]) + "==")),
               "a": a}) for a in ([1, 2], [None, 1, "a"], [float("nan"), 1, "a"], [1.5, 10**30, "a"], [1.5, 1, 2],
                                  [True, 1, "a"], "abc")],
)  # fmt: skip
def test_garbled_or_forged_cursors_are_not_cursors(token):
    with pytest.raises(cursors.CursorError, match="not a cursor"):
        cursors.decode(token, "/articles", PARAMS)


def test_huge_numbers_in_a_forged_cursor_are_not_cursors():
    token = base64.urlsafe_b64encode(b'[1e400,"y"]').decode()
    with pytest.raises(cursors.CursorError, match="not a cursor"):
        cursors.decode(token, "/articles", PARAMS)


@pytest.mark.parametrize(
    "search, params",
    [("/quotes", PARAMS), ("/articles", {**PARAMS, "q": "water"}), ("/articles", {**PARAMS, "sort": "newest"}),
     ("/articles", {**PARAMS, "person": ["Eva Lund"]})],
)  # fmt: skip
def test_a_cursor_of_another_search_names_the_search_it_belongs_to(search, params):
    token = cursors.encode("/articles", PARAMS, [1.5, 1, "a"])
    with pytest.raises(cursors.CursorError, match=r"another search \(/articles\?person=Anna\+Berg&q=harbour"):
        cursors.decode(token, search, params)


def test_user_text_goes_to_simple_query_string_only():
    body = article_search(
        'a:b AND "x" OR *', "relevance", 10, source="BBC", entity=("Cooper",), person=["Yvette Cooper"]
    )
    text = repr(body)
    assert "query_string'" not in text.replace("simple_query_string'", "")
    phrase, words = (c["simple_query_string"] for c in body["query"]["bool"]["must"])
    assert phrase == {"query": '"x"', "fields": ["title^3", "body"], "default_operator": "and", "flags": USER_FLAGS}
    assert words["query"] == "a:b and   or *" and words["fields"] == ["stems.title^3", "stems.body"]
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"source": "BBC"}} in filters[0]["bool"]["should"]
    assert {"term": {"person": "Yvette Cooper"}} in filters
    assert any("bool" in f for f in filters)


def test_search_without_query_has_no_highlight_and_leaves_bulky_fields_behind():
    body = article_search(None, "newest", 5)
    assert "highlight" not in body
    assert not {"body", "raw", "quotes", "entity_details"} & set(body["_source"]["includes"])
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]


def test_words_match_any_form_and_phrases_match_exactly():
    body = article_search('negotiations "peace talks"', "relevance", 10)
    phrase, words = (c["simple_query_string"] for c in body["query"]["bool"]["must"])
    assert phrase["query"] == '"peace talks"' and phrase["fields"] == ["title^3", "body"]
    assert words["query"].strip() == "negoti" and words["fields"] == ["stems.title^3", "stems.body"]
    assert body["highlight"]["highlight_query"]["simple_query_string"]["query"] == '"peace talks" negoti*'


def test_searches_are_bounded_and_escaped():
    body = article_search("harbour~2 harb*", "relevance", 10)
    assert body["timeout"] == SEARCH_TIMEOUT
    flags = [c["simple_query_string"]["flags"] for c in body["query"]["bool"]["must"]]
    assert flags and all("FUZZY" not in f and "PREFIX" not in f and "SLOP" not in f for f in flags)
    highlight = body["highlight"]
    assert highlight["encoder"] == "html" and highlight["max_analyzed_offset"] <= 1_000_000
    assert all(f.get("number_of_fragments") == 0 or f["fragment_size"] <= 200 for f in highlight["fields"].values())


def test_a_search_stopped_at_its_timeout_is_not_answered_as_a_partial_page():
    partial = {"timed_out": True, "hits": {"total": {"value": 1}, "hits": [{"_source": {}, "sort": [1]}]}}
    with pytest.raises(SearchTimedOut):
        reads._page(partial, 10, "/articles", {"q": "harbour"})
