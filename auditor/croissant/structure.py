"""distribution (one FileObject per input file, sha256 from summary.json) and one RecordSet per input
whose fields are the file's columns with Croissant data types.

The input files (local or remote, as the run read them) are opened only to read their schema (a parquet
footer, a CSV header); they are not hashed again: the sha256 is the one the run recorded, so the
description matches what was audited.
List columns are arrays (1.1 `isArray`, 1.0 `repeated`); a column whose type has no Croissant
counterpart (binary, struct, nested lists in 1.0) is left out and named in the RecordSet description.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pyarrow as pa

from auditor.arrow_kinds import value_kind
from auditor.errors import InputError
from auditor.sources import remote
from auditor.sources.discover import InputFile
from auditor.sources.readers import open_reader

ENCODING = {"parquet": "application/x-parquet", "csv": "text/csv", "tsv": "text/tab-separated-values",
            "jsonl": "application/jsonlines"}


#: value kind (auditor.arrow_kinds) -> schema.org data type
_SCHEMA_ORG = {"text": "sc:Text", "boolean": "sc:Boolean", "integer": "sc:Integer", "float": "sc:Float",
               "decimal": "sc:Float", "timestamp": "sc:DateTime", "date": "sc:Date"}


def _atomic(t: pa.DataType) -> str | None:
    return _SCHEMA_ORG.get(value_kind(t) or "")


def _field(rs_id: str, file_id: str, name: str, t: pa.DataType, version: str) -> dict[str, Any] | None:
    depth = 0
    while pa.types.is_list(t) or pa.types.is_large_list(t) or pa.types.is_fixed_size_list(t):
        t, depth = t.value_type, depth + 1
    data_type = _atomic(t)
    if data_type is None or (depth > 1 and version == "1.0"):
        return None
    field: dict[str, Any] = {"@type": "cr:Field", "@id": f"{rs_id}/{name}", "name": name, "dataType": data_type,
                             "source": {"fileObject": {"@id": file_id}, "extract": {"column": name}}}
    if depth and version == "1.1":
        field["isArray"] = True
        field["arrayShape"] = ",".join(["-1"] * depth)
    elif depth:
        field["repeated"] = True
    return field


def _id(name: str, taken: set[str]) -> str:
    base = re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "file"
    out, n = base, 1
    while out in taken:
        n += 1
        out = f"{base}-{n}"
    taken.add(out)
    return out


def describe_files(summary: dict[str, Any], version: str, base_url: str | None) -> tuple[list, list]:
    """(distribution, recordSet) for the run's inputs."""
    distribution, record_sets, taken = [], [], set()
    for f in summary["inputs"]:
        file_id = _id(f["name"], taken)
        is_remote = remote.is_remote(f["path"])
        if not is_remote and not Path(f["path"]).is_file():
            raise InputError("input file of the run is gone: its columns cannot be described", file=f["path"])
        url = (base_url.rstrip("/") + "/" + f["name"]) if base_url else (f["path"] if is_remote else f["name"])
        obj: dict[str, Any] = {"@type": "cr:FileObject", "@id": file_id, "name": f["name"], "contentUrl": url,
                               "encodingFormat": ENCODING.get(f["format"], "application/octet-stream")}
        if f.get("sha256"):
            obj["sha256"] = f["sha256"]
        if f.get("size") is not None:
            obj["contentSize"] = f"{f['size']} B"
        distribution.append(obj)
        schema = open_reader(InputFile(path=f["path"], name=f["name"], format=f["format"],
                                       size=f.get("size") or 0)).schema()
        rs_id = _id(f"{file_id}-records", taken)
        fields, left_out = [], []
        for col in schema:
            fld = _field(rs_id, file_id, col.name, col.type, version)
            (fields.append(fld) if fld else left_out.append(f"{col.name} ({col.type})"))
        desc = f"Rows of {f['name']}: {f.get('rows_out')} rows, one record per row, the file's own columns."
        if left_out:
            desc += " Columns not described (no Croissant type): " + ", ".join(left_out) + "."
        record_sets.append({"@type": "cr:RecordSet", "@id": rs_id, "name": rs_id, "description": desc,
                            "field": fields})
    return distribution, record_sets
