"""The built-in condition operators, one small class each, and DEFAULT_TABLE that registers them.

Each class says how the operator is spelt, what it accepts and which Arrow kernel (auditor.policy.kernels)
computes it; the parser, `columns_of`, the type checker and the evaluator read DEFAULT_TABLE (or a table
handed to them) and hold no per-operator code. `OPERATORS` (name -> kernel) and `MIRRORED` are derived
views for callers and tests that run a kernel directly.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pyarrow as pa
import pyarrow.compute as pc

from auditor.policy import kernels as k
from auditor.policy.condition_ast import (
    And,
    Column,
    Compare,
    ConditionError,
    Contains,
    InList,
    IsNull,
    Literal,
    Matches,
    Node,
    Not,
    Operand,
    Truthy,
)
from auditor.policy.numeric import (
    ALWAYS,
    NEVER,
    constant_mask,
    exact_columns,
    exact_literal,
    exact_members,
    is_float,
    is_int,
)
from auditor.policy.optable import SCALAR_KINDS, Operator, OperatorTable, column, literal_kind

if TYPE_CHECKING:
    from auditor.policy.conditions import Parser
    from auditor.policy.typecheck import Checker

MAX_REGEX_CHARS = 1000
#: `1 < x` is evaluated as `x > 1`
MIRRORED = {"==": "==", "!=": "!=", "<": ">", "<=": ">=", ">": "<", ">=": "<="}


class Comparison(Operator):
    """`a op b`: either side may be a column or a literal (at least one a column); numbers exact."""

    def __init_subclass__(cls, **kw: Any) -> None:
        super().__init_subclass__(**kw)
        cls.syntax = (cls.name,)

    def parse(self, p: Parser, left: Operand, pos: int) -> Node:
        right = p.operand()
        if isinstance(left, Literal) and isinstance(right, Literal):
            raise ConditionError("a comparison needs at least one signal column", pos)
        return Compare(self.name, left, right, pos)

    def check(self, c: Checker, node: Compare) -> None:
        kinds = [c.kind(o) if isinstance(o, Column) else literal_kind(o.value) for o in (node.left, node.right)]
        names = [o.name if isinstance(o, Column) else repr(o.value) for o in (node.left, node.right)]
        if kinds[0] != kinds[1] or kinds[0] not in SCALAR_KINDS:
            raise ConditionError(f"cannot compare {names[0]} ({kinds[0]}) {node.op} {names[1]} ({kinds[1]})",
                                 node.pos)
        if kinds[0] == "bool" and node.op not in ("==", "!="):
            raise ConditionError(f"'{node.op}' is not defined for booleans ({names[0]})", node.pos)

    def evaluate(self, node: Compare, batch: pa.RecordBatch) -> pa.Array:
        left, right, op = node.left, node.right, node.op
        if not isinstance(left, Column):  # `1 < x` -> `x > 1`
            left, right, op = right, left, MIRRORED[op]
        assert isinstance(left, Column)
        arr = column(batch, left)
        kernel = OPERATORS[op]
        if isinstance(right, Column):
            other = column(batch, right)
            if is_int(arr.type) and is_float(other.type):  # exact, not via a cast that rounds or raises
                return exact_columns(op, arr, other)
            if is_float(arr.type) and is_int(other.type):
                return exact_columns(MIRRORED[op], other, arr)
            return kernel(arr, other)
        op, value = exact_literal(arr.type, op, right.value)  # numbers: exact whatever their size
        if op in (ALWAYS, NEVER):
            return constant_mask(arr, op == ALWAYS)
        return OPERATORS[op](arr, value)


class Equal(Comparison):
    name, kernel = "==", staticmethod(k.equal)


class NotEqual(Comparison):
    name, kernel = "!=", staticmethod(k.not_equal)


class Less(Comparison):
    name, kernel = "<", staticmethod(k.less)


class LessEqual(Comparison):
    name, kernel = "<=", staticmethod(k.less_equal)


class Greater(Comparison):
    name, kernel = ">", staticmethod(k.greater)


class GreaterEqual(Comparison):
    name, kernel = ">=", staticmethod(k.greater_equal)


class In(Operator):
    """`x in [literals]`; `'X' in list_column` means `list_column contains 'X'`."""

    name, syntax, kernel = "in", ("in",), staticmethod(k.is_in)
    negate = False

    def parse(self, p: Parser, left: Operand, pos: int) -> Node:
        if p.at("NAME"):  # 'X' in list_column
            col = p.column(p.operand(), self.name)
            if not isinstance(left, Literal):
                raise ConditionError("'in <column>' needs a literal on the left ('X' in col)", pos)
            node: Node = Contains(col, left, pos)
            # like `x not in [...]`: an unknown (null) list is not a match either way
            return And((Not(node, pos), IsNull(col, True, pos)), pos) if self.negate else node
        values = p.literal_list("'[' or a list column after 'in'")
        return InList(p.column(left, "in [...]"), values, self.negate, pos)

    def check(self, c: Checker, node: InList) -> None:
        kind = c.kind(node.column)
        if kind not in SCALAR_KINDS:
            raise ConditionError(f"'in [...]' needs a scalar signal; {node.column.name} is {kind}", node.pos)
        for lit in node.values:
            if literal_kind(lit.value) != kind:
                raise ConditionError(f"{lit.value!r} is not a {kind} like {node.column.name}", lit.pos)

    def evaluate(self, node: InList, batch: pa.RecordBatch) -> pa.Array:
        arr = column(batch, node.column)
        values = [v.value for v in node.values]
        if pa.types.is_integer(arr.type) or pa.types.is_floating(arr.type):
            values = exact_members(arr.type, values)  # drop what no value of the column can equal
            if not values:
                return constant_mask(arr, self.negate)
        return self.kernel(arr, values)


class NotIn(In):
    name, syntax, kernel = "not in", ("not", "in"), staticmethod(k.not_in)
    negate = True


class ContainsOp(Operator):
    """`text contains 'x'` (substring) or `list contains value` (membership)."""

    name, syntax, kernel = "contains", ("contains",), staticmethod(k.contains)

    def parse(self, p: Parser, left: Operand, pos: int) -> Node:
        return Contains(p.column(left, self.name), p.literal(), pos)

    def check(self, c: Checker, node: Contains) -> None:
        kind = c.kind(node.column)
        want = kind[5:-1] if kind.startswith("list<") else kind
        if want == "string" or (kind.startswith("list<") and want in SCALAR_KINDS):
            if literal_kind(node.value.value) == want:
                return
            raise ConditionError(f"{node.column.name} holds {want} values; {node.value.value!r} is not one",
                                 node.value.pos)
        raise ConditionError(f"'contains' needs a string or list signal; {node.column.name} is {kind}",
                             node.pos)


class MatchesOp(Operator):
    """`text matches 'regex'`: RE2, compiled at load time so a bad pattern fails there."""

    name, syntax, kernel, accepts = "matches", ("matches",), staticmethod(k.matches), ("string",)

    def parse(self, p: Parser, left: Operand, pos: int) -> Node:
        pattern = p.expect("STRING", what="a quoted regular expression after 'matches'")
        return Matches(p.column(left, self.name), str(pattern.value), pos)

    def check(self, c: Checker, node: Matches) -> None:
        super().check(c, node)
        if len(node.pattern) > MAX_REGEX_CHARS:
            raise ConditionError(f"regular expression longer than {MAX_REGEX_CHARS} characters", node.pos)
        try:  # compile with the engine that will run it (RE2), not Python's re
            pc.match_substring_regex(pa.array([""], pa.string()), pattern=node.pattern)
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
            raise ConditionError(f"invalid regular expression {node.pattern!r}: {exc}", node.pos) from None

    def evaluate(self, node: Matches, batch: pa.RecordBatch) -> pa.Array:
        return self.kernel(column(batch, node.column), node.pattern)


class IsNullOp(Operator):
    """`x is null`: the signal is unknown (NaN counts as unknown)."""

    name, syntax, kernel, arity = "is null", ("is", "null"), staticmethod(k.is_null), 1
    accepts = ()  # any kind: only the name is checked

    def parse(self, p: Parser, left: Operand, pos: int) -> Node:
        return IsNull(p.column(left, self.name), self.name == "is not null", pos)

    def check(self, c: Checker, node: IsNull) -> None:
        c.kind(node.column)


class IsNotNullOp(IsNullOp):
    name, syntax, kernel = "is not null", ("is", "not", "null"), staticmethod(k.is_not_null)


class TruthyOp(Operator):
    """A bare boolean column: true where it is true (null is false)."""

    name, syntax, kernel, arity, accepts = "truthy", (), staticmethod(k.truthy), 1, ("bool",)

    def parse(self, p: Parser, left: Operand, pos: int) -> Node:
        return Truthy(p.column(left, self.name), pos)

    def check(self, c: Checker, node: Truthy) -> None:
        kind = c.kind(node.column)
        if kind != "bool":
            raise ConditionError(f"{node.column.name} is {kind}, not a boolean; compare it to a value",
                                 node.pos)


DEFAULT_TABLE = OperatorTable([Equal(), NotEqual(), Less(), LessEqual(), Greater(), GreaterEqual(), In(),
                               NotIn(), ContainsOp(), MatchesOp(), IsNullOp(), IsNotNullOp(), TruthyOp()])
#: operator name -> kernel(array, value) -> boolean array (nulls = unknown)
OPERATORS = DEFAULT_TABLE.kernels()
