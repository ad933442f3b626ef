"""Hostile requests get a 4xx problem+json naming the field; hostile queries get safe 200s; keys guard writes."""

import io
import json
import logging
from urllib.parse import quote

import pytest

from service import logs
from service.api.schemas import MAX_NAMES
from service.ingestion.documents import build_document
from service.pipeline.limits import MAX_BODY_TOKENS
from service.store.repository import WriteFailed
from tests.conftest import API_KEY, keyed_client
from tests.integration.articles import article_text
from tests.integration.helpers import assert_problem, isolated_app, quoted_article, refresh, stored_count

LIMIT = 64 * 1024
T = article_text(1)
DEEP = b"[" * 5000 + b"]" * 5000  # 10 kB, far under the limit
JSON = "application/json"
ES_REFUSED_DATES = ["2026-01-01T00:00:00.123456+05:30:15.5", "9999-12-31T23:59:59-23:59"]
SURROGATE = json.dumps(T).replace("council", "coun\\udc80cil").encode()  # a lone surrogate, as JSON allows


# (id, path, body: bytes sent as they are or else JSON, content type, status, errors location, field)
BODIES = [
    ("huge", "/articles", {"text": T * 120}, "application/json", 413, "json", "body"),
    ("huge-analyze", "/analyze", {"text": T * 120}, "application/json", 413, "json", "body"),
    (
        "huge-ndjson",
        "/articles/bulk",
        ((json.dumps({"text": T}) + "\n") * 120).encode(),
        "application/x-ndjson",
        413,
        "json",
        "body",
    ),
    ("deep-field", "/articles", b'{"text": "x", "title": %s}' % DEEP, "application/json", 400, "json", "body"),
    ("deep-bulk", "/articles/bulk", DEEP, "application/json", 400, "json", "body"),
    ("text-number", "/articles", {"text": 5}, "application/json", 422, "json", "text"),
    ("text-list", "/articles", {"text": [T]}, "application/json", 422, "json", "text"),
    ("text-object", "/articles", {"text": {"t": T}}, "application/json", 422, "json", "text"),
    ("text-null", "/articles", {"text": None}, "application/json", 422, "json", "text"),
    ("html-bool", "/articles", {"html": True}, "application/json", 422, "json", "html"),
    ("url-int", "/articles", {"text": T, "url": 5}, "application/json", 422, "json", "url"),
    ("url-not-url", "/articles", {"text": T, "url": "javascript:alert(1)"}, "application/json", 422, "json", "url"),
    ("unknown-field", "/articles", {"text": T, "admin": True}, "application/json", 422, "json", "admin"),
    ("body-array", "/articles", [{"text": T}], "application/json", 422, "json", "body"),
    ("body-string", "/articles", T, "application/json", 422, "json", "_schema"),
    ("body-null", "/articles", None, "application/json", 422, "json", "_schema"),
    ("bulk-object", "/articles/bulk", {"text": T}, "application/json", 400, "json", "body"),
    ("invalid-utf8", "/articles", b'{"text": "caf\xc3 \xff\xfe"}', "application/json", 400, "json", "body"),
    ("invalid-json", "/analyze", b'{"text": "x",', "application/json", 400, "json", "body"),
    ("invalid-utf8-bulk", "/articles/bulk", b'[{"text": "\xff"}]', "application/json", 400, "json", "body"),
    ("surrogate-text", "/articles", b'{"text": %s}' % SURROGATE, "application/json", 422, "json", "text"),
    ("surrogate-analyze", "/analyze", b'{"text": %s}' % SURROGATE, "application/json", 422, "json", "text"),
    (
        "surrogate-url",
        "/articles",
        b'{"text": %s, "url": "https://x.example/\\ud800"}' % json.dumps(T).encode(),
        "application/json",
        422,
        "json",
        "url",
    ),
    ("nul-text", "/articles", {"text": T.replace("council", "coun\x00cil")}, "application/json", 422, "json", "text"),
    ("bel-html", "/articles", {"html": f"<p>{T}\x07</p>"}, "application/json", 422, "json", "html"),
    ("esc-text", "/analyze", {"text": T + "\x1b[31m"}, "application/json", 422, "json", "text"),
    ("del-text", "/articles", {"text": T + "\x7f"}, "application/json", 422, "json", "text"),
    ("nul-title", "/articles", {"text": T, "title": "a\x00b"}, "application/json", 422, "json", "title"),
    ("empty-text", "/articles", {"text": ""}, "application/json", 422, "json", "text"),
    ("whitespace-text", "/articles", {"text": " \n\t\u00a0\u2003 "}, "application/json", 422, "json", "text"),
    ("whitespace-html", "/analyze", {"html": "  \n "}, "application/json", 422, "json", "html"),
    ("nothing", "/articles", {}, "application/json", 422, "json", "text"),
    (
        "menu-only-text",
        "/articles",
        {"text": "Home\nNews\nSport\nWeather\nShare this article\nSign in"},
        "application/json",
        422,
        "json",
        "text",
    ),
    (
        "menu-only-html",
        "/articles",
        {"html": "<nav><a href='/'>Home</a> <a>News</a></nav><footer>Share</footer>"},
        "application/json",
        422,
        "json",
        "html",
    ),
    # validation accepted these and Elasticsearch refused them: a 500
    (
        "date-offset-seconds",
        "/articles",
        {"text": T, "published_at": ES_REFUSED_DATES[0]},
        JSON,
        422,
        "json",
        "published_at",
    ),
    ("date-past-9999", "/analyze", {"text": T, "published_at": ES_REFUSED_DATES[1]}, JSON, 422, "json", "published_at"),
    ("language-newline", "/articles", {"text": T, "language": "en\n"}, JSON, 422, "json", "language"),
    ("huge-integer", "/articles", b'{"text": "x", "title": 1%s}' % (b"0" * 5000), JSON, 400, "json", "body"),
    ("text-plain", "/articles", T.encode(), "text/plain", 415, "header", "Content-Type"),
    ("form", "/articles", b"text=x", "application/x-www-form-urlencoded", 415, "header", "Content-Type"),
    (
        "ndjson-on-single",
        "/articles",
        json.dumps({"text": T}).encode(),
        "application/x-ndjson",
        415,
        "header",
        "Content-Type",
    ),
    ("no-content-type", "/analyze", json.dumps({"text": T}).encode(), None, 415, "header", "Content-Type"),
    ("xml-bulk", "/articles/bulk", b"<articles/>", "application/xml", 415, "header", "Content-Type"),
]


@pytest.fixture(scope="module")
def hostile_app(es_url):
    with isolated_app(es_url, ARTICLES_MAX_BODY_BYTES=str(LIMIT)) as app:
        yield app


@pytest.fixture(scope="module")
def hostile(hostile_app):
    return keyed_client(hostile_app)


def send(client, path, body, content_type):
    """bytes go as they are, anything else as JSON."""
    return client.post(path, data=body if isinstance(body, bytes) else json.dumps(body), content_type=content_type)


@pytest.mark.parametrize(
    "path, body, content_type, status, location, field", [pytest.param(*row[1:], id=row[0]) for row in BODIES]
)
def test_hostile_body_is_refused_with_a_problem_naming_the_field(
    hostile, path, body, content_type, status, location, field
):
    assert_problem(send(hostile, path, body, content_type), status, location, field)


@pytest.mark.parametrize("control", ["\x0b", "\x0c"], ids=["vertical-tab", "form-feed"])
def test_white_space_controls_in_html_are_read_as_white_space(hostile, control):
    """Validation lets them in (they are white space); lxml parses them but refuses to hold them: a 500 before."""
    prose = [line for line in T.splitlines() if len(line) > 80]
    paragraphs = "".join(f"<p>{control}{p}</p>" for p in prose)
    html = f"<html><body><h1>Ferry route approved</h1>{paragraphs}</body></html>"
    response = hostile.post("/analyze", json={"html": html})
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    assert control not in response.json["body"] and response.json["body"].split() == " ".join(prose).split()


# One hostile NDJSON line between two good ones: (id, line, item status, field)
BULK_LINES = [
    ("not-json", b"{broken", 400, None),
    ("not-an-object", b'"just a string"', 422, "_schema"),
    ("text-number", b'{"text": 5}', 422, "text"),
    ("nul", json.dumps({"text": T + "\x00"}).encode(), 422, "text"),
    ("whitespace", b'{"text": "   "}', 422, "text"),
    ("menu-only", json.dumps({"text": "Home\nNews\nSport\nSign in"}).encode(), 422, "text"),
    ("surrogate", b'{"text": %s}' % SURROGATE, 422, "text"),
    ("deep", b'{"text": "x", "title": %s}' % DEEP, 400, None),
    ("huge-integer", b'{"text": "x", "title": 1%s}' % (b"0" * 5000), 400, None),
    ("date-es-refuses", json.dumps({"text": T, "published_at": ES_REFUSED_DATES[1]}).encode(), 422, "published_at"),
    ("language-newline", json.dumps({"text": T, "language": "en\n"}).encode(), 422, "language"),
]


@pytest.mark.parametrize("line, status, field", [pytest.param(*row[1:], id=row[0]) for row in BULK_LINES])
def test_one_hostile_bulk_item_never_blocks_the_others(hostile, line, status, field):
    good = [json.dumps({"text": article_text(n), "url": f"https://bulk.hostile/{n}"}).encode() for n in (2, 3)]
    response = hostile.post(
        "/articles/bulk", data=b"\n".join([good[0], line, good[1]]), content_type="application/x-ndjson"
    )
    assert response.status_code == 200, response.get_data(as_text=True)[:300]
    first, bad, last = response.json["items"]
    assert first["status"] in (200, 201) and last["status"] in (200, 201)
    assert bad["status"] == status and bad["id"] is None and bad["problem"]["status"] == status
    if field:
        assert field in bad["problem"]["errors"]["json"], bad


QUERIES = [
    ("/articles?sort=loudest", 422, "sort"),
    ("/quotes?sort=x", 422, "sort"),
    ("/articles?limit=0", 422, "limit"),
    ("/articles?limit=101", 422, "limit"),
    ("/articles?limit=abc", 422, "limit"),
    ("/articles?limit=-1", 422, "limit"),
    ("/quotes?limit=1.5", 422, "limit"),
    ("/entities?type=person&limit=0", 422, "limit"),
    ("/articles?cursor=!!!", 400, "cursor"),
    ("/quotes?cursor=" + "A" * 40, 400, "cursor"),
    ("/articles?sort=oldest&cursor=eyJzIjoibmV3ZXN0IiwiYSI6WzEsMl19", 400, "cursor"),  # a "newest" cursor
    ("/articles?published_after=yesterday", 422, "published_after"),
    ("/articles?published_before=2026-13-45", 422, "published_before"),
    ("/quotes?published_after=2026-01-01T25:00", 422, "published_after"),
    ("/articles?published_after=" + quote(ES_REFUSED_DATES[0]), 422, "published_after"),
    ("/quotes?published_before=" + quote(ES_REFUSED_DATES[1]), 422, "published_before"),
    ("/articles?q=" + "a" * 100_000, 422, "q"),
    ("/quotes?q=" + "b" * 100_000, 422, "q"),
    ("/articles?facets=person,bogus", 422, "facets"),
    ("/articles?facets=", 422, "facets"),  # an empty list or one empty name: say which are known
    ("/entities?type=planet", 422, "type"),
    ("/entities?type=person&prefix=" + "c" * 101, 422, "prefix"),
    # each name a search that found nothing resolves costs a search of its own: 400 took 17 s
    ("/articles?" + "&".join(f"person=Ann+Lee{i}" for i in range(MAX_NAMES + 1)), 422, "person"),
    ("/articles?" + "&".join(f"entity=Oslo{i}" for i in range(MAX_NAMES + 1)), 422, "entity"),
    ("/stories?" + "&".join(f"organization=Acme{i}" for i in range(MAX_NAMES + 1)), 422, "organization"),
    ("/timeline?" + "&".join(f"location=Bergen{i}" for i in range(MAX_NAMES + 1)), 422, "location"),
]


@pytest.mark.parametrize("url, status, field", [pytest.param(*q, id=q[0][:48]) for q in QUERIES])
def test_bad_query_parameters_are_named(hostile, url, status, field):
    assert_problem(hostile.get(url), status, "query", field)


INJECTIONS = [
    "*",
    '"',
    "\\",
    "a:b AND (c OR",
    "/regex/",
    "/harb.*/",
    "title:x^5~2",
    "((((((",
    "-|~+",
    "harbour*",
    "\u2764\ufe0f\U0001f680",
    "\u05e9\u05dc\u05d5\u05dd \u05e2\u05d5\u05dc\u05dd",
    "\u202eevil\u202c",
    "\x00",
    "<script>alert(1)</script>",
    "${jndi:ldap://x/a}",
    "'; DROP TABLE x; --",
    "_id:* OR _index:*",
    "a" * 1000,
]


@pytest.fixture(scope="module")
def searchable(es_url):
    """A client on its own indices holding three articles, and their ids."""
    with isolated_app(es_url) as app:
        client = keyed_client(app)
        ids = {client.post("/articles", json={"text": quoted_article(n)}).json["id"] for n in range(4, 7)}
        refresh(app)
        yield client, ids


@pytest.mark.parametrize("text", INJECTIONS, ids=lambda t: repr(t)[:24])
def test_injection_like_queries_answer_safely(searchable, text):
    client, stored_ids = searchable
    for url in (
        f"/articles?q={quote(text)}&facets=person",
        f"/quotes?q={quote(text)}",
        f"/articles?person={quote(text)}&source={quote(text)}",
        f"/quotes?speaker={quote(text)}",
        f"/entities?type=person&prefix={quote(text[:100])}",
    ):
        response = client.get(url)
        assert response.status_code == 200, (url, response.get_data(as_text=True)[:300])
        items = response.json["items"]
        if url.startswith("/articles"):
            assert {i["id"] for i in items} <= stored_ids and response.json["total"] <= len(stored_ids)
            snippets = " ".join(s for i in items for f in i["highlights"].values() for s in f)
            assert "<" not in snippets.replace("<em>", "").replace("</em>", ""), snippets


def test_no_query_syntax_reaches_elasticsearch(searchable):
    """Field, boost and wildcard syntax is not Lucene's: these find nothing although the words exist."""
    client, stored_ids = searchable
    assert client.get("/articles?q=harbour").json["total"] == len(stored_ids)
    for text in ("_id:*", "title:harbour", "body:harb*r", "/harb.*/", "harb*", "harbuor~1", "harbour~2 " * 90):
        assert client.get(f"/articles?q={quote(text)}").json["total"] == 0, text


def test_highlights_escape_the_stored_text(searchable):
    """Only <em> is markup in a snippet: the text's own angle brackets come back escaped."""
    client, _ = searchable
    text = quoted_article(7).replace("harbour", "harbour <img src=x onerror=alert(1)>", 1)
    created = client.post("/articles", json={"text": text, "url": "https://xss.example/1"}).json
    assert "<img" in created["body"]
    client.application.extensions["articles.repository"]().es.indices.refresh()
    (hit,) = [i for i in client.get("/articles?q=onerror").json["items"] if i["id"] == created["id"]]
    snippets = " ".join(s for f in hit["highlights"].values() for s in f)
    assert "&lt;img" in snippets and "<img" not in snippets, snippets
    client.delete(f"/articles/{created['id']}")


WRONG_KEY = "wrong-key-0123456789abcdef"
WRITES = [
    ("post", "/articles", {"text": T}),
    ("post", "/articles/bulk", [{"text": T}]),
    ("post", "/analyze", {"text": T}),
    ("delete", "/articles/0123456789abcdef0123456789abcdef", None),
]


@pytest.mark.parametrize(
    "headers",
    [
        {},
        {"Authorization": f"Bearer {WRONG_KEY}"},
        {"X-API-Key": WRONG_KEY},
        {"Authorization": f"Basic {API_KEY}"},
        {"Authorization": "Bearer "},
        {"Authorization": f"Bearer {API_KEY[:-1]}"},
        {"X-API-Key": ""},
    ],
    ids=["none", "wrong-bearer", "wrong-x-api-key", "basic-scheme", "empty-bearer", "prefix", "empty"],
)
@pytest.mark.parametrize("method, path, body", WRITES, ids=[f"{m} {p[:14]}" for m, p, _ in WRITES])
def test_writes_without_a_valid_key_are_401(hostile_app, headers, method, path, body):
    response = getattr(hostile_app.test_client(), method)(path, json=body, headers=headers)
    assert_problem(response, 401, "header", "Authorization")
    assert response.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "headers",
    [{"Authorization": f"Bearer {API_KEY}"}, {"Authorization": f"bearer  {API_KEY}"}, {"X-API-Key": API_KEY}],
    ids=["bearer", "bearer-lowercase", "x-api-key"],
)
def test_both_header_forms_are_accepted(hostile_app, headers):
    client = hostile_app.test_client()
    created = client.post("/articles", json={"text": article_text(9)}, headers=headers)
    assert created.status_code in (200, 201), created.json
    assert client.delete(f"/articles/{created.json['id']}", headers=headers).status_code == 204


def test_reads_need_a_key_when_configured(es_url):
    with isolated_app(es_url, ARTICLES_READS_REQUIRE_KEY="true") as app:
        client = app.test_client()
        for url in (
            "/articles",
            "/articles?q=x",
            "/quotes",
            "/entities?type=person",
            "/articles/abc",
            "/entities/person/Anna%20Berg",
        ):
            response = client.get(url)
            assert_problem(response, 401, "header", "Authorization")
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            assert client.get(url, headers={"X-API-Key": WRONG_KEY}).status_code == 401
            assert client.get(url, headers={"X-API-Key": API_KEY}).status_code in (200, 404)
        for url in ("/health", "/ready", "/openapi.json", "/docs", "/metrics"):
            assert client.get(url).status_code == 200, url


def test_reads_are_open_by_default(hostile_app):
    assert hostile_app.test_client().get("/articles").status_code == 200


def test_keys_never_reach_the_logs(es_url, caplog, capsys):
    """Every log line of accepted, refused and failing requests, JSON-formatted as in production."""
    stream, handler = io.StringIO(), logging.StreamHandler()
    handler.stream = stream
    handler.setFormatter(logs.JsonFormatter())
    root = logging.getLogger()
    root.addHandler(handler)
    caplog.set_level(logging.DEBUG)
    try:
        with isolated_app(es_url) as app:
            client = app.test_client()
            for key in (API_KEY, WRONG_KEY):
                for headers in ({"Authorization": f"Bearer {key}"}, {"X-API-Key": key}):
                    client.post("/articles", json={"text": article_text(10)}, headers=headers)
                    client.post("/articles", json={"text": "\x00"}, headers=headers)
                    client.post("/articles", data=b"{", content_type="application/json", headers=headers)
                    client.get("/articles?q=x", headers=headers)
                    client.delete("/articles/nope", headers=headers)
    finally:
        root.removeHandler(handler)
    captured = capsys.readouterr()
    output = "\n".join([stream.getvalue(), caplog.text, captured.out, captured.err])
    assert "POST /articles" in stream.getvalue()  # the requests were logged
    assert API_KEY not in output and WRONG_KEY not in output


def test_ndjson_lines_end_only_at_newlines(hostile):
    """U+2028, U+2029 and U+0085 are line ends to str.splitlines(), but JSON strings may hold them raw."""
    lines = [
        json.dumps({"text": article_text(n) + f" A{mark}B", "url": f"https://bulk.hostile/sep/{n}"}, ensure_ascii=False)
        for n, mark in ((15, "\u2028"), (16, "\u2029"), (17, "\u0085"))
    ]
    response = hostile.post("/articles/bulk", data="\r\n".join(lines).encode(), content_type="application/x-ndjson")
    assert [item["status"] for item in response.json["items"]] == [201, 201, 201], response.json


def test_a_value_the_index_refuses_is_a_422_naming_its_field(hostile_app):
    repo = hostile_app.extensions["articles.repository"]()
    doc = build_document({"text": quoted_article(18), "url": "https://refused.example/1"})
    (outcome,) = repo.save_many([{**doc, "url": {"not": "a string"}}])
    assert isinstance(outcome, WriteFailed) and outcome.http_status == 422 and outcome.field == "url"
    assert "exception" not in str(outcome)
    refresh(hostile_app)
    assert (
        stored_count(hostile_app, _id=doc["id"]) == 0 and stored_count(hostile_app, "quotes", article_id=doc["id"]) == 0
    )


@pytest.fixture(scope="module")
def roomy(es_url):
    """A client on an app with the default request limit (2 MB)."""
    with isolated_app(es_url) as app:
        yield keyed_client(app)


def over_a_million_characters() -> str:
    """A page whose article body alone is over a million characters."""
    paragraph = "The harbour board met on Monday and approved the plan for the eastern quay, officials said.\n"
    return "Harbour plan approved\n" + paragraph * (1_000_001 // len(paragraph) + 1)


def test_a_body_over_a_million_characters_is_a_422_naming_the_field(roomy):
    assert_problem(roomy.post("/articles", json={"text": over_a_million_characters()}), 422, "json", "text")


def test_an_oversize_bulk_item_fails_alone(roomy):
    items = [{"text": article_text(12)}, {"text": over_a_million_characters()}, {"text": article_text(13)}]
    response = roomy.post("/articles/bulk", json=items)
    assert response.status_code == 200
    first, huge, last = response.json["items"]
    assert (first["status"], huge["status"], last["status"]) == (201, 422, 201)
    assert "text" in huge["problem"]["errors"]["json"] and "at most" in huge["problem"]["detail"]


def test_a_body_of_too_many_tokens_is_a_422_naming_the_field_and_stores_nothing(roomy):
    dense = "Harbour plan approved\n" + "x-q-z-w-k-v-j-y-p-m " * (MAX_BODY_TOKENS // 19 + 100)  # 19 tokens each
    before = stored_count(roomy.application)
    for path in ("/analyze", "/articles"):
        body = assert_problem(roomy.post(path, json={"text": dense}), 422, "json", "text")
        assert f"at most {MAX_BODY_TOKENS:,}" in body["detail"]
    refresh(roomy.application)
    assert stored_count(roomy.application) == before


def test_an_analysis_over_its_time_budget_is_a_422_and_stores_nothing(es_url):
    with isolated_app(es_url, ARTICLES_ANALYSIS_BUDGET_S="0.001") as app:
        client = keyed_client(app)
        assert_problem(client.post("/analyze", json={"text": article_text(14)}), 422, "json", "text")
        body = assert_problem(
            client.post("/articles", json={"html": f"<p>{article_text(14)}</p>"}), 422, "json", "html"
        )
        assert "budget" in body["detail"]
        refresh(app)
        assert stored_count(app) == 0
