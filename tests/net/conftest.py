"""Shared fixtures: the loopback-only connect guard (tests/_netguard.py)."""

from tests._netguard import loopback_only  # noqa: F401 - fixture
