"""The operator table: an operator defined here, in a fresh table, is parsed, type-checked and evaluated
with no change anywhere else; the default table is left as it was."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from auditor.policy.condition_ast import Apply, Column, ConditionError, IsNull, Literal, columns_of
from auditor.policy.conditions import parse
from auditor.policy.evaluate import mask
from auditor.policy.operators import DEFAULT_TABLE, OPERATORS
from auditor.policy.optable import Operator, OperatorTable
from auditor.policy.typecheck import check_types


def _starts_with(arr: pa.Array, prefix: str) -> pa.Array:
    if pa.types.is_dictionary(arr.type):  # on the few distinct values, then gathered
        return pc.starts_with(arr.dictionary, pattern=prefix).take(arr.indices)
    return pc.starts_with(arr, pattern=prefix)


class StartsWith(Operator):
    """`text startswith 'prefix'`: a new word operator, binary, strings only."""

    name, syntax, accepts, kernel = "startswith", ("startswith",), ("string",), staticmethod(_starts_with)


class AtLeast(Operator):
    """`number ~>= 3`: a new symbol, to show that the tokenizer learns symbols from the table too."""

    name, syntax, accepts, kernel = "~>=", ("~>=",), ("number",), staticmethod(pc.greater_equal)


class IsBlank(Operator):
    """`text is blank`: unary, and shares its first word with `is null` / `is not null`."""

    name, syntax, arity, accepts = "is blank", ("is", "blank"), 1, ("string",)
    kernel = staticmethod(lambda arr, _: pc.equal(pc.utf8_trim_whitespace(arr.cast(pa.string())), ""))


TABLE = DEFAULT_TABLE.with_operators(StartsWith(), AtLeast(), IsBlank())
SIGNALS = {"host": pa.dictionary(pa.int32(), pa.string()), "caption": pa.string(), "faces": pa.int64()}
BATCH = pa.RecordBatch.from_pydict(
    {"host": pa.array(["upload.wikimedia.org", None, "i.pinimg.com", "upload.example"]).dictionary_encode(),
     "caption": ["a cat", "  ", None, ""], "faces": [0, 3, None, 7]})


@pytest.mark.parametrize(
    ("text", "columns", "expected"),
    [
        ("host startswith 'upload.'", ["host"], [True, False, False, True]),
        ("faces ~>= 3", ["faces"], [False, True, False, True]),
        ("caption is blank", ["caption"], [False, True, False, True]),
        ("caption is null", ["caption"], [False, False, True, False]),  # the built-in sharing `is` still works
        # `not` of an unknown host is true (as for every operator): row 1 has no host and 3 faces
        ("not host startswith 'upload.' and faces~>=3", ["host", "faces"], [False, True, False, False]),
        ("host startswith 'i.' or caption is blank", ["host", "caption"], [False, True, True, True]),
    ],
)
def test_new_operators_parse_check_and_evaluate(text, columns, expected):
    node = parse(text, TABLE)
    assert columns_of(node) == columns
    check_types(node, SIGNALS, TABLE)
    assert mask(node, BATCH, TABLE).to_pylist() == expected


def test_new_operator_builds_the_generic_node():
    assert parse("host startswith 'x'", TABLE) == Apply("startswith", Column("host", 0), Literal("x", 16), 5)
    assert isinstance(parse("caption is null", TABLE), IsNull)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("faces startswith 'x'", "'startswith' needs a string signal; faces is number"),
        ("host startswith 1", "1 is not a string like host"),
        ("caption ~>= 3", "'~>=' needs a number signal"),
        ("faces is blank", "'is blank' needs a string signal"),
    ],
)
def test_new_operators_are_type_checked(text, fragment):
    with pytest.raises(ConditionError, match=fragment.replace("(", r"\(")):
        check_types(parse(text, TABLE), SIGNALS, TABLE)


@pytest.mark.parametrize(
    ("text", "fragment"),
    [
        ("host startswith 'x'", "unexpected 'startswith'"),
        ("faces ~>= 3", "unexpected character '~'"),
        ("caption is blank", "expected 'null' after 'is'"),
    ],
)
def test_default_table_is_untouched(text, fragment):
    with pytest.raises(ConditionError, match=fragment):
        parse(text)
    assert "startswith" not in DEFAULT_TABLE and "startswith" not in OPERATORS


def test_new_keyword_is_no_longer_a_signal_name_in_that_table_only():
    assert columns_of(parse("startswith", DEFAULT_TABLE)) == ["startswith"]
    with pytest.raises(ConditionError):
        parse("startswith", TABLE)


def test_a_name_registered_twice_is_refused():
    with pytest.raises(ValueError, match="registered twice"):
        OperatorTable([StartsWith(), StartsWith()])


def test_every_builtin_is_spelt_by_its_name():
    """`node.op` is the table key, so what the parser builds is always found by the checker/evaluator."""
    for op in DEFAULT_TABLE:
        assert " ".join(op.syntax) == op.name or (op.name == "truthy" and op.syntax == ())
        assert op.arity in (1, 2) and callable(op.kernel)
