"""HTML input: trafilatura finds the main text and the page's metadata; the publication time
comes from the page's own structured data when it gives one."""

import re
from dataclasses import dataclass, field

import trafilatura
from lxml import html as lxml_html

from service.pipeline.text.dates import find_date
from service.pipeline.text.domains import host_of
from service.pipeline.vocabulary import entries

# <meta> names and JSON-LD keys that carry the publication timestamp with its time and zone.
_PUBLISHED_KEYS = entries("published_time_keys")
_META = re.compile(r"<meta\b[^<>]*>", re.I)  # not past the next tag: one pass over the page
_META_KEY = re.compile(r"\b(?:property|name|itemprop)\s*=\s*[\"']([^\"']+)[\"']", re.I)
_META_CONTENT = re.compile(r"\bcontent\s*=\s*[\"']([^\"']+)[\"']", re.I)
_JSON_LD_DATE = re.compile(r"\"datePublished\"\s*:\s*\"([^\"]+)\"")


@dataclass
class HtmlDocument:
    """What trafilatura made of a page: main text (one paragraph a line) and metadata."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    source: str | None = None


def _meta(html: str) -> dict[str, str]:
    """<meta> name (lower-cased) -> content, the first of each name."""
    found: dict[str, str] = {}
    for tag in _META.findall(html):
        key, content = _META_KEY.search(tag), _META_CONTENT.search(tag)
        if key and content:
            found.setdefault(key[1].lower(), content[1])
    return found


def published_time(html: str, meta: dict[str, str] | None = None) -> str | None:
    """The publication timestamp the page declares in <meta> tags or JSON-LD, as ISO 8601."""
    found = _meta(html) if meta is None else meta
    candidates = [found[k] for k in _PUBLISHED_KEYS if k in found] + _JSON_LD_DATE.findall(html)
    return next((iso for iso in map(find_date, candidates) if iso), None)


def site_name(meta: dict[str, str], sitename: str | None, url: str | None) -> str | None:
    """The site's own name: og:site_name first (trafilatura prefers a longer JSON-LD publisher,
    often the owning company), else trafilatura's, unless that is only the URL's host."""
    name = (meta.get("og:site_name") or sitename or "").strip()
    host = host_of(url)
    return None if not name or (host and name.lower().removeprefix("www.") == host) else name


def extract(html: str, url: str | None = None) -> HtmlDocument:
    """Main text and metadata of an HTML page; the text is empty when trafilatura finds none."""
    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    meta = _meta(html)
    if result is None or isinstance(result, dict):  # a dict only with as_dict=True
        return HtmlDocument(text="", published_at=published_time(html, meta), source=site_name(meta, None, url))
    authors = [a.strip() for a in (result.author or "").split(";") if a.strip()]
    return HtmlDocument(
        text=result.text or "",
        title=result.title or None,
        authors=authors,
        published_at=published_time(html, meta) or result.date or None,
        source=site_name(meta, result.sitename, url),
    )


_BLOCK_TAGS = (
    "p",
    "div",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "br",
    "tr",
    "td",
    "th",
    "section",
    "article",
    "header",
    "footer",
    "nav",
    "aside",
    "blockquote",
    "figure",
    "figcaption",
    "title",
    "main",
    "form",
    "button",
    "dd",
    "dt",
    "pre",
)


def visible_text(html: str) -> str:
    """The page's visible text, one block per line, as a scraper would hand it over."""
    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return ""
    for hidden in tree.xpath("//script|//style|//noscript|//template|//svg"):
        hidden.drop_tree()
    for block in tree.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
        block.text = "\n" + (block.text or "")
    return tree.text_content()
