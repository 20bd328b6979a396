"""The rule-condition language: a hand-written tokenizer and recursive-descent parser.

Rule text is written by strangers, so it is never handed to eval/exec or to Python's `ast`: the
tokenizer knows a fixed set of token kinds and the parser a fixed grammar, so `__import__('os')`,
`().__class__`, `x.y`, `f(x)`, `x[0]` or `lambda` cannot even be expressed - they are syntax errors at
load time. Input length and nesting depth are bounded so a hostile condition costs microseconds.

Grammar (lowest precedence first)::

    expr    := and_ ('or' and_)*
    and_    := not_ ('and' not_)*
    not_    := 'not' not_ | pred
    pred    := '(' expr ')'
             | operand ( CMP operand | ['not'] 'in' (list | NAME) | 'is' ['not'] 'null'
                       | 'contains' literal | 'matches' STRING )?
    operand := NAME | literal
    list    := '[' literal (',' literal)* ','? ']'
    literal := NUMBER | STRING | 'true' | 'false'

`'X' in col` (a literal in a list column) means `col contains 'X'`.

The operator words (CMP, `in`, `is null`, `contains`, `matches`...) are not hard-coded: the tokenizer and
`pred` read them from an operator table (auditor.policy.optable; DEFAULT_TABLE unless one is passed),
and each operator parses its own right-hand side.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from auditor.policy.condition_ast import (
    And,
    Apply,
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
    Or,
    Truthy,
    columns_of,
)
from auditor.policy.operators import DEFAULT_TABLE
from auditor.policy.optable import OperatorTable

__all__ = [
    "And", "Apply", "Column", "Compare", "ConditionError", "Contains", "InList", "IsNull", "Literal",
    "Matches", "Node", "Not", "Operand", "Or", "Truthy", "columns_of", "parse", "tokenize",
]

MAX_CONDITION_CHARS = 4000
MAX_DEPTH = 32
MAX_LIST_ITEMS = 1000


# ---------------------------------------------------------------- tokenizer


@dataclass(frozen=True)
class Token:
    kind: str  # NAME KW NUMBER STRING OP ( ) [ ] , END
    text: str
    value: object
    pos: int


_NUMBER = re.compile(r"-?(?:[0-9]+\.[0-9]*|\.[0-9]+|[0-9]+)(?:[eE][+-]?[0-9]+)?")
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t"}


def tokenize(text: str, table: OperatorTable = DEFAULT_TABLE) -> list[Token]:
    if len(text) > MAX_CONDITION_CHARS:
        raise ConditionError(f"condition is longer than {MAX_CONDITION_CHARS} characters", 0)
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c in " \t\r\n":
            i += 1
        elif c in "()[],":
            tokens.append(Token(c, c, None, i))
            i += 1
        elif c in table.symbol_chars:
            op = next((sym for sym in table.symbols if text.startswith(sym, i)), c)  # longest first
            if op not in table.symbols:
                raise ConditionError(f"unknown operator {op!r}", i)
            tokens.append(Token("OP", op, None, i))
            i += len(op)
        elif c in "'\"":
            i = _string(text, i, tokens)
        elif m := _NUMBER.match(text, i):
            raw = m.group()
            value: object = float(raw) if any(ch in raw for ch in ".eE") else int(raw)
            if isinstance(value, int) and abs(value) > 2**63 - 1:
                raise ConditionError("integer literal out of 64-bit range", i)
            if isinstance(value, float) and not math.isfinite(value):
                raise ConditionError("number literal out of range", i)
            tokens.append(Token("NUMBER", raw, value, i))
            i = m.end()
        elif m := _NAME.match(text, i):
            word = m.group()
            tokens.append(Token("KW" if word in table.keywords else "NAME", word, None, i))
            i = m.end()
        elif c == "." and _NAME.match(text, i + 1):
            raise ConditionError("attribute access ('.name') is not allowed", i)
        else:
            raise ConditionError(f"unexpected character {c!r}", i)
    tokens.append(Token("END", "", None, n))
    return tokens


def _string(text: str, start: int, tokens: list[Token]) -> int:
    quote, i, out = text[start], start + 1, []
    while i < len(text):
        c = text[i]
        if c == quote:
            tokens.append(Token("STRING", text[start:i + 1], "".join(out), start))
            return i + 1
        if c == "\\":
            nxt = text[i + 1:i + 2]
            if nxt not in _ESCAPES:
                raise ConditionError(f"unknown escape '\\{nxt}' in string", i)
            out.append(_ESCAPES[nxt])
            i += 2
        else:
            out.append(c)
            i += 1
    raise ConditionError("unterminated string", start)


# ---------------------------------------------------------------- parser


class Parser:
    """Recursive descent over the tokens; operators read their own operands through its helpers."""

    def __init__(self, tokens: list[Token], table: OperatorTable = DEFAULT_TABLE) -> None:
        self.tokens = tokens
        self.table = table
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def at(self, kind: str, text: str | None = None) -> bool:
        t = self.tok
        return t.kind == kind and (text is None or t.text == text)

    def take(self) -> Token:
        t = self.tok
        self.i += 1
        return t

    def expect(self, kind: str, text: str | None = None, what: str = "") -> Token:
        if not self.at(kind, text):
            found = _describe(self.tok)
            raise ConditionError(f"expected {what or text or kind}, found {found}", self.tok.pos)
        return self.take()

    def enter(self, pos: int) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConditionError(f"condition is nested deeper than {MAX_DEPTH} levels", pos)

    def expr(self) -> Node:
        self.enter(self.tok.pos)
        items = [self.and_()]
        while self.at("KW", "or"):
            self.take()
            items.append(self.and_())
        self.depth -= 1
        return items[0] if len(items) == 1 else Or(tuple(items), items[0].pos)

    def and_(self) -> Node:
        items = [self.not_()]
        while self.at("KW", "and"):
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else And(tuple(items), items[0].pos)

    def not_(self) -> Node:
        if self.at("KW", "not"):
            t = self.take()
            self.enter(t.pos)
            inner = self.not_()
            self.depth -= 1
            return Not(inner, t.pos)
        return self.pred()

    def pred(self) -> Node:
        if self.at("("):
            self.take()
            node = self.expr()
            self.expect(")", what="')'")
            return node
        left = self.operand()
        t = self.tok
        op = self.operator_here()
        if op is not None:
            return op.parse(self, left, t.pos)
        if isinstance(left, Column) and self.table.bare is not None:
            if t.kind in ("(", "["):
                raise ConditionError(f"calls and subscripts are not allowed ({left.name}{t.text}...)", t.pos)
            return self.table.bare.parse(self, left, left.pos)
        raise ConditionError(f"a literal alone is not a condition; found {_describe(t)} after it", t.pos)

    def operator_here(self):
        """The operator whose words start at the current token (the longest that fits), its words taken;
        None when no operator starts here. A known first word with no complete match is an error."""
        t = self.tok
        candidates = self.table.starting.get(t.text, []) if t.kind in ("OP", "KW") else []
        for op in candidates:  # longest first; each looks ahead at most len(syntax) tokens
            words = self.tokens[self.i:self.i + len(op.syntax)]
            if [w.text for w in words] == list(op.syntax) and all(w.kind in ("OP", "KW") for w in words):
                self.i += len(op.syntax)
                return op
        if candidates:
            shortest = candidates[-1].syntax
            nxt = self.tokens[min(self.i + 1, len(self.tokens) - 1)]
            raise ConditionError(f"expected '{shortest[1]}' after '{shortest[0]}', found {_describe(nxt)}",
                                 nxt.pos)
        return None

    def literal_list(self, what: str) -> tuple[Literal, ...]:
        """`[literal, ...]` with an optional trailing comma, at most MAX_LIST_ITEMS items."""
        self.expect("[", what=what)
        values: list[Literal] = []
        while not self.at("]"):
            values.append(self.literal())
            if len(values) > MAX_LIST_ITEMS:
                raise ConditionError(f"list has more than {MAX_LIST_ITEMS} items", self.tok.pos)
            if not self.at("]"):
                self.expect(",", what="',' or ']'")
        self.take()
        return tuple(values)

    def operand(self) -> Operand:
        t = self.tok
        if t.kind == "NAME":
            self.take()
            if self.at("(") or self.at("["):
                raise ConditionError(f"calls and subscripts are not allowed ({t.text}{self.tok.text}...)",
                                     self.tok.pos)
            return Column(t.text, t.pos)
        return self.literal()

    def literal(self) -> Literal:
        t = self.tok
        if t.kind in ("NUMBER", "STRING"):
            self.take()
            return Literal(t.value, t.pos)  # type: ignore[arg-type]
        if t.kind == "KW" and t.text in ("true", "false"):
            self.take()
            return Literal(t.text == "true", t.pos)
        raise ConditionError(f"expected a signal name or a literal, found {_describe(t)}", t.pos)

    @staticmethod
    def column(operand: Operand, op: str) -> Column:
        if not isinstance(operand, Column):
            raise ConditionError(f"'{op}' needs a signal column on its left", operand.pos)
        return operand


def _describe(t: Token) -> str:
    return "end of condition" if t.kind == "END" else repr(t.text[:40])


def parse(text: str, table: OperatorTable = DEFAULT_TABLE) -> Node:
    """Parse a condition into an AST, or raise ConditionError with the offending position."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError("condition is empty", 0)
    p = Parser(tokenize(text, table), table)
    node = p.expr()
    if not p.at("END"):
        raise ConditionError(f"unexpected {_describe(p.tok)}", p.tok.pos)
    return node
