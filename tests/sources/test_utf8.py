"""valid_utf8: invalid sequences become U+FFFD; valid arrays pass through untouched (no copy)."""

import pyarrow as pa
import pytest

from auditor.sources.utf8 import valid_utf8


def mislabelled(values):
    raw = pa.array(values, pa.binary())
    return pa.Array.from_buffers(pa.string(), len(values), raw.buffers())


@pytest.mark.parametrize("arr,expected", [
    (mislabelled([b"ok", b"caf\xe9", None]), ["ok", "caf\ufffd", None]),
    (pa.array([b"ok", b"\xc3\x28", None], pa.binary()), ["ok", "\ufffd(", None]),
    (pa.array([b"plain"], pa.binary()), ["plain"]),
    (pa.DictionaryArray.from_arrays(pa.array([0, 1, 0]), mislabelled([b"CC0", b"\xff"])), ["CC0", "\ufffd", "CC0"]),
], ids=["string", "binary", "binary valid", "dictionary"])
def test_repaired(arr, expected):
    out = valid_utf8(arr)
    out.validate(full=True)
    assert out.to_pylist() == expected


def test_valid_string_is_not_copied():
    arr = pa.array(["a", "b"])
    assert valid_utf8(arr) is arr
