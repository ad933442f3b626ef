"""Damaged pages are cleaned, never crash: the project's seed pages mutated by `benchmarks.mutate`
(a fixed seed), as text and as HTML, through the cleaner, and a few through the whole analysis."""

import random
from html import escape
from pathlib import Path

import pytest

from benchmarks.mutate import mutate, run_one
from service.pipeline.clean.page import clean

SEEDS = sorted((Path(__file__).resolve().parents[2] / "seeds").glob("*.txt"))


def _pages() -> list[tuple[str, str]]:
    texts = [p.read_text(encoding="utf-8") for p in SEEDS]
    htmls = [
        "<html><body>" + "".join(f"<p>{escape(line)}</p>" for line in t.splitlines()) + "</body></html>" for t in texts
    ]
    return [("text", t) for t in texts] + [("html", h) for h in htmls]


@pytest.mark.parametrize("seed", range(4))
def test_mutated_pages_are_cleaned(seed):
    rng = random.Random(seed)
    for mode, page in _pages() * 10:
        damaged = mutate(rng, page)
        cleaned = clean(**{mode: damaged})
        assert isinstance(cleaned.body, str), (mode, damaged[:200])


def test_mutated_pages_are_analysed_or_refused():
    rng = random.Random(7)
    for mode, page in _pages() * 2:
        crash, _ = run_one({mode: mutate(rng, page)})
        assert crash is None, crash
