"""The second HTML block model (stacking): it reads the first model's P(body) around a block as
the text path's second stage does (`context.around`: neighbours, windows, runs) and in the
markup: for the block's own element and the containers one to three levels up, the share of
their text the first model holds likely, the share of the page's likely text they hold, their
size, how much of them trafilatura kept and how much is link text; and whether the block lies in
the deepest container holding most of the page's likely text (the article's container), beside
the block's own first-stage features. `clean.html_train` fits it on first-stage probabilities
each predicted by a model that never saw the page's source; it is read from
`data/html_context_model.npz`."""

from functools import cache

import numpy as np
from lxml.html import HtmlElement

from service.pipeline.clean import context, html_lines, model
from service.pipeline.clean.blocks import Block
from service.pipeline.clean.html_lines import FEATURES, Blocks

MODEL_FILE = "html_context_model.npz"
LEVELS = (0, 1, 2, 3)  # the block's own element, its parent, grandparent, great-grandparent
MAIN_SHARE = 0.5  # the article's container: the deepest element holding this share of the likely text
CONTAINER = ["mean_p", "mass_share", "log_chars", "log_blocks", "precision", "default", "links"]
DOM = [f"up{k}_{name}" for k in LEVELS for name in CONTAINER] + [
    "in_main",
    "below_main",
    "in_kept_main",
]
# The block's own first-stage features: not its neighbours' nor windows' (the probabilities around it say more).
OWN = [name for name in FEATURES if "@" not in name and "win" not in name]
_OWN_COLUMNS = [FEATURES.index(name) for name in OWN]
_KEPT_COLUMNS = [FEATURES.index(f"html_{e}_shingles") for e in html_lines.EXTRACTIONS]
CONTEXT = tuple(context.AROUND + DOM + OWN)


def _ranges(found: list[Block]) -> dict[int, tuple[int, int]]:
    """Element id -> [first, last + 1) of the blocks inside it (contiguous in document order)."""
    ranges: dict[int, tuple[int, int]] = {}
    for i, block in enumerate(found):
        for element in block.path:
            first = ranges.get(element, (i, i))[0]
            ranges[element] = (first, i + 1)
    return ranges


def _deepest(found: list[Block], ranges: dict[int, tuple[int, int]], sums: np.ndarray, share: float) -> tuple[int, ...]:
    """The path of the deepest element whose blocks hold `share` of the total of `sums`
    (cumulative over the blocks): () when the total is 0 or only the whole page holds it."""
    total = sums[-1]
    best: tuple[int, ...] = ()
    if total <= 0:
        return best
    for block in found:
        for depth in range(len(block.path), len(best), -1):
            first, end = ranges[block.path[depth - 1]]
            if sums[end] - sums[first] >= share * total:
                best = block.path[:depth]
                break
    return best


def _inside(found: list[Block], container: tuple[int, ...]) -> tuple[np.ndarray, np.ndarray]:
    """Per block: whether it lies inside `container` (a path), and how many levels below it (-1 outside)."""
    depth = len(container)
    inside = np.array([bool(depth) and b.path[:depth] == container for b in found])
    below = np.array([len(b.path) - depth for b in found], dtype=float)
    return inside, np.where(inside, np.minimum(below, 10), -1.0)


def dom(found: list[Block], p: np.ndarray, kept: np.ndarray) -> np.ndarray:
    """One row of DOM per block of `found` from P(body) `p` and trafilatura's shares of each
    block (`kept`: favor_precision, default)."""
    n = len(found)
    if not n:
        return np.zeros((0, len(DOM)), dtype=np.float32)
    chars = np.array([len(b.text) for b in found], dtype=float)
    links = np.array([b.link_chars for b in found], dtype=float)
    columns = [chars, p * chars, np.ones(n), kept[:, 0] * chars, kept[:, 1] * chars, links]
    sums = [np.concatenate([[0.0], np.cumsum(c)]) for c in columns]
    ranges = _ranges(found)
    total_mass = sums[1][-1] or 1.0
    out = []
    for k in LEVELS:
        bounds = np.array([ranges[b.path[-1 - k]] if len(b.path) > k else (0, n) for b in found], dtype=np.int64)
        size, likely, count, precision, default, link = (s[bounds[:, 1]] - s[bounds[:, 0]] for s in sums)
        size = np.maximum(size, 1.0)
        out += [likely / size, likely / total_mass, np.log1p(size), np.log1p(count)]
        out += [precision / size, default / size, link / size]
    in_main, below_main = _inside(found, _deepest(found, ranges, sums[1], MAIN_SHARE))
    in_kept_main, _ = _inside(found, _deepest(found, ranges, sums[3], MAIN_SHARE))
    out += [in_main, below_main, in_kept_main]
    return np.column_stack(out).astype(np.float32)


def matrix(page: Blocks, p: np.ndarray) -> np.ndarray:
    """One row of CONTEXT per block of `page` from the first model's P(body) `p`."""
    return np.hstack(
        [context.around(page.reading, p), dom(page.blocks, p, page.x[:, _KEPT_COLUMNS]), page.x[:, _OWN_COLUMNS]]
    )


@cache
def context_model() -> model.Trees:
    """The packaged second-stage HTML model, read once per process."""
    return model.packaged(MODEL_FILE, CONTEXT, "articles train-html")


def revised(page: Blocks, first: np.ndarray, second: np.ndarray) -> np.ndarray:
    """The second model's P(body) `second`, never above the first's on the lines the rules call
    furniture ("Share this article" inside the article's container; leave-one-source-out mean
    0.9576 -> 0.9580)."""
    furniture = np.array([bool(line.furniture) for line in page.reading.lines], dtype=bool)
    return np.where(furniture, np.minimum(first, second), second)


def probabilities(page: Blocks) -> np.ndarray:
    """P(body) of each block of `page`: the second model's revision of the first's."""
    first = html_lines.html_model().probabilities(page.x)
    return revised(page, first, context_model().probabilities(matrix(page, first)))


def body(
    html: str, precision: str, title: str | None, fallback: str, url: str | None = None, tree: HtmlElement | None = None
) -> str:
    """The article body of an HTML page (and its tree, when parsed already) by the packaged
    models (see `html_lines.choose`)."""
    page = html_lines.read(html, precision, url, tree)
    return html_lines.choose(page, probabilities(page), title, fallback)
