"""Property-based tests from the served OpenAPI document, against the real app on a real node.

Every operation gets generated requests that fit the contract (positive) and requests that break
it (negative), sent with the API key so that writes run too. Every response must be no 5xx,
match a documented status, content type, headers and schema; negative requests must be
rejected with a 4xx, and operations that declare security must refuse requests without a key.

"Documented" is read strictly: every operation also lists `default` (problem+json), which would
make any status conform, so a status must also be listed by number in the operation itself, and
every problem+json must name its fields (`errors: {location: {field: [messages]}}`). Bulk answers
are also checked item by item: no item may carry a 5xx or a malformed problem.
"""

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    ignored_auth,
    negative_data_rejection,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from tests.conftest import API_KEY, keyed_client, make_app
from tests.integration.helpers import quoted_article, refresh

# Reading the spec touches no Elasticsearch: the app connects on first use.
SCHEMA = schemathesis.openapi.from_wsgi("/openapi.json", make_app("http://127.0.0.1:9"))
AUTH = {"Authorization": f"Bearer {API_KEY}"}
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
]
FUZZ = settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    database=None,
    report_multiple_bugs=False,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)

# A fixed request for each error status fuzzing may miss: (method, path, test-client keyword arguments).
KNOWN_REQUESTS = {
    ("GET /articles", 400): ("GET", "/articles?cursor=bogus", {}),
    ("GET /quotes", 400): ("GET", "/quotes?cursor=bogus", {}),
    ("POST /articles", 400): ("POST", "/articles", {"data": b"{", "content_type": "application/json"}),
    ("POST /analyze", 400): ("POST", "/analyze", {"data": b"{", "content_type": "application/json"}),
    ("POST /articles/bulk", 400): ("POST", "/articles/bulk", {"json": []}),
    ("POST /articles", 415): ("POST", "/articles", {"data": b"x", "content_type": "text/plain"}),
    ("POST /analyze", 415): ("POST", "/analyze", {"data": b"x", "content_type": "text/plain"}),
    ("POST /articles/bulk", 415): ("POST", "/articles/bulk", {"data": b"x", "content_type": "text/plain"}),
    ("POST /articles", 413): ("POST", "/articles", {"json": {"text": "x" * (2 * 1024 * 1024 + 1)}}),
    ("GET /articles/{article_id}", 404): ("GET", "/articles/nope", {}),
    ("DELETE /articles/{article_id}", 404): ("DELETE", "/articles/nope", {}),
    ("GET /entities/{entity_type}/{name}", 404): ("GET", "/entities/person/Nobody%20At%20All", {}),
}


class ContractGap(AssertionError):
    """A status listed only under `default`, or a problem+json that names no field (not a 5xx or schema error)."""


def problem_gaps(status: int, body: dict) -> list[str]:
    """What is wrong with a problem+json body: an empty detail, or errors not {location: {field: [msg]}}."""
    gaps = [] if str(body.get("detail", "")).strip() else [f"{status}: empty detail"]
    for location, fields in (body.get("errors") or {}).items():
        if not isinstance(fields, dict) or not all(isinstance(m, (list, dict)) for m in fields.values()):
            gaps.append(f"{status}: errors.{location} is not {{field: [messages]}} ({fields!r:.80})")
    return gaps


def has_inputs(operation) -> bool:
    """Something a negative case can break: query parameters or a body (path strings have no constraints)."""
    raw = operation.definition.raw
    return "requestBody" in raw or any(p.get("in") == "query" for p in raw.get("parameters", []))


def operations():
    for result in SCHEMA.get_all_operations():
        operation = result.ok()
        modes = [GenerationMode.POSITIVE] + ([GenerationMode.NEGATIVE] if has_inputs(operation) else [])
        for mode in modes:
            yield pytest.param(operation, mode, id=f"{operation.label}-{mode.value}")


@pytest.fixture(scope="module")
def live_app(es_url):
    """An app on its own prefix, with a few stored articles so searches return items to validate."""
    app = make_app(es_url)
    client = keyed_client(app)
    ids = [
        client.post("/articles", json={"text": quoted_article(n), "url": f"https://fuzz.example/{n}"}).json["id"]
        for n in range(3)
    ]
    refresh(app)
    yield app, ids
    repo = app.extensions["articles.repository"].repository
    repo.indices.drop(repo.es)


@pytest.mark.parametrize("operation, mode", list(operations()))
def test_operation_honours_the_contract(live_app, operation, mode):
    app, _ = live_app
    gaps = set()
    checks = list(CHECKS)
    # Bulk answers 200 with per-item statuses by design: invalid items are checked one by one below.
    if mode is GenerationMode.NEGATIVE and operation.label != "POST /articles/bulk":
        checks.append(negative_data_rejection)
    if operation.definition.raw.get("security"):
        checks.append(ignored_auth)

    @FUZZ
    @given(case=operation.as_strategy(generation_mode=mode))
    def fuzz(case):
        response = case.call_and_validate(app=app, headers=AUTH, checks=checks)
        status = response.status_code
        if str(status) not in operation.definition.raw["responses"]:
            gaps.add(f"{status} listed only under 'default'")
        if status >= 400:
            gaps.update(problem_gaps(status, response.json()))
        if operation.label == "POST /articles/bulk" and status == 200:
            for item in response.json()["items"]:
                assert item["status"] < 500, item
                gaps.update(problem_gaps(item["status"], item["problem"]) if item["problem"] else ())

    fuzz()
    if gaps:
        raise ContractGap(f"{operation.label} ({mode.value}): " + "; ".join(sorted(gaps)))


@pytest.mark.parametrize(
    "key, method, path, kwargs", [pytest.param(k, *v, id=f"{k[0]}-{k[1]}") for k, v in KNOWN_REQUESTS.items()]
)
def test_error_status_is_listed_and_names_its_fields(live_app, key, method, path, kwargs):
    """Each error status, deterministically: as expected, listed by number, its fields named."""
    app, _ = live_app
    response = keyed_client(app).open(path, method=method, **kwargs)
    assert response.status_code == key[1], response.get_data(as_text=True)[:300]
    label, status = key
    operation = SCHEMA[label.split(" ", 1)[1]][label.split(" ", 1)[0]]
    gaps = problem_gaps(status, response.get_json())
    if str(status) not in operation.definition.raw["responses"]:
        gaps.append(f"{status} listed only under 'default'")
    if gaps:
        raise ContractGap("; ".join(gaps))


@pytest.mark.parametrize(
    "path, params",
    [
        ("/articles/{article_id}", lambda ids: {"article_id": ids[0]}),
        ("/entities/{entity_type}/{name}", lambda ids: {"entity_type": "person", "name": "Anna Berg"}),
        ("/entities/{entity_type}/{name}", lambda ids: {"entity_type": "location", "name": "oslo"}),
    ],
)
def test_stored_data_matches_the_response_schemas(live_app, path, params):
    """Generated ids and names rarely exist: these read stored ones and validate the full answer."""
    app, ids = live_app
    case = SCHEMA[path]["GET"].Case(path_parameters=params(ids))
    response = case.call_and_validate(app=app, headers=AUTH, checks=CHECKS)
    assert response.status_code == 200


@pytest.mark.parametrize(
    "path, query",
    [
        ("/articles", {"q": "harbour", "facets": "person,location"}),
        ("/quotes", {"q": "rebuild", "speaker": "anna berg"}),
        ("/entities", {"type": "person", "prefix": "ber"}),
    ],
)
def test_search_answers_with_items_match_the_schemas(live_app, path, query):
    app, _ = live_app
    response = SCHEMA[path]["GET"].Case(query=query).call_and_validate(app=app, headers=AUTH, checks=CHECKS)
    assert response.status_code == 200 and response.json()["items"]


@pytest.mark.parametrize(
    "path, body",
    [("/articles", lambda: {"text": quoted_article(7)}), ("/articles/bulk", lambda: [{"text": quoted_article(8)}])],
)
def test_accepted_writes_need_the_key(live_app, path, body):
    """Random bodies rarely hold an article; these succeed, then are replayed without and with a wrong key."""
    app, _ = live_app
    case = SCHEMA[path]["POST"].Case(body=body(), media_type="application/json")
    response = case.call_and_validate(app=app, headers=AUTH, checks=[*CHECKS, ignored_auth])
    assert response.status_code in (200, 201)


@pytest.mark.parametrize("operation", [pytest.param(r.ok(), id=r.ok().label) for r in SCHEMA.get_all_operations()])
def test_an_operation_answers_401_exactly_when_it_declares_security(live_app, operation):
    app, ids = live_app
    path = operation.path.replace("{article_id}", ids[0]).replace("{entity_type}", "person").replace("{name}", "x")
    body = [{"text": "x"}] if path.endswith("/bulk") else {"text": "x"}
    response = app.test_client().open(
        path, method=operation.method.upper(), json=body if operation.method == "post" else None
    )
    declared = bool(operation.definition.raw.get("security"))
    assert (response.status_code == 401) == declared, (response.status_code, declared)
    assert not declared or "401" in operation.definition.raw["responses"]
