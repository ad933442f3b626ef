"""The one entry point of the pipeline: clean, then enrich."""

import logging
import time
from collections.abc import Iterable, Iterator
from functools import cache
from html import escape

from service.pipeline.clean.page import Cleaned, clean
from service.pipeline.enrich.article import enrich_doc
from service.pipeline.enrich.entities import Entities
from service.pipeline.enrich.nlp import parse_many, token_count
from service.pipeline.limits import (
    MAX_BODY_CHARS,
    MAX_BODY_TOKENS,
    TIME_BUDGET_S,
    AnalysisFailed,
    BodyTooLong,
    Budget,
    TooManyTokens,
    Unprocessable,
)
from service.pipeline.text.language import folded_words, stopwords

log = logging.getLogger(__name__)

# English stopwords per word of a body the English model reads whatever its reported language: the
# dev bodies in English hold 0.26-0.69, those in other languages 0.00-0.14 (1,365 pages).
ENGLISH_WORD_SHARE = 0.2
ENGLISH_SAMPLE_CHARS = 3000

# A short article of our own that reaches every model and table the analysis reads (see `load_models`).
_SAMPLE = (
    "Harbour board approves new ferry route\n"
    "By Maria Lindqvist\n"
    "March 4, 2024\n"
    "OSLO — The Norwegian Ferry Company will start a route to Bergen in May, its director said.\n"
    '"We expect ten thousand passengers a month," said Erik Haugen, who runs the company.\n'
    "Share this article\n"
)


@cache
def load_models() -> None:
    """Load the language model and every lazily read model, word list and table of the analysis,
    by analysing a short sample as text and as HTML: a worker's first article pays for no loading.
    Once a process: a process forked after it (a pool's worker) finds everything loaded."""
    analyze(_SAMPLE, url="https://news.example.com/2024/03/04/ferry-route")
    analyze(html="<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in _SAMPLE.splitlines()) + "</body></html>")


def analyze(text: str | None = None, html: str | None = None, url: str | None = None) -> dict:
    """Analyse one article given as scraped text or HTML (HTML wins when both are given).

    Returns the fields `articles analyze` writes: title, author (list), published_at,
    source, language, body, quotes, entities (type -> canonical names) and entity_details.
    Raises Unprocessable when the body is too long (characters or tokens) or the analysis runs past
    its budget.
    """
    result = next(analyze_many([{"text": text, "html": html, "url": url}]))
    if isinstance(result, Unprocessable):
        raise result
    return result


def analyze_many(
    inputs: Iterable[dict], batch_size: int = 16, budget_s: float | None = TIME_BUDGET_S
) -> Iterator[dict | Unprocessable]:
    """Analyse many articles ({text, html, url} each), parsing the bodies in batches; in order.
    An article that cannot be analysed (see limits) is an Unprocessable in its place; one whose
    analysis fails on a fault of ours an AnalysisFailed, the others analysed one at a time after it."""
    inputs, done = list(inputs), 0
    try:
        for result in _batched(inputs, batch_size, budget_s):
            yield result
            done += 1
        return
    except Exception:
        log.exception("a batch's analysis failed: its articles from number %d on are analysed one by one", done + 1)
    for given in inputs[done:]:
        yield _alone(given, budget_s)


def _alone(given: dict, budget_s: float | None) -> dict | Unprocessable:
    """One article's analysis, or AnalysisFailed (its traceback logged) when it fails on a fault of ours."""
    try:
        return next(_batched([given], 1, budget_s))
    except Exception as error:
        log.exception("the analysis of an article failed (url %s)", given.get("url"))
        return AnalysisFailed("html" if given.get("html") else "text", error)


def _batched(inputs: list[dict], batch_size: int, budget_s: float | None) -> Iterator[dict | Unprocessable]:
    """The analyses of `inputs`, cleaned first, then parsed in batches and enriched in order. A
    body the English model cannot read (`in_english`) is not parsed: no quotes, no entities."""
    budgets = [Budget("html" if i.get("html") else "text", budget_s) for i in inputs]
    cleaned = [_cleaned(i, b) for i, b in zip(inputs, budgets)]
    english = [isinstance(c, Cleaned) and in_english(c) for c in cleaned]
    bodies = (c.body if isinstance(c, Cleaned) and read else "" for c, read in zip(cleaned, english))
    docs = parse_many(bodies, batch_size=batch_size, max_tokens=MAX_BODY_TOKENS)
    for article, budget, read in zip(cleaned, budgets, english):
        started = time.monotonic()
        doc = next(docs)
        if isinstance(article, Unprocessable):
            yield article
            continue
        tokens = len(doc) if read else token_count(article.body)  # one limit, whether parsed or not
        if tokens > MAX_BODY_TOKENS:  # tokenized, not parsed
            yield TooManyTokens(budget.field, tokens)
            continue
        if not read:
            yield {**article.as_dict(), "quotes": [], "entities": Entities([]).names(), "entity_details": []}
            continue
        try:
            budget.charge(time.monotonic() - started)  # its parse, or the batch it opened
            with budget.runs():
                enriched = enrich_doc(doc)
        except Unprocessable as err:
            yield err
            continue
        yield {**article.as_dict(), **enriched}


def in_english(article: Cleaned) -> bool:
    """Whether the English language model can read the body: it is English, or it is written with
    English's function words (a page whose language py3langid misread). Quotes and entities of a
    German or Chinese body read by it would be mostly wrong ("Der Winterdienst" a person)."""
    if article.language in (None, "en"):
        return True
    words = folded_words(article.body[:ENGLISH_SAMPLE_CHARS])
    return sum(map(stopwords("en").__contains__, words)) >= ENGLISH_WORD_SHARE * len(words)


def _cleaned(given: dict, budget: Budget) -> Cleaned | Unprocessable:
    try:
        with budget.runs():
            article = clean(given.get("text"), given.get("html"), given.get("url"))
    except Unprocessable as err:
        return err
    if len(article.body) > MAX_BODY_CHARS:
        return BodyTooLong(budget.field, len(article.body))
    return article
