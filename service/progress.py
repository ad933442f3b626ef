"""A one-line progress display for long commands: count, rate and time left, on stderr."""

import sys
import time


class Progress:
    def __init__(self, total: int, label: str, stream=sys.stderr):
        self.total, self.label, self.stream = total, label, stream
        self.done = 0
        self.started = time.monotonic()

    def advance(self, n: int = 1) -> None:
        self.done += n
        elapsed = max(time.monotonic() - self.started, 1e-9)
        rate = self.done / elapsed
        eta = (self.total - self.done) / rate if rate else 0
        self.stream.write(f"\r{self.label} {self.done}/{self.total} ({rate:.1f}/s, {eta:.0f} s left)  ")
        if self.done >= self.total:
            self.stream.write(f"\n{self.label} {self.done} in {elapsed:.1f} s\n")
        self.stream.flush()
