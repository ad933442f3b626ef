"""Characters no parser of the pipeline can hold, made harmless before it reads a page."""

import re

# C0 controls other than tab, line breaks and form feed, DEL, lone surrogates (JSON can carry them)
# and the two non-characters: lxml refuses to hold them, spaCy to encode them.
_UNREADABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
# And in HTML its white space that lxml parses but refuses to hold, vertical tab and form feed.
_UNREADABLE_HTML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")  # a numeric character reference


def _reference(match: re.Match) -> str:
    """A numeric reference to an unreadable character (or to HTML's white space) as a space."""
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return " " if code > 0x10FFFF or _UNREADABLE_HTML.match(chr(code)) else match.group()


def readable(text: str, html: bool = False) -> str:
    """`text` with each unreadable character a space: in HTML the vertical tab and form feed too
    (in plain text they break lines, as `str.splitlines` reads them), written or referenced
    ("&#12;": lxml decodes the reference into the character it refuses to hold)."""
    return _REFERENCE.sub(_reference, _UNREADABLE_HTML.sub(" ", text)) if html else _UNREADABLE.sub(" ", text)
