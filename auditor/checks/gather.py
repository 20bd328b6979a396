"""Bring per-distinct-value results back to rows.

Checks compute on distinct values and then need one output per row. A numpy fancy-index over int32
codes or bool values plus bit packing is about twice as fast as `pc.take` for these types on this
hardware, and it is the only per-row work left, so it gets its own small helpers.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def bitmap(mask: np.ndarray) -> pa.Buffer:
    """An Arrow bitmap (LSB first) from a numpy bool array."""
    return pa.py_buffer(np.packbits(mask, bitorder="little"))


def gather_dictionary(codes: np.ndarray, dictionary: pa.Array, idx: np.ndarray) -> pa.DictionaryArray:
    """Rows `codes[idx]` as a dictionary<int32> array over `dictionary`; a code of -1 is null."""
    rows = codes[idx].astype(np.int32, copy=False)
    validity = None
    null = rows < 0
    if null.any():
        validity = bitmap(~null)
        rows = np.where(null, 0, rows).astype(np.int32, copy=False)
    indices = pa.Array.from_buffers(pa.int32(), len(rows), [validity, pa.py_buffer(rows)])
    return pa.DictionaryArray.from_arrays(indices, dictionary, safe=False)


def gather_bool(values: np.ndarray, valid: np.ndarray, idx: np.ndarray) -> pa.Array:
    """Rows `values[idx]` as a bool array, null where `valid[idx]` is false."""
    if valid.all():
        return bool_array(values[idx], None)
    return bool_array(values[idx], valid[idx])


def bool_array(values: np.ndarray, valid: np.ndarray | None) -> pa.Array:
    """A bool array from numpy values and validity (None or all true: no nulls)."""
    validity = None if valid is None or valid.all() else bitmap(valid)
    return pa.Array.from_buffers(pa.bool_(), len(values), [validity, bitmap(values)])
