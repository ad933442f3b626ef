"""A line measured against its page: the main prose block, distances to it, repeated starts and
language-independent prose cues."""

import numpy as np
import pytest

from service.pipeline.clean import features, relative

_PAGE = [
    "Home",
    "Weather",
    "Sport",
    "The ferry to the northern islands will run twice a day from May, the harbour board said.",
    "Tickets go on sale next week, and residents keep their discount for the whole season.",
    "Photo: harbour board",
    "The board expects the new timetable to bring more visitors to the islands in summer.",
    "Related: Bridge repairs on the eastern pier start in June",
    "Visitors can park near the quay for free until the end of August.",
    "Related: New bakery opens on the quay this weekend",
]


def _columns(texts: list[str]) -> dict[str, np.ndarray]:
    page = features.read("\n".join(texts))
    rows = relative.matrix(page.texts, page.lines, page.chars[:, features.CHARS.column["comma"]])
    assert rows.shape == (len(texts), len(relative.FEATURES))
    return {name: rows[:, j] for j, name in enumerate(relative.FEATURES)}


def test_the_prose_block_is_the_run_with_most_prose_opened_and_closed_by_long_lines():
    cols = _columns(_PAGE)
    # short lines do not break a run: the menu belongs to the article's; a long related link ends it
    assert cols["in_prose_block"].tolist() == [1, 1, 1, 1, 1, 1, 1, 0, 0, 0]
    distance = cols["prose_block_dist"] * relative.REACH
    assert distance.round().tolist() == [0, 0, 0, 0, 0, 0, 0, 1, 2, 3]
    # a long line that is not prose opens the next run
    menu = "Weather | Sport | Travel | Culture | Business | Opinion"
    assert _columns([menu, *_PAGE[3:]])["in_prose_block"].tolist() == [1, 1, 1, 1, 1, 0, 0, 0]
    assert _columns(["Home", menu, *_PAGE[3:]])["in_prose_block"].tolist() == [0, 1, 1, 1, 1, 1, 0, 0, 0]
    # the sentence after the block is a prose run of its own, a small share of the block's
    assert 0 < cols["prose_run_share"][8] < 0.3
    assert cols["prose_rank"][[3, 4, 6]].tolist() == pytest.approx(np.log1p([1, 2, 1]).tolist())


def test_lines_that_start_alike_are_counted():
    teasers = ["Read more: the new ferry timetable", "Read more: the new ferry timetable for May", "Sport"]
    assert _columns(teasers)["same_start"].tolist() == pytest.approx(np.log1p([2, 2, 1]).tolist())


def test_prose_cues_hold_without_english_stopwords():
    cols = _columns(
        [
            "Startseite",
            "Die Fähre zu den nördlichen Inseln fährt ab Mai zweimal am Tag, teilte die Hafenbehörde mit. "
            "Karten gibt es ab nächster Woche.",
        ]
    )
    assert cols["sentences"].tolist() == pytest.approx(np.log1p([0, 2]).tolist())
    assert cols["commas"][1] > 0 and cols["commas"][0] == 0
    assert cols["word_len"][0] == len("Startseite")


def test_an_empty_page_has_no_rows():
    assert relative.matrix([], [], np.zeros(0)).shape == (0, len(relative.FEATURES))
