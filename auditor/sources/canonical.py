"""The canonical column names every reader produces and every check reads.

Readers rename dataset columns (LAION's `URL`, DataComp's `url`, COYO's `text`...) to these names via a
schema profile, so checks never know which dataset they look at. Types are what checks may rely on;
a reader casts compatible types and rejects incompatible ones before any work.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.compute as pc

STRING = pa.string()

#: canonical name -> Arrow type a check may rely on
CANONICAL: dict[str, pa.DataType] = {
    "id": STRING,
    "url": STRING,
    "caption": STRING,
    "license": STRING,
    "license_name": STRING,
    "image_path": STRING,
    "nsfw": STRING,
    "punsafe": pa.float64(),
    "pwatermark": pa.float64(),
    "watermark_score": pa.float64(),
    "nsfw_score": pa.float64(),
    "num_faces": pa.int64(),
    "face_bboxes": pa.list_(pa.list_(pa.float64())),
    "width": pa.int64(),
    "height": pa.int64(),
    "similarity": pa.float64(),
    "img2dataset_status": STRING,
    "error_message": STRING,
    "sha256": STRING,
    "source": STRING,
}

#: columns every batch carries, added by the reader
IDENTITY: dict[str, pa.DataType] = {
    "key": STRING,
    "source_file": pa.dictionary(pa.int32(), STRING),
    "row_index": pa.int64(),
}


def column(batch: pa.RecordBatch, name: str) -> pa.Array:
    """The canonical column `name` of `batch`, or all nulls of its type when the dataset lacks it."""
    idx = batch.schema.get_field_index(name)
    if idx < 0:
        return pa.nulls(batch.num_rows, CANONICAL.get(name) or IDENTITY[name])
    return batch.column(idx)


def has_column(batch_or_schema: pa.RecordBatch | pa.Schema, name: str) -> bool:
    schema = batch_or_schema if isinstance(batch_or_schema, pa.Schema) else batch_or_schema.schema
    return schema.get_field_index(name) >= 0


def as_plain_strings(arr: pa.Array) -> pa.Array:
    """Decode dictionary or large strings to plain `string`; checks that need raw values call this."""
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    if not pa.types.is_string(arr.type):
        arr = pc.cast(arr, STRING)
    return arr
