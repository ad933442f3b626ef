"""Page furniture: the phrases of menus, share bars, counters, credits and notices, in several
languages. `furniture_kind(line)` names the kind of furniture a line is, or returns None."""

import re

from service.pipeline.clean.metadata import COPYRIGHT_MARKS, byline_names
from service.pipeline.text.dates import find_date
from service.pipeline.vocabulary import any_of, lowered_pattern, table

# The phrases, per kind, as regular expressions (data/vocabulary/furniture.toml): notices may appear
# inside a long line (they are sentences); labels are UI strings and labels of short lines, anchored at
# their start; each notice must contain one of its cue substrings (a cheap test before the expression).
_PHRASES = table("furniture")
_NOTICES = {kind: "".join(pieces) for kind, pieces in _PHRASES["notices"].items()}
_LABELS = {kind: "".join(pieces) for kind, pieces in _PHRASES["labels"].items()}
_NOTICE_CUES = {kind: tuple(cues) for kind, cues in _PHRASES["notice_cues"].items()}
_NOTICE_CUES["copyright"] = (*COPYRIGHT_MARKS, *_NOTICE_CUES["copyright"])
# Label phrases found anywhere in a short line: share prompts after other UI text, and agency
# credits closing a caption (in its last characters). All patterns read the line lower-cased.
_SHARE_PROMPT = lowered_pattern("".join(_PHRASES["anywhere"]["share_prompt"]))
_CREDIT_END = lowered_pattern("".join(_PHRASES["anywhere"]["caption_credit"]))
_CREDIT_TAIL = 40


def _one_of(patterns: dict[str, str]) -> re.Pattern:
    """One expression trying each kind's pattern in turn; the match's lastgroup names the kind."""
    return lowered_pattern("|".join(f"(?P<{kind}>{p})" for kind, p in patterns.items()))


_NOTICE_RES = {kind: lowered_pattern(p) for kind, p in _NOTICES.items()}
_CUE_RES = {kind: re.compile("|".join(map(re.escape, cues))) for kind, cues in _NOTICE_CUES.items()}
_ANY_CUE = re.compile(any_of(cue for cues in _NOTICE_CUES.values() for cue in cues))
_LABELS_RE = _one_of(_LABELS)
_SHORT_WORDS = 12
# A longer metadata line: place, desk and date joined by bars or led by "Updated", "Published".
_META_WORDS = 24
_META_CUE = lowered_pattern(r"\||\b(updated|published|posted|last modified)\b")
_DIGIT = re.compile(r"\d")
# Kinds that close an article: what follows them belongs to the page, not to the story.
BOUNDARIES = frozenset({"copyright", "counter", "related", "discussion"})


def furniture_kind(line: str) -> str | None:
    """The kind of page furniture `line` is ("share", "copyright", ...), or None for content."""
    words, lowered = len(line.split()), line.lower()
    if words <= _SHORT_WORDS:
        label = _LABELS_RE.match(lowered)
        if label:
            return label.lastgroup
        if _SHARE_PROMPT.search(lowered):
            return "share"
        if _CREDIT_END.search(lowered[-_CREDIT_TAIL:]):
            return "caption"
        if not line.endswith(".") and _DIGIT.search(line) and find_date(line):
            return "dateline"
        if byline_names(line):
            return "byline"
    elif words <= _META_WORDS and not line.endswith(".") and _META_CUE.search(lowered) and find_date(line):
        return "dateline"  # "New Delhi, News Desk | Updated : 19 November 2019, 09:01 AM"
    if len(line) <= 400 and _ANY_CUE.search(lowered):
        for kind, pattern in _NOTICE_RES.items():
            if _CUE_RES[kind].search(lowered) and pattern.search(lowered):
                return kind
    return None
