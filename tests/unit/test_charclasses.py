"""Characters counted by class for many lines at once, as the one-character patterns count them one by one."""

import re

from service.pipeline.text.charclasses import CharClasses

PATTERNS = {"digit": r"\d", "letter": r"[^\W\d_]", "punctuation": r"[^\w\s]", "capital": "[A-ZА-Я]"}
LINES = [
    "Share this: 12 comments!",
    "Мэр Москвы заявил 3 мая",
    "Emoji 🙂 and a lone surrogate \ud800 here",
    "٣ أيام",  # Arabic-Indic digit
    "x",
    "東京、2026年",
]


def test_counts_match_the_patterns_line_by_line():
    classes = CharClasses(PATTERNS)
    counts = classes.count(LINES)
    assert counts.shape == (len(LINES), len(PATTERNS))
    for row, line in zip(counts.tolist(), LINES):
        assert row == [len(re.findall(p, line)) for p in PATTERNS.values()]


def test_counts_are_the_same_when_the_characters_were_seen_before():
    classes = CharClasses(PATTERNS)
    first = classes.count(LINES).tolist()
    assert classes.count(list(reversed(LINES))).tolist() == list(reversed(first))
    assert classes.count(["Share"]).tolist() == [[0, 5, 0, 1]]


def test_no_lines():
    assert CharClasses(PATTERNS).count([]).shape == (0, len(PATTERNS))
