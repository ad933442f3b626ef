"""Where a name stands in the body: in a heading or a picture credit rather than in the prose."""

import re
from bisect import bisect_left, bisect_right
from collections.abc import Callable
from typing import TypeVar, cast

_WORD = r"[A-Z0-9][\w'’.&-]*"
_SMALL = r"(?:of|and|the|for|in|on|to|a|an|at|by|with|from|vs\.?|&|-|–|—)"
_TITLE_WORDS = rf"{_WORD}(?:\s+(?:{_WORD}|{_SMALL}))*"
_MAX_HEADING_WORDS = 14
TERMINAL = ".!?…"  # marks that end a sentence


def sentence_end(marks: str = TERMINAL) -> re.Pattern:
    """A text's end on one of `marks`, closing quotes and brackets allowed after it."""
    return re.compile(rf"[{marks}]['\"”’»)\]]*$")


# A run of at least two Title Case words opening a line and closed by a colon or by the first
# words of a sentence: a subheading run into its paragraph ("Talks Stall The envoy said ...").
_LEAD_IN = re.compile(
    rf"^\W*{_WORD}(?:\s+(?:{_WORD}|{_SMALL}))*?\s+{_WORD}(?=\s*:\s|\s+(?:The|A|An|This"
    r"|These|In|On|As|After|But|It|Its|He|She|They|We|For|With|When|While|According)"
    r"\s+[a-z])"
)
_HEADING = re.compile(rf"^\W*{_TITLE_WORDS}\W*$")
_SENTENCE_END = sentence_end()
# A picture credit cue and up to five capitalised words before the name: "Credit... Jane Doe/The".
_CREDIT_BEFORE = re.compile(
    r"(?i:(?:photo(?:graph)?|image|picture|pic)s?\s*(?:credit\s*)?(?:by\b|[:|/©])"
    r"|credit\s*(?:[:|/…©]|\.\.\.)|courtesy(?:\s+of)?\b)"
    r"[\s/|,;]*(?:[A-Z][\w.'’-]*[\s/|,;]*){0,5}$"
)
_CREDIT_WINDOW = 60
T = TypeVar("T")
# A dateline opening a paragraph: "MADRID — ", "BUFFALO, N.Y. — ", "WASHINGTON (Reuters) - ".
DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:, (?P<region>[A-Z][\w.]*(?: [A-Z][\w.]*)?))?"
    r"\s*(?:\((?P<agency>[\w .&-]+)\)\s*)?[—–-]{1,2}\s",
    re.M,
)


class Lines:
    """The lines of a document text, found by character offset; what is worked out about a line
    is worked out once (a long line can carry thousands of names)."""

    def __init__(self, text: str):
        self.text = text
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]
        self._facts: dict[tuple[str, int], object] = {}
        self._marks: dict[str, list[int]] = {}

    def bounds(self, pos: int) -> tuple[int, int]:
        k = bisect_right(self.starts, pos) - 1
        return self.starts[k], self.starts[k + 1] - 1 if k + 1 < len(self.starts) else len(self.text)

    def fact(self, pos: int, compute: Callable[[str], T]) -> T:
        """`compute(line)` for the line at `pos`, computed once per line and function."""
        start, end = self.bounds(pos)
        key = (compute.__qualname__, start)
        if key not in self._facts:
            self._facts[key] = compute(self.text[start:end])
        return cast(T, self._facts[key])

    def count_before(self, pos: int, mark: str) -> int:
        """How many times the character `mark` occurs in the line at `pos` before `pos`."""
        if mark not in self._marks:
            self._marks[mark] = [i for i, ch in enumerate(self.text) if ch == mark]
        at = self._marks[mark]
        return bisect_left(at, pos) - bisect_left(at, self.bounds(pos)[0])

    def outside_prose(self, start: int, end: int) -> bool:
        """Whether body[start:end] lies in a heading line, a subheading run into its paragraph,
        or a picture credit."""
        line_start, _ = self.bounds(start)
        if self.fact(start, is_heading) or start - line_start < self.fact(start, _lead_in_end):
            return True
        return bool(_CREDIT_BEFORE.search(self.text, max(line_start, start - _CREDIT_WINDOW), start))


def _lead_in_end(line: str) -> int:
    """Where a subheading run into the line ends (0: none)."""
    lead = _LEAD_IN.match(line)
    return lead.end() if lead else 0


def is_heading(line: str) -> bool:
    """A short line of Title Case words without final punctuation."""
    return len(line.split()) <= _MAX_HEADING_WORDS and not _SENTENCE_END.search(line) and bool(_HEADING.match(line))
