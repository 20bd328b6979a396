"""Conditions evaluated over a small batch: expected masks, including nulls, NaN, dictionary and lists."""

from __future__ import annotations

import pyarrow as pa
import pytest

from auditor.policy.conditions import parse
from auditor.policy.evaluate import FINDINGS_SCHEMA, mask
from auditor.policy.typecheck import check_types

T, F = True, False


def _batch() -> pa.RecordBatch:
    types = pa.array([["PERSON"], [], None, ["EMAIL", None], ["PERSON", "PHONE"]], pa.list_(pa.string()))
    flat = pa.array(["PERSON", "EMAIL", None, "PERSON", "PHONE"]).dictionary_encode()
    types_d = pa.ListArray.from_arrays(pa.array([0, 1, 1, 1, 3, 5], pa.int32()), flat,
                                       mask=pa.array([F, F, T, F, F]))
    return pa.RecordBatch.from_pydict({
        "key": ["k0", "k1", "k2", "k3", "k4"],
        "fam": pa.array(["cc-by", "cc-by-nc", None, "unknown", "cc-by"]).dictionary_encode(),
        "com": pa.array([T, F, None, None, T]),
        "risk": pa.array([F, T, None, F, None]),
        "score": pa.array([0.1, 0.9, None, float("nan"), 0.5]),
        "n": pa.array([0, 2, None, 1, 5], pa.int64()),
        "host": ["a.getty.com", "flickr.com", None, 'x"y', "shutterstock.com"],
        "types": types,
        "types_d": types_d,
    })


CASES = [
    ("n > 0", [F, T, F, T, T]),
    ("0 < n", [F, T, F, T, T]),
    ("-1 < n", [T, T, F, T, T]),
    ("n >= 2", [F, T, F, F, T]),
    ("n == 1.0", [F, F, F, T, F]),
    ("n in [1, 5]", [F, F, F, T, T]),
    ("n in [1.5]", [F, F, F, F, F]),
    ("n not in [1, 5]", [T, T, F, F, F]),
    ("score > 0.4", [F, T, F, F, T]),
    ("score in [0.5, 0.1]", [T, F, F, F, T]),
    ("score > n", [T, F, F, F, F]),
    ("score is null", [F, F, T, T, F]),
    ("score is not null", [T, T, F, F, T]),
    ("fam == 'cc-by'", [T, F, F, F, T]),
    ("fam != 'cc-by'", [F, T, F, T, F]),
    ("not (fam == 'cc-by')", [F, T, T, T, F]),
    ("fam in ['cc-by-nc', 'unknown']", [F, T, F, T, F]),
    ("fam not in ['cc-by-nc', 'unknown']", [T, F, F, F, T]),
    ("fam is null or fam == 'unknown'", [F, F, T, T, F]),
    ("fam < 'cc-by-z'", [T, T, F, F, T]),
    ("fam contains 'nc'", [F, T, F, F, F]),
    ("fam matches '^cc-by$'", [T, F, F, F, T]),
    ("com", [T, F, F, F, T]),
    ("not com", [F, T, T, T, F]),
    ("com == false", [F, T, F, F, F]),
    ("com != true", [F, T, F, F, F]),
    ("not (com == true)", [F, T, T, T, F]),
    ("com is null", [F, F, T, T, F]),
    ("risk or com", [T, T, F, F, T]),
    ("risk and not com", [F, T, F, F, F]),
    ("types contains 'PERSON'", [T, F, F, F, T]),
    ("'PERSON' in types", [T, F, F, F, T]),
    ("'PERSON' not in types", [F, T, F, T, F]),
    ("types contains 'EMAIL' and n == 1", [F, F, F, T, F]),
    ("types is null", [F, F, T, F, F]),
    ("types_d contains 'PERSON'", [T, F, F, F, T]),
    ("'PHONE' in types_d", [F, F, F, F, T]),
    ("host contains 'getty'", [T, F, F, F, F]),
    ("host matches '(^|[.])(getty|shutterstock)[.]com$'", [T, F, F, F, T]),
    ("host matches '(getty|shutterstock)\\\\.com$'", [T, F, F, F, T]),
    ("host == 'x\"y'", [F, F, F, T, F]),
    ("(n > 0 and score > 0.4) or fam == 'unknown'", [F, T, F, T, T]),
    ("n > 0 and not (score > 0.4)", [F, F, F, T, F]),
]


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_condition_mask(text, expected):
    batch = _batch()
    node = parse(text)
    check_types(node, dict(zip(batch.schema.names, batch.schema.types, strict=True)))
    result = mask(node, batch)
    assert result.null_count == 0
    assert result.to_pylist() == expected


@pytest.mark.parametrize(("text", "expected"), CASES)
def test_condition_mask_on_sliced_batch(text, expected):
    """Slices keep offsets into shared buffers (lists!); masks must still line up with the rows."""
    assert mask(parse(text), _batch().slice(1, 4)).to_pylist() == expected[1:]


def test_findings_schema_is_stable():
    assert FINDINGS_SCHEMA.names == ["key", "source_file", "row_index", "rule_id", "category", "severity", "message",
                                     "evidence"]
