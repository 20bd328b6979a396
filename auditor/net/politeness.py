"""Per-host politeness: a concurrency limit, a delay between requests, Retry-After, a circuit breaker.

Auditing a dataset means many URLs on few hosts; without these a scan is a small denial-of-service on
someone's image server. State lives on the event loop that runs the fetcher (no locks across threads).
"""

from __future__ import annotations

import asyncio
import random
import time
from collections import Counter
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime


class HostGate:
    """At most `concurrency` requests in flight per host, starts spaced at least `delay` seconds apart."""

    def __init__(self, concurrency: int, delay: float) -> None:
        self._concurrency = concurrency
        self._delay = delay
        self._sems: dict[str, asyncio.Semaphore] = {}
        self._locks: dict[str, asyncio.Lock] = {}
        self._last_start: dict[str, float] = {}
        self.in_flight: Counter[str] = Counter()
        self.max_in_flight: Counter[str] = Counter()

    @asynccontextmanager
    async def slot(self, host: str):
        sem = self._sems.setdefault(host, asyncio.Semaphore(self._concurrency))
        async with sem:
            if self._delay > 0:
                async with self._locks.setdefault(host, asyncio.Lock()):
                    wait = self._last_start.get(host, float("-inf")) + self._delay - time.monotonic()
                    if wait > 0:
                        await asyncio.sleep(wait)
                    self._last_start[host] = time.monotonic()
            self.in_flight[host] += 1
            self.max_in_flight[host] = max(self.max_in_flight[host], self.in_flight[host])
            try:
                yield
            finally:
                self.in_flight[host] -= 1


@dataclass
class _Circuit:
    failures: int = 0
    opened_at: float | None = None


@dataclass
class CircuitBreaker:
    """After `threshold` consecutive failures a host:port is skipped for `reset` s; skips are counted."""

    threshold: int
    reset: float
    _hosts: dict[str, _Circuit] = field(default_factory=dict)
    skips: Counter[str] = field(default_factory=Counter)

    def allow(self, host: str) -> bool:
        c = self._hosts.get(host)
        if c is None or c.opened_at is None:
            return True
        if time.monotonic() - c.opened_at >= self.reset:
            c.opened_at = None  # half-open: let one request try; a failure re-opens at once
            c.failures = self.threshold - 1
            return True
        self.skips[host] += 1
        return False

    def success(self, host: str) -> None:
        self._hosts.pop(host, None)

    def failure(self, host: str) -> None:
        c = self._hosts.setdefault(host, _Circuit())
        c.failures += 1
        if c.failures >= self.threshold:
            c.opened_at = time.monotonic()

    def open_hosts(self) -> list[str]:
        return sorted(h for h, c in self._hosts.items() if c.opened_at is not None)


def retry_after_seconds(value: str | None, cap: float) -> float | None:
    """Seconds asked for by a Retry-After header (delta or HTTP date), capped; None if absent/invalid."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return min(float(value), cap)
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None or when.tzinfo is None:
        return None
    return max(0.0, min(when.timestamp() - time.time(), cap))


def backoff_seconds(attempt: int, base: float) -> float:
    """Full-jitter exponential backoff, so many workers retrying one host do not synchronise."""
    return random.uniform(0, base * (2 ** attempt))
