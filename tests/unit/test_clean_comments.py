"""Comment-section evidence: signal lines, and how many lie before, after and around a line."""

import numpy as np
import pytest

from service.pipeline.clean import comments


@pytest.mark.parametrize(
    "line",
    [
        "Margaret Quill says:",
        "Posted by: river_otter | 14 March 2019 at 09:41 PM",
        "Reply",
        "Report abuse",
        "27 comments",
        "Leave a comment",
        "Name *",
        "4 hours ago",
        "June 3, 2015 at 7:12 pm",
    ],
)
def test_comment_signatures_controls_headers_and_stamps_are_signals(line):
    assert comments.is_signal(line)


@pytest.mark.parametrize(
    "line",
    [
        "The lighthouse keeper said the storm had moved further south than the forecast expected.",
        "Harbour repairs",
        "Photographs by the town archive",
        # a long line is prose even when it holds a signal's words
        "Several neighbours wrote to the council, and the mayor said on Tuesday at 10:30 that a reply "
        "would follow once the engineers had inspected every pier along the eastern shore.",
    ],
)
def test_prose_and_ordinary_short_lines_are_not_signals(line):
    assert not comments.is_signal(line)


def test_counts_before_after_and_windows():
    texts = ["Article paragraph one.", "Article paragraph two.", "3 comments", "Tom wrote:", "Nice piece."]
    rows = comments.matrix(texts)
    assert rows.shape == (5, len(comments.FEATURES))
    before, after = rows[:, 0], rows[:, 1]
    assert np.allclose(np.expm1(before), [0, 0, 0, 1, 2])
    assert np.allclose(np.expm1(after), [2, 2, 1, 0, 0])
    assert rows[4, 2] == pytest.approx(2 / 5)  # window of ±5 lines clipped to the page


def test_an_empty_page_has_no_rows():
    assert comments.matrix([]).shape == (0, len(comments.FEATURES))
