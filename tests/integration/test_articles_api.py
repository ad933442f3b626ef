"""HTTP behaviour of /articles against a real Elasticsearch node."""

import pytest

from tests.integration.articles import article_text

PROBLEM = "application/problem+json"


def post(client, n, **fields):
    response = client.post("/articles", json={"text": article_text(n), **fields})
    assert response.status_code in (200, 201), response.json
    return response


def test_ingest_get_and_search_with_highlight(client):
    created = post(client, 1, url="https://news.example/glacier")
    assert created.status_code == 201
    doc = created.json
    assert "glacier" in doc["body"]
    assert doc["raw"]["text"] == article_text(1)

    fetched = client.get(f"/articles/{doc['id']}")
    assert fetched.status_code == 200
    assert fetched.json["body"] == doc["body"]

    found = client.get("/articles?q=glacier")
    assert found.json["total"] == 1
    hit = found.json["items"][0]
    assert hit["id"] == doc["id"]
    assert any("<em>glacier</em>" in s for s in hit["highlights"]["body"])
    assert "body" not in hit and "raw" not in hit


def test_search_ignores_page_furniture(client):
    post(client, 2)
    assert client.get("/articles?q=orchard").json["total"] == 1
    assert client.get('/articles?q="Share this article"').json["total"] == 0


def test_same_url_gives_same_id_and_one_document(client):
    first = post(client, 3, url="https://News.example/orchard/?utm_source=x#top")
    again = post(client, 3, url="https://news.example/orchard")
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"]
    assert client.get("/articles").json["total"] == 1


def test_same_content_without_url_gives_same_id(client):
    first = client.post("/articles", json={"text": article_text(4)})
    again = client.post("/articles", json={"text": "  " + article_text(4).replace("\n\n", "\n\n\n") + "\n"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert first.json["id"] == again.json["id"]
    assert client.get("/articles").json["total"] == 1


def test_delete_removes_article(client):
    doc_id = post(client, 5).json["id"]
    assert client.delete(f"/articles/{doc_id}").status_code == 204
    gone = client.get(f"/articles/{doc_id}")
    assert gone.status_code == 404 and gone.mimetype == PROBLEM
    assert client.delete(f"/articles/{doc_id}").status_code == 404
    assert client.get("/articles?q=railway").json["total"] == 0


def test_filters_by_source_language_and_dates(client):
    post(client, 6, source="Daily Planet", published_at="2026-01-10T08:00:00Z")
    post(client, 7, source="Evening Star", published_at="2026-02-10")
    post(client, 8, source="Daily Planet", published_at="2026-03-10", language="de")

    def ids(query):
        response = client.get(f"/articles?{query}")
        assert response.status_code == 200, response.json
        return sorted(i["published_at"][:10] for i in response.json["items"])

    assert ids("source=daily%20planet") == ["2026-01-10", "2026-03-10"]
    assert ids("language=de") == ["2026-03-10"]
    assert ids("published_after=2026-02-01") == ["2026-02-10", "2026-03-10"]
    assert ids("published_before=2026-02-10T23:59:59Z") == ["2026-01-10", "2026-02-10"]
    assert ids("source=Daily%20Planet&published_after=2026-02-01") == ["2026-03-10"]


@pytest.mark.parametrize("sort,query", [("newest", ""), ("oldest", ""), ("relevance", "q=council")])
def test_pagination_returns_every_document_once(client, sort, query):
    for n in range(7):
        post(client, 20 + n, published_at=f"2026-01-{10 + n % 3:02d}")  # ties on purpose
    seen, cursor, pages = [], None, 0
    while True:
        url = f"/articles?{query}&sort={sort}&limit=3" + (f"&cursor={cursor}" if cursor else "")
        page = client.get(url).json
        assert page["total"] == 7
        seen += [i["id"] for i in page["items"]]
        pages += 1
        cursor = page["next"]
        if not cursor:
            break
    assert len(seen) == 7 and len(set(seen)) == 7
    assert pages == 3
    if sort == "newest":
        dates = [client.get(f"/articles/{i}").json["published_at"] for i in seen]
        assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize(
    "request_args,status,field",
    [
        (("post", "/articles", {"json": {"url": "https://x.example/a"}}), 422, "text"),
        (("post", "/articles", {"json": {"text": "   "}}), 422, "text"),
        (("post", "/articles", {"json": {"text": "x", "url": "not a url"}}), 422, "url"),
        (("post", "/articles", {"json": {"text": "x", "published_at": "last week"}}), 422, "published_at"),
        (("post", "/articles", {"json": {"text": "x", "language": "English"}}), 422, "language"),
        (("get", "/articles?limit=0", {}), 422, "limit"),
        (("get", "/articles?limit=101", {}), 422, "limit"),
        (("get", "/articles?sort=popular", {}), 422, "sort"),
        (("get", "/articles?published_after=yesterday", {}), 422, "published_after"),
        (("get", "/articles?cursor=bm90LWEtY3Vyc29y", {}), 400, "cursor"),
        (("get", "/articles/does-not-exist", {}), 404, "article_id"),
    ],
)
def test_errors_are_problem_json_naming_the_field(client, request_args, status, field):
    method, url, kwargs = request_args
    response = getattr(client, method)(url, **kwargs)
    assert response.status_code == status
    assert response.mimetype == PROBLEM
    body = response.json
    assert body["status"] == status and body["title"]
    assert any(field in fields for fields in body["errors"].values())


QUOTED = (
    "The mayor, Anna Berg, spoke on Tuesday about the harbour works that began last spring.\n\n"
    "“We will rebuild the harbour before the winter storms arrive,” Berg said at the meeting.\n\n"
    "“Nobody in this town should have to wait another year for safe moorings,” she added."
)


def test_quotes_follow_their_article_through_replace_and_delete(client):
    url = "https://news.example/harbour-quotes"
    doc = client.post("/articles", json={"text": QUOTED, "url": url}).json
    assert len(doc["quotes"]) == 2
    assert client.get(f"/quotes?article_id={doc['id']}").json["total"] == 2
    shorter = QUOTED.rsplit("\n\n", 1)[0]
    assert client.post("/articles", json={"text": shorter, "url": url}).status_code == 200
    remaining = client.get(f"/quotes?article_id={doc['id']}").json
    assert remaining["total"] == 1 and remaining["items"][0]["speaker"] == "Anna Berg"
    assert client.delete(f"/articles/{doc['id']}").status_code == 204
    assert client.get(f"/quotes?article_id={doc['id']}").json["total"] == 0


def test_search_items_are_exactly_the_documented_hit_shape(client):
    """The search views pass items and facets through their schemas as they are: they must already be
    what the schemas would dump field by field, with every documented field and nothing else."""
    from service.api.schemas import FacetBucketSchema, QuoteHitSchema, SearchHitSchema

    post(client, 6, url="https://news.example/shape")
    client.post("/articles", json={"text": QUOTED, "url": "https://news.example/shape-quotes"})
    for path, schema in (
        ("/articles?q=harbour", SearchHitSchema()),
        ("/articles", SearchHitSchema()),
        ("/quotes?q=harbour", QuoteHitSchema()),
        ("/quotes", QuoteHitSchema()),
    ):
        items = client.get(path).json["items"]
        assert items, path
        for item in items:
            assert schema.dump(item) == item, path
            assert set(item) == set(schema.fields), path
    facets = client.get("/articles?facets=person,organization,location").json["facets"]
    assert facets["person"] and set(facets) == {"person", "organization", "location"}
    for name, buckets in facets.items():
        assert FacetBucketSchema(many=True).dump(buckets) == buckets, name
