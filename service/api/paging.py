"""Sort defaults and cursors shared by the paged search endpoints."""

from flask_smorest import abort
from marshmallow import Schema

from service.store.queries import CursorError, decode_cursor, encode_cursor


def sort_and_after(args: dict) -> tuple[str, list | None]:
    """Pop `sort` (default: relevance with q, newest without) and the decoded `cursor`."""
    sort = args.pop("sort", None) or ("relevance" if args.get("q") else "newest")
    cursor = args.pop("cursor", None)
    try:
        return sort, decode_cursor(cursor, sort) if cursor else None
    except CursorError as err:
        abort(400, message=str(err), errors={"query": {"cursor": [str(err)]}})
        raise  # abort() always raises; this tells the type checker


def page(result: dict, sort: str, limit: int, hit_schema: Schema) -> dict:
    """{total, items, next} from a search result. Each item is the hit's source cut to the
    fields `hit_schema` declares, with its score and highlights: already the schema's shape,
    so the search views answer it without a per-field marshmallow dump (their hottest cost)."""
    names = [name for name in hit_schema.fields if name not in ("score", "highlights")]
    hits = result["hits"]["hits"]
    items = [
        {
            **{n: h["_source"][n] for n in names if n in h["_source"]},
            "score": h.get("_score"),
            "highlights": h.get("highlight", {}),
        }
        for h in hits
    ]
    return {
        "total": result["hits"]["total"]["value"],
        "items": items,
        "next": encode_cursor(sort, hits[-1]["sort"]) if len(hits) == limit else None,
    }
