"""The headline chosen by a small learned model among candidates: the lines above the body's start
(and the nearest headline-shaped ones further up), the page title's parts and, for HTML, its
og:title, trafilatura's title and its headlines by markup (`html.markup_titles`: the first <h1>s and
<h2>s, elements whose class, id or itemprop names the headline, the first heading inside <article>);
never a line that only gives a date.

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
from collections import Counter
from dataclasses import dataclass, field
from functools import cache, cached_property

import numpy as np

from service.pipeline.clean import metadata
from service.pipeline.clean.furniture import furniture_kind
from service.pipeline.clean.model import Trees, packaged
from service.pipeline.text.dates import MONTHS, find_date
from service.pipeline.text.language import folded_words, stopwords
from service.pipeline.vocabulary import entries, lowered_pattern

MODEL_FILE = "title_model.npz"
REACH = 25  # lines above the body's first line that may hold the headline
FAR = 100  # lines above the body where the nearest headline-like lines beyond REACH are still looked at
FAR_LINES = 8  # how many of those
BELOW = 2  # lines of the body's top that may be the headline
LEAD_LINES = 3  # body lines the headline's words are looked for in
# Under this the best candidate is no title (a text that starts straight with prose): the floor with the best
# leave-one-source-out mean title accuracy, headline-less texts counted (`articles train-titles` prints it).
MIN_SCORE = 0.057
MAX_PARTS = 5  # parts of the page title looked at ("Section | Headline - Outlet")
_CLOCK = re.compile(r"\d{1,2}[:.]\d\d")
_WORD = re.compile(r"\w+")
_NAVIGATION = lowered_pattern(r"\b(?:" + "|".join(map(re.escape, entries("headline_furniture"))) + r")\b")

ORIGINS = (
    "line",
    "page_title",
    "page_title_part",
    "page_title_span",
    "page_title_main",
    "og_title",
    "h1",
    "html_title",
    "h2",
    "headline_markup",
    "article_heading",
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
    "p_body",
    "body_first",
    "lines_above_body",
    "period_end",
    "commas",
]
# Features also given relative to the page's best candidate (a linear ranker cannot compare otherwise).
RELATIVE = ["lead_share", "page_title_jaccard", "in_page_title", "html_agree", "log_words", "capital_share", "in_lines"]
FEATURES += [f"{name}_gap" for name in RELATIVE]


def words(text: str) -> set[str]:
    return set(folded_words(text or ""))


_BREADCRUMB = re.compile(r"(\s[>»›]\s.*){2}")
_LINKING_WORDS = frozenset("the a an at in on to from with by and as is are was".split())


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
    furniture: set[int] = field(default_factory=set)  # lines furniture_kind names
    prose: set[int] = field(default_factory=set)
    html_titles: dict[str, list[str]] = field(default_factory=dict)  # origin -> texts (og_title, h1, ...)
    p_body: list[float] = field(default_factory=list)  # the first line model's P(body) of each line

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
    """Whether line `index` is nearer line `start` than line `than` is."""
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
        if index is not None and (candidate.index is None or _nearer(index, candidate.index, page.body_start)):
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


def _jaccards(rows: list[set[str]], columns: list[set[str]]) -> np.ndarray:
    """The Jaccard similarity of each row's word set with each column's (0 for two empty sets). Only the
    rows' words enter the product: a column's other words only add to its size (and a long line near the
    body would make the product large enough for BLAS's threads)."""
    vocabulary = {w: j for j, w in enumerate(set().union(*rows))}
    a, b = (np.zeros((len(sets), len(vocabulary))) for sets in (rows, columns))
    for incidence, sets in ((a, rows), (b, columns)):
        cells = [(r, vocabulary[w]) for r, found in enumerate(sets) for w in found if w in vocabulary]
        if cells:
            incidence[tuple(zip(*cells))] = 1.0
    shared = a @ b.T
    union = np.array([len(s) for s in rows], dtype=float)[:, None] + np.array([len(s) for s in columns]) - shared
    return np.divide(shared, union, out=np.zeros_like(shared), where=union > 0)


def features(page: Page, found: list[Candidate]) -> np.ndarray:
    """One row of FEATURES per candidate, built a column at a time."""
    columns = {f"from_{o}": [o in c.origins for c in found] for o in ORIGINS}
    columns |= _place(page, found)
    columns |= _shape(page, found)
    columns |= _agreement(page, found)
    base = len(FEATURES) - len(RELATIVE)
    x = np.array([columns[name] for name in FEATURES[:base]], dtype=float).reshape(base, len(found)).T
    relative = x[:, [FEATURES.index(name) for name in RELATIVE]]
    return np.hstack([x, relative - relative.max(axis=0, initial=0.0)])


def _place(page: Page, found: list[Candidate]) -> dict[str, list]:
    """Where each candidate sits: lines above the body, rank among the headline-shaped lines, the
    rules' marks on its line."""
    index = [c.index for c in found]
    above = [page.body_start - i if i is not None else 0 for i in index]
    return {
        "no_line": [i is None for i in index],
        "above": [min(max(a, 0), REACH) for a in above],
        "log_above": [math.log1p(max(a, 0)) for a in above],
        "below": [a <= 0 and i is not None for a, i in zip(above, index)],
        "rank": [page.headline_ranks.get(i, 10) if i is not None else 10 for i in index],
        "furniture": [i in page.furniture for i in index],
        "prose": [i in page.prose for i in index],
        "anchor": [i is not None and i == page.anchor for i in index],
        "first_line": [i == 0 for i in index],
        "p_body": [page.p_body[i] if i is not None and i < len(page.p_body) else -1.0 for i in index],
        "body_first": [i == page.body_start for i in index],
        "lines_above_body": [math.log1p(page.body_start)] * len(found),
    }


def _shape(page: Page, found: list[Candidate]) -> dict[str, list]:
    """What each candidate looks like: words, case, punctuation, dates, bylines, furniture."""
    stop = stopwords("en")
    texts = [c.text for c in found]
    tokens = [t.split() for t in texts]
    return {
        "log_words": [math.log(len(t)) for t in tokens],
        "words_1_2": [len(t) <= 2 for t in tokens],
        "words_over_20": [len(t) > 20 for t in tokens],
        "sentence_end": [t.rstrip().endswith((".", ",", ";")) for t in texts],
        "question": [t.rstrip().endswith(("?", "!")) for t in texts],
        "colon": [":" in t for t in texts],
        "separator": [len(metadata.split_page_title(t)) > 1 for t in texts],
        "capital_share": [sum(w[:1].isupper() for w in t) / len(t) for t in tokens],
        "all_caps": [t.isupper() for t in texts],
        "stop_share": [sum(w.lower() in stop for w in t) / len(t) for t in tokens],
        "digits": [any(map(str.isdigit, t)) for t in texts],
        "date": [find_date(t) is not None for t in texts],
        "clock": [bool(_CLOCK.search(t)) for t in texts],
        "byline": [bool(metadata.byline_names(t)) for t in texts],
        "lone_name": [metadata.lone_name(t) is not None for t in texts],
        # a line's furniture kind is known (page.furniture); only other candidates need the look-up
        "furniture_text": [
            c.index in page.furniture if c.index is not None else furniture_kind(c.text) is not None for c in found
        ],
        "nav_phrase": [bool(_NAVIGATION.search(t.lower())) for t in texts],
        "lower_start": [t[:1].islower() for t in texts],
        "period_end": [t.endswith(".") and not t.endswith("..") for t in texts],
        "commas": [t.count(",") for t in texts],
    }


def _agreement(page: Page, found: list[Candidate]) -> dict[str, list]:
    """How each candidate agrees with the page: its title and title parts, the body's lead, the
    lines near the body, repetitions, the HTML's own titles and the rules' headline."""
    stop = stopwords("en")
    texts = [c.text for c in found]
    near = range(max(1, page.body_start - REACH), min(len(page.texts), page.body_start + BELOW))
    word_sets = {text: words(text) for text in {*texts, *(page.texts[i] for i in near)}}  # candidates are near lines
    sets = [word_sets[t] for t in texts]
    title_words = words(page.texts[0]) if page.texts else set()
    parts = metadata.split_page_title(page.texts[0]) if page.texts else []
    lead_words = words(page.lead)
    counts = Counter(page.texts)
    html = [(origin, words(t)) for origin, titles in page.html_titles.items() for t in titles]
    similar = _jaccards(sets, [h for _, h in html] + [word_sets[page.texts[i]] for i in near])
    to_html, to_lines = similar[:, : len(html)], similar[:, len(html) :]

    def agree(origin: str) -> list[float]:
        return np.where([o == origin for o, _ in html], to_html, 0.0).max(axis=1, initial=0.0).tolist()

    own_line = np.array(near)[None, :] == np.array([-1 if c.index is None else c.index for c in found])[:, None]
    contents = [{w for w in cw if w not in stop} or cw for cw in sets]
    return {
        "repeats": [math.log(counts[t] or 1) for t in texts],
        "in_page_title": [len(cw & title_words) / len(cw) if cw else 0.0 for cw in sets],
        "page_title_in": [len(cw & title_words) / len(title_words) if title_words else 0.0 for cw in sets],
        "page_title_jaccard": [
            len(cw & title_words) / len(cw | title_words) if cw | title_words else 0.0 for cw in sets
        ],
        "lead_share": [len(content & lead_words) / len(content) if content else 0.0 for content in contents],
        "rule_title": [t == page.rule_title for t in texts],
        "html_agree": to_html.max(axis=1, initial=0.0).tolist(),
        "og_agree": agree("og_title"),
        "h1_agree": agree("h1"),
        "html_title_agree": agree("html_title"),
        "html_page": [any(page.html_titles.values())] * len(found),
        "part_first": [len(parts) > 1 and t == parts[0] for t in texts],
        "part_last": [len(parts) > 1 and t == parts[-1] for t in texts],
        "in_lines": np.where(own_line, 0.0, to_lines).max(axis=1, initial=0.0).tolist(),
    }


def _never_served(text: str, outlet: str | None) -> bool:
    """A reporter's job, a breadcrumb trail, or the outlet's name."""
    if _job(text) or _BREADCRUMB.search(text):
        return True
    if not outlet:
        return False
    return metadata.names_outlet(text, outlet)


def _job(text: str) -> bool:
    """A reporter's job, no sentence ("Science writer", "Chief Political Correspondent"; not "Leader
    remembered at prayer service")."""
    return metadata.role_line(text) and not _LINKING_WORDS.intersection(text.lower().split())


@cache
def title_model() -> Trees:
    """The packaged title model, read once per process."""
    return packaged(MODEL_FILE, FEATURES, "articles train-titles")


def choose(page: Page, outlet: str | None = None) -> tuple[Candidate | None, list[Candidate]]:
    """The best-scored candidate (None when there is none or it scores under MIN_SCORE) and all
    candidates; never one that is only the name of the `outlet` the page gives elsewhere (a page
    title's "Floods - The Harbourvale Evening Gazette" may score its longer part higher), nor a
    reporter's job on a line of its own ("Science writer" under the byline), nor a breadcrumb trail
    ("Home > Politics > Germany")."""
    found = candidates(page)
    if not found:
        return None, found
    scores = title_model().probabilities(features(page, found))
    never = [_never_served(c.text, outlet) for c in found]
    scores = np.where(never, -1.0, scores)
    best = int(np.argmax(scores))
    return (found[best] if scores[best] >= MIN_SCORE else None), found
