"""From a submitted article to a stored document: identity, analysis, overrides, raw input."""

import hashlib
import re
import unicodedata
from datetime import UTC, datetime
from urllib.parse import SplitResult, parse_qsl, quote, urlencode, urlsplit, urlunsplit

from service.pipeline import ENTITY_TYPES
from service.pipeline.limits import TIME_BUDGET_S, Unprocessable
from service.pipeline.relate.words import stem_text
from service.pipeline.run import analyze_many

OVERRIDES = ("title", "source", "published_at", "language")
EVIDENCE_FIELDS = ("title", "author", "published_at", "source")  # each stored with where it was found
GIVEN = "given"  # the evidence of a value the client gave
RAW_FIELDS = ("text", "html", "url", *OVERRIDES)
_DAY_ONLY = re.compile(r"^\d{4}-?\d\d-?\d\d$")
_TRACKING = re.compile(r"^(utm_|fbclid$|gclid$|mc_)", re.I)
_DEFAULT_PORTS = {"http": 80, "https": 443}
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PATH_SAFE = "%/:@!$&'()*+,;="


def normalize_url(url: str) -> str:
    """One spelling per page (RFC 3986 normalisation): Unicode NFC; scheme and host lower-cased, the
    host's trailing dot and the scheme's default port dropped; in the path, escapes of unreserved
    characters decoded, other escapes upper-cased, raw non-ASCII characters escaped, dot segments
    resolved, repeated and trailing slashes dropped; tracking parameters (any case) and the fragment
    dropped, the other parameters sorted."""
    parts = urlsplit(unicodedata.normalize("NFC", url.strip()))
    scheme = parts.scheme.lower()
    query = urlencode(
        sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if not _TRACKING.match(k))
    )
    return urlunsplit((scheme, _netloc(parts, scheme), _path(parts.path), query, ""))


def _netloc(parts: SplitResult, scheme: str) -> str:
    try:
        port = parts.port
    except ValueError:  # not a port number: keep what was given
        return parts.netloc.lower()
    host = (parts.hostname or "").rstrip(".")
    host = f"[{host}]" if ":" in host else host
    user = parts.netloc.rpartition("@")[0]
    address = f"{host}:{port}" if port is not None and port != _DEFAULT_PORTS.get(scheme) else host
    return f"{user}@{address}" if user else address


def _path(path: str) -> str:
    escaped = _ESCAPE.sub(lambda m: chr(int(m[1], 16)) if chr(int(m[1], 16)) in _UNRESERVED else m[0].upper(), path)
    segments: list[str] = []
    for segment in quote(escaped, safe=_PATH_SAFE).split("/"):
        if segment == "..":
            segments = segments[:-1]
        elif segment not in ("", "."):
            segments.append(segment)
    return "/" + "/".join(segments)


def article_id(url: str | None, text: str | None, html: str | None) -> str:
    """Stable id: from the normalized URL when there is one, else from the normalized content."""
    if url:
        key = "url:" + normalize_url(url)
    else:
        content = unicodedata.normalize("NFC", html or text or "")
        key = "content:" + " ".join(content.split())
    return hashlib.sha256(key.encode()).hexdigest()[:32]


class NoArticleBody(Unprocessable):
    """The input holds no recoverable article text."""

    def __init__(self, field: str):
        super().__init__(field, f"no article body could be recovered from '{field}'")


def build_document(payload: dict, budget_s: float | None = TIME_BUDGET_S) -> dict:
    """Analyse one submitted article and return the document to store (see build_documents)."""
    doc = build_documents([payload], budget_s)[0]
    if isinstance(doc, Unprocessable):
        raise doc
    return doc


def build_documents(payloads: list[dict], budget_s: float | None = TIME_BUDGET_S) -> list[dict | Unprocessable]:
    """Analyse submitted articles and return the documents to store, in order.

    Each payload holds `text` and/or `html`, optional `url`, and optional overrides of what
    the pipeline finds (`title`, `source`, `published_at`, `language`); it is stored as
    `raw`, so `build_documents([stored["raw"]])` re-processes an article. An article whose
    body comes out empty is a NoArticleBody in its place, one the pipeline cannot analyse
    (too long, out of time: see pipeline.limits) an Unprocessable.
    """
    return [_document(p, a) for p, a in zip(payloads, analyze_many(payloads, budget_s=budget_s))]


def analyze_article(payload: dict, budget_s: float | None = TIME_BUDGET_S) -> dict:
    """What the pipeline makes of one submitted article, with its overrides, exactly as it would be
    stored (POST /analyze); Unprocessable (NoArticleBody...) when there is none to store."""
    analysis = _with_overrides(payload, next(analyze_many([payload], budget_s=budget_s)))
    if isinstance(analysis, Unprocessable):
        raise analysis
    return analysis


def _with_overrides(payload: dict, analysis: dict | Unprocessable) -> dict | Unprocessable:
    """The analysis with the payload's overrides, or NoArticleBody when its body is empty."""
    if isinstance(analysis, Unprocessable):
        return analysis
    if not analysis["body"].strip():
        return NoArticleBody("html" if payload.get("html") else "text")
    given = {field: payload[field] for field in OVERRIDES if payload.get(field)}
    evidence = {**analysis.get("evidence", {}), **{field: GIVEN for field in given if field in EVIDENCE_FIELDS}}
    return {**analysis, **given, "evidence": evidence}


def _document(payload: dict, result: dict | Unprocessable) -> dict | Unprocessable:
    text, html, url = payload.get("text"), payload.get("html"), payload.get("url")
    analysis = _with_overrides(payload, result)
    if isinstance(analysis, Unprocessable):
        return analysis
    return {
        "id": article_id(url, text, html),
        "url": url,
        "title": analysis["title"],
        "body": analysis["body"],
        "stems": {"title": stem_text(analysis["title"]), "body": stem_text(analysis["body"])},
        "author": analysis["author"],
        "source": analysis["source"],
        "source_domain": analysis["source_domain"],
        "language": analysis["language"],
        "published_at": _iso_or_none(analysis["published_at"]),
        "evidence": analysis["evidence"],
        "ingested_at": datetime.now(UTC).isoformat(timespec="seconds"),
        **{t: analysis["entities"][t] for t in ENTITY_TYPES},
        "entity_details": analysis["entity_details"],
        "quotes": analysis["quotes"],
        "raw": {k: payload[k] for k in RAW_FIELDS if payload.get(k)},
    }


def _iso_or_none(value: str | None) -> str | None:
    """The date as ISO 8601 when it parses as one, else None (never a value ES would reject): a day
    stays a day ("2026-03-10"), a time keeps its offset ("+00:00" for "Z") or stays without one
    when none was given (local time of the page, read as UTC by searches)."""
    try:
        parsed = datetime.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None
    if parsed is None:
        return None
    return parsed.date().isoformat() if _DAY_ONLY.match(value or "") else parsed.isoformat()
