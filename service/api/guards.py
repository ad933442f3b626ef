"""Checks every request passes before a view runs: API key and content type."""

import hmac
import logging
import secrets
from pathlib import Path

from flask import request

from service.api.problems import problem

log = logging.getLogger(__name__)

OPEN_ENDPOINTS = {
    "system.Health",
    "system.Ready",
    "api-docs.openapi_json",
    "api-docs.openapi_swagger_ui",
    "docs_assets.docs_asset",
    "metrics",
    "static",
}
JSON_TYPES = {"application/json"}
BULK_TYPES = {"application/json", "application/x-ndjson"}
SECURITY: list[dict[str, list[str]]] = [{"bearerAuth": []}, {"apiKeyHeader": []}]
SECURITY_SCHEMES = {
    "bearerAuth": {"type": "http", "scheme": "bearer", "description": "Authorization: Bearer <key>"},
    "apiKeyHeader": {"type": "apiKey", "in": "header", "name": "X-API-Key"},
}


def development_key(folder: Path) -> str:
    """The generated key used when ARTICLES_API_KEYS is unset, kept across restarts."""
    path = folder / "dev-api-key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(24))
        path.chmod(0o600)
    return path.read_text().strip()


def presented_key() -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    return request.headers.get("X-API-Key")


def key_is_valid(key: str | None, keys: tuple[str, ...]) -> bool:
    """Constant-time comparison against every configured key."""
    candidate = (key or "").encode()
    return bool(key) and any([hmac.compare_digest(candidate, k.encode()) for k in keys])


def install(app, keys: tuple[str, ...], reads_require_key: bool) -> None:
    @app.before_request
    def require_key():
        if request.endpoint in OPEN_ENDPOINTS:
            return None
        if request.method in ("GET", "HEAD", "OPTIONS") and not reads_require_key:
            return None
        if not key_is_valid(presented_key(), keys):
            return problem(
                401,
                "Unauthorized",
                "this endpoint needs an API key: 'Authorization: Bearer <key>' or 'X-API-Key: <key>'",
                {"header": {"Authorization": ["Missing or unknown API key."]}},
                {"WWW-Authenticate": 'Bearer realm="articles"'},
            )
        return None

    @app.before_request
    def require_json():
        if request.method not in ("POST", "PUT", "PATCH"):
            return None
        allowed = BULK_TYPES if request.endpoint == "articles.Bulk" else JSON_TYPES
        if request.mimetype not in allowed:
            return problem(
                415,
                "Unsupported Media Type",
                f"send the body as {' or '.join(sorted(allowed))}, not {request.mimetype or 'nothing'}",
                {"header": {"Content-Type": [f"Must be one of: {', '.join(sorted(allowed))}."]}},
            )
        return None
