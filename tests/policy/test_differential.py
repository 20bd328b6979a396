"""Differential test: random well-typed conditions, vectorized engine vs a row-by-row Python oracle.

The oracle states the semantics in the plainest way (a comparison with null/NaN is False, `not`
negates, `is null` includes NaN); the engine must agree on plain and dictionary-encoded columns.
"""

from __future__ import annotations

import math
import operator
import re

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.policy.conditions import parse
from auditor.policy.evaluate import mask
from auditor.policy.typecheck import check_types

ROWS = {
    "s": ["a", "b", None, "ab", "", "ba"],
    "n": [0, 1, None, -2, 5, 1],
    "f": [0.5, float("nan"), None, -1.0, 2.0, 1.0],
    "b": [True, False, None, True, None, False],
    "l": [["a"], [], None, ["b", None], ["a", "b"], ["ab"]],
}
PLAIN = pa.RecordBatch.from_pydict({**ROWS, "l": pa.array(ROWS["l"], pa.list_(pa.string()))})
ENCODED = pa.RecordBatch.from_pydict({
    "s": pa.array(ROWS["s"]).dictionary_encode(), "n": ROWS["n"], "f": ROWS["f"],
    "b": ROWS["b"], "l": pa.array(ROWS["l"]).cast(pa.list_(pa.dictionary(pa.int32(), pa.string()))),
})
TYPES = dict(zip(PLAIN.schema.names, PLAIN.schema.types, strict=True))
OPS = {"==": operator.eq, "!=": operator.ne, "<": operator.lt, "<=": operator.le, ">": operator.gt,
       ">=": operator.ge}
STRINGS = ["a", "b", "ab", "", "z"]
NUMBERS = [0, 1, -2, 0.5, 1.0, 3]


def _unknown(v):
    return v is None or (isinstance(v, float) and math.isnan(v))


def _lit(v):
    return repr(v) if isinstance(v, str) else ("true" if v is True else "false" if v is False else str(v))


def _cmp(col, op, value):
    return f"{col} {op} {_lit(value)}", lambda r: not _unknown(r[col]) and OPS[op](r[col], value)


def _cmp_cols(op):
    def oracle(r):
        return not _unknown(r["n"]) and not _unknown(r["f"]) and OPS[op](r["n"], r["f"])
    return f"n {op} f", oracle


def _contains_s(v):
    return f"s contains {_lit(v)}", lambda r: r["s"] is not None and v in r["s"]


def _matches(p):
    return f"s matches {_lit(p)}", lambda r: r["s"] is not None and re.search(p, r["s"]) is not None


def _is_null(col, negate):
    return f"{col} is {'not ' if negate else ''}null", lambda r: _unknown(r[col]) != negate


def _in_atom(t):
    col, negate, data = t
    pool = STRINGS if col == "s" else [0, 1, 5, -2, 0.5]
    values = data.draw(st.lists(st.sampled_from(pool), max_size=3))
    text = f"{col} {'not in' if negate else 'in'} [{', '.join(_lit(v) for v in values)}]"
    return text, lambda r: not _unknown(r[col]) and ((r[col] in values) != negate)


def _list_atom(v, form):
    if form == "contains":
        return f"l contains {_lit(v)}", lambda r: r["l"] is not None and v in r["l"]
    if form == "in":
        return f"{_lit(v)} in l", lambda r: r["l"] is not None and v in r["l"]
    return f"{_lit(v)} not in l", lambda r: r["l"] is not None and v not in r["l"]


def _not(a):
    return f"not ({a[0]})", lambda r: not a[1](r)


def _bool_op(left, right, op):
    if op == "and":
        return f"({left[0]}) and ({right[0]})", lambda r: left[1](r) and right[1](r)
    return f"({left[0]}) or ({right[0]})", lambda r: left[1](r) or right[1](r)


def atoms():
    ops = st.sampled_from(list(OPS))
    return st.one_of(
        st.builds(_cmp, st.just("s"), ops, st.sampled_from(STRINGS)),
        st.builds(_cmp, st.sampled_from(["n", "f"]), ops, st.sampled_from(NUMBERS)),
        st.builds(_cmp, st.just("b"), st.sampled_from(["==", "!="]), st.booleans()),
        st.builds(_cmp_cols, ops),
        st.tuples(st.sampled_from(["s", "n", "f"]), st.booleans(), st.data()).map(_in_atom),
        st.builds(_contains_s, st.sampled_from(STRINGS)),
        st.builds(_list_atom, st.sampled_from(STRINGS), st.sampled_from(["contains", "in", "not in"])),
        st.builds(_matches, st.sampled_from(["^a", "b$", "^$", "a|z", "^[ab]+$"])),
        st.builds(_is_null, st.sampled_from(list(ROWS)), st.booleans()),
        st.just(("b", lambda r: r["b"] is True)),
    )


conditions = st.recursive(
    atoms(),
    lambda inner: st.one_of(st.builds(_not, inner),
                            st.builds(_bool_op, inner, inner, st.sampled_from(["and", "or"]))),
    max_leaves=6,
)


@settings(max_examples=400, deadline=None)
@given(conditions)
def test_engine_agrees_with_row_by_row_oracle(cond):
    text, oracle = cond
    node = parse(text)
    check_types(node, TYPES)
    rows = [{k: v[i] for k, v in ROWS.items()} for i in range(PLAIN.num_rows)]
    expected = [bool(oracle(r)) for r in rows]
    assert mask(node, PLAIN).to_pylist() == expected, text
    assert mask(node, ENCODED).to_pylist() == expected, text
