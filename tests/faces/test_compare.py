"""Dataset face annotations (COYO num_faces, DataComp face_bboxes) vs our detector."""

from __future__ import annotations

import pyarrow as pa
import pytest

from auditor.faces.compare import compare_summary, dataset_face_count, face_disagreement

TABLE = pa.table({
    "face_count": pa.array([0, 2, 1, None, 0, 3], pa.int32()),
    "data_num_faces": pa.array([0, 0, None, 1, 2, 3], pa.int64()),
    "data_face_bboxes": pa.array([None, None, [[0.1, 0.1, 0.2, 0.2]], None, None, None],
                                 pa.list_(pa.list_(pa.float64()))),
})


def test_dataset_count_prefers_num_faces_then_boxes():
    assert dataset_face_count(TABLE).to_pylist() == [0, 0, 1, 1, 2, 3]


def test_disagreement_on_presence_null_when_unknown():
    assert face_disagreement(TABLE).to_pylist() == [False, True, False, None, True, False]


def test_summary_counts():
    assert compare_summary(TABLE) == {"both_known": 5, "agree_presence": 3, "detector_only": 1,
                                      "dataset_only": 1, "count_differs": 2}


@pytest.mark.parametrize("cols", [["face_count"], ["face_count", "data_face_bboxes"]])
def test_partial_columns(cols):
    t = TABLE.select(cols)
    assert len(face_disagreement(t)) == t.num_rows


def test_run_counts_carry_the_comparison_into_summary():
    from auditor.aggregate import RunCounts

    counts = RunCounts()
    signals = pa.RecordBatch.from_arrays(
        [pa.array(["ok"] * TABLE.num_rows), pa.array(["a.parquet"] * TABLE.num_rows)]
        + [TABLE.column(n).combine_chunks() for n in TABLE.column_names],
        names=["status", "source_file", *TABLE.column_names])
    counts.add(signals, pa.table({"severity": pa.array([], pa.string())}))
    counts.add(signals, pa.table({"severity": pa.array([], pa.string())}))
    assert counts.extra["faces_vs_dataset"]["dataset_only"] == 2
    assert counts.extra["faces_vs_dataset"]["both_known"] == 10
