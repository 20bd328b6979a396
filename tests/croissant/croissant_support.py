"""Helpers for the Croissant tests: a DataComp-style parquet from real LAION rows, and the real validator."""

from __future__ import annotations

import hashlib
import json
import logging
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq


def write_datacomp(laion: Path, out: Path, n: int = 300) -> Path:
    """DataComp's metadata layout (uid, url, text, original_width/height, clip score, face_bboxes, sha256) on
    the first `n` real LAION rows; face_bboxes is a list of [x1, y1, x2, y2] boxes like DataComp stores."""
    t = pq.read_table(laion).slice(0, n)
    urls = t.column("URL").to_pylist()
    boxes = [[[0.1, 0.1, 0.3, 0.4]] if i % 7 == 0 else [] for i in range(n)]
    table = pa.table({
        "uid": pa.array([hashlib.md5(u.encode()).hexdigest() for u in urls], pa.string()),  # noqa: S324
        "url": pa.array(urls, pa.string()),
        "text": t.column("TEXT").cast(pa.string()),
        "original_width": pa.array([512 + i for i in range(n)], pa.int64()),
        "original_height": pa.array([384 + i for i in range(n)], pa.int64()),
        "clip_b32_similarity_score": pa.array([0.3 + i / 10000 for i in range(n)], pa.float32()),
        "face_bboxes": pa.array(boxes, pa.list_(pa.list_(pa.float64()))),
        "sha256": pa.array([hashlib.sha256(u.encode()).hexdigest() for u in urls], pa.string()),
    })
    pq.write_table(table, out)
    return out


def validate(path: Path):
    """Run mlcroissant's validator (what `mlcroissant validate --jsonld` does) and return its Metadata;
    raises mlcroissant.ValidationError on any error. Warnings are returned for the caller to check."""
    import mlcroissant as mlc

    logging.getLogger("absl").setLevel(logging.ERROR)
    ds = mlc.Dataset(jsonld=str(path))
    return ds.metadata


def load(path: Path) -> dict:
    return json.loads(Path(path).read_text(encoding="utf-8"))
