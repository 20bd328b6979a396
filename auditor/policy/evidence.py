"""Evidence JSON for findings, built column-wise.

Each finding carries a compact JSON object of the rule's evidence signals for its row, e.g.
`{"license_family":"cc-by-nc","copyright_risk_host":false}`. Millions of findings per batch rule out a
Python json.dumps per row, so every value is rendered as JSON text with pyarrow.compute (casts, string
replaces, list joins) and the object is assembled with binary_join_element_wise. Dictionary columns are
rendered on their dictionary and gathered. Strings are escaped (backslash, quote, control characters)
so the output is always valid JSON; NaN and infinities become null. Evidence columns are signals named
by the rule - never captions or URLs unless a rule names such a signal itself.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: findings' evidence column: one JSON text per distinct combination of values, indexed per finding,
#: so millions of findings share a handful of strings instead of copying one each
EVIDENCE_TYPE = pa.dictionary(pa.int32(), pa.string())
_CONTROL = [chr(c) for c in range(0x20)]
_CONTROL_ESCAPE = {"\b": "\\b", "\f": "\\f", "\n": "\\n", "\r": "\\r", "\t": "\\t"}


def json_string_literals(arr: pa.Array) -> pa.Array:
    """string array -> JSON string literals (quoted, escaped); nulls stay null."""
    s = pc.replace_substring(arr, "\\", "\\\\")
    s = pc.replace_substring(s, '"', '\\"')
    has_control = pc.fill_null(pc.match_substring_regex(s, "[\\x00-\\x1f]"), False)
    if pc.any(has_control).as_py():  # rare: escape only the affected rows, one pass per control char
        sub = pc.filter(s, has_control)
        for ch in _CONTROL:
            sub = pc.replace_substring(sub, ch, _CONTROL_ESCAPE.get(ch, f"\\u{ord(ch):04x}"))
        s = pc.replace_with_mask(s, has_control, sub)
    return pc.binary_join_element_wise('"', s, '"', "")


def render_json(arr: pa.Array) -> pa.Array:
    """Any signal array -> string array of JSON values, never null (unknown renders as `null`)."""
    t = arr.type
    if pa.types.is_dictionary(t):
        out = render_json(arr.dictionary).take(arr.indices)
    elif pa.types.is_boolean(t) or pa.types.is_integer(t):
        out = pc.cast(arr, pa.string())
    elif pa.types.is_floating(t) or pa.types.is_decimal(t):
        as_float = pc.cast(arr, pa.float64()) if pa.types.is_decimal(t) else arr
        out = pc.if_else(pc.is_finite(as_float), pc.cast(arr, pa.string()), pa.scalar(None, pa.string()))
    elif pa.types.is_string(t) or pa.types.is_large_string(t):
        out = json_string_literals(arr.cast(pa.string()))
    elif pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        out = _render_list(arr)
    elif pa.types.is_struct(t):
        out = _render_struct(arr)
    else:  # timestamps and the like: their text form, quoted
        try:
            out = json_string_literals(pc.cast(arr, pa.string()))
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            out = pa.nulls(len(arr), pa.string())
    return pc.fill_null(out, "null")


def _render_list(arr: pa.Array) -> pa.Array:
    """Render the flattened items once, rebuild the lists around them, join with commas."""
    if pa.types.is_fixed_size_list(arr.type) or pa.types.is_large_list(arr.type):
        arr = arr.cast(pa.list_(arr.type.value_type))
    arr = pa.concat_arrays([arr])  # normalise offsets of sliced arrays
    items = render_json(arr.values)
    lists = pa.ListArray.from_arrays(arr.offsets, items, mask=pc.is_null(arr))
    joined = pc.binary_join(lists, ",")
    return pc.binary_join_element_wise("[", joined, "]", "")


def _render_struct(arr: pa.Array) -> pa.Array:
    """`{"field":value,...}` per row, each field rendered column-wise; a null struct renders as null.

    pii_spans is a list of {type,start,end,score}: without this the spans read `[null,null]` in findings.
    """
    arr = pa.concat_arrays([arr])  # normalise offsets of sliced arrays
    if arr.type.num_fields == 0:
        return pc.if_else(pc.is_null(arr), pa.scalar(None, pa.string()), "{}")
    parts: list[object] = []
    for i in range(arr.type.num_fields):
        name = json_string_literals(pa.array([arr.type.field(i).name], pa.string()))[0].as_py()
        parts.append(("{" if i == 0 else ",") + name + ":")
        parts.append(render_json(arr.field(i)))
    parts.append("}")
    joined = pc.binary_join_element_wise(*parts, "")
    return pc.if_else(pc.is_null(arr), pa.scalar(None, pa.string()), joined)


def evidence_json(names: Sequence[str], columns: Sequence[pa.Array], length: int) -> pa.Array:
    """`{"name":value,...}` per row for the given (already gathered) columns."""
    if not names:
        return pa.repeat(pa.scalar("{}", pa.string()), length)
    parts: list[object] = []
    for i, (name, col) in enumerate(zip(names, columns, strict=True)):
        parts.append(("{" if i == 0 else ",") + f'"{name}":')  # names are validated identifiers
        parts.append(render_json(col))
    parts.append("}")
    return pc.binary_join_element_wise(*parts, "")


_MAX_DISTINCT = 1 << 16


def _codes(col: pa.Array) -> tuple[np.ndarray, int, Callable[[np.ndarray], pa.Array]] | None:
    """(per-row code with `size - 1` for null, code count, decoder codes -> array) for columns with few
    distinct values (dictionary, boolean, all null); None for the rest."""
    if col.null_count == len(col):  # a signal the dataset lacks (e.g. no punsafe column): one value
        return np.zeros(len(col), dtype=np.int64), 1, lambda c: pa.nulls(len(c), col.type)
    if pa.types.is_dictionary(col.type) and len(col.dictionary) < _MAX_DISTINCT:
        n, dictionary = len(col.dictionary), col.dictionary
        codes = pc.fill_null(col.indices.cast(pa.int64()), n).to_numpy(zero_copy_only=False)

        def decode_dict(c: np.ndarray) -> pa.Array:
            return pa.DictionaryArray.from_arrays(pa.array(c.astype(np.int32), mask=c == n), dictionary)
        return codes, n + 1, decode_dict
    if pa.types.is_boolean(col.type):
        codes = pc.fill_null(pc.cast(col, pa.int8()), 2).to_numpy(zero_copy_only=False)
        return codes, 3, lambda c: pa.array(c == 1, mask=c == 2)
    return None


def evidence_rows(batch: pa.RecordBatch, names: Sequence[str], idx: np.ndarray) -> pa.DictionaryArray:
    """Evidence JSON for rows `idx` of `batch`, dictionary-encoded.

    When every evidence column has few distinct values (dictionary or boolean - the usual case for
    license and host signals), the rows are grouped by their combination of values, each distinct
    combination is rendered once, and the JSON is gathered: one string materialisation instead of one
    per column plus a join.
    """
    cols = [batch.column(n) for n in names]
    coded = [_codes(c) for c in cols]
    sizes = [c[1] for c in coded if c is not None]
    if names and len(sizes) == len(cols) and np.prod(sizes, dtype=np.float64) < 2**62:
        combo = np.zeros(len(idx), dtype=np.int64)
        mult = 1
        for codes, size, _ in coded:  # type: ignore[misc]
            combo += codes[idx].astype(np.int64) * mult
            mult *= size
        groups = pc.dictionary_encode(pa.array(combo))
        rest = groups.dictionary.to_numpy(zero_copy_only=False)
        reps = []
        for _, size, decode in coded:  # type: ignore[misc]
            reps.append(decode(rest % size))
            rest = rest // size
        rendered = evidence_json(names, reps, len(reps[0]))
        return pa.DictionaryArray.from_arrays(groups.indices.cast(pa.int32()), rendered)
    take = pa.array(idx)
    return pc.dictionary_encode(evidence_json(names, [c.take(take) for c in cols], len(idx))).cast(EVIDENCE_TYPE)
