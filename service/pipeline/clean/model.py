"""The line model: gradient-boosted trees over `features.FEATURES` saying how likely each line
is article body, evaluated with numpy from `data/line_model.npz` (written by `clean.train`),
and the choice of the body from those likelihoods.

The body is one contiguous run of lines (`body_run`), keeping the lines inside it whose p reaches
THRESHOLD. A run that is implausibly small beside the rules' own body falls back to the rules'
body ("no catastrophic pages"). The constants were chosen by the leave-one-source-out mean."""

import io
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources

import numpy as np

from service.pipeline.clean import lines as pagelines
from service.pipeline.clean.features import FEATURES, Reading

MODEL_FILE = "line_model.npz"
THRESHOLD = 0.4  # P(body) a kept line reaches
WEIGHT_CAP = 400.0  # characters: a line's weight in the run stops growing here
WEIGHT_FLOOR = 20.0  # characters: the weight even an empty-looking line carries
FIRST_RUN_SHARE = 0.3  # an earlier run with this share of the best run's weight is the article
ANCHOR_REACH = 5  # lines: a run starting this close after the headline is the article's ...
ANCHOR_WEIGHT = 60.0  # ... when its weight reaches this, or FIRST_RUN_SHARE of the best run's
# Furniture that closes an article: what follows a comment counter or comment rules is discussion.
# (Related lists and copyright lines also appear inside articles: leave-one-source-out F1 fell.)
CLOSING = frozenset({"counter", "discussion"})
FALLBACK_CHARS = 150  # a chosen body shorter than this yields to a longer rules' body
INLINE_FURNITURE = frozenset({"link", "newsletter", "caption"})  # furniture kinds a body's run may hold
INLINE_DOUBT = 0.7  # P(body) under which a line of those kinds inside the run is left out
WEAK_PROSE = 0.1  # P(body) from which a sentence line between the kept lines, or right after them, is kept
ROWS_AT_ONCE = 1024  # lines walked down the trees together


@dataclass(frozen=True)
class Trees:
    """Trees padded to one node table: row t is tree t; leaves point to themselves."""

    feature: np.ndarray  # (trees, nodes) int
    threshold: np.ndarray  # (trees, nodes) float: go left when x <= threshold
    left: np.ndarray  # (trees, nodes) int: flat index (tree * nodes + node) of the left child
    right: np.ndarray  # (trees, nodes) int: flat index of the right child
    value: np.ndarray  # (trees, nodes) float: leaf values (raw log-odds contributions)
    baseline: float
    depth: int
    names: tuple[str, ...]

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """P(body) for each row of `x` (columns in `names` order), a block of rows at a time so
        that the walk's tables stay in the processor's cache on very long pages."""
        if not len(x):
            return np.zeros(0)
        blocks = range(0, len(x), ROWS_AT_ONCE)
        return np.concatenate([self._block(x[start : start + ROWS_AT_ONCE]) for start in blocks])

    def _block(self, x: np.ndarray) -> np.ndarray:
        trees, width = self.feature.shape
        # Every (row, tree) pair walks down at once, by indices into the node tables (`_walk`) and
        # flat ones into x; halfway down, the pairs already at a leaf (most: the trees are lopsided)
        # stop walking.
        walk = self._walk
        node = np.tile(np.arange(trees) * (2 * width), len(x))
        cells = np.repeat(np.arange(len(x)) * x.shape[1], trees)
        flat_x = np.ascontiguousarray(x).ravel()
        half = self.depth // 2
        node = walk.descend(node, cells, flat_x, half)
        walking = np.flatnonzero(~walk.leaf.take(node))
        node[walking] = walk.descend(node[walking], cells[walking], flat_x, self.depth - half)
        raw = self.baseline + walk.value.take(node).reshape(len(x), trees).sum(axis=1)
        return 1.0 / (1.0 + np.exp(-raw))

    @cached_property
    def _walk(self) -> "_Walk":
        return _Walk.of(self)

    def save(self, path) -> None:
        np.savez_compressed(
            path,
            feature=self.feature.astype(np.int32),
            threshold=self.threshold,
            left=self.left.astype(np.int32),
            right=self.right.astype(np.int32),
            value=self.value,
            baseline=np.array(self.baseline),
            depth=np.array(self.depth),
            names=np.array(self.names),
        )

    @classmethod
    def load(cls, data: bytes) -> "Trees":
        with np.load(io.BytesIO(data)) as f:
            return cls(
                feature=f["feature"].astype(np.int64),
                threshold=f["threshold"],
                left=f["left"].astype(np.int64),
                right=f["right"].astype(np.int64),
                value=f["value"],
                baseline=float(f["baseline"]),
                depth=int(f["depth"]),
                names=tuple(f["names"].tolist()),
            )


@dataclass(frozen=True)
class _Walk:
    """The node tables as one walk step reads them: node n is addressed as 2n, every table holds
    its entry at 2n and 2n + 1, and `child` holds its right child at 2n and its left one at 2n + 1
    (both addressed), so that a step is child[node + (x <= threshold)]."""

    feature: np.ndarray
    threshold: np.ndarray
    child: np.ndarray
    leaf: np.ndarray
    value: np.ndarray

    @classmethod
    def of(cls, trees: Trees) -> "_Walk":
        def twice(table: np.ndarray) -> np.ndarray:
            return np.repeat(table.ravel(), 2)

        own = np.arange(trees.left.size)
        child = 2 * np.stack([trees.right.ravel(), trees.left.ravel()], axis=1).ravel()
        return cls(
            twice(trees.feature), twice(trees.threshold), child, twice(trees.left.ravel() == own), twice(trees.value)
        )

    def descend(self, node: np.ndarray, cells: np.ndarray, flat_x: np.ndarray, steps: int) -> np.ndarray:
        """The nodes `steps` levels below `node` for the rows starting at `cells` of `flat_x`."""
        feature, threshold, child = self.feature, self.threshold, self.child
        for _ in range(steps):
            node = child.take(node + (flat_x.take(cells + feature.take(node)) <= threshold.take(node)))
        return node


def packaged(file: str, features: Sequence[str], retrain: str) -> Trees:
    """A model packaged in service/pipeline/data; it must have been trained on `features`."""
    trees = Trees.load((resources.files("service.pipeline") / "data" / file).read_bytes())
    if trees.names != tuple(features):
        raise RuntimeError(f"{file} was trained on other features: retrain with `{retrain}`")
    return trees


@cache
def line_model() -> Trees:
    """The packaged line model, read once per process."""
    return packaged(MODEL_FILE, FEATURES, "articles train-clean")


def body_run(p: np.ndarray, lengths: np.ndarray, closes: list[bool], anchor: int | None = None) -> tuple[int, int]:
    """Bounds [start, end) of the article's run of lines. Between two closing lines (`closes`)
    the best run is the one with the largest sum of (p - THRESHOLD) weighted by length; the
    article is the first of these runs with FIRST_RUN_SHARE of the best one's sum: articles come
    before their comments. A run opening just after the headline (`anchor`), with the headline
    taken for a closing line, is the article when its sum is not negligible (teasers and
    sidebars above or beside it weigh more on some pages)."""
    gains = ((p - THRESHOLD) * (np.minimum(lengths, WEIGHT_CAP) + WEIGHT_FLOOR)).tolist()
    runs = _best_runs(gains, closes)
    floor = FIRST_RUN_SHARE * max(score for score, _, _ in runs)
    if anchor is not None:
        end = next((i for i in range(anchor + 1, len(closes)) if closes[i]), len(closes))
        [(score, start, stop)] = _best_runs(gains[anchor + 1 : end], [False] * (end - anchor - 1))
        if start < ANCHOR_REACH and score >= min(floor, ANCHOR_WEIGHT) and score > 0:
            return anchor + 1 + start, anchor + 1 + stop
    return next((start, end) for score, start, end in runs if score >= floor)


def _best_runs(gains: list[float], closes: list[bool]) -> list[tuple[float, int, int]]:
    """Between each two closing lines, the run of lines with the largest sum of gains: (sum, start, end)."""
    runs, best, total, start = [], (0.0, 0, 0), 0.0, 0
    for i, gain in enumerate(gains):
        if closes[i]:
            runs.append(best)
            best, total, start = (0.0, 0, 0), 0.0, i + 1
            continue
        total += gain
        if total <= 0:
            total, start = 0.0, i + 1
        elif total > best[0]:
            best = (total, start, i + 1)
    runs.append(best)
    return runs


def _with_sentences_between(page: Reading, p: np.ndarray, chosen: list[int]) -> list[int]:
    """The chosen lines with the sentences among them and the one right after them that the model
    doubts (P(body) from WEAK_PROSE): a short closing sentence ("Work starts in June.") reads to it
    like a teaser, but stands in the article's flow."""
    if not chosen:
        return chosen

    def sentence(i: int) -> bool:
        line = page.lines[i]
        return pagelines.is_sentence(line) and not line.furniture and not line.repeated and p[i] >= WEAK_PROSE

    around = range(chosen[0], min(len(page.lines), chosen[-1] + 2))
    return sorted({*chosen, *filter(sentence, around)})


def _with_list_items(page: Reading, chosen: list[int]) -> list[int]:
    """The chosen lines with the items of their lists: the lines next to a chosen item of a list
    (a number, a bullet or a label opening it) that open the same way, not furniture, whatever the
    model makes of them (a how-to's steps, a review's pros and cons)."""
    marks = {i: pagelines.item_mark(page.texts[i]) for i in chosen}
    taken = set(chosen)

    def item(j: int, mark: str) -> bool:
        if not 0 <= j < len(page.texts) or j in taken or page.lines[j].furniture:
            return False
        return marks.setdefault(j, pagelines.item_mark(page.texts[j])) == mark

    for i in [i for i in chosen if marks[i]]:
        for step in (1, -1):
            j = i + step
            while item(j, marks[i]):
                taken.add(j)
                j += step
    return sorted(taken)


def _inline_furniture(page: Reading, p: np.ndarray, i: int, kinds: frozenset[str]) -> bool:
    """A line of furniture of `kinds` among the body's lines (a link, newsletter prompt or photo
    credit: "Read more: ...", "Sign up to our newsletter", "Photograph: ...") that the model does not
    hold for body beyond doubt."""
    return page.lines[i].furniture in kinds and p[i] < INLINE_DOUBT


def body_lines(
    page: Reading,
    p: np.ndarray,
    doubted: bool = True,
    inline: frozenset[str] = INLINE_FURNITURE,
    rescue: Callable[[list[int], range], list[int]] | None = None,
    title_view: bool = False,
) -> list[str]:
    """The body's lines, in order, without the headline: those of the best run that reach
    THRESHOLD but the furniture of `inline` kinds the model doubts, from its dateline when teasers
    come before one, with those of the run `rescue` returns besides (HTML: what the markup vouches
    for), with the sentences the model doubts among and just after them (unless not `doubted`) and
    the items of a kept line's list; the rules' body instead when the
    run's lines are implausibly little beside it; the prose lines when neither finds more than a
    few words without a sentence. The headline is left out unless nothing else remains and it
    reads as prose. The `title_view` is the body the title model reads: without the run after the
    headline or the list items (retrained on those, its held-out title accuracy fell 0.7418 -> 0.7386)."""
    lengths = np.array([line.length for line in page.lines], dtype=float)
    closes = [line.furniture in CLOSING for line in page.lines]
    start, end = body_run(p, lengths, closes, None if title_view else page.anchor)
    start = pagelines.dateline_start(page.lines, start, end)
    kept = chosen = [i for i in range(start, end) if p[i] >= THRESHOLD and not _inline_furniture(page, p, i, inline)]
    if rescue and chosen:
        kept = chosen = rescue(chosen, range(start, end))
    size = lengths[chosen].sum()
    if size < FALLBACK_CHARS and lengths[sorted(page.body)].sum() > size:
        chosen = sorted(page.body)
    if lengths[chosen].sum() < FALLBACK_CHARS and not any(page.lines[i].prose for i in chosen):
        # no run of content long enough for a page: a short text of plain prose is the article
        chosen = [i for i, line in enumerate(page.lines) if line.prose and not line.furniture]
    if doubted and chosen == kept:
        chosen = _with_sentences_between(page, p, chosen)
    if not title_view:
        chosen = _with_list_items(page, chosen)
    body = [page.texts[i] for i in chosen if page.texts[i] != page.title]
    # a sentence taken for the headline of a one-sentence text is still its body
    return body or [page.texts[i] for i in chosen if page.lines[i].prose]
