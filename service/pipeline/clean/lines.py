"""The rules' reading of a page given as one text block per line.

The method follows jusText (Pomikálek, 2011) adapted to plain text: each line is first classed
from its own shape (length, stopword density, script, furniture phrases, repetition), then short
and borderline lines take the class of their neighbours, and finally the densest contiguous run of
content is found, so that stray good-looking lines far from the article (comments, teasers, footer
notices) fall away. These decisions are features of the line model (`model.py`), which chooses
the body; the rules' block also locates the headline, byline and date.
"""

import re
from collections import Counter
from dataclasses import dataclass, fields
from operator import attrgetter

from service.pipeline.clean.furniture import BOUNDARIES, furniture_kind
from service.pipeline.text.language import UNSPACED_SCRIPTS
from service.pipeline.text.layout import DATELINE, TERMINAL, sentence_end

GOOD, NEAR, SHORT, BAD = "good", "near-good", "short", "bad"

LENGTH_LOW = 70  # characters: below this a line is too short to judge on its own
LENGTH_HIGH = 200  # characters: above this a line with enough stopwords is surely content
STOPWORDS_LOW = 0.30
STOPWORDS_HIGH = 0.32
UNSPACED_WEIGHT = 3  # one Han/kana/Thai character carries about as much as three Latin ones
PROSE_WORDS = 8  # words: a shorter line is not judged as prose on its own
SENTENCE_WORDS = 4  # words: the fewest of a line read as a (short) sentence
GAP_PENALTY = 40  # cost, in characters of content, of each non-content line inside the body
FIRST_RUN_SHARE = 0.3  # the first run with this share of the best run's content is the article
HEADLINE_WORDS = 30  # words: a longer first line is no headline
SUBHEADING_WORDS = 14  # words: a longer line between paragraphs is no subheading
# Furniture after which a page, not the article, goes on (an article given clean, `plain_article`).
_ENDS_ARTICLE = frozenset({"copyright", "counter", "discussion"})
_ABOVE_AN_ARTICLE = frozenset({"byline", "dateline", "share", "caption"})  # furniture an article may start with
_LIST_ITEM = re.compile(r"(?:[•·*\-–—]|\d{1,2}[.)])\s")  # a bullet or a number opening a list's item
# What opens one item of a list: a number ("2."), a bullet ("• "), or a short label and a colon ("Pros: ")
_ITEM_MARKS = (
    re.compile(r"^\W{0,2}\d{1,2}[.)]\s"),
    re.compile(r"^([•·*\-–—+►▪●■])\s"),
    re.compile(r"^([A-Za-z][\w' ]{0,20}):\s"),
)

_WORD = re.compile(r"\w+")
_SENTENCE_END = sentence_end(TERMINAL + "。！？:;")  # and the CJK stops, colons and semicolons


@dataclass(slots=True)
class Line:
    """One non-empty line of the page with the features the body decision uses."""

    text: str
    length: int  # effective length in Latin-equivalent characters
    words: int
    stopword_density: float
    script: str | None
    furniture: str | None
    repeated: bool
    capitalised: int  # words (split at spaces) that start with a capital letter
    prose: bool  # ends like a sentence and is not written in title case
    kind: str = SHORT

    def copy(self) -> "Line":
        """A copy whose class can be changed on its own (dataclasses.replace is five times slower)."""
        return Line(*_FIELDS(self))


_FIELDS = attrgetter(*(field.name for field in fields(Line)))


def split_lines(raw: str) -> list[str]:
    """The page's non-empty lines, whitespace-normalised."""
    return [" ".join(line.split()) for line in raw.splitlines() if line.strip()]


def describe(lines: list[str], scripts: list[str | None], stopwords: frozenset[str], script: str | None) -> list[Line]:
    """Features of each line, given its script (`scripts`), the body's stopwords and script, and its
    initial class."""
    counts = Counter(lines)
    first: dict[str, Line] = {}  # a repeated line is described once
    described = []
    for text, line_script in zip(lines, scripts, strict=True):
        seen = first.get(text)
        if seen is not None:
            described.append(seen.copy())
            continue
        tokens = _WORD.findall(text.lower())
        length = len(text) * (UNSPACED_WEIGHT if line_script in UNSPACED_SCRIPTS else 1)
        density = sum(map(stopwords.__contains__, tokens)) / len(tokens) if tokens else 0.0
        capitalised = sum(w[0].isupper() for w in text.split())
        line = Line(
            text=text,
            length=length,
            words=len(tokens),
            stopword_density=density,
            script=line_script,
            furniture=furniture_kind(text),
            repeated=counts[text] > 1,
            capitalised=capitalised,
            prose=_is_prose(text, tokens, capitalised),
        )
        line.kind = _initial_kind(line, script, bool(stopwords))
        first[text] = line
        described.append(line)
    return described


def _is_prose(text: str, tokens: list[str], capitalised: int) -> bool:
    """Whether `text` reads like running prose: PROSE_WORDS words or more, a sentence end and mostly
    lower-case words after the first (`capitalised` words start with a capital)."""
    return len(tokens) >= PROSE_WORDS and _sentence_like(text, len(tokens), capitalised)


def _sentence_like(text: str, words: int, capitalised: int) -> bool:
    return bool(_SENTENCE_END.search(text)) and capitalised - text[0].isupper() < 0.5 * (words - 1)


def is_sentence(line: Line) -> bool:
    """Whether a line reads as a sentence, however short (SENTENCE_WORDS words or more): prose, or a
    shorter line with a sentence end and mostly lower-case words ("Work starts in June.")."""
    return line.prose or line.words >= SENTENCE_WORDS and _sentence_like(line.text, line.words, line.capitalised)


def _initial_kind(line: Line, body_script: str | None, has_stopwords: bool) -> str:
    if line.furniture or line.script is None or (body_script and line.script != body_script):
        return BAD
    if line.length < LENGTH_LOW:
        return SHORT
    low, high = (STOPWORDS_LOW, STOPWORDS_HIGH) if has_stopwords else (0.0, 0.0)
    if line.stopword_density >= high:
        return GOOD if line.length > LENGTH_HIGH or line.prose else NEAR
    # Prose thick with names and scores has few stopwords; its neighbours decide.
    return NEAR if line.stopword_density >= low or line.prose else BAD


def _nearest(lines: list[Line], skip: tuple[str, ...]) -> tuple[list[str], list[str]]:
    """For each line, the class of the nearest line before and after it whose class is not in
    `skip` (BAD past the page's edges)."""
    before, after = [BAD] * len(lines), [BAD] * len(lines)
    last = BAD
    for i, line in enumerate(lines):
        before[i] = last
        if line.kind not in skip:
            last = line.kind
    last = BAD
    for i in range(len(lines) - 1, -1, -1):
        after[i] = last
        if lines[i].kind not in skip:
            last = lines[i].kind
    return before, after


def resolve_context(lines: list[Line]) -> None:
    """Give short and near-good lines a final class from their neighbours (jusText rules)."""
    prev, nxt = _nearest(lines, (SHORT, NEAR))
    prev_any, nxt_any = _nearest(lines, (SHORT,))
    shorts = {}
    for i, line in enumerate(lines):
        if line.kind != SHORT:
            continue
        if prev[i] == nxt[i]:
            shorts[i] = prev[i]
        elif (prev[i] == BAD and prev_any[i] == NEAR) or (nxt[i] == BAD and nxt_any[i] == NEAR):
            shorts[i] = GOOD
        else:
            shorts[i] = BAD
    for i, kind in shorts.items():
        lines[i].kind = kind
    prev, nxt = _nearest(lines, (SHORT, NEAR))
    for i, line in enumerate(lines):
        if line.kind == NEAR:
            line.kind = BAD if prev[i] == BAD == nxt[i] else GOOD


def _segments(lines: list[Line]) -> list[tuple[int, int, int]]:
    """(score, start, end) of the best run between each pair of boundary lines.

    Within a segment the run is a maximum-sum one: content lines count their length, other
    lines a fixed penalty; boundary furniture (related lists, comment counters, copyright)
    closes a segment."""
    segments, best, total, start = [], (0, 0, 0), 0, 0
    for i, line in enumerate(lines):
        if line.furniture in BOUNDARIES:
            segments.append(best)
            best, total, start = (0, 0, 0), 0, i + 1
            continue
        total += line.length if line.kind == GOOD else -GAP_PENALTY
        if total <= 0:
            total, start = 0, i + 1
        elif total > best[0]:
            best = (total, start, i + 1)
    segments.append(best)
    return [s for s in segments if s[0] > 0]


def main_block(lines: list[Line], anchor: int | None = None) -> tuple[int, int]:
    """Bounds [start, end) of the article: the first substantial run of content, after the
    headline (`anchor`) when known; articles come before comments and teaser lists."""
    segments = _segments(lines)
    after = [s for s in segments if anchor is None or s[2] > anchor] or segments
    if not after:
        return 0, 0
    floor = FIRST_RUN_SHARE * max(score for score, _, _ in after)
    if anchor is not None:
        floor = min(floor, LENGTH_HIGH)
    _, start, end = next(s for s in after if s[0] >= floor)
    return start, end


def dateline_start(lines: list[Line], start: int, end: int) -> int:
    """Where the story begins inside [start, end): at a dateline ("BUFFALO, N.Y. — ...") when
    the content lines before it are mostly not prose (a list of teaser headlines), else `start`."""
    found = next((i for i in range(start, end) if lines[i].kind == GOOD and DATELINE.match(lines[i].text)), None)
    if found is None:
        return start
    before = [line for line in lines[start:found] if line.kind == GOOD]
    return found if before and sum(line.prose for line in before) * 2 < len(before) else start


def plain_article(lines: list[Line]) -> tuple[int | None, list[int]] | None:
    """An article given already clean, as a user may post one: perhaps a headline, byline,
    dateline, share and caption lines, then sentences, with a short line between two of them as a
    subheading, lists of items after a sentence, and furniture lines (an advertisement's label, a
    share button) left out, up to a copyright line or a comment section. Its headline's line (None
    without one) and its body's lines; None for a page, which the line model reads: a menu or any
    other two lines in a row that are neither sentences nor items, or other furniture above the
    article (a menu's, a cookie notice), is a page."""
    ends = _SENTENCE_END.search
    content: list[int] = []
    started = False  # a sentence seen: the article has begun
    for i, line in enumerate(lines):
        if line.furniture in _ENDS_ARTICLE:
            break
        if line.furniture:
            if not started and line.furniture not in _ABOVE_AN_ARTICLE:
                return None  # a page's header: a menu, a cookie notice
            continue
        content.append(i)
        started = started or bool(ends(line.text))
    first = next((k for k, i in enumerate(content) if ends(lines[i].text)), None)
    if first is None or first > 1 or first and lines[content[0]].words > HEADLINE_WORDS:
        return None
    after_sentence = after_item = True
    for k in range(first, len(content)):
        line = lines[content[k]]
        sentence = bool(ends(line.text))
        inside = k + 1 < len(content)
        subheading = after_sentence and inside and line.words <= SUBHEADING_WORDS
        item = (after_sentence or after_item) and inside and bool(_LIST_ITEM.match(line.text))
        if not (sentence or subheading or item):
            return None
        after_sentence, after_item = sentence, item
    if sum(lines[i].words for i in content[first:]) < PROSE_WORDS:
        return None  # "Too short.": a few words are no article
    return (content[0] if first else None), content[first:]


def item_mark(text: str) -> str:
    """What opens the line as an item of a list, "" for none; the items of one list share it:
    "0" for any number ("2."), "1" and the bullet ("1•"), "2" and the label in lower case ("2pros")."""
    for kind, pattern in enumerate(_ITEM_MARKS):
        if found := pattern.match(text):
            return f"{kind}{found.group(1).lower() if kind else ''}"
    return ""
