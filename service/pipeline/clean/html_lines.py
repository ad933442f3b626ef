"""The HTML line model: the page's text blocks (`blocks.page_blocks`) read as lines by the rules,
one feature row per block (the text line model's features, what the markup says about the block,
and whether trafilatura with `favor_precision` and with its default settings kept its text),
gradient-boosted trees (`data/html_model.npz`, written by `clean.html_train`) saying how likely
each block is body, and the body decoded from them as the text model decodes lines.

A body under GUARD of the one trafilatura's own choice gives (`fallback`) yields to that one:
chosen by the leave-one-source-out mean (cut-short pages: long lists and tables trafilatura keeps)."""

import math
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache

import numpy as np
import trafilatura
from lxml.html import HtmlElement

from service.pipeline.clean import features, model, windows
from service.pipeline.clean.blocks import LANDMARKS, TAGS, WORDS, Block, page_blocks
from service.pipeline.text.language import folded_words

MODEL_FILE = "html_model.npz"
GUARD = 0.5  # share of the fallback body's characters the model's body must reach
RESCUE = 0.15  # P(body) from which a doubted block of the run is kept when its neighbours vouch for it
# Furniture kinds a body's run may hold that stay out unless the model is sure of them: the text
# model's, and share prompts inside the article's container ("Share this article"; held out by
# source identical, and the text path's bodies, which the title model learns from, unchanged)
INLINE_FURNITURE = model.INLINE_FURNITURE | {"share"}

EXTRACTIONS = ("precision", "default")  # trafilatura's settings whose choices are features
OWN = [
    "log_depth",
    "link_share",
    "other_tag",
    *[f"tag_{t}" for t in TAGS],
    *[f"in_{t}" for t in LANDMARKS],
    *[f"word_{w}" for w in WORDS],
    *[f"{e}_{m}" for e in EXTRACTIONS for m in ("inside", "shingles")],
]
NEIGHBOUR = ["link_share", *[f"{e}_{m}" for e in EXTRACTIONS for m in ("inside", "shingles")]]
OFFSETS = (-2, -1, 1, 2)
WINDOWS = (5, 20)
PAGE = [*[f"{e}_log_chars" for e in EXTRACTIONS], *[f"{e}_share" for e in EXTRACTIONS]]
DOM = OWN + [f"{n}@{o}" for o in OFFSETS for n in NEIGHBOUR] + [f"win{w}_{n}" for w in WINDOWS for n in NEIGHBOUR]
FEATURES = tuple(features.BASE) + tuple(f"html_{n}" for n in DOM + PAGE)
_COL = {name: j for j, name in enumerate(OWN)}
_PRECISION_INSIDE = FEATURES.index("html_precision_inside")  # trafilatura's precise text holds the block whole


def _grams(tokens: list[str], n: int = 4) -> set[tuple[str, ...]]:
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def kept(texts: list[str], extracted: str) -> np.ndarray:
    """Per text: whether `extracted` holds it word for word (every 4-word shingle of it; a text
    under four words as a whole), and the share of its 4-word shingles it holds."""
    tokens = folded_words(extracted)
    grams = {n: _grams(tokens, n) for n in range(1, 5)}
    out = np.zeros((len(texts), 2), dtype=np.float32)
    for i, text in enumerate(texts):
        own = folded_words(text)
        if len(own) < 4:
            out[i] = [bool(own) and tuple(own) in grams[len(own)]] * 2
            continue
        shingles = _grams(own)
        share = sum(g in grams[4] for g in shingles) / len(shingles)
        out[i] = share == 1.0, share
    return out


def _own(block: Block) -> list[float]:
    chars = len(block.text) or 1
    return [
        math.log1p(block.depth),
        block.link_chars / chars,
        block.tag not in TAGS,
        *[block.tag == t for t in TAGS],
        *[t in block.landmarks for t in LANDMARKS],
        *[w in block.words for w in WORDS],
    ]


def matrix(page: features.Reading, found: list[Block], extractions: dict[str, str]) -> np.ndarray:
    """One row of FEATURES per block (`page` is the blocks' texts read by the rules, one a line)."""
    n = len(found)
    if not n:
        return np.zeros((0, len(FEATURES)), dtype=np.float32)
    texts = [b.text for b in found]
    own = np.hstack(
        [np.array([_own(b) for b in found], dtype=np.float32)] + [kept(texts, extractions[e]) for e in EXTRACTIONS]
    )
    parts = [features.base_matrix(page), own]
    reach = max(OFFSETS)
    chosen = own[:, [_COL[c] for c in NEIGHBOUR]]
    pad = np.zeros((reach, len(NEIGHBOUR)), dtype=np.float32)
    padded = np.vstack([pad, chosen, pad])
    parts += [padded[reach + o : reach + o + n] for o in OFFSETS]
    parts += [windows.means(chosen, w) for w in WINDOWS]
    page_chars = sum(map(len, texts)) or 1
    sizes = [len(" ".join(extractions[e].split())) for e in EXTRACTIONS]
    row = [math.log1p(s) for s in sizes] + [s / page_chars for s in sizes]
    parts.append(np.tile(np.array(row, dtype=np.float32), (n, 1)))
    return np.hstack(parts)


@dataclass
class Blocks:
    """A page's blocks read by the rules (one a line) and their feature rows."""

    reading: features.Reading
    x: np.ndarray
    titled: bool  # the first block is the page's <title>: never body
    blocks: list[Block] = field(default_factory=list)  # the markup of each line


def read(html: str, precision: str, url: str | None = None, tree: HtmlElement | None = None) -> Blocks:
    """The page's blocks and features, given trafilatura's `favor_precision` text of it (and
    the page's tree, when parsed already)."""
    found = page_blocks(html if tree is None else tree)
    default = trafilatura.extract(html, url=url, include_comments=False) or "" if found else ""
    reading = features.read("\n".join(b.text for b in found))
    titled = bool(found) and found[0].tag == "title"
    return Blocks(reading, matrix(reading, found, {"precision": precision, "default": default}), titled, found)


@cache
def html_model() -> model.Trees:
    """The packaged HTML line model, read once per process."""
    return model.packaged(MODEL_FILE, FEATURES, "articles train-html")


def _rescued(page: Blocks, p: np.ndarray) -> Callable[[list[int], range], list[int]]:
    """The blocks of the run the model doubts (P(body) from RESCUE) that are not furniture and
    that trafilatura's precise text holds whole or whose parent element holds two or more chosen
    blocks of their tag (a list's items, a table's cells, a quote's paragraphs beside kept ones)."""

    def rescue(chosen: list[int], run: range) -> list[int]:
        kin = Counter(_family(page.blocks[i]) for i in chosen)
        doubted = (i for i in run if RESCUE <= p[i] < model.THRESHOLD and not page.reading.lines[i].furniture)
        vouched = (i for i in doubted if page.x[i, _PRECISION_INSIDE] == 1 or kin[_family(page.blocks[i])] >= 2)
        return sorted({*chosen, *vouched})

    return rescue


def _family(block: Block) -> tuple[int | None, str]:
    """The block's parent element and its tag: what a list's items or a table's cells share."""
    return (block.path[-2] if len(block.path) > 1 else None), block.tag


def choose(page: Blocks, p: np.ndarray, title: str | None, fallback: str) -> str:
    """The body from the blocks' P(body) (`p`), without the headline `title`; `fallback` when
    that is under GUARD of it. The blocks the model doubts stay out unless the markup vouches for them
    (`_rescued`): kept like the plain text's doubted sentences, they lost held out by source (mean
    0.959 -> 0.958; msvcode-big9 0.978 -> 0.976)."""
    p = np.where(np.arange(len(p)) == 0, 0.0, p) if page.titled else p
    lines = model.body_lines(page.reading, p, False, INLINE_FURNITURE, _rescued(page, p)) if len(p) else []
    if title in lines:
        lines.remove(title)
    body = "\n".join(lines)
    return body if len(body) >= GUARD * len(fallback) else fallback
