"""Characters of many lines counted by class in one numpy pass, instead of one regular expression
per line and class: each class is a one-character pattern ("[^\\W\\d_]" for letters); which classes a
code point is in is found once per process and kept in a table indexed by code point."""

import re
import threading

import numpy as np

_CODE_POINTS = 0x110000


class CharClasses:
    """Named one-character classes; `count(texts)` says how many characters of each text are in each."""

    def __init__(self, patterns: dict[str, str]):
        self.names = tuple(patterns)
        self.column = {name: j for j, name in enumerate(self.names)}
        self._patterns = [re.compile(p) for p in patterns.values()]
        self._kind = np.full(_CODE_POINTS, -1, dtype=np.int16)  # code point -> row of _flags; -1: not seen yet
        self._kinds: dict[tuple[bool, ...], int] = {}  # the classes a character is in -> its row
        # Integers: numpy's own product, never BLAS, whose threads on a long page (thousands of lines)
        # spin on every core and multiply the process's CPU time.
        self._flags = np.zeros((0, len(self.names)), dtype=np.int64)
        self._lock = threading.Lock()

    def count(self, texts: list[str]) -> np.ndarray:
        """(len(texts), len(names)) counts: the characters of each text in each class."""
        codes = np.frombuffer("".join(texts).encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
        kinds = self._kind[codes]
        if (kinds < 0).any():
            with self._lock:
                self._learn(np.unique(codes[kinds < 0]))
            kinds = self._kind[codes]
        flags = self._flags
        n, width = len(texts), len(flags)
        line = np.repeat(np.arange(n), [len(text) for text in texts])
        per_kind = np.bincount(line * width + kinds, minlength=n * width).reshape(n, width)
        return per_kind @ flags

    def _learn(self, codes: np.ndarray) -> None:
        """Find the classes of `codes` (their rows of _flags first, so a reader never meets a row not there)."""
        kinds, rows = {}, []
        for code in codes.tolist():
            if self._kind[code] >= 0:
                continue
            char = chr(code)
            flags = tuple(pattern.match(char) is not None for pattern in self._patterns)
            if flags not in self._kinds:
                self._kinds[flags] = len(self._kinds)
                rows.append(flags)
            kinds[code] = self._kinds[flags]
        if rows:
            self._flags = np.vstack([self._flags, np.array(rows, dtype=np.int64)])
        for code, kind in kinds.items():
            self._kind[code] = kind
