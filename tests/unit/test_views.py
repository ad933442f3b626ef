"""Story and statement views computed from their member articles and quotes."""

from service.pipeline.relate.statements import changed_words
from service.store.views import statement, story


def test_views_are_computed_from_their_members():
    quotes = [
        {"id": "a-0", "text": "We will rebuild it before winter", "speaker": "Anna Berg", "article_id": "a",
         "source": "Coast Post", "published_at": "2026-03-10T09:00:00", "story_id": "s"},
        {"id": "b-0", "text": "we will rebuild it before the winter.", "speaker": "Anna Berg", "article_id": "b",
         "source_domain": "valley.example", "published_at": "2026-03-10T11:00:00", "story_id": "s"},
    ]  # fmt: skip
    view = statement(quotes)
    assert view is not None and view["altered"] is True and view["changed_words"] == ["the"]
    assert view["sources"] == ["Coast Post", "valley.example"] and view["first_seen"]["article_id"] == "a"
    assert statement(quotes[:1])["altered"] is False  # type: ignore[index]
    assert statement([]) is None and story([]) is None
    articles = [
        {"id": "a", "title": "Harbour rebuilt", "source": "Coast Post", "published_at": "2026-03-10T09:00:00",
         "person": ["Anna Berg"]},
        {"id": "b", "title": "Harbour to be rebuilt", "source": "Valley Times", "published_at": "2026-03-11T08:00:00",
         "person": ["Anna Berg", "Lars Holm"]},
    ]  # fmt: skip
    summary = story(articles)
    assert summary is not None and summary["articles"] == 2 and summary["first_source"] == "Coast Post"
    assert summary["last_published_at"] == "2026-03-11T08:00:00" and summary["person"] == ["Anna Berg", "Lars Holm"]


def test_a_statement_repeated_by_copies_lists_each_changed_word_once_in_order():
    said = {"speaker": "Eva Lund", "story_id": "s", "source": "Coast Post"}
    texts = ["Nobody asked the fishermen", "nobody asked the local fishermen", "Nobody asked any fishermen"]
    quotes = [{**said, "id": f"{n}-0", "article_id": str(n), "text": t} for n, t in enumerate(texts + texts[1:] * 3)]
    view = statement(quotes)
    assert view is not None and len(view["variants"]) == 9
    every = [w for q in quotes[1:] for w in changed_words(texts[0], q["text"])]  # each quote compared
    assert view["changed_words"] == list(dict.fromkeys(every)) == ["local", "the", "any"]
