"""Boilerplate removal: the article body and metadata from a scraped page."""

from dataclasses import asdict, dataclass, field

import numpy as np
from lxml.html import HtmlElement

from service.pipeline.clean import context, features, html_context, metadata, model, titles
from service.pipeline.clean import html as htmlpage
from service.pipeline.clean import lines as pagelines
from service.pipeline.clean.furniture import furniture_kind
from service.pipeline.limits import MAX_HTML_ELEMENTS
from service.pipeline.text.characters import readable
from service.pipeline.text.domains import registered_domain
from service.pipeline.text.language import detect_language

MIN_HTML_TEXT = 200  # characters: less main text than this means trafilatura missed the article
# Candidate origins (service.pipeline.clean.titles) -> the title's evidence, most specific first.
_TITLE_EVIDENCE = [
    ("og_title", htmlpage.META),
    ("h1", "h1"),
    ("headline_markup", htmlpage.HEADING),
    ("article_heading", htmlpage.HEADING),
    ("h2", htmlpage.HEADING),
    ("line", metadata.HEADLINE_LINE),
    ("html_title", htmlpage.TRAFILATURA),
    ("page_title_main", metadata.PAGE_TITLE),
]


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


def _title_page(page: features.Reading, p: np.ndarray, html_titles: dict[str, list[str]]) -> titles.Page:
    """What the title model reads of a page, from the body (lines) the first line model's P(body) `p` gives,
    without the sentences it doubts (the model learned on that view: with them, retrained, its
    leave-one-source-out title accuracy fell 0.7392 -> 0.7346) and in `model.body_lines`' title view."""
    body = model.body_lines(page, p, doubted=False, title_view=True)
    first = page.texts.index(body[0]) if body and body[0] in page.texts else page.start
    return titles.Page(
        texts=page.texts,
        body_start=first,
        lead=" ".join(body[: titles.LEAD_LINES]),
        rule_title=page.title,
        anchor=page.anchor,
        furniture={i for i, line in enumerate(page.lines) if line.furniture},
        prose={i for i, line in enumerate(page.lines) if line.prose},
        html_titles=html_titles,
        p_body=p.tolist(),
    )


def _read(raw: str) -> tuple[features.Reading, list[str], np.ndarray]:
    """The page, its body's lines and the first model's P(body), which the title model reads the
    body from: the title model learned on that view (with the second stage's body its
    leave-one-source-out title accuracy fell, dragnet 0.774 -> 0.749). Text that is mostly HTML
    markup is read from its visible text."""
    page = features.read(htmlpage.unmarked(raw))
    first, second = context.probabilities(page)
    if page.plain:  # an article given already clean is all its sentences (`lines.plain_article`)
        return page, [page.texts[i] for i in page.plain[1]], first
    return page, model.body_lines(page, second), first


def title_page(raw: str, html_titles: dict[str, list[str]] | None = None) -> titles.Page:
    """The title model's view of a page (what `articles train-titles` learns from)."""
    page, _, first = _read(raw)
    return _title_page(page, first, html_titles or {})


def _title_evidence(chosen: titles.Candidate) -> str:
    """Where the chosen headline was found, the most specific place first."""
    for origin, evidence in _TITLE_EVIDENCE:
        if origin in chosen.origins:
            return evidence
    return metadata.PAGE_TITLE


def _language(page: features.Reading, body: list[str]) -> str | None:
    """The body's language: the page's, read from its longest lines, when those are the body's;
    else read from the body itself (a blog's longest line can be its archive: "November 2012 (4)
    October 2012 (32) ...", which py3langid reads as Nigerian Pidgin)."""
    if not body:
        return None
    if set(map(page.texts.__getitem__, page.language_lines)) <= set(body):
        return page.language
    return detect_language("\n".join(body))


def _in_plain_body(chosen: titles.Candidate, body: list[int]) -> bool:
    """Whether the headline chosen is a sentence of an article given clean (`lines.plain_article`):
    its first line may still be the headline when it ends in "?" or "!" rather than a full stop."""
    if chosen.index not in body:
        return False
    return chosen.index != body[0] or chosen.text.rstrip("\"”’')").endswith(".")


def clean_text(raw: str, url: str | None = None, html_titles: dict[str, list[str]] | None = None) -> Cleaned:
    """Return the article in `raw` (one block per line) with its metadata: the rules read the
    page, the line model chooses the body; metadata is looked for around the rules' block. The
    headline is the title model's choice among the lines above the body, the page title's parts
    and, from HTML, the page's own titles (`html_titles`), without the outlet's name."""
    page, lines, first = _read(raw)
    outlet, outlet_from = metadata.page_outlet(page.texts, url)  # named by a masthead or copyright line: no headline
    chosen, _ = titles.choose(_title_page(page, first, html_titles or {}), outlet)
    if page.plain and (chosen is None or _in_plain_body(chosen, page.plain[1])):
        # an article given already clean keeps its sentences; its headline is the line above them, if any
        headline = page.plain[0]
        chosen = None if headline is None else titles.Candidate(page.texts[headline], {"line"}, headline)
    if chosen and lines[:1] == [chosen.text]:  # said once
        if len(lines) > 1:
            lines = lines[1:]  # as the title
        else:
            chosen = None  # as the body of a one-line text
    body = "\n".join(lines)
    headline_index = chosen.index if chosen and chosen.index is not None else page.title_index
    authors, author_from = metadata.find_authors(page.texts, page.start, page.end, headline_index)
    published, published_from = metadata.find_published(page.texts, page.start, page.end, url)
    source, source_from = metadata.find_source(
        page.texts, url, page.title, chosen.text if chosen else None, (outlet, outlet_from)
    )
    title = metadata.strip_outlet(chosen.text, source) if chosen else None  # "Headline | Outlet" -> "Headline"
    title_from = _title_evidence(chosen) if chosen else None
    return Cleaned(
        body=body,
        title=title,
        author=authors,
        published_at=published,
        source=source,
        source_domain=registered_domain(url),
        language=_language(page, lines),
        evidence={
            "title": title_from if title else None,
            "author": author_from,
            "published_at": published_from,
            "source": source_from,
        },
    )


def read_html(html: str, url: str | None = None) -> tuple[Cleaned, str, HtmlElement | None]:
    """The page's metadata with trafilatura's main text without furniture lines as its body
    (the plain-text pass over the visible text where trafilatura finds no article),
    trafilatura's own text and the page's lxml tree (None when unreadable; as
    `html.visible_page` leaves it)."""
    doc = htmlpage.extract(html, url)
    paragraphs = [p for p in pagelines.split_lines(doc.text) if not furniture_kind(p)]
    found = sum(map(len, paragraphs)) >= MIN_HTML_TEXT
    tree = htmlpage.parse(html)
    visible, html_titles = htmlpage.visible_page(tree, doc)
    text = clean_text(visible, url, html_titles)
    author = doc.authors or text.author
    published_at, source = doc.published_at or text.published_at, doc.source or text.source
    title = metadata.strip_outlet(text.title, source) if text.title else None
    heading = next((i for i, p in enumerate(paragraphs) if p in (title, text.title)), None)  # said once, as title
    body = "\n".join(p for i, p in enumerate(paragraphs) if i != heading) if found else text.body
    values: dict[str, object] = {"title": title, "author": author, "published_at": published_at, "source": source}
    evidence = {name: doc.evidence.get(name) or text.evidence.get(name) if v else None for name, v in values.items()}
    evidence["title"] = text.evidence["title"]
    cleaned = Cleaned(
        body=body,
        title=title,
        author=author,
        published_at=published_at,
        source=source,
        source_domain=registered_domain(url),
        evidence=evidence,
    )
    return cleaned, doc.text, tree


def clean_html(html: str, url: str | None = None) -> Cleaned:
    """Return the article in an HTML page with its metadata (`read_html`): the HTML block models
    (`html_lines`, then `html_context`) choose the body among the page's blocks, with trafilatura's
    choices among their evidence; the headline is chosen among the page's own titles and its visible text's lines.
    A page of more than MAX_HTML_ELEMENTS elements is cleaned as its visible text: the HTML path
    costs about 0.4 ms an element (100 s for 2 MB of empty paragraphs), the text path a seventh."""
    if htmlpage.element_count(html) > MAX_HTML_ELEMENTS:
        visible, html_titles = htmlpage.visible_text(html)
        return clean_text(visible, url, html_titles)
    cleaned, precision, tree = read_html(html, url)
    cleaned.body = html_context.body(html, precision, cleaned.title, cleaned.body, url, tree)
    cleaned.language = detect_language(cleaned.body)
    return cleaned


def clean(text: str | None = None, html: str | None = None, url: str | None = None) -> Cleaned:
    """Clean one page given as scraped text or HTML (HTML wins when both are given), read without
    the characters no parser can hold (`characters.readable`)."""
    if html:
        return clean_html(readable(html, html=True), url=url)
    return clean_text(readable(text or ""), url=url)
