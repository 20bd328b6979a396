"""Canonical batches from one input file: rename by profile, check types, add row identity.

Type problems are found from the schema before any row is read, and reported with file and column, so a
bad file stops the run before work is wasted. Identity (`key`, `source_file`, `row_index`) is added here
and nowhere else: it is what lets the run prove that every input row came out exactly once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor.errors import SchemaError
from auditor.sources.canonical import CANONICAL, STRING
from auditor.sources.discover import InputFile
from auditor.sources.profiles import Profile, detect_profile
from auditor.sources.readers import Reader, open_reader
from auditor.sources.utf8 import valid_utf8

REQUIRED = ("url",)
#: canonical columns that must be text; numbers or lists there mean the wrong column was mapped
TEXT_COLUMNS = ("url", "caption", "license", "license_name", "id", "image_path", "nsfw", "sha256")


def _is_text(t: pa.DataType) -> bool:
    if pa.types.is_dictionary(t):
        t = t.value_type
    return pa.types.is_string(t) or pa.types.is_large_string(t) or pa.types.is_string_view(t)


def _castable(name: str, t: pa.DataType) -> bool:
    if pa.types.is_null(t):  # an all-null column (pandas writes one for a shard with no captions)
        return True
    if name in TEXT_COLUMNS:
        return _is_text(t) or (name == "id" and pa.types.is_integer(t))
    target = CANONICAL[name]
    if pa.types.is_list(target) or pa.types.is_large_list(target):
        return pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t)
    return pa.types.is_integer(t) or pa.types.is_floating(t) or pa.types.is_boolean(t) or _is_text(t)


@dataclass
class FileStream:
    """One input file, ready to stream canonical batches."""

    file: InputFile
    reader: Reader
    profile: Profile
    mapping: dict[str, str]  # canonical -> dataset column
    rows_read: int = field(default=0)

    def num_rows(self) -> int | None:
        return self.reader.num_rows()

    def batches(self, batch_size: int, row_groups: list[int] | None = None,
                start: int = 0) -> Iterator[pa.RecordBatch]:
        """Canonical batches of the file, or of `row_groups` whose first row is row `start` of the file."""
        source_cols = list(dict.fromkeys(self.mapping.values()))
        source_dict = pa.array([self.file.name])
        prefix = pa.scalar(self.file.name + "#")
        self.rows_read = start
        for raw in self.reader.iter_batches(source_cols, batch_size, row_groups):
            n = raw.num_rows
            start = self.rows_read
            row_index = pa.array(np.arange(start, start + n, dtype=np.int64))
            arrays, names = [], []
            for canonical, col in self.mapping.items():
                arrays.append(_to_canonical(raw.column(col), canonical, self.file.path))
                names.append(canonical)
            fallback_key = pc.binary_join_element_wise(prefix, pc.cast(row_index, STRING), "")
            if "id" in self.mapping:
                ident = arrays[names.index("id")]
                key = pc.coalesce(id_key(ident), fallback_key)
            else:
                key = fallback_key
            source = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, dtype=np.int32)), source_dict)
            self.rows_read += n
            yield pa.RecordBatch.from_arrays(
                [key, source, row_index, *arrays], names=["key", "source_file", "row_index", *names]
            )


def id_key(ident: pa.Array) -> pa.Array:
    """A dataset id as a key: `%` -> `%25` and `#` -> `%23`, so no id-derived key contains `#`.

    Every fallback key (`<file>#<row>`) contains `#`, so an id can never equal another row's fallback
    key, whatever the id (`b.parquet#0` in a.parquet becomes `b.parquet%230`); the mapping is one-to-one
    on ids. Ids without `%` or `#` (LAION, COYO, DataComp, img2dataset) are unchanged, and the check is
    two vectorized scans, so the common case pays no copy.
    """
    text = pc.cast(ident, STRING)
    if pa.types.is_dictionary(text.type):
        text = text.dictionary_decode()
    if not pc.any(pc.or_(pc.match_substring(text, "%"), pc.match_substring(text, "#"))).as_py():
        return text
    return pc.replace_substring(pc.replace_substring(text, "%", "%25"), "#", "%23")


def _to_canonical(arr: pa.Array, name: str, path: str) -> pa.Array:
    target = CANONICAL[name]
    if name in TEXT_COLUMNS:
        arr = valid_utf8(arr)  # a mislabelled byte must not crash a check on the whole batch
        if pa.types.is_dictionary(arr.type):
            # keep dictionaries (cheap for repeated licenses) but with plain string values
            if not pa.types.is_string(arr.type.value_type):
                arr = pa.DictionaryArray.from_arrays(arr.indices, pc.cast(arr.dictionary, STRING))
            return arr
        return arr if arr.type == STRING else pc.cast(arr, STRING)
    if arr.type == target:
        return arr
    try:
        if _is_text(arr.type) and (pa.types.is_integer(target) or pa.types.is_floating(target)):
            return _parse_numbers(arr, target)
        return pc.cast(arr, target, safe=False)
    except (pa.ArrowInvalid, pa.ArrowNotImplementedError) as exc:
        raise SchemaError(f"cannot read as {target}: {exc}", file=path, column=name) from exc


#: what a text cell must look like to be read as a number; anything else is unknown (null) for that row
_NUMBER = r"(?i)^[+-]?([0-9]+\.?[0-9]*|\.[0-9]+)(e[+-]?[0-9]+)?$|^[+-]?(nan|inf|infinity)$"
_INT_LIMIT = 2.0**63


def _parse_numbers(arr: pa.Array, target: pa.DataType) -> pa.Array:
    """Text (CSV/TSV cells, JSON strings) -> numbers; a blank or non-numeric cell becomes null.

    Width, watermark score and the like are optional evidence: one `n/a` cell must cost that row its
    value, not stop the whole file (which is what a plain cast does, taking every later row with it).
    Integer columns also accept `512.0` (what pandas writes for an int column with gaps).
    """
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    text = pc.utf8_trim_whitespace(arr)
    text = pc.if_else(pc.equal(text, ""), None, text)
    try:
        return pc.cast(text, target, safe=False)
    except pa.ArrowInvalid:
        pass
    floats = pc.cast(pc.if_else(pc.match_substring_regex(text, _NUMBER), text, None), pa.float64())
    if pa.types.is_floating(target):
        return pc.cast(floats, target)
    fits = pc.and_(pc.is_finite(floats), pc.less(pc.abs(floats), _INT_LIMIT))
    return pc.cast(pc.if_else(fits, pc.trunc(floats), None), target, safe=False)


def open_stream(file: InputFile, *, profile: str | None, overrides: dict[str, str]) -> FileStream:
    """Open a file and validate its columns; raises InputError before any row is read."""
    reader = open_reader(file)
    columns = reader.columns()
    try:
        chosen = detect_profile(columns, profile, file=file.path)
    except SchemaError:
        if "url" not in overrides:
            raise
        chosen = Profile(name="custom", detect=[overrides["url"]], columns={})
    mapping = chosen.resolve(columns, overrides)
    for canonical in REQUIRED:
        if canonical not in mapping:
            raise SchemaError(
                f"no {canonical.upper()} column for profile {chosen.name!r}; columns found: {', '.join(columns)}"
                f" (use --{canonical}-col)",
                file=file.path,
            )
    schema = reader.schema()
    for col in sorted(set(mapping.values())):
        if columns.count(col) > 1:
            raise SchemaError(f"column name appears {columns.count(col)} times; rename the copies",
                              file=file.path, column=col)
    for canonical, col in mapping.items():
        if col not in columns:
            raise SchemaError(f"column not found; columns found: {', '.join(columns)}",
                             file=file.path, column=col)
        typ = schema.field(col).type
        if not _castable(canonical, typ):
            raise SchemaError(f"has type {typ}, but {canonical} needs {CANONICAL[canonical]}",
                             file=file.path, column=col)
    return FileStream(file=file, reader=reader, profile=chosen, mapping=mapping)
