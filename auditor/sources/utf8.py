"""Text columns as valid UTF-8, whatever bytes the file holds.

Parquet writers can label arbitrary bytes as `string` (pyarrow does not re-validate on read), and CSV
files scraped from the web carry stray Latin-1 bytes. Left alone, one bad byte either stops a CSV file
(pyarrow's CSV reader refuses the whole block) or crashes a check on the whole batch it sits in, so
65,536 rows lose their signals for one character. Here invalid sequences become U+FFFD, the same thing a
browser shows, and only the affected array takes the slow path: valid arrays pass through after one
SIMD validation (about 8 GB/s), with no copy.
"""

from __future__ import annotations

import pyarrow as pa

STRING = pa.string()


def _is_binary(t: pa.DataType) -> bool:
    return pa.types.is_binary(t) or pa.types.is_large_binary(t)


def _repair(arr: pa.Array) -> pa.Array:
    """Slow path, only for arrays that failed validation: decode each value with replacement."""
    raw = arr.cast(pa.large_binary() if pa.types.is_large_string(arr.type) else pa.binary())
    values = [None if v is None else v.decode("utf-8", errors="replace") for v in raw.to_pylist()]
    return pa.array(values, STRING)


def valid_utf8(arr: pa.Array) -> pa.Array:
    """`arr` (string, large_string, binary or a dictionary of them) with invalid UTF-8 replaced by U+FFFD.

    Binary input comes back as `string`; other types are returned unchanged for the caller's cast.
    """
    if pa.types.is_dictionary(arr.type):
        fixed = valid_utf8(arr.dictionary)
        return arr if fixed is arr.dictionary else pa.DictionaryArray.from_arrays(arr.indices, fixed)
    if _is_binary(arr.type):
        try:
            return arr.cast(STRING)
        except pa.ArrowInvalid:
            return _repair(arr)
    if pa.types.is_string(arr.type) or pa.types.is_large_string(arr.type):
        try:
            arr.validate(full=True)
        except pa.ArrowInvalid:
            return _repair(arr)
    return arr
