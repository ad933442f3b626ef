"""Boilerplate removal: the article body and metadata from a scraped page."""

from dataclasses import asdict, dataclass, field

from service.pipeline.clean import features, metadata, model
from service.pipeline.clean import html as htmlpage
from service.pipeline.clean import lines as pagelines
from service.pipeline.clean.furniture import furniture_kind
from service.pipeline.text.domains import registered_domain
from service.pipeline.text.language import detect_language

MIN_HTML_TEXT = 200  # characters: less main text than this means trafilatura missed the article


@dataclass
class Cleaned:
    body: str
    title: str | None = None
    author: list[str] = field(default_factory=list)
    published_at: str | None = None
    source: str | None = None
    source_domain: str | None = None
    language: str | None = None

    def as_dict(self) -> dict:
        return asdict(self)


def clean_text(raw: str, url: str | None = None) -> Cleaned:
    """Return the article in `raw` (one block per line) with its metadata: the rules read the
    page, the line model chooses the body; metadata is looked for around the rules' block."""
    page = features.read(raw)
    body = "\n".join(model.body_lines(page, model.line_model().probabilities(features.matrix(page))))
    authors, _ = metadata.find_authors(page.texts, page.start, page.end)
    return Cleaned(
        body=body,
        title=page.title,
        author=authors,
        published_at=metadata.find_published(page.texts, page.start, page.end, url),
        source=metadata.find_source(page.texts, url, page.title),
        source_domain=registered_domain(url),
        language=page.language if body else None,
    )


def clean_html(html: str, url: str | None = None) -> Cleaned:
    """Return the article in an HTML page: trafilatura's main text without furniture lines, and
    its metadata. Where it finds no article or misses a field, the plain-text pass over the
    page's visible text stands in."""
    doc = htmlpage.extract(html, url)
    paragraphs = [p for p in pagelines.split_lines(doc.text) if not furniture_kind(p)]
    found = sum(map(len, paragraphs)) >= MIN_HTML_TEXT
    fallback = Cleaned(body="")
    if not (found and doc.title and doc.authors and doc.published_at and doc.source):
        fallback = clean_text(htmlpage.visible_text(html), url)
    source = doc.source or fallback.source
    title = metadata.strip_outlet(doc.title, source) if doc.title else fallback.title
    body = "\n".join(p for p in paragraphs if p != title) if found else fallback.body
    return Cleaned(
        body=body,
        title=title,
        author=doc.authors or fallback.author,
        published_at=doc.published_at or fallback.published_at,
        source=source,
        source_domain=registered_domain(url),
        language=detect_language(body),
    )


def clean(text: str | None = None, html: str | None = None, url: str | None = None) -> Cleaned:
    """Clean one page given as scraped text or HTML (HTML wins when both are given)."""
    return clean_html(html, url=url) if html else clean_text(text or "", url=url)
