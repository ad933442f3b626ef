"""Opaque pagination cursors, bound to the search that issued them.

A cursor carries the search it continues (`/articles` or `/quotes`), a digest of that search's
query, filters and sort, a short readable form of them (for the error message when it is sent
with another search), and the sort values of the last hit. Whatever a client sends back is
checked value by value before it reaches Elasticsearch.
"""

import base64
import binascii
import hashlib
import json
import math
import re
from urllib.parse import urlencode

from service.store.queries import SORTS

READABLE_CHARS = 200  # of the query shown when a cursor is used with another search
_DIGEST = re.compile(r"[0-9a-f]{16}")
_LONG = 2**63  # published_at sort values are Elasticsearch longs (epoch milliseconds)


class CursorError(ValueError):
    """The cursor is not one this service issued, or belongs to another search (the message says which)."""


def _key(search: str, params: dict) -> tuple[str, str]:
    """(digest, readable form) of a search's query, filters and sort; empty values left out."""
    given = {k: v for k, v in sorted(params.items()) if v not in (None, "", [], ())}
    canonical = json.dumps([search, given], sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    readable = f"{search}?{urlencode(given, doseq=True)}"
    if len(readable) > READABLE_CHARS:
        readable = readable[: READABLE_CHARS - 1] + "…"
    return hashlib.sha256(canonical.encode()).hexdigest()[:16], readable


def encode(search: str, params: dict, after: list) -> str:
    """The cursor that continues `search` with `params` after the hit whose sort values are `after`."""
    digest, readable = _key(search, params)
    data = {"e": search, "d": digest, "q": readable, "a": after}
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(token: str, search: str, params: dict) -> list:
    """The sort values a cursor resumes after, if it was issued for exactly this search."""
    try:
        data = json.loads(base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)))
    except (binascii.Error, ValueError, UnicodeDecodeError, RecursionError):
        data = None
    if not (isinstance(data, dict) and isinstance(data.get("q"), str) and _DIGEST.fullmatch(str(data.get("d")))):
        raise CursorError("not a cursor: pass the `next` value of the previous page unchanged")
    if data.get("e") != search or data["d"] != _key(search, params)[0]:
        raise CursorError(
            f"this cursor belongs to another search ({data['q'][:READABLE_CHARS]}): send it with that "
            "search, or leave it out to start this one from the first page"
        )
    after = data.get("a")
    if not isinstance(after, list) or not _valid_after(after, params["sort"]):
        raise CursorError("not a cursor: its position is not one this service issues")
    return after


def _valid_after(after: list, sort: str) -> bool:
    """Sort values of the right count and types for `sort`: finite scores, 64-bit dates, string ids."""
    fields = [field for clause in SORTS[sort] for field in clause]
    if len(after) != len(fields):
        return False
    for value, field in zip(after, fields, strict=True):
        if isinstance(value, bool):
            return False
        if field == "_score" and not (isinstance(value, int | float) and math.isfinite(value)):
            return False
        if field == "published_at" and not (isinstance(value, int) and -_LONG <= value < _LONG):
            return False
        if field == "id" and not isinstance(value, str):
            return False
    return True
