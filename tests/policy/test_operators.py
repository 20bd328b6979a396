"""Operators one by one: dictionary columns, lists, nulls and NaN behave the same as plain columns."""

from __future__ import annotations

import pyarrow as pa
import pytest

from auditor.policy.operators import MIRRORED, OPERATORS

VALUES = ["cc-by", None, "cc-by-nc", "cc-by", "unknown"]


def _variants():
    plain = pa.array(VALUES)
    return {
        "plain": plain,
        "large": plain.cast(pa.large_string()),
        "dictionary": plain.dictionary_encode(),
        "dict-int8": pa.DictionaryArray.from_arrays(pa.array([0, None, 1, 0, 2], pa.int8()),
                                                    pa.array(["cc-by", "cc-by-nc", "unknown"])),
        "sliced-dictionary": pa.array(["x"] + VALUES).dictionary_encode().slice(1),
    }


@pytest.mark.parametrize("variant", sorted(_variants()))
@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [
        ("==", "cc-by", [True, None, False, True, False]),
        ("!=", "cc-by", [False, None, True, False, True]),
        ("<", "cc-by-z", [True, None, True, True, False]),
        ("in", ["cc-by-nc", "unknown"], [False, False, True, False, True]),
        ("not in", ["cc-by-nc", "unknown"], [True, False, False, True, False]),
        ("contains", "-nc", [False, False, True, False, False]),
        ("matches", "^cc-by$", [True, None, False, True, False]),
        ("is null", None, [False, True, False, False, False]),
        ("is not null", None, [True, False, True, True, True]),
    ],
)
def test_string_operators_agree_across_encodings(variant, op, value, expected):
    result = OPERATORS[op](_variants()[variant], value).to_pylist()
    # null and False both mean "no match"; the evaluator fills nulls with False
    assert [bool(x) for x in result] == [bool(x) for x in expected]


def test_dictionary_with_null_in_dictionary_is_null():
    arr = pa.DictionaryArray.from_arrays(pa.array([0, 1, 1]), pa.array(["a", None]))
    assert OPERATORS["is null"](arr).to_pylist() == [False, True, True]


def test_nan_is_null_for_floats_and_never_compares():
    arr = pa.array([float("nan"), 1.0, None])
    assert OPERATORS["is null"](arr).to_pylist() == [True, False, True]
    assert [bool(x) for x in OPERATORS[">"](arr, 0.5).to_pylist()] == [False, True, False]


@pytest.mark.parametrize(
    "arr",
    [
        pa.array([["A"], None, [], ["B", "A"], [None]]),
        pa.array([["A"], None, [], ["B", "A"], [None]], pa.large_list(pa.string())),
        pa.array([["z"], ["A"], None, [], ["B", "A"], [None]]).slice(1),
    ],
)
def test_list_contains(arr):
    assert OPERATORS["contains"](arr, "A").to_pylist() == [True, False, False, True, False]


def test_list_contains_numbers():
    arr = pa.array([[1, 2], [3], None])
    assert OPERATORS["contains"](arr, 3).to_pylist() == [False, True, False]


def test_mirrored_covers_every_comparison():
    assert set(MIRRORED) == {"==", "!=", "<", "<=", ">", ">="}
    assert all(op in OPERATORS for op in MIRRORED)


@pytest.mark.parametrize(
    ("op", "value", "expected"),
    [("==", "x", False), ("!=", "x", False), ("in", ["x"], False), ("not in", ["x"], False),
     ("contains", "x", False), ("matches", "x", False), ("is null", None, True),
     ("is not null", None, False)],
)
def test_all_null_dictionary_column(op, value, expected):
    """A check that writes only nulls gives a dictionary array with an EMPTY dictionary."""
    arr = pa.nulls(3, pa.dictionary(pa.int32(), pa.string()))
    assert [bool(x) for x in OPERATORS[op](arr, value).to_pylist()] == [expected] * 3
