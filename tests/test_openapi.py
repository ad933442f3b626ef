"""openapi.yaml is what the code generates, and it is valid OpenAPI 3."""

import yaml
from openapi_spec_validator import validate

from service.cli import main
from tests.conftest import REPO


def generated(capsys) -> str:
    assert main(["openapi"]) == 0
    return capsys.readouterr().out


def test_committed_spec_matches_the_code(capsys):
    committed = (REPO / "openapi.yaml").read_text(encoding="utf-8")
    assert generated(capsys) == committed, "openapi.yaml is stale: run `articles openapi > openapi.yaml`"


def test_spec_is_valid_openapi_3(capsys):
    spec = yaml.safe_load(generated(capsys))
    validate(spec)
    assert spec["openapi"].startswith("3.")
    for path in ("/articles", "/articles/{article_id}", "/analyze", "/health", "/ready"):
        assert path in spec["paths"]


def test_errors_are_documented_as_problem_json(capsys):
    spec = yaml.safe_load(generated(capsys))
    error = spec["components"]["responses"]["UNPROCESSABLE_ENTITY"]
    assert list(error["content"]) == ["application/problem+json"]
