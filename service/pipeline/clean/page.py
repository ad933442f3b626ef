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
    # field (title, author, published_at, source) -> where its value was found; None when there is none
    evidence: dict[str, str | None] = field(default_factory=dict)

    def as_dict(self) -> dict:
        return asdict(self)


def clean_text(raw: str, url: str | None = None) -> Cleaned:
    """Return the article in `raw` (one block per line) with its metadata: the rules read the
    page, the line model chooses the body; metadata is looked for around the rules' block."""
    page = features.read(raw)
    body = "\n".join(model.body_lines(page, model.line_model().probabilities(features.matrix(page))))
    authors, author_from = metadata.find_authors(page.texts, page.start, page.end, page.title_index)
    published, published_from = metadata.find_published(page.texts, page.start, page.end, url)
    source, source_from = metadata.find_source(page.texts, url, page.title)
    title_from = metadata.HEADLINE_LINE if page.title_index is not None else metadata.PAGE_TITLE
    return Cleaned(
        body=body,
        title=page.title,
        author=authors,
        published_at=published,
        source=source,
        source_domain=registered_domain(url),
        language=page.language if body else None,
        evidence={
            "title": title_from if page.title else None,
            "author": author_from,
            "published_at": published_from,
            "source": source_from,
        },
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
    title = metadata.strip_outlet(doc.title, doc.source or fallback.source) if doc.title else fallback.title
    body = "\n".join(p for p in paragraphs if p != title) if found else fallback.body
    author = doc.authors or fallback.author
    published_at, source = doc.published_at or fallback.published_at, doc.source or fallback.source
    values: dict[str, object] = {"title": title, "author": author, "published_at": published_at, "source": source}
    evidence = {
        name: doc.evidence.get(name) or fallback.evidence.get(name) if v else None for name, v in values.items()
    }
    return Cleaned(
        body=body,
        title=title,
        author=author,
        published_at=published_at,
        source=source,
        source_domain=registered_domain(url),
        language=detect_language(body),
        evidence=evidence,
    )


def clean(text: str | None = None, html: str | None = None, url: str | None = None) -> Cleaned:
    """Clean one page given as scraped text or HTML (HTML wins when both are given)."""
    return clean_html(html, url=url) if html else clean_text(text or "", url=url)
