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
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from auditor.policy.condition_ast import (
    And,
    Column,
    Compare,
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

__all__ = [
    "And", "Column", "Compare", "ConditionError", "Contains", "InList", "IsNull", "Literal", "Matches",
    "Node", "Not", "Operand", "Or", "Truthy", "columns_of", "parse", "tokenize",
]

MAX_CONDITION_CHARS = 4000
MAX_DEPTH = 32
MAX_LIST_ITEMS = 1000

KEYWORDS = frozenset({"and", "or", "not", "in", "is", "null", "contains", "matches", "true", "false"})
CMP_OPS = ("==", "!=", "<=", ">=", "<", ">")


class ConditionError(ValueError):
    """A condition is outside the grammar; `pos` is the 0-based character offset of the problem."""

    def __init__(self, message: str, pos: int) -> None:
        super().__init__(message)
        self.pos = pos


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


def tokenize(text: str) -> list[Token]:
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
        elif c in "=!<>":
            op = text[i:i + 2] if text[i:i + 2] in CMP_OPS else c
            if op not in CMP_OPS:
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
            tokens.append(Token("KW" if word in KEYWORDS else "NAME", word, None, i))
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


class _Parser:
    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
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
        if t.kind == "OP":
            self.take()
            right = self.operand()
            if isinstance(left, Literal) and isinstance(right, Literal):
                raise ConditionError("a comparison needs at least one signal column", t.pos)
            return Compare(t.text, left, right, t.pos)
        if t.kind == "KW" and t.text in ("in", "not"):
            negate = t.text == "not"
            self.take()
            if negate:
                self.expect("KW", "in", "'in' after 'not'")
            return self.membership(left, negate, t.pos)
        if t.kind == "KW" and t.text == "is":
            self.take()
            negate = self.at("KW", "not")
            if negate:
                self.take()
            self.expect("KW", "null", "'null' after 'is'")
            return IsNull(self.column(left, "is null"), negate, t.pos)
        if t.kind == "KW" and t.text == "contains":
            self.take()
            return Contains(self.column(left, "contains"), self.literal(), t.pos)
        if t.kind == "KW" and t.text == "matches":
            self.take()
            pat = self.expect("STRING", what="a quoted regular expression after 'matches'")
            return Matches(self.column(left, "matches"), str(pat.value), t.pos)
        if isinstance(left, Column):
            if t.kind in ("(", "["):
                raise ConditionError(f"calls and subscripts are not allowed ({left.name}{t.text}...)", t.pos)
            return Truthy(left, left.pos)
        raise ConditionError(f"a literal alone is not a condition; found {_describe(t)} after it", t.pos)

    def membership(self, left: Operand, negate: bool, pos: int) -> Node:
        if self.at("NAME"):  # 'X' in list_column
            col = Column(self.tok.text, self.tok.pos)
            self.take()
            if not isinstance(left, Literal):
                raise ConditionError("'in <column>' needs a literal on the left ('X' in col)", pos)
            node: Node = Contains(col, left, pos)
            if not negate:
                return node
            # like `x not in [...]`: an unknown (null) list is not a match either way
            return And((Not(node, pos), IsNull(col, True, pos)), pos)
        self.expect("[", what="'[' or a list column after 'in'")
        values: list[Literal] = []
        while not self.at("]"):
            values.append(self.literal())
            if len(values) > MAX_LIST_ITEMS:
                raise ConditionError(f"list has more than {MAX_LIST_ITEMS} items", self.tok.pos)
            if not self.at("]"):
                self.expect(",", what="',' or ']'")
        self.take()
        return InList(self.column(left, "in [...]"), tuple(values), negate, pos)

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


def parse(text: str) -> Node:
    """Parse a condition into an AST, or raise ConditionError with the offending position."""
    if not isinstance(text, str) or not text.strip():
        raise ConditionError("condition is empty", 0)
    p = _Parser(tokenize(text))
    node = p.expr()
    if not p.at("END"):
        raise ConditionError(f"unexpected {_describe(p.tok)}", p.tok.pos)
    return node
