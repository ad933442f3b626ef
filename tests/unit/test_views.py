"""Story and statement views computed from their member articles and quotes."""

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
