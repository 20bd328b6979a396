"""Exact comparisons between a numeric signal and a numeric literal.

Arrow compares an int64 column with a float by casting the column to double, which refuses (or would
round) integers beyond 2**53: `data_width > 512.5` against a WIDTH of 2**53+1 raised mid-scan and killed the
run. Instead the literal is rewritten, once per comparison, into one that means exactly the same thing in
the column's own type:

- integer column, float literal: `x > 512.5` is `x > 512`, `x >= 512.5` is `x >= 513`, `x == 512.5` is
  never true; an integral float becomes that integer; +-inf and integers outside int64 collapse to
  "always" / "never" (for non-null rows);
- float column, integer literal not exactly a double (beyond 2**53): compared against the two doubles
  around it (`x > N` is `x >= next double above N`).

An integer signal against a float signal (column to column) is compared exactly too: as doubles where
the integer is within +-2**53 (exact there), and for larger integers against floor(y) and y's fractional
part in int64 (`exact_columns`). So no value can make a comparison raise or round.
"""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: a comparison that holds for every non-null row, or for none
ALWAYS, NEVER = "always", "never"


def _int_range(t: pa.DataType) -> tuple[int, int]:
    bits = t.bit_width
    return (0, 2**bits - 1) if pa.types.is_unsigned_integer(t) else (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1)


def _against_int(op: str, value: float | int, lo: int, hi: int) -> tuple[str, Any]:
    """(op, int literal) or (ALWAYS/NEVER, None) equivalent to `x op value` for integers x in [lo, hi]."""
    if isinstance(value, float) and math.isnan(value):
        return NEVER, None
    if isinstance(value, float) and not math.isinf(value) and value != math.floor(value):
        below, above = math.floor(value), math.ceil(value)
        op, value = {"<": ("<=", below), "<=": ("<=", below), ">": (">=", above), ">=": (">=", above),
                     "==": (NEVER, None), "!=": (ALWAYS, None)}[op]
        if value is None:
            return op, None
    if isinstance(value, float):  # integral or infinite
        value = value if math.isinf(value) else int(value)
    if value > hi or value < lo:  # outside the column's range (incl. +-inf): decided for every row
        bigger = value > hi
        holds = {"<": bigger, "<=": bigger, ">": not bigger, ">=": not bigger, "==": False, "!=": True}[op]
        return (ALWAYS if holds else NEVER), None
    return op, int(value)


def _against_float(op: str, value: int) -> tuple[str, Any]:
    """`x op N` for doubles x and an integer N that may not be a double."""
    try:
        d = float(value)
    except OverflowError:
        d = math.inf if value > 0 else -math.inf
    if math.isinf(d):  # beyond every finite double: N sits between the largest one and infinity
        big = math.nextafter(math.inf, 0.0)
        lo, hi = (big, math.inf) if d > 0 else (-math.inf, -big)
    elif int(d) == value:
        return op, d
    elif int(d) < value:
        lo, hi = d, math.nextafter(d, math.inf)
    else:
        lo, hi = math.nextafter(d, -math.inf), d
    return {"<": ("<=", lo), "<=": ("<=", lo), ">": (">=", hi), ">=": (">=", hi), "==": (NEVER, None),
            "!=": (ALWAYS, None)}[op]


def exact_literal(t: pa.DataType, op: str, value: Any) -> tuple[str, Any]:
    """The comparison `column op value` rewritten to be exact in the column's type (see module doc)."""
    if pa.types.is_dictionary(t):
        t = t.value_type
    if isinstance(value, bool) or not isinstance(value, int | float):
        return op, value
    if pa.types.is_integer(t):
        return _against_int(op, value, *_int_range(t))
    if pa.types.is_floating(t) and isinstance(value, int):
        return _against_float(op, value)
    return op, value


def constant_mask(arr: pa.Array, holds: bool) -> pa.Array:
    """`holds` for non-null rows, null (unknown) for null rows - like any comparison."""
    valid = pc.is_valid(arr)
    return valid if holds else pc.and_(valid, pa.scalar(False))


def exact_members(t: pa.DataType, values: list[Any]) -> list[Any]:
    """Literals of an `in [...]` list that some value of type `t` can equal, in that type's terms."""
    if pa.types.is_dictionary(t):
        t = t.value_type
    out = []
    for v in values:
        op, exact = exact_literal(t, "==", v)
        if op == "==":
            out.append(exact)
    return out


def _numbers(arr: pa.Array, dtype) -> tuple[np.ndarray, np.ndarray]:
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    valid = pc.is_valid(arr).to_numpy(zero_copy_only=False)
    values = pc.fill_null(arr, 0).to_numpy(zero_copy_only=False).astype(dtype)
    return values, valid


def is_int(t: pa.DataType) -> bool:
    return pa.types.is_integer(t.value_type if pa.types.is_dictionary(t) else t)


def is_float(t: pa.DataType) -> bool:
    return pa.types.is_floating(t.value_type if pa.types.is_dictionary(t) else t)


def exact_columns(op: str, ints: pa.Array, floats: pa.Array) -> pa.Array:
    """`ints op floats` row by row, exactly (integer column on the left; callers mirror `op`)."""
    x, xv = _numbers(ints, np.int64)
    y, yv = _numbers(floats, np.float64)
    valid = xv & yv & ~np.isnan(y)
    y = np.where(valid, y, 0.0)
    small = np.abs(x) <= 2**53  # exactly a double: compare as doubles
    lt = np.where(small, x.astype(np.float64) < y, False)
    eq = np.where(small, x.astype(np.float64) == y, False)
    big = ~small & valid
    if big.any():
        yb, xb = y[big], x[big]
        above, below = yb >= 2.0**63, yb < -(2.0**63)  # beyond int64 (incl. +-inf): decided by sign
        inside = ~above & ~below
        fl = np.floor(np.where(inside, yb, 0.0))
        yi, frac = fl.astype(np.int64), np.where(inside, yb, 0.0) - fl
        lt[big] = above | (inside & ((xb < yi) | ((xb == yi) & (frac > 0))))
        eq[big] = inside & (xb == yi) & (frac == 0)
    gt = ~lt & ~eq
    result = {"<": lt, "<=": lt | eq, ">": gt, ">=": gt | eq, "==": eq, "!=": ~eq}[op]
    return pa.array(result, mask=~valid)
