"""Turn the user's inputs (files, directories, globs) into an ordered list of input files.

Order is sorted and stable so that keys (file + row index) and resumed runs are reproducible.
"""

from __future__ import annotations

import glob
import os
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError

#: file suffix -> reader format
FORMATS: dict[str, str] = {
    ".parquet": "parquet",
    ".pq": "parquet",
    ".csv": "csv",
    ".tsv": "tsv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
}


@dataclass(frozen=True)
class InputFile:
    """One file to read. `name` is how keys and reports refer to it (relative to its input root)."""

    path: str
    name: str
    format: str
    size: int


def _format_of(path: str) -> str | None:
    lower = path.lower()
    for suffix, fmt in FORMATS.items():
        if lower.endswith(suffix) or lower.endswith(suffix + ".gz"):
            return fmt
    return None


def _expand(spec: str) -> list[tuple[str, str]]:
    """(path, display name) pairs for one input spec."""
    if os.path.isdir(spec):
        found = []
        for root, _dirs, files in os.walk(spec):
            for f in files:
                full = os.path.join(root, f)
                if _format_of(full):
                    found.append((full, os.path.relpath(full, spec)))
        return sorted(found)
    if any(ch in spec for ch in "*?["):
        base = os.path.dirname(spec.split("*")[0].split("?")[0].split("[")[0]) or "."
        return sorted((p, os.path.relpath(p, base)) for p in glob.glob(spec, recursive=True) if os.path.isfile(p))
    if os.path.isfile(spec):
        return [(spec, os.path.basename(spec))]
    raise InputError("no such file, directory or matching glob", file=spec)


def discover(specs: list[str], *, forced_format: str | None = None) -> list[InputFile]:
    files: list[InputFile] = []
    seen: set[str] = set()
    for spec in specs:
        pairs = _expand(spec)
        if not pairs:
            raise InputError("no dataset files found (parquet, csv, tsv, jsonl)", file=spec)
        for path, name in pairs:
            real = str(Path(path).resolve())
            if real in seen:
                continue
            seen.add(real)
            fmt = forced_format or _format_of(path)
            if fmt is None:
                raise InputError(f"unknown file type; expected one of {sorted(FORMATS)}", file=path)
            files.append(InputFile(path=path, name=name, format=fmt, size=os.path.getsize(path)))
    names = [f.name for f in files]
    if len(set(names)) != len(names):  # same relative name from two inputs: keys would collide
        files = [InputFile(f.path, f.path, f.format, f.size) for f in files]
    return files
