"""The body of a bulk ingest request: a JSON array or NDJSON, one article per item."""

import json


class BulkError(ValueError):
    """The request as a whole is unusable (not a list, too many items)."""

    def __init__(self, status: int, field: str, message: str):
        super().__init__(message)
        self.status, self.field = status, field


def parse_items(data: bytes, mimetype: str, max_items: int) -> list:
    """The submitted items; an NDJSON line that is not JSON becomes a ValueError item."""
    text = data.decode("utf-8")
    if mimetype == "application/x-ndjson":
        items = []
        for n, line in enumerate(text.split("\n"), 1):  # not splitlines(): U+2028 may sit inside a string
            if line.strip():
                try:
                    items.append(json.loads(line))
                except ValueError as err:  # not JSON, or an integer of over 4,300 digits
                    items.append(ValueError(f"line {n} is not JSON: {getattr(err, 'msg', str(err).split(';')[0])}"))
                except RecursionError:
                    items.append(ValueError(f"line {n} is nested too deeply"))
    else:
        try:
            items = json.loads(text)
        except RecursionError:
            raise BulkError(400, "body", "the JSON body is nested too deeply") from None
        except json.JSONDecodeError as err:
            if err.msg == "Extra data" and "\n" in text[: err.pos + 1]:
                raise BulkError(
                    400,
                    "body",
                    f"the body holds one JSON value per line (NDJSON) but was sent as {mimetype}: send it with "
                    "'Content-Type: application/x-ndjson', or as one JSON array",
                ) from None
            raise
        if not isinstance(items, list):
            raise BulkError(400, "body", "the body must be a JSON array of articles")
    if not items:
        raise BulkError(400, "body", "no articles in the request")
    if len(items) > max_items:
        raise BulkError(413, "body", f"{len(items)} articles in one request; at most {max_items} are accepted")
    return items
