"""Stop a scan cleanly on the first SIGINT/SIGTERM; abort on the second.

The first signal only sets an event: the engine schedules no new unit, drops what it had not processed,
and writes no completion marker for an unfinished unit, so `--resume` redoes exactly those. A second
signal raises KeyboardInterrupt for whoever is impatient (exit 130 either way). Handlers are installed
only on the main thread (Python's rule) and restored afterwards, so library use is unaffected.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SIGNALS = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def graceful_stop(stop: threading.Event) -> Iterator[threading.Event]:
    if threading.current_thread() is not threading.main_thread():
        yield stop
        return
    received = []

    def handler(signum, frame) -> None:
        received.append(signum)
        if len(received) == 1:
            stop.set()
        else:
            raise KeyboardInterrupt

    previous = {s: signal.signal(s, handler) for s in SIGNALS}
    try:
        yield stop
    finally:
        for s, h in previous.items():
            signal.signal(s, h)


def _raise_interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def term_as_interrupt() -> None:
    """Until `graceful_stop` takes over, SIGTERM stops the CLI like Ctrl-C: exit 130 with a message, not
    143 / -15 with nothing said (a CI runner cancelling a job during start-up sends SIGTERM)."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _raise_interrupt)
