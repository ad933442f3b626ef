"""HTML input: trafilatura finds the main text and the page's metadata; the publication time
comes from the page's own structured data when it gives one. Each metadata value comes with where
it was found: "meta" (a <meta> tag), "json-ld" (structured data), else "trafilatura" (its reading
of the page's markup and text)."""

import re
from dataclasses import dataclass, field
from html import unescape

import trafilatura
from lxml import html as lxml_html

from service.pipeline.clean.blocks import HIDDEN
from service.pipeline.text.characters import readable
from service.pipeline.text.dates import find_date
from service.pipeline.text.domains import host_of
from service.pipeline.vocabulary import entries

# <meta> names and JSON-LD keys that carry the publication timestamp with its time and zone.
_PUBLISHED_KEYS = entries("published_time_keys")
_META = re.compile(r"<meta\b[^<>]*>", re.I)  # not past the next tag: one pass over the page
_META_KEY = re.compile(r"\b(?:property|name|itemprop)\s*=\s*[\"']([^\"']+)[\"']", re.I)
_META_CONTENT = re.compile(r"\bcontent\s*=\s*[\"']([^\"']+)[\"']", re.I)
_JSON_LD_DATE = re.compile(r"\"datePublished\"\s*:\s*\"([^\"]+)\"")
_JSON_LD = re.compile(r"<script[^<>]*application/ld\+json[^<>]*>(.*?)</script>", re.I | re.S)
META, JSON_LD, TRAFILATURA = "meta", "json-ld", "trafilatura"
# The day trafilatura gives a page that shows only a year ("© 2026"): no date of the article.
YEAR_ONLY = "-01-01"
HEADING = "heading"  # a title's evidence: an <h2>, a heading inside <article>, an element marked as the headline
_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>")
_START_TAG = re.compile(r"<[a-zA-Z]")
MARKUP_TAGS = 20  # a text with fewer tags than this is text
MARKUP_SHARE = 0.5  # share of a text's characters inside tags from which it is markup
HEADINGS = 3  # <h1>s, <h2>s and elements marked as the headline offered to the title model, each
_CAMEL = re.compile(r"([a-z])([A-Z])")
_HEADLINE_MARK = re.compile(
    r"(?<![a-z])(?:"
    + "|".join(r"[\W_]*".join(map(re.escape, phrase.split())) for phrase in entries("headline_markup"))
    + r")(?![a-z])"
)
# The first headings of the page's first <article> or <main> (or role="main").
_ARTICLE_HEADING = "(//article|//main|//*[@role='main'])[1]//*[self::h1 or self::h2 or self::h3]"


@dataclass
class HtmlDocument:
    """What trafilatura made of a page: main text (one paragraph a line) and metadata."""

    text: str
    title: str | None = None
    authors: list[str] = field(default_factory=list)
    published_at: str | None = None
    source: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)  # field -> where its value was found
    og_title: str | None = None  # the page's <meta property="og:title">, for the title model


def _meta(html: str) -> dict[str, str]:
    """<meta> name (lower-cased) -> content, the first of each name."""
    found: dict[str, str] = {}
    for tag in _META.findall(html):
        key, content = _META_KEY.search(tag), _META_CONTENT.search(tag)
        if key and content:
            found.setdefault(key[1].lower(), content[1])
    return found


def published_time(html: str, meta: dict[str, str] | None = None) -> tuple[str | None, str | None]:
    """The publication timestamp the page declares in <meta> tags or JSON-LD, as ISO 8601, and which."""
    found = _meta(html) if meta is None else meta
    candidates = [(found[k], META) for k in _PUBLISHED_KEYS if k in found]
    candidates += [(value, JSON_LD) for value in _JSON_LD_DATE.findall(html)]
    dated = ((find_date(value, month_first=True), where) for value, where in candidates)
    return next(((iso, where) for iso, where in dated if iso), (None, None))


def origin(html: str, meta: dict[str, str], value: str) -> str:
    """Where trafilatura's `value` stands in the page: a <meta> tag, JSON-LD, else its own reading."""
    key = value.strip().lower()
    if any(key in content.lower() for content in meta.values()):
        return META
    return JSON_LD if any(key in block.lower() for block in _JSON_LD.findall(html)) else TRAFILATURA


def site_name(meta: dict[str, str], sitename: str | None, url: str | None) -> tuple[str | None, str | None]:
    """The site's own name: og:site_name first (trafilatura prefers a longer JSON-LD publisher,
    often the owning company), else trafilatura's, unless that is only the URL's host; and whose."""
    own = (meta.get("og:site_name") or "").strip()
    name = own or (sitename or "").strip()
    host = host_of(url)
    if not name or (host and name.lower().removeprefix("www.") == host):
        return None, None
    return name, META if own else TRAFILATURA


def extract(html: str, url: str | None = None) -> HtmlDocument:
    """Main text and metadata of an HTML page; the text is empty when trafilatura finds none."""
    result = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, include_comments=False, favor_precision=True
    )
    meta = _meta(html)
    og_title = unescape(og) if (og := meta.get("og:title", "")).strip() else None
    published, published_from = published_time(html, meta)
    if result is None or isinstance(result, dict):  # a dict only with as_dict=True
        source, source_from = site_name(meta, None, url)
        evidence = {"published_at": published_from, "source": source_from}
        return HtmlDocument(
            text="",
            published_at=published,
            source=source,
            evidence={k: v for k, v in evidence.items() if v},
            og_title=og_title,
        )
    authors = [a.strip() for a in (result.author or "").split(";") if a.strip()]
    source, source_from = site_name(meta, result.sitename, url)
    if source_from == TRAFILATURA and source:
        source_from = origin(html, meta, source)
    if not published and result.date and not result.date.endswith(YEAR_ONLY):
        published, published_from = result.date, TRAFILATURA
    evidence = {
        "title": origin(html, meta, result.title) if result.title else None,
        "author": origin(html, meta, authors[0]) if authors else None,
        "published_at": published_from,
        "source": source_from,
    }
    return HtmlDocument(
        text=result.text or "",
        title=result.title or None,
        authors=authors,
        published_at=published,
        source=source,
        evidence={k: v for k, v in evidence.items() if v},
        og_title=og_title,
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


def unmarked(raw: str) -> str:
    """`raw` as given, unless it is mostly HTML markup (a scraper that handed over the page's
    source as its text: MARKUP_SHARE of its characters in MARKUP_TAGS or more tags); then its
    visible text, one block per line (read without the characters lxml cannot hold, as HTML is)."""
    if raw.count("<") < MARKUP_TAGS:
        return raw
    tags = _TAG.findall(raw)
    if len(tags) < MARKUP_TAGS or sum(map(len, tags)) < MARKUP_SHARE * len(raw):
        return raw
    return visible_text(readable(raw, html=True))[0]


def element_count(html: str) -> int:
    """How many elements the page opens (its start tags), without parsing it."""
    return len(_START_TAG.findall(html))


def visible_text(html: str) -> tuple[str, dict[str, list[str]]]:
    """`visible_page` without trafilatura's reading: the visible text and the page's own headlines."""
    return visible_page(html, HtmlDocument(text=""))


def parse(html: str) -> lxml_html.HtmlElement | None:
    """The page's lxml tree; None when lxml cannot read it."""
    try:
        return lxml_html.fromstring(html)
    except (ValueError, lxml_html.etree.ParserError):
        return None


def _texts(elements: list[lxml_html.HtmlElement], limit: int) -> list[str]:
    """The first `limit` distinct non-empty texts of `elements`, spaces collapsed."""
    found = dict.fromkeys(t for e in elements if (t := " ".join(e.text_content().split())))
    return list(found)[:limit]


def _marked_headline(element: lxml_html.HtmlElement) -> bool:
    """Whether the element's class, id or itemprop names it the headline ("entry-title",
    "postTitle", itemprop="headline"; `data/vocabulary/headline_markup.txt`)."""
    marks = " ".join(element.get(a, "") for a in ("class", "id", "itemprop"))
    return bool(_HEADLINE_MARK.search(_CAMEL.sub(r"\1 \2", marks).lower()))


def markup_titles(tree: lxml_html.HtmlElement) -> dict[str, list[str]]:
    """The page's headlines by markup: the first <h1>s and <h2>s, the elements marked as the headline
    by class, id or itemprop, and the first headings inside <article> or <main>."""
    marked = [e for e in tree.xpath("//*[@class or @id or @itemprop]") if _marked_headline(e)]
    return {
        "h1": _texts(list(tree.iter("h1")), HEADINGS),
        "h2": _texts(list(tree.iter("h2")), HEADINGS),
        "headline_markup": _texts(marked, HEADINGS),
        "article_heading": _texts(tree.xpath(_ARTICLE_HEADING), 2),
    }


def visible_page(page: str | lxml_html.HtmlElement | None, doc: HtmlDocument) -> tuple[str, dict[str, list[str]]]:
    """From one parse of the page (its HTML, or its tree, which this changes: hidden elements go,
    block elements get line breaks; what `blocks.page_blocks` reads stays): its visible text, one
    block per line, as a scraper would hand it over; and its own headlines for the title model
    (og:title, trafilatura's title and `markup_titles`)."""
    titles: dict[str, list[str]] = {
        "og_title": [doc.og_title] if doc.og_title else [],
        "h1": [],
        "html_title": [doc.title] if doc.title else [],
    }
    tree = parse(page) if isinstance(page, str) else page
    if tree is None:
        return "", titles
    titles |= markup_titles(tree)
    for hidden in tree.xpath("|".join(f"//{tag}" for tag in HIDDEN)):
        hidden.drop_tree()
    for block in tree.iter(*_BLOCK_TAGS):
        block.tail = "\n" + (block.tail or "")
        block.text = "\n" + (block.text or "")
    return tree.text_content(), titles
