"""The one entry point of the pipeline: clean, then enrich."""

from collections.abc import Iterable, Iterator

from service.pipeline.clean.page import Cleaned, clean_html, clean_text
from service.pipeline.enrich.article import enrich_doc
from service.pipeline.enrich.nlp import parse_many


def analyze(text: str | None = None, html: str | None = None, url: str | None = None) -> dict:
    """Analyse one article given as scraped text or HTML (HTML wins when both are given).

    Returns the fields `articles analyze` writes: title, author (list), published_at,
    source, language, body, quotes, entities (type -> canonical names) and entity_details.
    """
    return next(analyze_many([{"text": text, "html": html, "url": url}]))


def analyze_many(inputs: Iterable[dict], batch_size: int = 16) -> Iterator[dict]:
    """Analyse many articles ({text, html, url} each), parsing the bodies in batches; in order."""
    cleaned: list[Cleaned] = [
        clean_html(i["html"], url=i.get("url")) if i.get("html") else clean_text(i.get("text") or "", url=i.get("url"))
        for i in inputs
    ]
    for article, doc in zip(cleaned, parse_many((c.body for c in cleaned), batch_size=batch_size)):
        yield {**article.as_dict(), **enrich_doc(doc)}
