"""What one article may cost: the longest body the pipeline analyses, and a time budget.

Every step is linear in its input (tests/unit/test_growth.py), the language model sees pieces of
at most `nlp.PIECE_CHARS` characters, and a body longer than MAX_BODY_CHARS characters or
MAX_BODY_TOKENS tokens is refused (the latter before it is parsed), so time and memory per article
are bounded; a page of more than MAX_HTML_ELEMENTS elements is cleaned from its visible text, as
the HTML path costs about seven times more an element. The budget is the
backstop: an article whose own steps (cleaning, its share of parsing, enrichment) run past it
stops at the next checkpoint with OutOfTime.
"""

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

MAX_BODY_CHARS = 200_000  # characters of cleaned body: a long report is 50,000
MAX_HTML_ELEMENTS = 50_000  # elements of a page read as HTML: the largest of 1,365 real pages has 10,534
# Tokens of a body the language model parses: its time and memory go by tokens, and a body of
# one-character tokens ("a-b-c-d ...") has five times as many as prose (0.20 a character; the
# densest of 101 development bodies 0.28), so 200,000 characters of it took 53 s of CPU and 2.3 GB
# against 9 s and 0.5 GB. At 50,000 tokens (a quarter a character at the longest body) 14 s, 0.74 GB.
MAX_BODY_TOKENS = 50_000
TIME_BUDGET_S = 60.0  # seconds of work an article may take (a usual one takes 0.1 s)


class Unprocessable(ValueError):
    """The article cannot be analysed; `field` names the input at fault (text or html)."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field

    def __reduce__(self):
        # Rebuilt from field and message whatever a subclass's own arguments: it crosses process pools.
        return _rebuild, (type(self), self.field, str(self))


def _rebuild(cls: type[Unprocessable], field: str, message: str) -> Unprocessable:
    error = Unprocessable.__new__(cls)
    Unprocessable.__init__(error, field, message)
    return error


class BodyTooLong(Unprocessable):
    def __init__(self, field: str, length: int):
        super().__init__(
            field,
            f"the article body recovered from '{field}' is {length:,} characters long;"
            f" at most {MAX_BODY_CHARS:,} are analysed",
        )


class TooManyTokens(Unprocessable):
    def __init__(self, field: str, tokens: int):
        super().__init__(
            field,
            f"the article body recovered from '{field}' has {tokens:,} words and punctuation marks;"
            f" at most {MAX_BODY_TOKENS:,} are analysed",
        )


class OutOfTime(Unprocessable):
    def __init__(self, field: str, seconds: float):
        super().__init__(field, f"analysing the article given as '{field}' took longer than its {seconds:g} s budget")


class AnalysisFailed(Unprocessable):
    """The analysis of this article failed on a fault of ours (its traceback is logged): the article
    fails alone, not the batch or the run it was part of. The API answers it 500, not 422."""

    def __init__(self, field: str, error: BaseException | str):
        cause = error if isinstance(error, str) else f"{type(error).__name__}: {error}"
        super().__init__(field, f"the analysis of the article given as '{field}' failed ({cause})")


_current: ContextVar["Budget | None"] = ContextVar("budget", default=None)


class Budget:
    """The time one article's analysis may take, counted while it `runs()`."""

    def __init__(self, field: str, seconds: float | None = TIME_BUDGET_S):
        self.field, self.seconds = field, seconds
        self.spent = 0.0
        self._since: float | None = None

    @contextmanager
    def runs(self) -> Iterator["Budget"]:
        """Count the time spent inside; checkpoint() checks this budget meanwhile."""
        token, self._since = _current.set(self), time.monotonic()
        try:
            yield self
        finally:
            self.spent += time.monotonic() - self._since
            self._since = None
            _current.reset(token)
        self.check()

    def charge(self, seconds: float) -> None:
        """Count work done for this article elsewhere (its share of a batch)."""
        self.spent += seconds
        self.check()

    def check(self) -> None:
        running = time.monotonic() - self._since if self._since is not None else 0.0
        if self.seconds is not None and self.spent + running > self.seconds:
            raise OutOfTime(self.field, self.seconds)


def checkpoint() -> None:
    """Raise OutOfTime when the article being analysed has run past its budget."""
    budget = _current.get()
    if budget is not None:
        budget.check()
