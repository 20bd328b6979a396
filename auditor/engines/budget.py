"""A byte budget for data in flight between pipeline stages.

Counting rows would let one batch of 1 MB captions blow memory; counting bytes (Arrow buffer sizes) keeps
peak memory near the budget whatever the rows hold. One batch is always admitted when nothing is in
flight, so a batch larger than the budget still makes progress.
"""

from __future__ import annotations

import threading


class ByteBudget:
    def __init__(self, limit: int) -> None:
        self.limit = max(1, int(limit))
        self.used = 0
        self.peak = 0
        self._cond = threading.Condition()

    def acquire(self, nbytes: int, cancel: threading.Event) -> bool:
        """Wait until `nbytes` fit; False if `cancel` is set while waiting."""
        with self._cond:
            while self.used > 0 and self.used + nbytes > self.limit:
                if cancel.is_set():
                    return False
                self._cond.wait(0.1)
            self.used += nbytes
            self.peak = max(self.peak, self.used)
            return True

    def add(self, nbytes: int) -> None:
        """Count bytes that already exist (a batch's signals and findings) without waiting: the reader
        then waits for them to be written too."""
        with self._cond:
            self.used += nbytes
            self.peak = max(self.peak, self.used)

    def release(self, nbytes: int) -> None:
        with self._cond:
            self.used -= nbytes
            self._cond.notify_all()
