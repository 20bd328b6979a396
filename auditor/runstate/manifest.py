"""manifest.json: what a run was started with, so `--resume` continues the same run or refuses.

A resumed run must produce what an uninterrupted one would have. So the manifest pins everything that
changes outputs: each input's fingerprint (path, size, mtime, parquet footer hash - the footer holds
every row group's offsets and statistics, so a rewritten file almost surely changes it), each policy
file's sha256, the waiver file's sha256 and the date its expiries were judged on (a resume judges them on
that same date), the tool version, the checks, the options that shape results, and the unit list. Things
that only change speed (workers, engine, memory budget, progress bar) are left out: a run started on
one engine may be resumed on another.
"""

from __future__ import annotations

import hashlib
import json
import os
import struct
from pathlib import Path
from typing import Any

from auditor import __version__
from auditor.config import ScanConfig
from auditor.errors import ConfigError
from auditor.outputs import MANIFEST_FILE
from auditor.runstate.units import Unit
from auditor.sinks import write_json_atomic
from auditor.sources.discover import InputFile
from auditor.sources.readers import open_source
from auditor.summary import sha256_file

MANIFEST_VERSION = 2  # 2: waiver file pinned (path, sha256, evaluation date)
#: config fields that change speed or presentation only, never results; `inputs` (the specs as typed)
#: is covered by the per-file fingerprints, so a resume from another working directory still matches
NOT_PINNED = {"out_dir", "quiet", "command_line", "resume", "workers", "engine", "ray_address",
              "max_inflight_mb", "show_pii", "inputs", "summary_md", "examples"}


def parquet_footer_sha256(file: InputFile) -> str | None:
    """sha256 of the parquet footer (metadata) without reading the data pages."""
    src = open_source(file)
    fh = open(src, "rb") if isinstance(src, str) else src  # noqa: SIM115 - closed below
    try:
        fh.seek(-8, 2)
        tail = fh.read(8)
        if len(tail) != 8 or tail[4:] != b"PAR1":
            return None
        (length,) = struct.unpack("<I", tail[:4])
        fh.seek(-8 - length, 2)
        return hashlib.sha256(fh.read(length)).hexdigest()
    except OSError:
        return None
    finally:
        fh.close()


def fingerprint(file: InputFile) -> dict[str, Any]:
    path = file.path if file.remote else os.path.abspath(file.path)
    return {"path": path, "name": file.name, "format": file.format, "size": file.size, "mtime": file.mtime,
            "footer_sha256": parquet_footer_sha256(file) if file.format == "parquet" else None}


def build_manifest(config: ScanConfig, files: list[InputFile], check_names: list[str],
                   units: list[Unit], waivers: dict[str, Any] | None = None) -> dict[str, Any]:
    """`waivers`: the waiver file's path, sha256 and the date expiry was judged on (`today`), or None."""
    pinned = {k: v for k, v in config.model_dump(mode="json").items() if k not in NOT_PINNED}
    pinned["policies"] = [os.path.abspath(p) for p in config.policies]
    if pinned.get("waivers") is not None:
        pinned["waivers"] = os.path.abspath(pinned["waivers"])
    return {
        "waivers": waivers,
        "manifest_version": MANIFEST_VERSION,
        "tool": {"name": "auditor", "version": __version__},
        "inputs": [fingerprint(f) for f in files],
        "policies": [{"path": os.path.abspath(p), "sha256": sha256_file(p)} for p in config.policies],
        "checks": list(check_names),
        "config": pinned,
        "units": [u.as_dict() for u in units],
    }


def _first_difference(old: Any, new: Any, path: str = "") -> str:
    if isinstance(old, dict) and isinstance(new, dict):
        for k in sorted(set(old) | set(new), key=str):
            if old.get(k) != new.get(k):
                return _first_difference(old.get(k), new.get(k), f"{path}.{k}" if path else str(k))
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        for i, (a, b) in enumerate(zip(old, new, strict=True)):
            if a != b:
                return _first_difference(a, b, f"{path}[{i}]")
    return f"{path}: was {json.dumps(old)[:120]}, now {json.dumps(new)[:120]}"


def write_manifest(run_dir: Path, manifest: dict[str, Any]) -> None:
    write_json_atomic(run_dir / MANIFEST_FILE, manifest)


def check_resumable(run_dir: Path, manifest: dict[str, Any]) -> None:
    """Raise ConfigError (exit 2) naming the first difference when `run_dir` is not this run."""
    path = run_dir / MANIFEST_FILE
    if not path.is_file():
        raise ConfigError("cannot resume: no manifest.json here (not a run directory, or the run never "
                          "started)", file=str(path))
    try:
        old = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ConfigError(f"cannot resume: unreadable manifest: {exc}", file=str(path)) from exc
    _same_rule_files(old, manifest)
    if old != manifest:
        raise ConfigError("cannot resume: this command differs from the run it would continue "
                          f"({_first_difference(old, manifest)}); start a new run with --out",
                          file=str(path))


def pinned_waiver_date(run_dir: Path) -> str | None:
    """The date a resumed run's waivers were judged on when it started (expiry must not move)."""
    try:
        old = json.loads((run_dir / MANIFEST_FILE).read_text(encoding="utf-8"))
        return (old.get("waivers") or {}).get("today")
    except (OSError, ValueError, AttributeError):
        return None


def _same_rule_files(old: dict[str, Any], new: dict[str, Any]) -> None:
    """A policy or waiver file edited between the interrupt and --resume: refused, naming that file
    (otherwise the parts already written and the rest would follow two versions of the rules)."""
    pairs = [(o, n, "policy") for o, n in zip(old.get("policies") or [], new.get("policies") or [], strict=False)]
    if old.get("waivers") and new.get("waivers"):
        pairs.append((old["waivers"], new["waivers"], "waiver"))
    for o, n, what in pairs:
        if o.get("path") == n.get("path") and o.get("sha256") != n.get("sha256"):
            raise ConfigError(f"cannot resume: this {what} file changed since the run started (sha256 was "
                              f"{str(o.get('sha256'))[:16]}…, now {str(n.get('sha256'))[:16]}…); restore it or "
                              "start a new run with --out", file=n["path"])


def lock_run_dir(run_dir: Path):
    """An exclusive lock on the run directory for this process's lifetime (released by the OS on exit,
    even on SIGKILL): two scans writing one run directory would corrupt each other's parts."""
    import fcntl

    fh = open(run_dir / LOCK_FILE, "a+")  # noqa: SIM115 - held open until the process exits
    try:
        fcntl.flock(fh.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as exc:
        fh.close()
        raise ConfigError("another scan is using this run directory", file=str(run_dir)) from exc
    return fh


LOCK_FILE = ".lock"
