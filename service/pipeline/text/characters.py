"""Characters no parser of the pipeline can hold, made harmless before it reads a page."""

import re

# C0 controls other than tab, line breaks and form feed, DEL, lone surrogates (JSON can carry them)
# and the two non-characters: lxml refuses to hold them, spaCy to encode them.
_UNREADABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_HTML_SPACE = re.compile(r"[\x0b\x0c]")  # HTML's white space, which lxml parses but refuses to hold
_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")  # a numeric character reference


def _reference(match: re.Match) -> str:
    """A numeric reference to an unreadable character (or to HTML's white space) as a space."""
    hexadecimal, decimal = match.groups()
    code = int(hexadecimal, 16) if hexadecimal else int(decimal)
    unreadable = code > 0x10FFFF or code in (0x0B, 0x0C) or _UNREADABLE.match(chr(code))
    return " " if unreadable else match.group()


def readable(text: str, html: bool = False) -> str:
    """`text` with each unreadable character a space: in HTML the vertical tab and form feed too
    (in plain text they break lines, as `str.splitlines` reads them), written or referenced
    ("&#12;": lxml decodes the reference into the character it refuses to hold)."""
    text = _UNREADABLE.sub(" ", text)
    return _REFERENCE.sub(_reference, _HTML_SPACE.sub(" ", text)) if html else text
