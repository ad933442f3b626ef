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
    asked = {param: _names(filters.get(param)) for param in fields}
    searches = [
        part
        for param, names in asked.items()
        for name in names
        for part in ({"index": fields[param][0]}, name_query(fields[param][1], name, CANDIDATES))
    ]
    responses = iter(repo.es.msearch(searches=searches)["responses"] if searches else [])
    out, resolved = dict(filters), {}
    for param, names in asked.items():
        stored = []
        for name in names:
            response = next(responses)
            if "error" in response:
                stored.append(resolve(repo, *fields[param], name, param))
            else:
                stored.append(_stored(response["aggregations"], name, param))
        changes = {given: name for given, name in zip(names, stored, strict=True) if given != name}
        if changes:
            resolved[param] = changes
            out[param] = stored[0] if isinstance(filters[param], str) else stored
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
