"""Errors as RFC 9457 problem+json, naming the offending fields."""

import logging

from elasticsearch import ApiError, ConnectionTimeout
from elasticsearch import ConnectionError as ESConnectionError
from flask import current_app, jsonify, request
from marshmallow import Schema, fields
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from service.api.observability import ES_ERRORS
from service.pipeline.limits import AnalysisFailed, Unprocessable
from service.store.cursors import CursorError
from service.store.names import AmbiguousName
from service.store.reads import SearchTimedOut

log = logging.getLogger(__name__)

PROBLEM_TYPE = "application/problem+json"
RETRY_AFTER_S = 5


class ProblemSchema(Schema):
    """An error response (RFC 9457)."""

    type = fields.String(metadata={"example": "about:blank"})
    title = fields.String(metadata={"example": "Unprocessable Content"})
    status = fields.Integer(metadata={"example": 422})
    detail = fields.String(metadata={"example": "invalid field: text (Missing data for required field.)"})
    errors = fields.Dict(
        metadata={
            "description": "location (json, query, path) -> field -> messages",
            "example": {"json": {"text": ["Missing data for required field."]}},
        }
    )


def problem_body(status: int, title: str, detail: str, errors: dict | None = None) -> dict:
    body = {"type": "about:blank", "title": title, "status": status, "detail": detail}
    if errors:
        body["errors"] = errors
    return body


def problem(status: int, title: str, detail: str, errors: dict | None = None, headers: dict | None = None):
    response = jsonify(problem_body(status, title, detail, errors))
    response.status_code = status
    response.mimetype = PROBLEM_TYPE
    response.headers.update(headers or {})
    return response


def _field_names(errors: dict) -> list[str]:
    """'text', 'limit (Must be ...)' ... from webargs' {location: {field: messages}}: each field
    with its first message when that is a plain string."""
    names: list[str] = []
    for location_errors in errors.values():
        if isinstance(location_errors, dict):
            for name, messages in location_errors.items():
                first = messages[0] if isinstance(messages, list) and messages else None
                names.append(f"{name} ({first})" if isinstance(first, str) else str(name))
    return names


def _named(errors: dict | None) -> dict | None:
    """Errors as {location: {field: messages}}; a location-wide list is about the whole body."""
    if not errors:
        return errors
    return {
        location: messages if isinstance(messages, dict) else {"body": messages}
        for location, messages in errors.items()
    }


def handle_http_exception(error: HTTPException):
    data = getattr(error, "data", None) or {}
    errors = _named(data.get("errors") or data.get("messages"))
    if isinstance(error, RequestEntityTooLarge) and not errors:
        limit = current_app.config.get("MAX_CONTENT_LENGTH")
        data = {**data, "message": f"the request body is larger than the limit of {limit} bytes"}
        errors = {"json": {"body": [f"Longer than {limit} bytes (ARTICLES_MAX_BODY_BYTES)."]}}
    if data.get("message"):
        detail = data["message"]
    elif errors:
        detail = "invalid field(s): " + ", ".join(_field_names(errors))
    else:
        detail = error.description
    code = error.code or 500
    if code >= 500:
        log.exception("unhandled error", exc_info=getattr(error, "original_exception", None))
        detail = "internal error; the request id in the logs identifies it"
    return problem(code, error.name, detail, errors, data.get("headers"))


def handle_es_unavailable(error: Exception):
    ES_ERRORS.labels(type(error).__name__).inc()
    log.warning("Elasticsearch unavailable: %s", error)
    return problem(
        503,
        "Service Unavailable",
        "the search backend is unreachable or timed out; retry later",
        headers={"Retry-After": str(RETRY_AFTER_S)},
    )


def handle_es_error(error: ApiError):
    """Elasticsearch refused: overloaded (429, 503) is a 503 for the caller, anything else a 500."""
    if error.status_code in (429, 503):
        return handle_es_unavailable(error)
    ES_ERRORS.labels(f"status_{error.status_code}").inc()
    return handle_http_exception(InternalServerError(original_exception=error))


def handle_cursor(error: CursorError):
    return problem(400, "Bad Request", str(error), {"query": {"cursor": [str(error)]}})


def handle_ambiguous_name(error: AmbiguousName):
    location = "path" if error.param in (request.view_args or {}) else "query"
    return problem(422, "Unprocessable Entity", str(error), {location: {error.param: [str(error)]}})


def handle_unprocessable(error: Unprocessable):
    """No article body, a body over the limit, an analysis over its time budget: 422 naming the input."""
    return problem(422, "Unprocessable Entity", str(error), {"json": {error.field: [str(error)]}})


def handle_analysis_failed(error: AnalysisFailed):
    """The analysis failed on a fault of ours (logged with its traceback where it ran): a 500."""
    return handle_http_exception(InternalServerError(original_exception=error))


def handle_recursion(error: RecursionError):
    return problem(400, "Bad Request", "the JSON body is nested too deeply", {"json": {"body": ["Nested too deeply."]}})


def register(app) -> None:
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(RecursionError, handle_recursion)
    app.register_error_handler(CursorError, handle_cursor)
    app.register_error_handler(Unprocessable, handle_unprocessable)
    app.register_error_handler(AnalysisFailed, handle_analysis_failed)
    app.register_error_handler(AmbiguousName, handle_ambiguous_name)
    app.register_error_handler(ApiError, handle_es_error)
    for exc in (ESConnectionError, ConnectionTimeout, SearchTimedOut):
        app.register_error_handler(exc, handle_es_unavailable)
