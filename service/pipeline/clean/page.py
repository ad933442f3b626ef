"""Boilerplate removal: the article body and metadata from a scraped page."""

from dataclasses import asdict, dataclass, field

from service.pipeline.clean import html as htmlpage
from service.pipeline.clean import lines as pagelines
from service.pipeline.clean import metadata
from service.pipeline.clean.furniture import furniture_kind
from service.pipeline.text.domains import registered_domain
from service.pipeline.text.language import detect_language, script_of, stopwords

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


def _language_sample(texts: list[str], size: int = 600) -> str:
    """The longest lines up to about `size` characters: where a page's prose usually is."""
    sample, total = [], 0
    for text in sorted(texts, key=len, reverse=True):
        sample.append(text)
        total += len(text)
        if total >= size:
            break
    return "\n".join(sample)


def clean_text(raw: str, url: str | None = None) -> Cleaned:
    """Return the article in `raw` (one block per line) with its metadata."""
    texts = pagelines.split_lines(raw)
    sample = _language_sample(texts)
    lang = detect_language(sample)
    lines = pagelines.describe(texts, stopwords(lang), script_of(sample))
    pagelines.resolve_context(lines)
    anchor = metadata.title_anchor(texts)
    start, end = pagelines.main_block(lines, anchor)
    furniture = {i for i, line in enumerate(lines) if line.furniture}
    title, _ = metadata.find_title(texts, start, anchor, furniture)
    authors, _ = metadata.find_authors(texts, start, end)
    body = "\n".join(pagelines.body_lines(lines, pagelines.dateline_start(lines, start, end), end, title))
    if not body:  # no run of content long enough for a page: a short text of plain prose is the article
        body = "\n".join(line.text for line in lines if line.prose and not line.furniture)
    return Cleaned(
        body=body,
        title=title,
        author=authors,
        published_at=metadata.find_published(texts, start, end, url),
        source=metadata.find_source(texts, url, title),
        source_domain=registered_domain(url),
        language=lang if body else None,
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
