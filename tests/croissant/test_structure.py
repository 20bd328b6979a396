"""Arrow column types -> Croissant fields (structure.py): atomic types, arrays per version, left-out types."""

import pyarrow as pa
import pytest

from auditor.croissant.structure import _field, _id

DICT = pa.dictionary(pa.int32(), pa.string())


@pytest.mark.parametrize("t, data_type", [
    (pa.string(), "sc:Text"), (pa.large_string(), "sc:Text"), (DICT, "sc:Text"), (pa.bool_(), "sc:Boolean"),
    (pa.int8(), "sc:Integer"), (pa.uint64(), "sc:Integer"), (pa.float32(), "sc:Float"), (pa.float64(), "sc:Float"),
    (pa.decimal128(10, 2), "sc:Float"), (pa.timestamp("us"), "sc:DateTime"), (pa.date32(), "sc:Date"),
])
def test_atomic_types(t, data_type):
    f = _field("rs", "file", "c", t, "1.1")
    assert f["dataType"] == data_type and f["source"] == {"fileObject": {"@id": "file"}, "extract": {"column": "c"}}
    assert "isArray" not in f and "repeated" not in f


def test_arrays_per_version():
    nested = pa.list_(pa.list_(pa.float64()))
    assert _field("rs", "f", "b", nested, "1.1")["arrayShape"] == "-1,-1"
    assert _field("rs", "f", "b", pa.list_(pa.string()), "1.1")["isArray"] is True
    assert _field("rs", "f", "b", pa.list_(pa.string()), "1.0")["repeated"] is True
    assert _field("rs", "f", "b", nested, "1.0") is None  # no 1.0 form: left out (and named by the caller)


@pytest.mark.parametrize("t", [pa.binary(), pa.struct([("a", pa.int32())]), pa.null(),
                               pa.map_(pa.string(), pa.int32())])
def test_types_without_croissant_form_are_left_out(t):
    assert _field("rs", "f", "c", t, "1.1") is None


def test_ids_are_safe_and_unique():
    taken = set()
    assert [_id(n, taken) for n in ("a b/c.parquet", "a b/c.parquet", "")] == ["a_b_c.parquet", "a_b_c.parquet-2",
                                                                              "file"]
