"""Where the dataset's own face annotations and our detector disagree.

DataComp ships `face_bboxes` (from its own SCRFD run) and COYO ships `num_faces`; the dataset check passes
them through as `data_face_bboxes` / `data_num_faces`. When images were also scanned, a reviewer wants to
know where the two disagree: a dataset that says "no faces" about an image with faces is a finding in
itself (its blurring or filtering missed them). Columnar: pyarrow.compute only, no per-row Python.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc


def _col(table: pa.Table | pa.RecordBatch, name: str) -> pa.Array | pa.ChunkedArray | None:
    idx = table.schema.get_field_index(name)
    return None if idx < 0 else table.column(idx)


def dataset_face_count(table: pa.Table | pa.RecordBatch) -> pa.Array | pa.ChunkedArray:
    """Faces according to the dataset: `data_num_faces`, else the length of `data_face_bboxes`."""
    n = _col(table, "data_num_faces")
    boxes = _col(table, "data_face_bboxes")
    from_boxes = pc.cast(pc.list_value_length(boxes), pa.int64()) if boxes is not None else None
    if n is None:
        return from_boxes if from_boxes is not None else pa.nulls(table.num_rows, pa.int64())
    n = pc.cast(n, pa.int64())
    return n if from_boxes is None else pc.coalesce(n, from_boxes)


def face_disagreement(table: pa.Table | pa.RecordBatch) -> pa.Array | pa.ChunkedArray:
    """Per row: true where both sides know and disagree on *presence*, null where either is unknown."""
    ours = _col(table, "face_count")
    if ours is None:
        return pa.nulls(table.num_rows, pa.bool_())
    theirs = dataset_face_count(table)
    return pc.not_equal(pc.greater(pc.cast(ours, pa.int64()), 0), pc.greater(theirs, 0))


def compare_summary(table: pa.Table | pa.RecordBatch) -> dict[str, int]:
    """Counts for the report: rows where both are known, agreements, and each kind of disagreement."""
    ours = _col(table, "face_count")
    theirs = dataset_face_count(table)
    if ours is None:
        return {"both_known": 0}
    ours = pc.cast(ours, pa.int64())
    both = pc.and_(pc.is_valid(ours), pc.is_valid(theirs))
    o, t = pc.greater(ours, 0), pc.greater(theirs, 0)

    def count(mask) -> int:
        return int(pc.sum(pc.cast(pc.fill_null(pc.and_(both, mask), False), pa.int64())).as_py() or 0)

    return {
        "both_known": count(pa.scalar(True)),
        "agree_presence": count(pc.equal(o, t)),
        "detector_only": count(pc.and_(o, pc.invert(t))),
        "dataset_only": count(pc.and_(t, pc.invert(o))),
        "count_differs": count(pc.not_equal(ours, theirs)),
    }
