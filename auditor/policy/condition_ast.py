"""The AST of a rule condition: small frozen dataclasses, nothing executable.

Produced by auditor.policy.conditions.parse, checked by typecheck, evaluated by evaluate. Every node
keeps the character offset it came from so errors can point into the condition text.
"""

from __future__ import annotations

from dataclasses import dataclass

Scalar = bool | int | float | str


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


@dataclass(frozen=True)
class Contains:
    column: Column
    value: Literal
    pos: int


@dataclass(frozen=True)
class Matches:
    column: Column
    pattern: str
    pos: int


@dataclass(frozen=True)
class IsNull:
    column: Column
    negate: bool
    pos: int


@dataclass(frozen=True)
class Truthy:
    """A bare boolean column: true where the column is true (null is false)."""

    column: Column
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


Node = Compare | InList | Contains | Matches | IsNull | Truthy | Not | And | Or


def columns_of(node: Node) -> list[str]:
    """Column names a condition reads, in first-appearance order (the default evidence)."""
    out: list[str] = []

    def visit(n: object) -> None:
        if isinstance(n, Column):
            if n.name not in out:
                out.append(n.name)
        elif isinstance(n, (Not,)):
            visit(n.operand)
        elif isinstance(n, (And, Or)):
            for o in n.operands:
                visit(o)
        elif isinstance(n, Compare):
            visit(n.left)
            visit(n.right)
        elif isinstance(n, (InList, Contains, Matches, IsNull, Truthy)):
            visit(n.column)

    visit(node)
    return out
