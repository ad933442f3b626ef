"""What the line model sees: a page read by the rules (`read`) and one feature row per line
(`matrix`): the line's shape, its furniture kind, the rules' decisions about it, the same for
its neighbours, window averages, its place on the page, the comment-section evidence around
it (`comments`) and the line measured against its page (`relative`)."""

import math
import re
from dataclasses import dataclass
from functools import cached_property

import numpy as np

from service.pipeline.clean import comments, metadata, relative, windows
from service.pipeline.clean import lines as pagelines
from service.pipeline.clean.furniture import BOUNDARIES
from service.pipeline.text.charclasses import CharClasses
from service.pipeline.text.language import SCRIPT_CLASSES, detect_language, scripts_of, stopwords
from service.pipeline.vocabulary import lowered_pattern

KINDS = (
    "share",
    "counter",
    "numbers",
    "caption",
    "editor",
    "related",
    "link",
    "ui",
    "dateline",
    "byline",
    "copyright",
    "cookies",
    "newsletter",
    "discussion",
    "disclaimer",
)
_SENTENCE_END = re.compile(r"[.!?…。！？]['\"”’»)\]]*$")
# The characters of each line counted by class, once a page: its writing system's and the shape's.
CHARS = CharClasses(
    {**SCRIPT_CLASSES, "digit": r"\d", "capital": "[A-ZА-Я]", "punctuation": r"[^\w\s]", "comma": "[,，、]"}
)
_SHAPE_COUNTS = [CHARS.column[name] for name in ("digit", "capital", "letter", "punctuation")]
_LIST_MARK = re.compile(r"^\W*[•·|»›>\-–—*]")
_COMMENT_CUE = lowered_pattern(r"\b(reply|says|said on|wrote|posted|am|pm|ago)\b|@")
_QUOTES = frozenset('"“”«»')
INITIAL = (pagelines.GOOD, pagelines.NEAR, pagelines.SHORT, pagelines.BAD)

OWN = [
    "loglen",
    "logwords",
    "stop",
    "prose",
    "repeated",
    "badscript",
    "noscript",
    "sent_end",
    "colon_end",
    "comma_end",
    "caps_share",
    "digit_share",
    "upper_share",
    "punct_share",
    "bars",
    "list_mark",
    "comment_cue",
    "quote",
    "rel_len",
    "furn",
    "boundary",
    *[f"k_{k}" for k in KINDS],
    "i_good",
    "i_near",
    "i_short",
    "i_bad",
    "good",
    "in_block",
    "in_body",
    "anchor",
    "title",
    "pagetitle_part",
]
NEIGHBOUR = ["loglen", "stop", "good", "furn", "in_body", "sent_end"]
OFFSETS = (-3, -2, -1, 1, 2, 3)
WINDOWS = (3, 10)
WINDOWED = ["good", "loglen", "stop", "furn"]
PLACE = [
    "pos",
    "pos_rev",
    "n_lines",
    "good_share_before",
    "good_share_after",
    "block_dist",
    "before_block",
    "after_block",
    "page_goodchars",
    "lang_en",
    "first_line",
]
# A line's own evidence (also the first columns of the HTML line model), then the comment section's
# and the line measured against its page.
BASE = (
    OWN + [f"{n}@{o}" for o in OFFSETS for n in NEIGHBOUR] + [f"win{w}_{n}" for w in WINDOWS for n in WINDOWED] + PLACE
)
FEATURES = BASE + comments.FEATURES + relative.FEATURES
_COL = {name: j for j, name in enumerate(OWN)}
_KIND: dict[str | None, int] = {kind: j for j, kind in enumerate(KINDS)}
_INITIAL = {initial: j for j, initial in enumerate(INITIAL)}


@dataclass
class Reading:
    """A page as the rules read it: its lines, their first and final classes, the rules' main
    block [start, end), body lines and headline."""

    texts: list[str]
    chars: np.ndarray  # CHARS counts, a row a line
    lines: list[pagelines.Line]
    initial: list[str]
    language: str | None
    script: str | None
    anchor: int | None
    start: int
    end: int
    body: set[int]
    title: str | None
    title_index: int | None
    language_lines: list[int]  # the lines `language` was read from

    @cached_property
    def plain(self) -> tuple[int | None, list[int]] | None:
        """The headline's and the body's lines of an article given already clean (`lines.plain_article`)."""
        return pagelines.plain_article(self.lines)


def _language_sample(texts: list[str], size: int = 600) -> list[int]:
    """The longest lines up to about `size` characters: where a page's prose usually is."""
    sample, total = [], 0
    for i in sorted(range(len(texts)), key=lambda i: len(texts[i]), reverse=True):
        sample.append(i)
        total += len(texts[i])
        if total >= size:
            break
    return sample


def read(raw: str) -> Reading:
    """Read a page given as one block per line with the rules (jusText-style classes, the densest
    run of content after the headline)."""
    texts = pagelines.split_lines(raw)
    chars = CHARS.count(texts)
    sample = _language_sample(texts)
    language = detect_language("\n".join(texts[i] for i in sample))
    script = scripts_of(chars[sample].sum(axis=0, keepdims=True), CHARS.column)[0]
    lines = pagelines.describe(texts, scripts_of(chars, CHARS.column, script), stopwords(language), script)
    initial = [line.kind for line in lines]
    pagelines.resolve_context(lines)
    anchor = metadata.title_anchor(texts)
    start, end = pagelines.main_block(lines, anchor)
    furniture = {i for i, line in enumerate(lines) if line.furniture}
    title, title_index = metadata.find_title(texts, start, anchor, furniture)
    first = pagelines.dateline_start(lines, start, end)
    body = {i for i in range(first, end) if lines[i].kind == pagelines.GOOD and lines[i].text != title}
    return Reading(texts, chars, lines, initial, language, script, anchor, start, end, body, title, title_index, sample)


def _text_shape(line: pagelines.Line, digits: int, capitals: int, letters: int, punctuation: int) -> tuple:
    """The OWN columns that depend on a line's text alone (sent_end ... quote), given its counts of
    digits, capitals, letters and punctuation."""
    text = line.text
    chars = len(text) or 1
    words = text.count(" ") + 1 if text else 0  # lines are whitespace-normalised
    return (
        bool(_SENTENCE_END.search(text)),
        text.endswith(":"),
        text.endswith(","),
        line.capitalised / words if words else 0.0,
        digits / chars,
        capitals / (letters or 1),
        punctuation / chars,
        text.count("|"),
        bool(_LIST_MARK.match(text)),
        bool(_COMMENT_CUE.search(text.lower())),
        not _QUOTES.isdisjoint(text),
    )


def _own(page: Reading) -> np.ndarray:
    """The OWN columns of every line of `page`, built a column at a time."""
    lines, texts, n = page.lines, page.texts, len(page.lines)
    first_parts = {p.lower() for p in metadata.split_page_title(texts[0])}
    longest = max(line.length for line in lines) or 1
    shapes: dict[str, tuple] = {}  # a repeated line is measured once
    for line, counts in zip(lines, page.chars[:, _SHAPE_COUNTS].tolist(), strict=True):
        if line.text not in shapes:
            shapes[line.text] = _text_shape(line, *counts)
    kinds = [line.furniture for line in lines]
    index = np.arange(n)
    columns = [
        [math.log1p(line.length) for line in lines],
        [math.log1p(line.words) for line in lines],
        [line.stopword_density for line in lines],
        [line.prose for line in lines],
        [line.repeated for line in lines],
        [line.script is not None and page.script is not None and line.script != page.script for line in lines],
        [line.script is None for line in lines],
        *zip(*(shapes[text] for text in texts)),
        [line.length / longest for line in lines],
        [kind is not None for kind in kinds],
        [kind in BOUNDARIES for kind in kinds],
    ]
    return np.hstack(
        [
            np.array(columns, dtype=np.float32).T,
            _one_hot([_KIND.get(kind, -1) for kind in kinds], len(KINDS)),
            _one_hot([_INITIAL[initial] for initial in page.initial], len(INITIAL)),
            np.column_stack(
                [
                    [line.kind == pagelines.GOOD for line in lines],
                    (page.start <= index) & (index < page.end),
                    np.isin(index, list(page.body)),
                    index == (-1 if page.anchor is None else page.anchor),
                    index == (-1 if page.title_index is None else page.title_index),
                    [i > 0 and text.lower() in first_parts for i, text in enumerate(texts)],
                ]
            ).astype(np.float32),
        ]
    )


def _one_hot(codes: list[int], size: int) -> np.ndarray:
    """Columns 0 .. size - 1: whether each row's code is the column's (-1: none)."""
    return (np.array(codes)[:, None] == np.arange(size)).astype(np.float32)


def matrix(page: Reading) -> np.ndarray:
    """One row of FEATURES per line of `page`."""
    commas = page.chars[:, CHARS.column["comma"]]
    return np.hstack([base_matrix(page), comments.matrix(page.texts), relative.matrix(page.texts, page.lines, commas)])


def base_matrix(page: Reading) -> np.ndarray:
    """One row of BASE per line of `page`."""
    n = len(page.lines)
    if not n:
        return np.zeros((0, len(BASE)), dtype=np.float32)
    own = _own(page)
    parts = [own]
    reach = max(OFFSETS)
    pad = np.zeros((reach, len(NEIGHBOUR)), dtype=np.float32)
    padded = np.vstack([pad, own[:, [_COL[c] for c in NEIGHBOUR]], pad])
    parts += [padded[reach + o : reach + o + n] for o in OFFSETS]
    windowed = own[:, [_COL[c] for c in WINDOWED]]
    parts += [windows.means(windowed, w) for w in WINDOWS]
    index = np.arange(n)
    good = np.array([line.length if line.kind == pagelines.GOOD else 0 for line in page.lines], dtype=np.float32)
    total = float(good.sum()) or 1.0
    before = (np.cumsum(good) - good) / total
    distance = np.where(index < page.start, index - page.start, np.where(index >= page.end, index - page.end + 1, 0))
    parts.append(
        np.column_stack(
            [
                index / n,
                (n - 1 - index) / n,
                np.full(n, math.log1p(n)),
                before,
                1 - before - good / total,
                np.maximum(np.minimum(distance, 30), -30) / 30,
                index < page.start,
                index >= page.end,
                np.full(n, math.log1p(total)),
                np.full(n, page.language == "en"),
                index == 0,
            ]
        ).astype(np.float32)
    )
    return np.hstack(parts)
