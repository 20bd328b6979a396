"""The AST of a rule condition: small frozen dataclasses, nothing executable.

Produced by auditor.policy.conditions.parse, checked by typecheck, evaluated by evaluate. Every node
keeps the character offset it came from so errors can point into the condition text. Every leaf node
names its operator in `op`: the type checker and the evaluator look that name up in the operator table
(auditor.policy.optable), so they hold no per-operator code. `Apply` is the node of an operator that
needs no node of its own (`column op literal`, or `column op` for a unary one).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, is_dataclass

Scalar = bool | int | float | str


class ConditionError(ValueError):
    """A condition is outside the grammar or ill-typed; `pos` is the 0-based character offset of the problem."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


@dataclass(frozen=True)
class Column:
    name: str
    pos: int


@dataclass(frozen=True)
class Literal:
    value: Scalar
    pos: int


Operand = Column | Literal


@dataclass(frozen=True)
class Compare:
    """`left op right` with op in CMP_OPS; at least one side is a column."""

    op: str
    left: Operand
    right: Operand
    pos: int


@dataclass(frozen=True)
class InList:
    column: Column
    values: tuple[Literal, ...]
    negate: bool
    pos: int

    @property
    def op(self) -> str:
        return "not in" if self.negate else "in"


@dataclass(frozen=True)
class Contains:
    column: Column
    value: Literal
    pos: int
    op = "contains"


@dataclass(frozen=True)
class Matches:
    column: Column
    pattern: str
    pos: int
    op = "matches"


@dataclass(frozen=True)
class IsNull:
    column: Column
    negate: bool
    pos: int

    @property
    def op(self) -> str:
        return "is not null" if self.negate else "is null"


@dataclass(frozen=True)
class Truthy:
    """A bare boolean column: true where the column is true (null is false)."""

    column: Column
    pos: int
    op = "truthy"


@dataclass(frozen=True)
class Apply:
    """`column op value` (or `column op` when value is None) for an operator with no node of its own."""

    op: str
    column: Column
    value: Literal | None
    pos: int


@dataclass(frozen=True)
class Not:
    operand: Node
    pos: int


@dataclass(frozen=True)
class And:
    operands: tuple[Node, ...]
    pos: int


@dataclass(frozen=True)
class Or:
    operands: tuple[Node, ...]
    pos: int


Node = Compare | InList | Contains | Matches | IsNull | Truthy | Apply | Not | And | Or


def columns_of(node: Node) -> list[str]:
    """Column names a condition reads, in first-appearance order (the default evidence).

    Walks the dataclass fields, so a node type added with a new operator needs no case here."""
    out: list[str] = []

    def visit(n: object) -> None:
        if isinstance(n, Column):
            if n.name not in out:
                out.append(n.name)
        elif isinstance(n, tuple):
            for item in n:
                visit(item)
        elif is_dataclass(n):
            for f in fields(n):
                visit(getattr(n, f.name))

    visit(node)
    return out
