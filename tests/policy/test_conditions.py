"""The condition grammar: what parses, and everything outside it fails with a position."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.policy.conditions import (
    And,
    Column,
    Compare,
    ConditionError,
    Contains,
    InList,
    IsNull,
    Matches,
    Not,
    Or,
    Truthy,
    columns_of,
    parse,
)


@pytest.mark.parametrize(
    ("text", "node_type", "columns"),
    [
        ("a > 1", Compare, ["a"]),
        ("1 < a", Compare, ["a"]),
        ("a == b", Compare, ["a", "b"]),
        ("a != 'x'", Compare, ["a"]),
        ('a == "double \\" quoted"', Compare, ["a"]),
        ("a >= -1.5e3", Compare, ["a"]),
        ("a in [1, 2, 3,]", InList, ["a"]),
        ("a not in ['x']", InList, ["a"]),
        ("a in []", InList, ["a"]),
        ("'PERSON' in pii_types", Contains, ["pii_types"]),
        ("'PERSON' not in pii_types", And, ["pii_types"]),
        ("a contains 'x'", Contains, ["a"]),
        ("a matches '^x[0-9]+$'", Matches, ["a"]),
        ("a is null", IsNull, ["a"]),
        ("a is not null", IsNull, ["a"]),
        ("flag", Truthy, ["flag"]),
        ("not flag", Not, ["flag"]),
        ("a and b or c", Or, ["a", "b", "c"]),
        ("a and (b or c)", And, ["a", "b", "c"]),
        ("not (a == true)", Not, ["a"]),
        ("((((a))))", Truthy, ["a"]),
        ("x > 0 and 'PERSON' in t and y is null", And, ["x", "t", "y"]),
    ],
)
def test_valid_conditions_parse(text, node_type, columns):
    node = parse(text)
    assert isinstance(node, node_type)
    assert columns_of(node) == columns


def test_precedence_and_binds_tighter_than_or():
    node = parse("a or b and c")
    assert isinstance(node, Or)
    assert isinstance(node.operands[1], And)


def test_literal_values_are_typed():
    node = parse("a in [1, 1.5, 'x', true, false]")
    assert [v.value for v in node.values] == [1, 1.5, "x", True, False]
    assert type(node.values[0].value) is int and type(node.values[3].value) is bool
    assert parse("a == 'it\\'s'").right.value == "it's"
    assert parse("1 < a").left == parse("1 < a").left  # frozen, comparable AST
    assert isinstance(parse("1 < a").right, Column)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("", "empty"),
        ("   ", "empty"),
        ("a ==", "expected a signal name or a literal"),
        ("== 1", "expected a signal name or a literal"),
        ("a = 1", "unknown operator"),
        ("a === 1", "unknown operator"),
        ("1 == 1", "at least one signal"),
        ("'x'", "literal alone"),
        ("a and", "end of condition"),
        ("(a", "')'"),
        ("a)", "unexpected ')'"),
        ("a b", "unexpected 'b'"),
        ("a in", "after 'in'"),
        ("a in [1,", "literal"),
        ("a in (1, 2)", "after 'in'"),
        ("a in [b]", "literal"),
        ("a is 1", "'null' after 'is'"),
        ("a is not", "'null' after 'is'"),
        ("a contains b", "literal"),
        ("a matches 1", "quoted regular expression"),
        ("'x' in 1", "after 'in'"),
        ("1 is null", "signal column on its left"),
        ("__import__('os')", "calls"),
        ("__import__('os').system('id')", "attribute access"),
        ("__import__ ('os')", "calls"),
        ("().__class__", "attribute access"),
        ("() == 1", "expected a signal name or a literal, found ')'"),
        ("().__class__.__bases__[0].__subclasses__()", "attribute access"),
        ("a.b", "attribute access"),
        ("a.__class__ == 1", "attribute access"),
        ("f(x)", "calls"),
        ("len(a) > 3", "calls"),
        ("x[0]", "subscripts"),
        ("lambda: 1", "unexpected character ':'"),
        ("a if b else c", "unexpected 'if'"),
        ("a; b", "unexpected character ';'"),
        ("a == 1 # comment", "unexpected character '#'"),
        ("a == `id`", "unexpected character '`'"),
        ("'unterminated", "unterminated"),
        ("a == 'bad \\q'", "unknown escape"),
        ("a == 99999999999999999999", "64-bit"),
        ("a > 1e400", "out of range"),
        ("a == ¹", "unexpected character"),
        ("(" * 100 + "a" + ")" * 100, "nested deeper"),
        ("not " * 100 + "a", "nested deeper"),
        ("a == 1 and " * 1000 + "a", "longer than"),
    ],
)
def test_invalid_conditions_fail_with_position(text, fragment):
    with pytest.raises(ConditionError) as info:
        parse(text)
    assert fragment in str(info.value)
    assert 0 <= info.value.pos <= len(text)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("ab_()[],'\"=!<>.-0123456789\\") + [
    "and", "or", "not", "in", "is", "null", "contains", "matches", "true", "x1"]), max_size=30))
def test_parser_raises_only_condition_error(pieces):
    """Whatever the input, the parser either returns an AST or raises ConditionError."""
    try:
        parse(" ".join(pieces[: len(pieces) // 2]) + "".join(pieces[len(pieces) // 2:]))
    except ConditionError:
        pass
