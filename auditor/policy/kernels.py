"""Arrow kernels of the condition operators: one tiny pyarrow.compute function per operator.

The operators themselves (syntax, types, which kernel) are objects in auditor.policy.operators; this
module only holds the vectorized functions they call, so a kernel can be tested on its own. Each function
takes an Arrow array (the signal column) and a literal value or a second array and
returns a boolean array; nulls in the result mean "unknown" and the evaluator turns them into False
(a comparison with an unknown value never matches - use `is null` to test for unknown).

Dictionary-encoded columns (license family, hosts, statuses) are compared on their dictionary - the
few distinct values - and the result is taken back through the indices, so the cost is O(distinct)
plus one gather. List columns (`pii_types`) are searched with list_flatten + list_parent_indices,
never a Python loop over rows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

Operator = Callable[[pa.Array, Any], pa.Array]


def _on_dictionary(fn: Operator) -> Operator:
    """Run a scalar-valued operator on the dictionary of a dictionary array, then gather."""

    def wrapped(arr: pa.Array, value: Any) -> pa.Array:
        if pa.types.is_dictionary(arr.type) and not isinstance(value, pa.Array):
            return fn(arr.dictionary, value).take(arr.indices)
        if pa.types.is_dictionary(arr.type):
            arr = arr.dictionary_decode()
        if isinstance(value, pa.Array) and pa.types.is_dictionary(value.type):
            value = value.dictionary_decode()
        return fn(arr, value)

    wrapped.__doc__ = fn.__doc__
    return wrapped


def _value_set(arr: pa.Array, values: list[Any]) -> pa.Array:
    """Literal list as an Arrow array of the column's type where it fits (is_in needs equal types)."""
    vs = pa.array(values)
    if vs.type != arr.type:
        try:
            vs = vs.cast(arr.type)  # safe cast: 1 -> 1.0 fine, 1.5 -> int refused
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass
    return vs


def _is_in(arr: pa.Array, values: list[Any]) -> pa.Array:
    vs = _value_set(arr, values)
    if vs.type != arr.type and pa.types.is_integer(arr.type):
        arr = arr.cast(pa.float64())  # `int_col in [1.5]`: compare as floats
    return pc.is_in(arr, value_set=vs)


def _not_in(arr: pa.Array, values: list[Any]) -> pa.Array:
    """Null stays unknown (False after filling): `x not in [...]` is a comparison, not `not (x in ...)`."""
    return pc.and_(pc.invert(_is_in(arr, values)), pc.is_valid(arr))


def _list_contains(arr: pa.Array, value: Any) -> pa.Array:
    """Rows whose list holds `value`: compare the flattened values once, mark the parent rows."""
    flat = pc.list_flatten(arr)
    hit = pc.fill_null(equal(flat, value), False)
    rows = pc.filter(pc.list_parent_indices(arr), hit).to_numpy(zero_copy_only=False)
    mask = np.zeros(len(arr), dtype=bool)
    mask[rows] = True
    return pa.array(mask)


def _contains(arr: pa.Array, value: Any) -> pa.Array:
    if pa.types.is_dictionary(arr.type):
        return _contains(arr.dictionary, value).take(arr.indices)
    if _is_list(arr.type):
        return _list_contains(arr, value)
    return pc.match_substring(arr, pattern=value)


def _matches(arr: pa.Array, pattern: str) -> pa.Array:
    """RE2 (linear time): a hostile pattern cannot backtrack for ever."""
    return pc.match_substring_regex(arr, pattern=pattern)


def _is_null(arr: pa.Array, _: Any = None) -> pa.Array:
    if pa.types.is_floating(arr.type):
        return pc.is_null(arr, nan_is_null=True)
    if pa.types.is_dictionary(arr.type):
        if not arr.dictionary.null_count:  # the usual case; also an all-null column has an empty dictionary
            return pc.is_null(arr.indices)
        return pc.fill_null(pc.is_null(arr.dictionary).take(arr.indices), True)
    return pc.is_null(arr)


def _is_not_null(arr: pa.Array, _: Any = None) -> pa.Array:
    return pc.invert(_is_null(arr))


def _truthy(arr: pa.Array, _: Any = None) -> pa.Array:
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    return arr


def _is_list(t: pa.DataType) -> bool:
    return pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t)


#: the comparison kernels (operators.py binds them to `==`, `!=`, ...)
equal = _on_dictionary(pc.equal)
not_equal = _on_dictionary(pc.not_equal)
less = _on_dictionary(pc.less)
less_equal = _on_dictionary(pc.less_equal)
greater = _on_dictionary(pc.greater)
greater_equal = _on_dictionary(pc.greater_equal)
is_in = _on_dictionary(_is_in)
not_in = _on_dictionary(_not_in)
contains = _contains
matches = _on_dictionary(_matches)
is_null = _is_null
is_not_null = _is_not_null
truthy = _truthy


def signal_column(batch: pa.RecordBatch, name: str) -> pa.Array:
    """The signal column; NaN becomes null so that NaN is "unknown" for every operator (IEEE would make
    `NaN != 0` true, and a NaN score must not count as a match)."""
    arr = batch.column(name)
    if pa.types.is_floating(arr.type) and arr.null_count < len(arr):
        nan = pc.is_nan(arr)
        if pc.any(nan).as_py():
            arr = pc.if_else(nan, pa.scalar(None, arr.type), arr)
    return arr
