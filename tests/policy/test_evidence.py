"""Evidence JSON built column-wise: always valid JSON, same result on the grouped and the plain path."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from auditor.policy.evidence import evidence_json, evidence_rows, render_json


def test_hostile_strings_and_floats_stay_valid_json():
    hostile = ['"}', "\\", "\x00\x1f\n\t", "é\u2028", "</script>", None]
    floats = pa.array([float("inf"), float("nan"), -0.0, 1e300, None, 2.5])
    out = evidence_json(["s", "f"], [pa.array(hostile), floats], len(hostile))
    parsed = [json.loads(x) for x in out.to_pylist()]
    assert [p["s"] for p in parsed] == hostile
    assert [p["f"] for p in parsed] == [None, None, 0.0, 1e300, None, 2.5]


@settings(max_examples=200, deadline=None)
@given(st.lists(st.one_of(st.none(), st.text()), min_size=1, max_size=20))
def test_any_text_round_trips(values):
    out = evidence_json(["v"], [pa.array(values, pa.string())], len(values))
    assert [json.loads(x)["v"] for x in out.to_pylist()] == values


@pytest.mark.parametrize(
    ("arr", "expected"),
    [
        (pa.array([True, None]), ["true", "null"]),
        (pa.array([1, None], pa.int8()), ["1", "null"]),
        (pa.array([["a", None], None, []]), ['["a",null]', "null", "[]"]),
        (pa.array([[[1.5]], []], pa.list_(pa.list_(pa.float64()))), ["[[1.5]]", "[]"]),
        (pa.array([[1, 2]], pa.list_(pa.int64(), 2)), ["[1,2]"]),
        (pa.array([0], pa.timestamp("s")), ['"1970-01-01 00:00:00"']),
        (pa.DictionaryArray.from_arrays(pa.array([0, 1, None]), pa.array(["x", None])),
         ['"x"', "null", "null"]),
    ],
)
def test_render_json_types(arr, expected):
    assert render_json(arr).to_pylist() == expected


_SPAN = pa.struct([("type", pa.string()), ("start", pa.int32()), ("end", pa.int32()), ("score", pa.float32())])


def test_pii_spans_render_type_offsets_and_score_not_null():
    """issue 15: findings showed `"pii_spans":[null,null]` because structs rendered as null."""
    spans = pa.array([[{"type": "PERSON", "start": 18, "end": 30, "score": 0.85},
                       {"type": "SOCIAL_HANDLE", "start": 34, "end": 44, "score": 0.75}], None, []],
                     pa.list_(_SPAN))
    out = render_json(spans).to_pylist()
    assert [json.loads(x) for x in out] == [
        [{"type": "PERSON", "start": 18, "end": 30, "score": 0.85},
         {"type": "SOCIAL_HANDLE", "start": 34, "end": 44, "score": 0.75}], None, []]
    sliced = render_json(spans.slice(1)).to_pylist()
    assert sliced == ["null", "[]"]


def test_struct_fields_escape_and_null_members():
    arr = pa.array([{"a\"b": 'x"y', "n": None}, None], pa.struct([("a\"b", pa.string()), ("n", pa.float64())]))
    out = render_json(arr).to_pylist()
    assert json.loads(out[0]) == {'a"b': 'x"y', "n": None} and out[1] == "null"


def test_grouped_path_equals_plain_path():
    rng = np.random.default_rng(1)
    n = 5000
    fam = pa.DictionaryArray.from_arrays(
        pa.array(rng.integers(0, 4, n).astype(np.int32), mask=rng.random(n) < 0.1),
        pa.array(["cc-by", 'q"uote', None, "x\ny"]))
    flag = pa.array(rng.random(n) < 0.5, mask=rng.random(n) < 0.2)
    score = pa.array(rng.random(n))
    batch = pa.RecordBatch.from_pydict({"fam": fam, "flag": flag, "score": score})
    idx = np.flatnonzero(rng.random(n) < 0.7)
    take = pa.array(idx)
    batch = batch.append_column("none", pa.nulls(n, pa.float64()))
    for names in (["fam", "flag"], ["flag"], ["fam", "score"], ["fam", "none"], ["none"]):
        grouped = evidence_rows(batch, names, idx)
        plain = evidence_json(names, [batch.column(c).take(take) for c in names], len(idx))
        assert grouped.cast(pa.string()).equals(plain), names  # grouped is dictionary-encoded
        assert all(isinstance(json.loads(x), dict) for x in grouped.to_pylist()[:50])
    assert evidence_rows(batch, [], idx).to_pylist()[:2] == ["{}", "{}"]
    assert len(evidence_rows(batch, ["fam"], idx[:0])) == 0


def test_grouping_with_int8_dictionary_full_to_the_brim():
    """128 values in an int8 dictionary: the null code (128) must not overflow the index type."""
    values = pa.array([str(i) for i in range(128)])
    d = pa.DictionaryArray.from_arrays(pa.array([0, 127, None], pa.int8()), values)
    batch = pa.RecordBatch.from_pydict({"d": d})
    assert evidence_rows(batch, ["d"], np.array([0, 1, 2])).to_pylist() == ['{"d":"0"}', '{"d":"127"}',
                                                                            '{"d":null}']
