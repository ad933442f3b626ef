"""Parsing and per-item handling of bulk ingest: a JSON array or NDJSON, answered item by item."""
import json

from marshmallow import ValidationError

from service.api.problems import problem_body
from service.api.schemas import ArticleInSchema
from service.ingest import NoArticleBody, build_document
from service.store.repository import Repository, WriteFailed


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
        for n, line in enumerate(text.splitlines(), 1):
            if line.strip():
                try:
                    items.append(json.loads(line))
                except json.JSONDecodeError as err:
                    items.append(ValueError(f"line {n} is not JSON: {err.msg}"))
    else:
        items = json.loads(text)
        if not isinstance(items, list):
            raise BulkError(400, "body", "the body must be a JSON array of articles")
    if not items:
        raise BulkError(400, "body", "no articles in the request")
    if len(items) > max_items:
        raise BulkError(413, "body", f"{len(items)} articles in one request; at most {max_items} are accepted")
    return items


def ingest_items(repo: Repository, items: list) -> list[dict]:
    """Validate, analyse and store each item; one result per item, in input order."""
    results: list[dict] = [{"index": i, "id": None, "status": None, "problem": None} for i in range(len(items))]
    docs: dict[int, dict] = {}
    schema = ArticleInSchema()
    for i, item in enumerate(items):
        try:
            if isinstance(item, ValueError):
                raise item
            if not isinstance(item, dict):
                raise ValidationError({"_schema": ["Each item must be a JSON object."]})
            docs[i] = build_document(schema.load(item))
        except ValidationError as err:
            fields = ", ".join(map(str, err.messages)) if isinstance(err.messages, dict) else "item"
            results[i].update(status=422, problem=problem_body(422, "Unprocessable Entity", f"invalid field(s): {fields}",
                                                          {"json": err.messages}))
        except NoArticleBody as err:
            results[i].update(status=422, problem=problem_body(422, "Unprocessable Entity", str(err),
                                                          {"json": {err.field: [str(err)]}}))
        except ValueError as err:
            results[i].update(status=400, problem=problem_body(400, "Bad Request", str(err)))
    last = {doc["id"]: i for i, doc in docs.items()}  # an id given twice: the later item wins
    order = sorted(last.values())
    for i, outcome in zip(order, repo.save_many([docs[i] for i in order])):
        if isinstance(outcome, WriteFailed):
            status = 503 if outcome.status in (429, 503) else 500
            results[i].update(status=status, problem=problem_body(status, "Not stored", str(outcome)))
        else:
            results[i]["status"] = 201 if outcome else 200
    for i, doc in docs.items():
        winner = results[last[doc["id"]]]
        results[i].update(id=doc["id"], status=winner["status"], problem=winner["problem"])
    return results
