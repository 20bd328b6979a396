"""--into FILE: add our fields to a croissant.json the user already has, never overwriting their text.

A key the user's file lacks, or holds only our TODO marker, gets our value. A key where they wrote
something else keeps their text and is reported as kept, unless --force (then it is reported as
replaced). The @context gains the prefixes our fields need; a prefix they bound to another IRI is an
error, because our rai:/prov: fields would then mean something else.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from auditor.croissant.context import TODO
from auditor.errors import ConfigError


def is_todo(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(TODO)


def load_existing(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ConfigError(f"--into: cannot read a JSON-LD file: {exc}", file=str(path)) from None
    if not isinstance(data, dict) or not isinstance(data.get("@context", {}), dict):
        raise ConfigError("--into: not a Croissant JSON-LD object (a mapping with an @context mapping)",
                          file=str(path))
    return data


def merge(theirs: dict[str, Any], ours: dict[str, Any], *, force: bool, path: Path
          ) -> tuple[dict[str, Any], list[str], list[str]]:
    """(merged, keys kept as the user wrote them, keys replaced under --force)."""
    merged = dict(theirs)
    ctx = dict(theirs.get("@context", {}))
    for prefix, iri in ours["@context"].items():
        if prefix in ctx and ctx[prefix] != iri and prefix in ("rai", "prov", "cr", "sc", "dct"):
            raise ConfigError(f"--into: @context binds {prefix!r} to {ctx[prefix]!r}, not {iri!r}",
                              file=str(path), column=f"@context.{prefix}")
        ctx.setdefault(prefix, iri)
    merged["@context"] = ctx
    kept, replaced = [], []
    for key, value in ours.items():
        if key == "@context":
            continue
        if key not in theirs or is_todo(theirs[key]) or theirs[key] == value:
            merged[key] = value
        elif is_todo(value):
            continue  # they wrote what we could only mark as TODO
        elif force:
            merged[key] = value
            replaced.append(key)
        else:
            kept.append(key)
    return merged, kept, replaced
