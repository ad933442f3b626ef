"""Stories: an article joins the story of the most similar recent article, or starts one.

Similarity is the cosine of sublinear term-frequency vectors over the content stems of the
title (counted twice) and the lead of the body. Threshold and window were chosen by 5-fold
cross-validation on the development stories (`python -m benchmarks.stories`, figures in README).
"""

import math
from collections import Counter
from datetime import datetime, timedelta
from functools import lru_cache

from service.pipeline.relate.words import content_stems

LEAD_WORDS = 120  # content words of the body that describe the event; later ones wander off
TITLE_WEIGHT = 2
STORY_SIMILARITY = 0.3
WINDOW = timedelta(days=1)


def lead_terms(title: str | None, body: str | None) -> list[str]:
    """The terms an article's story is recognised by, repeated by weight."""
    return content_stems(title or "") * TITLE_WEIGHT + content_stems(body or "")[:LEAD_WORDS]


@lru_cache(maxsize=4096)
def _vector(terms: tuple[str, ...]) -> dict[str, float]:
    """Cached: the same stored neighbours are candidates for many articles (read-only result)."""
    weights = {t: 1 + math.log(n) for t, n in Counter(terms).items()}
    norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
    return {t: w / norm for t, w in weights.items()}


def _cosine(a: dict[str, float], b: dict[str, float]) -> float:
    if len(b) < len(a):
        a, b = b, a
    return sum(w * b[t] for t, w in a.items() if t in b)


def similarity(terms_a: list[str], terms_b: list[str]) -> float:
    """Cosine of the two term lists' sublinear tf vectors, 0..1."""
    return _cosine(_vector(tuple(terms_a)), _vector(tuple(terms_b)))


def window(published_at: str | None, now: datetime) -> tuple[str, str]:
    """The ISO bounds of publication dates an article's story companions fall in."""
    try:
        moment = datetime.fromisoformat(published_at) if published_at else now
    except ValueError:
        moment = now
    return (moment - WINDOW).isoformat(), (moment + WINDOW).isoformat()


def best_match(terms: list[str], candidates: list[dict], threshold: float = STORY_SIMILARITY) -> dict | None:
    """The candidate ({terms, ...}) most similar to `terms`, if it reaches `threshold`."""
    vector = _vector(tuple(terms))
    scored = [(_cosine(vector, _vector(tuple(c["terms"]))), c) for c in candidates]
    best = max(scored, key=lambda sc: sc[0], default=None)
    return best[1] if best and best[0] >= threshold else None
