"""Comment-section evidence for the line model: short lines that look like a user comment's
signature ("Anna says:", "posted by Tom at 10:02 PM"), its controls ("Reply", "Report abuse"), a
comment section's header or form ("12 comments", "Leave a comment", "Name *") or a time stamp,
counted before, after and around each line. The phrases are data/vocabulary/comment_signals.toml."""

import numpy as np

from service.pipeline.clean import windows
from service.pipeline.vocabulary import lowered_pattern, table

_SIGNALS = table("comment_signals")
_AT_START, _ANYWHERE = (
    lowered_pattern("|".join(f"(?:{''.join(pieces)})" for pieces in _SIGNALS[where].values()))
    for where in ("at_start", "anywhere")
)
_SHORT_WORDS = 16  # longer lines are prose, never a signal
WINDOWS = (5, 15)
FEATURES = ["comment_signals_before", "comment_signals_after", *[f"comment_signals_win{w}" for w in WINDOWS]]


def is_signal(line: str) -> bool:
    """Whether `line` is a comment signature, a comment control, a comment section's header or
    form field, or a time stamp."""
    if len(line.split()) > _SHORT_WORDS:
        return False
    lowered = line.lower()
    return _AT_START.match(lowered) is not None or _ANYWHERE.search(lowered) is not None


def matrix(texts: list[str]) -> np.ndarray:
    """One row of FEATURES per line: log(1 + signals before it), log(1 + signals after it), and
    the share of signal lines within each of WINDOWS lines around it."""
    n = len(texts)
    signals = {text: is_signal(text) for text in dict.fromkeys(texts)}  # a repeated line is read once
    signal = np.array([signals[text] for text in texts], dtype=np.float32)
    running = np.cumsum(signal)
    columns = [np.log1p(running - signal), np.log1p(signal.sum() - running)]
    columns += [windows.means(signal, w) for w in WINDOWS]
    return np.column_stack(columns).astype(np.float32).reshape(n, len(FEATURES))
