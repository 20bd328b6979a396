"""Check a parsed condition against the signal types before any data is read.

A rule that compares a boolean signal to a string, or asks whether a number `contains` something, can
never match; left alone it would be a silent pass in every audit. So type mismatches, unknown signal
names (with close matches) and invalid regular expressions are load errors.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import pyarrow as pa

from auditor.policy.condition_ast import And, Column, ConditionError, Node, Not, Or
from auditor.policy.operators import DEFAULT_TABLE, MAX_REGEX_CHARS
from auditor.policy.optable import SCALAR_KINDS, OperatorTable, literal_kind, type_kind

__all__ = ["MAX_REGEX_CHARS", "SCALAR_KINDS", "Checker", "check_types", "literal_kind", "type_kind"]


class Checker:
    """Walks `and`/`or`/`not`; every other node is checked by its operator from the table."""

    def __init__(self, signals: Mapping[str, pa.DataType], table: OperatorTable = DEFAULT_TABLE) -> None:
        self.signals = signals
        self.table = table

    def kind(self, col: Column) -> str:
        if col.name not in self.signals:
            close = difflib.get_close_matches(col.name, list(self.signals), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
            raise ConditionError(f"unknown signal {col.name!r}{hint}", col.pos)
        return type_kind(self.signals[col.name])

    def check(self, node: Node) -> None:
        if isinstance(node, Not):
            self.check(node.operand)
        elif isinstance(node, And | Or):
            for o in node.operands:
                self.check(o)
        else:
            self.table[node.op].check(self, node)


def check_types(node: Node, signals: Mapping[str, pa.DataType], table: OperatorTable = DEFAULT_TABLE) -> None:
    """Raise ConditionError (with position) for unknown signals, type mismatches and bad regexes."""
    Checker(signals, table).check(node)
