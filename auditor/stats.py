"""Counters that add up: what a check (or the scan hooks) did over some rows, mergeable with `+`.

As datatrove's `Stats` (one stats file per rank, summed at the end), each check reports its counters per unit of
work; the unit's completion marker stores them (auditor.runstate), and summary.json shows their sum over every
unit. So a resumed run counts the units of its earlier attempts, and a Ray run counts what every actor did, not
only what the driver saw.

A counter is a number, or a table of numbers by key (statuses, passes, waiver ids). Keys of a table may be
strings, booleans or None (a null signal value): JSON keys cannot hold those faithfully, so tables are stored
as [key, value] pairs and come back with the same key types.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

Number = int | float


class Stats:
    """Named counters: numbers, or {key: number} tables. `a + b` sums both, name by name and key by key."""

    __slots__ = ("values",)

    def __init__(self, values: Mapping[str, Number | Mapping[Any, Number]] | None = None) -> None:
        self.values: dict[str, Any] = {}
        for name, value in (values or {}).items():
            self.values[name] = dict(value) if isinstance(value, Mapping) else value

    # -- counting ------------------------------------------------------------------------------------
    def add(self, name: str, n: Number = 1) -> None:
        self.values[name] = self.values.get(name, 0) + n

    def count(self, name: str, key: Any, n: Number = 1) -> None:
        table = self.values.setdefault(name, {})
        table[key] = table.get(key, 0) + n

    def get(self, name: str, default: Any = 0) -> Any:
        return self.values.get(name, default)

    # -- merging -------------------------------------------------------------------------------------
    def __iadd__(self, other: Stats) -> Stats:
        for name, value in other.values.items():
            if isinstance(value, dict):
                table = self.values.setdefault(name, {})
                for key, n in value.items():
                    table[key] = table.get(key, 0) + n
            else:
                self.values[name] = self.values.get(name, 0) + value
        return self

    def __add__(self, other: Stats) -> Stats:
        out = Stats(self.values)
        out += other
        return out

    def __sub__(self, other: Stats) -> Stats:
        """What was counted since `other` (an earlier snapshot of the same counters)."""
        out = Stats(self.values)
        for name, value in other.values.items():
            if isinstance(value, dict):
                table = out.values.setdefault(name, {})
                for key, n in value.items():
                    table[key] = table.get(key, 0) - n
            else:
                out.values[name] = out.values.get(name, 0) - value
        return out

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Stats) and self.values == other.values

    def __repr__(self) -> str:
        return f"Stats({self.values!r})"

    # -- JSON ----------------------------------------------------------------------------------------
    def to_json(self) -> dict[str, Any]:
        return {name: {"table": [[k, v] for k, v in value.items()]} if isinstance(value, dict) else value
                for name, value in self.values.items()}

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> Stats:
        out = cls()
        for name, value in data.items():
            out.values[name] = {k: v for k, v in value["table"]} if isinstance(value, Mapping) else value
        return out


def sum_stats(items: Mapping[str, Stats], into: dict[str, Stats]) -> None:
    """Add per-name stats (check name -> Stats) into `into`, creating what is missing."""
    for name, stats in items.items():
        into.setdefault(name, Stats())
        into[name] += stats
