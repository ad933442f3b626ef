"""An HTML page as text blocks: one block per block-level element's own text (as a scraper's
visible text gives it, one block a line), each with what the markup says about it: its element,
depth, the share of its text inside links, and which generic words (`dom_words`) the class and
id attributes of it and its ancestors contain."""

import re
from dataclasses import dataclass
from functools import lru_cache

from lxml import etree
from lxml import html as lxml_html

from service.pipeline.vocabulary import entries

# Elements that start a new block; their text and their inline children's text make one block.
BLOCK_TAGS = frozenset(
    "p div li ul ol dl dd dt h1 h2 h3 h4 h5 h6 br hr tr td th table tbody thead tfoot caption section article "
    "header footer nav aside blockquote figure figcaption title main form button pre address center fieldset "
    "legend details summary option label".split()
)
# Elements whose text no reader sees (the visible text drops them too: `html.visible_page`); a formula's
# <math> holds its TeX ("{\\displaystyle A}").
HIDDEN = ("script", "style", "noscript", "template", "svg", "math")
SKIPPED = frozenset([*HIDDEN, *"iframe object embed select textarea head".split()])
TAGS = ("p", "div", "li", "td", "h1", "h2", "h3", "h4", "blockquote", "pre", "span", "a", "title", "dd", "dt")
LANDMARKS = ("article", "main", "nav", "header", "footer", "aside", "form", "li", "table", "blockquote", "figure")
WORDS = entries("dom_words")
_TOKEN = re.compile(r"[a-z]+")
_NONE: frozenset[str] = frozenset()


@dataclass
class Block:
    """One text block and its place in the markup."""

    text: str
    tag: str  # the block-level element the text belongs to
    depth: int
    link_chars: int  # characters of the text inside <a>
    landmarks: frozenset[str]  # LANDMARKS among the element and its ancestors
    words: frozenset[str]  # WORDS found in the class/id tokens of the element and its ancestors
    path: tuple[int, ...] = ()  # ids of the block-level elements holding the text, outermost first


def _attribute_words(element) -> frozenset[str]:
    attributes = f"{element.get('class', '')} {element.get('id', '')}".lower()
    return _words_in(attributes) if attributes.strip() else _NONE


@lru_cache(maxsize=4096)
def _words_in(attributes: str) -> frozenset[str]:
    """WORDS in the tokens of class and id values (a word of three letters or less only as a whole token)."""
    tokens = _TOKEN.findall(attributes)
    return frozenset(w for w in WORDS if any(w in t if len(w) > 3 else t in (w, w + "s") for t in tokens))


_Owner = tuple[str, int, frozenset[str], frozenset[str], tuple[int, ...]]  # tag, depth, landmarks, words, path
_TOP: _Owner = ("div", 0, frozenset(), frozenset(), ())


class _Walk:
    """Collects the blocks of one tree in document order."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.parts: list[str] = []
        self.links = 0
        self.owner = _TOP
        self.elements = 0  # block-level elements met so far: the next one's id

    def add(self, text: str | None, in_link: bool) -> None:
        if text:
            self.parts.append(text)
            if in_link:
                self.links += len(" ".join(text.split()))

    def flush(self) -> None:
        text = " ".join("".join(self.parts).split())
        if text:
            tag, depth, landmarks, found, path = self.owner
            self.blocks.append(Block(text, tag, depth, min(self.links, len(text)), landmarks, found, path))
        self.parts, self.links = [], 0

    def walk(self, element, owner: _Owner, depth: int, in_link: bool) -> None:
        """Walk `element` inside block `owner`; `in_link` when it stands inside an <a>."""
        tag = element.tag if isinstance(element.tag, str) else ""
        if tag and tag not in SKIPPED:
            owner_tag, owner_depth, landmarks, found, path = owner
            landmarks = landmarks | ({tag} if tag in LANDMARKS else set())
            inner = (owner_tag, owner_depth, landmarks, found | _attribute_words(element), path)
            inside_link = in_link or tag == "a"
            if tag in BLOCK_TAGS:
                self.flush()
                inner = (tag, depth, inner[2], inner[3], (*path, self.elements))
                self.elements += 1
                self.owner = inner
            self.add(element.text, inside_link)
            for child in element:
                self.walk(child, inner, depth + 1, inside_link)
            if tag in BLOCK_TAGS:
                self.flush()
                self.owner = owner
        self.add(element.tail, in_link)  # a tail stands outside its element


def page_blocks(page: str | lxml_html.HtmlElement | None) -> list[Block]:
    """The text blocks of a page (its HTML, or its parsed tree) in document order (the <title>
    first when there is one)."""
    try:
        tree = lxml_html.fromstring(page) if isinstance(page, str) else page
    except (ValueError, etree.ParserError):
        return []
    if tree is None:
        return []
    walk = _Walk()
    title = tree.find(".//title")
    if title is not None:
        walk.owner = ("title", 1, frozenset(), frozenset(), ())
        walk.add(title.text_content(), False)
        walk.flush()
        walk.owner = _TOP
    walk.walk(tree, _TOP, 0, False)
    walk.flush()
    return walk.blocks
