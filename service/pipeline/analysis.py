"""The one entry point of the pipeline: clean, then enrich."""
from service.pipeline.clean import Cleaned, clean_html, clean_text
from service.pipeline.enrich import enrich


def analyze(text: str | None = None, html: str | None = None, url: str | None = None) -> dict:
    """Analyse one article given as scraped text or HTML (HTML wins when both are given).

    Returns the fields `articles analyze` writes: title, author (list), published_at,
    source, language, body, quotes, entities (type -> canonical names) and entity_details.
    """
    cleaned: Cleaned = clean_html(html, url=url) if html else clean_text(text or "", url=url)
    return {**cleaned.as_dict(), **enrich(cleaned.body)}
