"""Where a name stands in the body: in a heading or a picture credit rather than in the prose."""

import re

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
# A dateline opening a paragraph: "MADRID — ", "BUFFALO, N.Y. — ", "WASHINGTON (Reuters) - ".
DATELINE = re.compile(
    r"^(?P<city>[A-Z][A-Z.'’-]+(?: [A-Z][A-Z.'’-]+){0,3})"
    r"(?:, (?P<region>[A-Z][\w.]*(?: [A-Z][\w.]*)?))?"
    r"\s*(?:\((?P<agency>[\w .&-]+)\)\s*)?[—–-]{1,2}\s",
    re.M,
)


class Lines:
    """The lines of a document text, found by character offset."""

    def __init__(self, text: str):
        self.text = text

    def bounds(self, pos: int) -> tuple[int, int]:
        start = self.text.rfind("\n", 0, pos) + 1
        end = self.text.find("\n", pos)
        return start, end if end >= 0 else len(self.text)

    def at(self, pos: int) -> str:
        start, end = self.bounds(pos)
        return self.text[start:end]

    def outside_prose(self, start: int, end: int) -> bool:
        """Whether body[start:end] lies in a heading line, a subheading run into its paragraph,
        or a picture credit."""
        line_start, line_end = self.bounds(start)
        line = self.text[line_start:line_end]
        if is_heading(line):
            return True
        lead = _LEAD_IN.match(line)
        if lead and start - line_start < lead.end():
            return True
        return bool(_CREDIT_BEFORE.search(line[max(0, start - line_start - _CREDIT_WINDOW) : start - line_start]))


def is_heading(line: str) -> bool:
    """A short line of Title Case words without final punctuation."""
    return len(line.split()) <= _MAX_HEADING_WORDS and not _SENTENCE_END.search(line) and bool(_HEADING.match(line))
