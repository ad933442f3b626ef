"""Sort defaults and cursors shared by the paged search endpoints."""
from flask_smorest import abort

from service.store.queries import CursorError, decode_cursor, encode_cursor


def sort_and_after(args: dict) -> tuple[str, list | None]:
    """Pop `sort` (default: relevance with q, newest without) and the decoded `cursor`."""
    sort = args.pop("sort", None) or ("relevance" if args.get("q") else "newest")
    cursor = args.pop("cursor", None)
    try:
        return sort, decode_cursor(cursor, sort) if cursor else None
    except CursorError as err:
        abort(400, message=str(err), errors={"query": {"cursor": [str(err)]}})


def page(result: dict, sort: str, limit: int, item) -> dict:
    """{total, items, next} from a search result; `item` maps a hit to a response item."""
    hits = result["hits"]["hits"]
    return {"total": result["hits"]["total"]["value"], "items": [item(h) for h in hits],
            "next": encode_cursor(sort, hits[-1]["sort"]) if len(hits) == limit else None}
