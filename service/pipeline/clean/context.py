"""The second line model (stacking): it sees the first model's P(body) of a line and of its
neighbours, windows of it and the runs it forms (the decoding's best run, the headline's own run
not preferred: with it, held out over two seeds 0.9416 -> 0.9408; the stretch
of likely lines around the line, how much likely text lies before and after), beside the line's
own features (`features.FEATURES` but its relative place). `clean.train` fits it on first-stage probabilities each
predicted by a model that never saw the page's source, as a new site's pages are; it is read
from `data/context_model.npz`."""

import math
from functools import cache

import numpy as np

from service.pipeline.clean import features, model, windows
from service.pipeline.clean.features import FEATURES, Reading

MODEL_FILE = "context_model.npz"
P_OFFSETS = (-3, -2, -1, 1, 2, 3)
P_WINDOWS = (3, 10, 25)
STRETCH_GAP = 40  # characters: a less likely line shorter than this does not end a stretch
# The line features the second stage reads: all but the line's relative place on the page, which
# the runs and stretches describe better (with it, the lines late in a long article looked like
# a page's footer).
LINE = [name for name in FEATURES if name not in ("pos", "pos_rev")]
_LINE_COLUMNS = [FEATURES.index(name) for name in LINE]
AROUND = (
    ["p", "logit"]
    + [f"p@{o}" for o in P_OFFSETS]
    + [f"pwin{w}" for w in P_WINDOWS]
    + [f"pwin{w}_w" for w in P_WINDOWS]
    + [
        "mass_before",
        "mass_after",
        "log_mass",
        "in_run",
        "run_dist",
        "run_lines",
        "run_chars",
        "run_meanp",
        "run_share",
        "mass_after_run",
        "closes_before",
        "closes_after",
        "closes_to_run",
        "stretch_chars",
        "stretch_lines",
        "stretch_meanp",
        "stretch_share",
        "stretch_rank",
        "stretch_first",
    ]
)
CONTEXT = AROUND + LINE


def _windowed(values: np.ndarray, weights: np.ndarray, w: int) -> np.ndarray:
    low, high = windows.bounds(len(values), w)
    sums = np.concatenate([[0.0], np.cumsum(values * weights)])
    total = np.concatenate([[0.0], np.cumsum(weights)])
    return (sums[high] - sums[low]) / np.maximum(total[high] - total[low], 1e-9)


def matrix(page: Reading, x: np.ndarray, p: np.ndarray) -> np.ndarray:
    """One row of CONTEXT per line of `page`, from its first-stage features `x` and P(body) `p`."""
    return np.hstack([around(page, p), x[:, _LINE_COLUMNS]])


def around(page: Reading, p: np.ndarray) -> np.ndarray:
    """One row of AROUND per line of `page`: the first stage's P(body) `p` around the line."""
    n = len(p)
    if not n:
        return np.zeros((0, len(AROUND)), dtype=np.float32)
    index = np.arange(n)
    lengths = np.array([line.length for line in page.lines], dtype=float)
    weight = np.minimum(lengths, model.WEIGHT_CAP) + model.WEIGHT_FLOOR
    clipped = np.minimum(np.maximum(p, 1e-4), 1 - 1e-4)
    cols = [p, np.log(clipped / (1 - clipped))]
    padded = np.concatenate([np.zeros(3), p, np.zeros(3)])
    cols += [padded[3 + o : 3 + o + n] for o in P_OFFSETS]
    ones = np.ones(n)
    cols += [_windowed(p, ones, w) for w in P_WINDOWS]
    cols += [_windowed(p, weight, w) for w in P_WINDOWS]
    mass = p * lengths
    total = float(mass.sum()) or 1.0
    before = np.cumsum(mass) - mass
    cols += [before / total, (total - before - mass) / total, np.full(n, math.log1p(total))]
    closes = np.array([line.furniture in model.CLOSING for line in page.lines])
    start, end = model.body_run(p, lengths, closes.tolist())
    in_run = (index >= start) & (index < end)
    distance = np.where(index < start, index - start, np.where(index >= end, index - end + 1, 0))
    run_mass = float(mass[start:end].sum())
    closes_before = np.cumsum(closes) - closes
    closes_at = np.concatenate([[0], np.cumsum(closes)])
    cols += [
        in_run,
        np.maximum(np.minimum(distance, 50), -50) / 50,
        np.full(n, math.log1p(end - start)),
        np.full(n, math.log1p(lengths[start:end].sum())),
        np.full(n, p[start:end].mean() if end > start else 0.0),
        np.full(n, run_mass / total),
        np.full(n, float(mass[end:].sum()) / total),
        closes_before,
        closes.sum() - closes_before - closes,
        np.abs(closes_at[np.maximum(index, start)] - closes_at[np.minimum(index, start)]),
    ]
    # Stretches: consecutive likely lines, short unlikely ones not breaking them.
    likely = p >= model.THRESHOLD
    breaks = ~likely & (lengths >= STRETCH_GAP)
    stretch = np.cumsum(breaks)
    chars = np.bincount(stretch, weights=lengths * likely)
    count = np.bincount(stretch, weights=likely.astype(float))
    psum = np.bincount(stretch, weights=p * likely)
    meanp = psum / np.maximum(count, 1)
    order = np.argsort(-chars, kind="stable")
    rank = np.empty(len(chars))
    rank[order] = np.arange(len(chars))
    big = chars >= 0.3 * chars.max() if chars.max() > 0 else np.zeros(len(chars), dtype=bool)
    first_big = int(np.argmax(big)) if big.any() else -1
    likely_total = float(chars.sum()) or 1.0
    cols += [
        np.log1p(chars[stretch]),
        np.log1p(count[stretch]),
        meanp[stretch],
        chars[stretch] / likely_total,
        np.minimum(rank[stretch], 5),
        stretch == first_big,
    ]
    return np.column_stack(cols).astype(np.float32)


@cache
def context_model() -> model.Trees:
    """The packaged second-stage model, read once per process."""
    return model.packaged(MODEL_FILE, CONTEXT, "articles train-clean")


def without_foreign_ui(page: Reading, p: np.ndarray) -> np.ndarray:
    """`p` with 0 for the short lines in another script than the page's: interface text ("Link
    copied" in a German article), never body."""
    foreign = [
        line.script is not None and page.script is not None and line.script != page.script and not line.prose
        for line in page.lines
    ]
    return np.where(foreign, 0.0, p)


def probabilities(page: Reading) -> tuple[np.ndarray, np.ndarray]:
    """P(body) of each line of `page`: the first model's, and the second's revision of it."""
    x = features.matrix(page)
    first = model.line_model().probabilities(x)
    return first, without_foreign_ui(page, context_model().probabilities(matrix(page, x, first)))
