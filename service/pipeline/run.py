"""The one entry point of the pipeline: clean, then enrich."""

import time
from collections.abc import Iterable, Iterator

from service.pipeline.clean.page import Cleaned, clean
from service.pipeline.enrich.article import enrich_doc
from service.pipeline.enrich.nlp import parse_many
from service.pipeline.limits import MAX_BODY_CHARS, TIME_BUDGET_S, BodyTooLong, Budget, Unprocessable


def analyze(text: str | None = None, html: str | None = None, url: str | None = None) -> dict:
    """Analyse one article given as scraped text or HTML (HTML wins when both are given).

    Returns the fields `articles analyze` writes: title, author (list), published_at,
    source, language, body, quotes, entities (type -> canonical names) and entity_details.
    Raises Unprocessable when the body is too long or the analysis runs past its budget.
    """
    result = next(analyze_many([{"text": text, "html": html, "url": url}]))
    if isinstance(result, Unprocessable):
        raise result
    return result


def analyze_many(
    inputs: Iterable[dict], batch_size: int = 16, budget_s: float | None = TIME_BUDGET_S
) -> Iterator[dict | Unprocessable]:
    """Analyse many articles ({text, html, url} each), parsing the bodies in batches; in order.
    An article that cannot be analysed (see limits) is an Unprocessable in its place."""
    inputs = list(inputs)
    budgets = [Budget("html" if i.get("html") else "text", budget_s) for i in inputs]
    cleaned = [_cleaned(i, b) for i, b in zip(inputs, budgets)]
    docs = parse_many((c.body if isinstance(c, Cleaned) else "" for c in cleaned), batch_size=batch_size)
    for article, budget in zip(cleaned, budgets):
        started = time.monotonic()
        doc = next(docs)
        if isinstance(article, Unprocessable):
            yield article
            continue
        try:
            budget.charge(time.monotonic() - started)  # its parse, or the batch it opened
            with budget.runs():
                enriched = enrich_doc(doc)
        except Unprocessable as err:
            yield err
            continue
        yield {**article.as_dict(), **enriched}


def _cleaned(given: dict, budget: Budget) -> Cleaned | Unprocessable:
    try:
        with budget.runs():
            article = clean(given.get("text"), given.get("html"), given.get("url"))
    except Unprocessable as err:
        return err
    if len(article.body) > MAX_BODY_CHARS:
        return BodyTooLong(budget.field, len(article.body))
    return article
