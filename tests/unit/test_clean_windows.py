"""Means over the lines around each line, cut at the page's edges."""

import numpy as np
import pytest

from service.pipeline.clean import windows


@pytest.mark.parametrize("w", [0, 1, 3, 10])
def test_means_are_the_mean_of_the_lines_within_reach(w):
    values = np.array([[1, 0], [3, 2], [0, 4], [5, 6], [2, 8]], dtype=np.float32)
    expected = [values[max(i - w, 0) : i + w + 1].mean(axis=0) for i in range(len(values))]
    assert windows.means(values, w) == pytest.approx(np.array(expected))
    assert windows.means(values[:, 0], w) == pytest.approx(np.array(expected)[:, 0])


def test_bounds_stop_at_the_edges_and_an_empty_page_has_none():
    low, high = windows.bounds(4, 2)
    assert low.tolist() == [0, 0, 0, 1] and high.tolist() == [3, 4, 4, 4]
    assert windows.means(np.zeros(0, dtype=np.float32), 5).shape == (0,)
