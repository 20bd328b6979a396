"""Check a parsed condition against the signal types before any data is read.

A rule that compares a boolean signal to a string, or asks whether a number `contains` something, can
never match; left alone it would be a silent pass in every audit. So type mismatches, unknown signal
names (with close matches) and invalid regular expressions are load errors.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping

import pyarrow as pa
import pyarrow.compute as pc

from auditor.policy.condition_ast import (
    And,
    Column,
    Compare,
    Contains,
    InList,
    IsNull,
    Matches,
    Node,
    Not,
    Or,
    Truthy,
)
from auditor.policy.conditions import ConditionError

SCALAR_KINDS = ("bool", "number", "string")
MAX_REGEX_CHARS = 1000


def type_kind(t: pa.DataType) -> str:
    """Coarse kind of an Arrow type: bool, number, string, list<kind> or other."""
    if pa.types.is_dictionary(t):
        return type_kind(t.value_type)
    if pa.types.is_boolean(t):
        return "bool"
    if pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_decimal(t):
        return "number"
    if pa.types.is_string(t) or pa.types.is_large_string(t):
        return "string"
    if pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        return f"list<{type_kind(t.value_type)}>"
    return "other"


def literal_kind(value: object) -> str:
    if isinstance(value, bool):
        return "bool"
    if isinstance(value, int | float):
        return "number"
    return "string"


class _Checker:
    def __init__(self, signals: Mapping[str, pa.DataType]) -> None:
        self.signals = signals

    def kind(self, col: Column) -> str:
        if col.name not in self.signals:
            close = difflib.get_close_matches(col.name, list(self.signals), n=3, cutoff=0.6)
            hint = f" (did you mean {', '.join(repr(c) for c in close)}?)" if close else ""
            raise ConditionError(f"unknown signal {col.name!r}{hint}", col.pos)
        return type_kind(self.signals[col.name])

    def check(self, node: Node) -> None:
        CHECKS[type(node)](self, node)

    def compare(self, node: Compare) -> None:
        kinds = [self.kind(o) if isinstance(o, Column) else literal_kind(o.value)
                 for o in (node.left, node.right)]
        names = [o.name if isinstance(o, Column) else repr(o.value) for o in (node.left, node.right)]
        if kinds[0] != kinds[1] or kinds[0] not in SCALAR_KINDS:
            raise ConditionError(f"cannot compare {names[0]} ({kinds[0]}) {node.op} {names[1]} ({kinds[1]})",
                                 node.pos)
        if kinds[0] == "bool" and node.op not in ("==", "!="):
            raise ConditionError(f"'{node.op}' is not defined for booleans ({names[0]})", node.pos)

    def in_list(self, node: InList) -> None:
        kind = self.kind(node.column)
        if kind not in SCALAR_KINDS:
            raise ConditionError(f"'in [...]' needs a scalar signal; {node.column.name} is {kind}", node.pos)
        for lit in node.values:
            if literal_kind(lit.value) != kind:
                raise ConditionError(f"{lit.value!r} is not a {kind} like {node.column.name}", lit.pos)

    def contains(self, node: Contains) -> None:
        kind = self.kind(node.column)
        want = kind[5:-1] if kind.startswith("list<") else kind
        if want == "string" or (kind.startswith("list<") and want in SCALAR_KINDS):
            if literal_kind(node.value.value) == want:
                return
            raise ConditionError(f"{node.column.name} holds {want} values; {node.value.value!r} is not one",
                                 node.value.pos)
        raise ConditionError(f"'contains' needs a string or list signal; {node.column.name} is {kind}",
                             node.pos)

    def matches(self, node: Matches) -> None:
        kind = self.kind(node.column)
        if kind != "string":
            raise ConditionError(f"'matches' needs a string signal; {node.column.name} is {kind}", node.pos)
        if len(node.pattern) > MAX_REGEX_CHARS:
            raise ConditionError(f"regular expression longer than {MAX_REGEX_CHARS} characters", node.pos)
        try:  # compile with the engine that will run it (RE2), not Python's re
            pc.match_substring_regex(pa.array([""], pa.string()), pattern=node.pattern)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise ConditionError(f"invalid regular expression {node.pattern!r}: {exc}", node.pos) from None

    def is_null(self, node: IsNull) -> None:
        self.kind(node.column)

    def truthy(self, node: Truthy) -> None:
        kind = self.kind(node.column)
        if kind != "bool":
            raise ConditionError(f"{node.column.name} is {kind}, not a boolean; compare it to a value",
                                 node.pos)

    def not_(self, node: Not) -> None:
        self.check(node.operand)

    def bool_op(self, node: And | Or) -> None:
        for o in node.operands:
            self.check(o)


CHECKS = {
    Compare: _Checker.compare,
    InList: _Checker.in_list,
    Contains: _Checker.contains,
    Matches: _Checker.matches,
    IsNull: _Checker.is_null,
    Truthy: _Checker.truthy,
    Not: _Checker.not_,
    And: _Checker.bool_op,
    Or: _Checker.bool_op,
}


def check_types(node: Node, signals: Mapping[str, pa.DataType]) -> None:
    """Raise ConditionError (with position) for unknown signals, type mismatches and bad regexes."""
    _Checker(signals).check(node)

