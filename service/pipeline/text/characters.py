"""Characters no parser of the pipeline can hold, made harmless before it reads a page."""

import re

# C0 controls other than tab, line breaks and form feed, DEL, lone surrogates (JSON can carry them)
# and the two non-characters: lxml refuses to hold them, spaCy to encode them.
_UNREADABLE = re.compile(r"[\x00-\x08\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_HTML_SPACE = re.compile(r"[\x0b\x0c]")  # HTML's white space, which lxml parses but refuses to hold


def readable(text: str, html: bool = False) -> str:
    """`text` with each unreadable character a space: in HTML the vertical tab and form feed too
    (in plain text they break lines, as `str.splitlines` reads them)."""
    text = _UNREADABLE.sub(" ", text)
    return _HTML_SPACE.sub(" ", text) if html else text
