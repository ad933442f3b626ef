"""Query building and the opaque cursor, without a server."""

import pytest

from service.store.queries import CursorError, article_search, decode_cursor, encode_cursor


def test_cursor_round_trip():
    after = [1.5, 1768550400000, "abc"]
    assert decode_cursor(encode_cursor("relevance", after), "relevance") == after


@pytest.mark.parametrize("token", ["", "!!!", "bm90LWpzb24", encode_cursor("newest", [1])])
def test_foreign_or_broken_cursors_are_rejected(token):
    with pytest.raises(CursorError):
        decode_cursor(token, "newest")


def test_cursor_for_another_sort_is_rejected():
    with pytest.raises(CursorError):
        decode_cursor(encode_cursor("newest", [1, "a"]), "oldest")


def test_user_text_goes_to_simple_query_string_only():
    body = article_search(
        'a:b AND "x" OR *', "relevance", 10, source="BBC", entity=("Cooper",), person=["Yvette Cooper"]
    )
    text = repr(body)
    assert "query_string'" not in text.replace("simple_query_string'", "")
    phrase, words = (c["simple_query_string"] for c in body["query"]["bool"]["must"])
    assert phrase == {"query": '"x"', "fields": ["title^3", "body"], "default_operator": "and"}
    assert words["query"] == "a:b and   or *" and words["fields"] == ["stems.title^3", "stems.body"]
    filters = body["query"]["bool"]["filter"]
    assert {"term": {"source": "BBC"}} in filters
    assert {"term": {"person": "Yvette Cooper"}} in filters
    assert any("bool" in f for f in filters)


def test_search_without_query_has_no_highlight_and_excludes_bulky_fields():
    body = article_search(None, "newest", 5)
    assert "highlight" not in body
    assert {"body", "raw"} <= set(body["_source"]["excludes"])
    assert body["query"]["bool"]["must"] == [{"match_all": {}}]


def test_words_match_any_form_and_phrases_match_exactly():
    body = article_search('negotiations "peace talks"', "relevance", 10)
    phrase, words = (c["simple_query_string"] for c in body["query"]["bool"]["must"])
    assert phrase["query"] == '"peace talks"' and phrase["fields"] == ["title^3", "body"]
    assert words["query"].strip() == "negoti" and words["fields"] == ["stems.title^3", "stems.body"]
    assert body["highlight"]["highlight_query"]["simple_query_string"]["query"] == '"peace talks" negoti*'
