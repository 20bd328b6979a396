"""What a condition operator is, and the one table the tokenizer, parser, type checker and evaluator read.

An operator is one small object: the words or symbols that spell it (`syntax`), its arity, the signal
kinds it accepts, its Arrow kernel, and three methods - how it reads its right-hand side, how it checks
types, how it computes its mask - each with a default that fits `column op literal` (arity 2) or
`column op` (arity 1). The language's structure (`and`, `or`, `not`, parentheses, literals) is fixed;
every comparison-like word is an entry here, so adding one is one class plus one table entry (as in
checkov's solver classes), and a table is a value: tests and tools build their own without touching
the default one.

The tokenizer learns the keywords and symbols from the table, the parser matches the longest `syntax`
at the token after an operand (a bounded look-ahead: parsing stays linear), and nothing is ever handed
to eval/exec.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar

import pyarrow as pa

from auditor.policy.condition_ast import Apply, Column, ConditionError, Literal, Node, Operand
from auditor.policy.kernels import signal_column

if TYPE_CHECKING:  # only for annotations: the parser and checker hand themselves in
    from auditor.policy.conditions import Parser
    from auditor.policy.typecheck import Checker

Kernel = Callable[[pa.Array, Any], pa.Array]
SCALAR_KINDS = ("bool", "number", "string")
#: words of the language itself; operator words come from the table
CORE_KEYWORDS = frozenset({"and", "or", "not", "true", "false"})


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


class Operator:
    """One operator. Subclasses set the class attributes and override a method only where the defaults
    (`column op literal` / `column op`, same kind on both sides, kernel(column, literal)) do not fit."""

    #: its name: what `node.op` holds and what the table is keyed by
    name: ClassVar[str]
    #: the tokens that spell it after an operand, e.g. ("is", "not", "null"); () = a bare column
    syntax: ClassVar[tuple[str, ...]]
    #: 2: `column op value`, 1: `column op`
    arity: ClassVar[int] = 2
    #: signal kinds (see type_kind) the left-hand column may have
    accepts: ClassVar[tuple[str, ...]] = SCALAR_KINDS
    #: kernel(array, value) -> boolean array, nulls = unknown (auditor.policy.kernels)
    kernel: ClassVar[Kernel]

    def parse(self, p: Parser, left: Operand, pos: int) -> Node:
        """Read what follows the operator's words; `left` is the operand before them."""
        column = p.column(left, self.name)
        return Apply(self.name, column, p.literal() if self.arity == 2 else None, pos)

    def check(self, c: Checker, node: Any) -> None:
        """Raise ConditionError where the operator can never match these signal types."""
        kind = c.kind(node.column)
        if kind not in self.accepts:
            raise ConditionError(f"'{self.name}' needs a {' or '.join(self.accepts)} signal; "
                                 f"{node.column.name} is {kind}", node.pos)
        value = getattr(node, "value", None)
        if isinstance(value, Literal) and literal_kind(value.value) != kind:
            raise ConditionError(f"{value.value!r} is not a {kind} like {node.column.name}", value.pos)

    def evaluate(self, node: Any, batch: pa.RecordBatch) -> pa.Array:
        """Boolean array (nulls = unknown) for the rows of `batch`."""
        value = getattr(node, "value", None)
        return self.kernel(column(batch, node.column), value.value if isinstance(value, Literal) else None)


def column(batch: pa.RecordBatch, col: Column) -> pa.Array:
    return signal_column(batch, col.name)


class OperatorTable:
    """Operators by name, plus what the tokenizer and parser derive from their syntax."""

    def __init__(self, operators: Iterable[Operator]) -> None:
        self._by_name: dict[str, Operator] = {}
        for op in operators:
            if op.name in self._by_name:
                raise ValueError(f"operator {op.name!r} registered twice")
            self._by_name[op.name] = op
        words = [w for op in self for w in op.syntax]
        #: identifier-like words are keywords (never signal names); the rest are symbols such as `<=`
        self.keywords = CORE_KEYWORDS | {w for w in words if w.isidentifier()}
        self.symbols = tuple(sorted({w for w in words if not w.isidentifier()}, key=len, reverse=True))
        self.symbol_chars = frozenset(w[0] for w in self.symbols)
        bare = [op for op in self if not op.syntax]
        self.bare: Operator | None = bare[0] if bare else None
        #: first word -> operators it can start, longest syntax first (the parser takes the longest match)
        self.starting: dict[str, list[Operator]] = {}
        for op in sorted((op for op in self if op.syntax), key=lambda o: -len(o.syntax)):
            self.starting.setdefault(op.syntax[0], []).append(op)

    def __iter__(self) -> Iterator[Operator]:
        return iter(self._by_name.values())

    def __getitem__(self, name: str) -> Operator:
        return self._by_name[name]

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def with_operators(self, *extra: Operator) -> OperatorTable:
        """A new table: these operators plus `extra` (this one is left as it is)."""
        return OperatorTable([*self, *extra])

    def kernels(self) -> dict[str, Kernel]:
        return {op.name: op.kernel for op in self}
