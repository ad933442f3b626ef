"""The headline chosen by a small learned model among candidates: the lines above the body's start
(and the nearest headline-shaped ones further up), the page title's parts and, for HTML, its
og:title, <h1>s and trafilatura's title; never a line that only gives a date.

Each candidate is described by where it comes from, where it sits (lines above the body, among the
headline-shaped lines nearest the body), its shape (words, case, final punctuation, digits, dates,
bylines, furniture and navigation phrases of `data/vocabulary/headline_furniture.txt`) and how it
agrees with the page (page title and its first/last part, the lines near the body, the body's first
lines, repetitions, the HTML's own titles, the rules' headline). Gradient-boosted trees
(`data/title_model.npz`, trained by `articles train-titles` on the text and HTML readings of the
development pages) score them; the best one is the title, from text and from HTML alike.
"""

import math
import re
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np

from service.pipeline.clean import metadata
from service.pipeline.clean.furniture import furniture_kind
from service.pipeline.clean.model import Trees, packaged
from service.pipeline.text.dates import MONTHS, find_date
from service.pipeline.text.language import folded_words, stopwords
from service.pipeline.vocabulary import entries

MODEL_FILE = "title_model.npz"
REACH = 25  # lines above the body's first line that may hold the headline
FAR = 100  # lines above the body where the nearest headline-like lines beyond REACH are still looked at
FAR_LINES = 8  # how many of those
BELOW = 2  # lines of the body's top that may be the headline
LEAD_LINES = 3  # body lines the headline's words are looked for in
# Under this the best candidate is no title (a page without a headline, a sentence as its first line):
# on the development pages (in-sample) it drops 10 wrong titles from text and 3 from HTML, no right one.
MIN_SCORE = 0.02
MAX_PARTS = 5  # parts of the page title looked at ("Section | Headline - Outlet")
_CLOCK = re.compile(r"\d{1,2}[:.]\d\d")
_WORD = re.compile(r"\w+")
_NAVIGATION = re.compile(r"\b(?:" + "|".join(map(re.escape, entries("headline_furniture"))) + r")\b", re.I)

ORIGINS = (
    "line",
    "page_title",
    "page_title_part",
    "page_title_span",
    "page_title_main",
    "og_title",
    "h1",
    "html_title",
)
FEATURES = [
    *(f"from_{o}" for o in ORIGINS),
    "no_line",
    "above",
    "log_above",
    "below",
    "rank",
    "log_words",
    "words_1_2",
    "words_over_20",
    "sentence_end",
    "question",
    "colon",
    "separator",
    "capital_share",
    "all_caps",
    "stop_share",
    "digits",
    "date",
    "clock",
    "byline",
    "lone_name",
    "furniture",
    "prose",
    "repeats",
    "in_page_title",
    "page_title_in",
    "page_title_jaccard",
    "lead_share",
    "rule_title",
    "anchor",
    "first_line",
    "html_agree",
    "og_agree",
    "h1_agree",
    "html_title_agree",
    "html_page",
    "furniture_text",
    "nav_phrase",
    "part_first",
    "part_last",
    "lower_start",
    "in_lines",
]
# Features also given relative to the page's best candidate (a linear ranker cannot compare otherwise).
RELATIVE = ["lead_share", "page_title_jaccard", "in_page_title", "html_agree", "log_words", "capital_share", "in_lines"]
FEATURES += [f"{name}_gap" for name in RELATIVE]


def words(text: str) -> set[str]:
    return set(folded_words(text or ""))


@dataclass
class Candidate:
    text: str
    origins: set[str] = field(default_factory=set)
    index: int | None = None  # its line on the page, when it is one


@dataclass
class Page:
    """What the features look at: the page's lines, its body's first line, the rules' headline."""

    texts: list[str]
    body_start: int
    lead: str  # the body's first lines
    rule_title: str | None = None
    anchor: int | None = None
    furniture: set[int] = field(default_factory=set)
    prose: set[int] = field(default_factory=set)
    html_titles: dict[str, list[str]] = field(default_factory=dict)  # origin -> texts (og_title, h1, html_title)

    @cached_property
    def headline_ranks(self) -> dict[int, int]:
        """Headline-shaped lines up to FAR lines above the body, numbered from the nearest (0) upwards."""
        above = range(self.body_start - 1, max(0, self.body_start - FAR) - 1, -1)
        return {i: n for n, i in enumerate(i for i in above if _shaped(self.texts[i]))}


def _dateline(text: str) -> bool:
    """A line that only dates the article ("Monday, 5 May 2025", "Posted | 5 May 2025"): never its
    headline, unlike a series' dated headline ("Week in review: 5 May 2025")."""
    if len(text.split()) > 8 or find_date(text) is None:
        return False
    left = [w for w in _WORD.findall(text) if not any(ch.isdigit() for ch in w) and w.lower() not in MONTHS]
    return len(left) <= 2


def _nearer(index: int, than: int, start: int) -> bool:
    return abs(index - start) < abs(than - start)


def candidates(page: Page) -> list[Candidate]:
    """The distinct candidate headlines of a page, each with every place it was found."""
    found: dict[str, Candidate] = {}

    def add(text: str, origin: str, index: int | None = None) -> None:
        text = " ".join(text.split())
        if not text or len(text.split()) > 40 or not any(ch.isalpha() for ch in text) or _dateline(text):
            return
        candidate = found.setdefault(text, Candidate(text))
        candidate.origins.add(origin)
        if index is not None and (
            candidate.index is None or abs(index - page.body_start) < abs(candidate.index - page.body_start)
        ):
            candidate.index = index

    low, high = max(1, page.body_start - REACH), min(len(page.texts), page.body_start + BELOW)
    for i in range(low, high):
        add(page.texts[i], "line", i)
    far = [i for i in page.headline_ranks if max(0, page.body_start - FAR) < i < low]
    for i in far[:FAR_LINES]:
        add(page.texts[i], "line", i)
    if page.texts:
        parts = metadata.split_page_title(page.texts[0])[:MAX_PARTS]
        add(page.texts[0], "page_title", 0)
        add(max(parts, key=lambda p: len(p.split()), default=""), "page_title_main")
        for i in range(len(parts)):  # each part, and each run of parts without the outer ones
            for j in range(i + 1, len(parts) + (i > 0)):
                add(" - ".join(parts[i:j]), "page_title_part" if j == i + 1 else "page_title_span")
    for origin, texts in page.html_titles.items():
        for text in texts:
            add(text, origin)
    for candidate in found.values():  # a page-title part repeated as a line is that line
        if candidate.index is None:
            candidate.index = next((i for i in range(low, high) if page.texts[i] == candidate.text), None)
    return list(found.values())


def _shaped(text: str) -> bool:
    """Shaped like a headline: 2-30 words, no date, no byline."""
    return 2 <= len(text.split()) <= 30 and not find_date(text) and not metadata.byline_names(text)


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b) if a | b else 0.0


def features(page: Page, found: list[Candidate]) -> np.ndarray:
    """One row of FEATURES per candidate."""
    stop = stopwords("en")
    title_words = words(page.texts[0]) if page.texts else set()
    parts = metadata.split_page_title(page.texts[0]) if page.texts else []
    lead_words = words(page.lead)
    html_words = {origin: [words(t) for t in texts] for origin, texts in page.html_titles.items()}
    near = range(max(1, page.body_start - REACH), min(len(page.texts), page.body_start + BELOW))
    near_words = [(i, words(page.texts[i])) for i in near]
    counts: dict[str, int] = {}
    for text in page.texts:
        counts[text] = counts.get(text, 0) + 1
    ranks = page.headline_ranks
    rows = []
    for c in found:
        tokens = c.text.split()
        cw = words(c.text)
        content = {w for w in cw if w not in stop} or cw
        above = page.body_start - c.index if c.index is not None else 0
        capitals = sum(t[:1].isupper() for t in tokens) / len(tokens)
        row = {f"from_{o}": float(o in c.origins) for o in ORIGINS}
        row.update(
            no_line=float(c.index is None),
            above=float(min(max(above, 0), REACH)),
            log_above=math.log1p(max(above, 0)),
            below=float(above <= 0 and c.index is not None),
            rank=float(ranks.get(c.index, 10) if c.index is not None else 10),
            log_words=math.log(len(tokens)),
            words_1_2=float(len(tokens) <= 2),
            words_over_20=float(len(tokens) > 20),
            sentence_end=float(c.text.rstrip().endswith((".", ",", ";"))),
            question=float(c.text.rstrip().endswith(("?", "!"))),
            colon=float(":" in c.text),
            separator=float(len(metadata.split_page_title(c.text)) > 1),
            capital_share=capitals,
            all_caps=float(c.text.isupper()),
            stop_share=sum(t.lower() in stop for t in tokens) / len(tokens),
            digits=float(any(ch.isdigit() for ch in c.text)),
            date=float(find_date(c.text) is not None),
            clock=float(bool(_CLOCK.search(c.text))),
            byline=float(bool(metadata.byline_names(c.text))),
            lone_name=float(metadata.lone_name(c.text) is not None),
            furniture=float(c.index in page.furniture),
            prose=float(c.index in page.prose),
            repeats=math.log(counts.get(c.text, 1) or 1),
            in_page_title=len(cw & title_words) / len(cw) if cw else 0.0,
            page_title_in=len(cw & title_words) / len(title_words) if title_words else 0.0,
            page_title_jaccard=len(cw & title_words) / len(cw | title_words) if cw | title_words else 0.0,
            lead_share=len(content & lead_words) / len(content) if content else 0.0,
            rule_title=float(c.text == page.rule_title),
            anchor=float(c.index is not None and c.index == page.anchor),
            first_line=float(c.index == 0),
            html_agree=max((_jaccard(cw, h) for hs in html_words.values() for h in hs), default=0.0),
            og_agree=max((_jaccard(cw, h) for h in html_words.get("og_title", [])), default=0.0),
            h1_agree=max((_jaccard(cw, h) for h in html_words.get("h1", [])), default=0.0),
            html_title_agree=max((_jaccard(cw, h) for h in html_words.get("html_title", [])), default=0.0),
            html_page=float(any(page.html_titles.values())),
            furniture_text=float(furniture_kind(c.text) is not None),
            nav_phrase=float(bool(_NAVIGATION.search(c.text))),
            part_first=float(len(parts) > 1 and c.text == parts[0]),
            part_last=float(len(parts) > 1 and c.text == parts[-1]),
            lower_start=float(c.text[:1].islower()),
            in_lines=max((_jaccard(cw, w) for i, w in near_words if i != c.index), default=0.0),
        )
        rows.append([row[name] for name in FEATURES[: -len(RELATIVE)]])
    x = np.array(rows, dtype=float).reshape(len(rows), len(FEATURES) - len(RELATIVE))
    columns = [FEATURES.index(name) for name in RELATIVE]
    gaps = x[:, columns] - x[:, columns].max(axis=0, initial=0.0) if len(x) else x[:, columns]
    return np.hstack([x, gaps])


@cache
def title_model() -> Trees:
    """The packaged title model, read once per process."""
    return packaged(MODEL_FILE, FEATURES, "articles train-titles")


def choose(page: Page) -> tuple[Candidate | None, list[Candidate]]:
    """The best-scored candidate (None when there is none or it scores under MIN_SCORE) and all candidates."""
    found = candidates(page)
    if not found:
        return None, found
    scores = title_model().probabilities(features(page, found))
    best = int(np.argmax(scores))
    return (found[best] if scores[best] >= MIN_SCORE else None), found
