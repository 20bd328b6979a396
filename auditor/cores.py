"""How many cores this process may use: the default size of every CPU worker pool (--workers)."""

from __future__ import annotations

import os


def default_workers() -> int:
    """Every core this process may use (affinity-aware where the OS tells), at least one."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)
