"""Turn the user's inputs (files, directories, globs) into an ordered list of input files.

Order is sorted and stable so that keys (file + row index) and resumed runs are reproducible.
"""

from __future__ import annotations

import glob
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from auditor.errors import InputError
from auditor.sources import remote

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
    #: modification time as the filesystem or server reports it (resume fingerprints)
    mtime: str | None = None

    @property
    def remote(self) -> bool:
        return remote.is_remote(self.path)


def _format_of(path: str) -> str | None:
    lower = path.lower()
    for suffix, fmt in FORMATS.items():
        if lower.endswith(suffix) or lower.endswith(suffix + ".gz"):
            return fmt
    return None


def not_regular(path: str) -> str | None:
    """Why `path` is not a regular file (FIFO, socket, device...), or None when it is one.

    Opening a FIFO blocks until a writer appears - a scan would hang there, deaf to Ctrl-C - so only
    regular files (symlinks followed) are ever opened.
    """
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        return f"cannot stat: {exc.strerror or exc}"
    if stat.S_ISREG(mode):
        return None
    kinds = ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"),
             (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a directory"))
    return next((f"not a regular file ({kind})" for test, kind in kinds if test(mode)), "not a regular file")


def _expand(spec: str, skipped: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """(path, display name) pairs for one input spec; non-regular files found in a directory or glob go
    to `skipped` as (path, why)."""
    if os.path.isdir(spec):
        found = []
        for root, _dirs, files in os.walk(spec):
            for f in files:
                full = os.path.join(root, f)
                if _format_of(full):
                    why = not_regular(full)
                    if why:
                        skipped.append((full, why))
                    else:
                        found.append((full, os.path.relpath(full, spec)))
        return sorted(found)
    if any(ch in spec for ch in "*?["):
        base = os.path.dirname(spec.split("*")[0].split("?")[0].split("[")[0]) or "."
        found = []
        for p in glob.glob(spec, recursive=True):
            why = not_regular(p)
            if why is None:
                found.append((p, os.path.relpath(p, base)))
            elif not os.path.isdir(p) and _format_of(p):
                skipped.append((p, why))
        return sorted(found)
    if os.path.isfile(spec):
        return [(spec, os.path.basename(spec))]
    if os.path.lexists(spec):
        raise InputError(f"{not_regular(spec) or 'not a regular file'}; give a regular file or a directory",
                         file=spec)
    raise InputError("no such file, directory or matching glob", file=spec)


def _remote_file(spec: str, forced_format: str | None) -> InputFile:
    """One remote file (s3/gs/http(s)/hf). Remote directories and globs are not expanded."""
    if remote.scheme_of(spec) not in remote.SCHEMES:
        raise InputError(f"unsupported input scheme; use a local path or one of "
                         f"{', '.join(sorted(remote.SCHEMES))}", file=spec)
    path_part = spec.split("?", 1)[0].rstrip("/")
    fmt = forced_format or _format_of(path_part)
    if fmt is None:
        raise InputError(f"unknown file type; expected one of {sorted(FORMATS)} (remote inputs name one file)",
                         file=spec)
    st = remote.stat(spec)
    return InputFile(path=spec, name=path_part.rsplit("/", 1)[-1], format=fmt, size=st.size, mtime=st.mtime)


def _mtime(path: str) -> str:
    return str(os.stat(path).st_mtime_ns)


def discover(specs: list[str], *, forced_format: str | None = None,
             skipped: list[tuple[str, str]] | None = None) -> list[InputFile]:
    """The input files, in a stable order. Non-regular files met in a directory or glob are left out and
    appended to `skipped` as (path, why) for summary.json; one named on the command line is an error."""
    skipped = [] if skipped is None else skipped
    files: list[InputFile] = []
    seen: set[str] = set()
    for spec in specs:
        if remote.is_remote(spec):
            if spec not in seen:
                seen.add(spec)
                files.append(_remote_file(spec, forced_format))
            continue
        pairs = _expand(spec, skipped)
        if not pairs and not skipped:
            raise InputError("no dataset files found (parquet, csv, tsv, jsonl)", file=spec)
        for path, name in pairs:
            real = str(Path(path).resolve())
            if real in seen:
                continue
            seen.add(real)
            fmt = forced_format or _format_of(path)
            if fmt is None:
                raise InputError(f"unknown file type; expected one of {sorted(FORMATS)}", file=path)
            files.append(InputFile(path=path, name=name, format=fmt, size=os.path.getsize(path), mtime=_mtime(path)))
    names = [f.name for f in files]
    if len(set(names)) != len(names):  # same relative name from two inputs: keys would collide
        files = [InputFile(f.path, f.path, f.format, f.size, f.mtime) for f in files]
    return files
