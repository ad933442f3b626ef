"""Names as people type them: a surname or a shorter form stands for the one stored name that
contains it as whole words ("Graham" for "Sharon Graham"); several such names are ambiguous."""

from service.store.queries import ENTITY_FIELDS, name_query
from service.store.repository import Repository

CANDIDATES = 10  # stored names listed when a given one is ambiguous


class AmbiguousName(ValueError):
    """A name given in `param` that several stored names contain."""

    def __init__(self, param: str, given: str, candidates: list[str]):
        names = ", ".join(f"'{c}'" for c in candidates)
        super().__init__(f"'{given}' could be any of {names}: give one of them in full")
        self.param, self.given, self.candidates = param, given, candidates


def resolve(repo: Repository, index: str, field: str, given: str, param: str) -> str:
    """The stored name `given` stands for: itself when stored (any case), else the one stored name
    containing it as whole words; a name matching nothing stays as given (and finds nothing)."""
    aggs = repo.es.search(index=index, body=name_query(field, given, CANDIDATES))["aggregations"]
    return _stored(aggs, given, param)


def _stored(aggs: dict, given: str, param: str) -> str:
    """`resolve`'s answer from the aggregations of `name_query`."""
    if aggs["exact"]["doc_count"]:
        return given
    longer = [b["key"] for b in aggs["longer"]["buckets"] if b["key"].lower() != given.lower()]
    if len(longer) > 1:
        raise AmbiguousName(param, given, longer)
    return longer[0] if longer else given


def resolve_filters(repo: Repository, filters: dict, fields: dict[str, tuple[str, str]]) -> tuple[dict, dict]:
    """`filters` with the names of each parameter in `fields` (param -> (index, field)) resolved, and
    what changed: param -> {given: stored}. All names are looked up in one multi-search; a lookup
    that fails there is asked again alone, so that it raises the client's own error."""
    asked = [(param, name) for param in fields for name in _names(filters.get(param))]
    searches: list[dict] = []
    for param, name in asked:
        index, field = fields[param]
        searches += [{"index": index}, name_query(field, name, CANDIDATES)]
    responses = repo.es.msearch(searches=searches)["responses"] if asked else []
    stored: dict[str, list[str]] = {}
    for (param, name), response in zip(asked, responses, strict=True):
        found = (
            resolve(repo, *fields[param], name, param)
            if "error" in response
            else _stored(response["aggregations"], name, param)
        )
        stored.setdefault(param, []).append(found)
    out, resolved = dict(filters), {}
    for param, names in stored.items():
        given = _names(filters[param])
        changes = {g: name for g, name in zip(given, names, strict=True) if g != name}
        if changes:
            resolved[param] = changes
            out[param] = names[0] if isinstance(filters[param], str) else names
    return out, resolved


def _names(values: str | list[str] | None) -> list[str]:
    """A filter's names: one string, a list of them, or none."""
    if not values:
        return []
    return [values] if isinstance(values, str) else list(values)


def types_of(repo: Repository, name: str) -> list[str]:
    """The entity types under which `name` (any case) is stored."""
    body = {"size": 0, "aggs": {f: {"filter": {"term": {f: name}}} for f in ENTITY_FIELDS}}
    aggs = repo.es.search(index=repo.names.articles, body=body)["aggregations"]
    return [f for f in ENTITY_FIELDS if aggs[f]["doc_count"]]
