"""Windows of lines around each line of a page: their bounds, and the mean of a column over them."""

import numpy as np


def bounds(n: int, w: int) -> tuple[np.ndarray, np.ndarray]:
    """[low, high) of the w lines either side of each of n lines, cut at the page's edges."""
    index = np.arange(n)
    return np.maximum(index - w, 0), np.minimum(index + w + 1, n)


def means(values: np.ndarray, w: int) -> np.ndarray:
    """The mean of `values` (a row a line) over the w lines either side of each line."""
    sums = np.concatenate([np.zeros((1, *values.shape[1:]), dtype=values.dtype), np.cumsum(values, axis=0)])
    low, high = bounds(len(values), w)
    count = high - low
    return (sums[high] - sums[low]) / (count[:, None] if values.ndim == 2 else count)
