"""On-disk cache of consent fetches, keyed by origin (site files) or URL (per-image headers).

A rerun or a resumed run must not fetch robots.txt again for every shard. Entries are small JSON files
named by a SHA-256 of the key (no path from the data ever becomes a file name), written atomically, and
ignored once older than the TTL. A corrupt entry is a miss, never an error. Within a run the fetcher
memoizes site files itself; this class is only the disk layer (no directory: no cache).
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any


class ConsentCache:
    def __init__(self, directory: str | os.PathLike[str] | None, ttl: float) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.ttl = ttl
        self.hits = 0
        self.misses = 0

    def _path(self, kind: str, key: str) -> Path:
        assert self.directory is not None
        digest = hashlib.sha256(f"{kind}\n{key}".encode()).hexdigest()
        return self.directory / kind / f"{digest[:2]}" / f"{digest}.json"

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        entry = None
        if self.directory is not None:
            try:
                entry = json.loads(self._path(kind, key).read_text(encoding="utf-8"))
            except (OSError, ValueError):
                entry = None
            if not isinstance(entry, dict) or entry.get("key") != key or entry.get("kind") != kind:
                entry = None
        if entry is None or time.time() - float(entry.get("stored_at", 0)) > self.ttl:
            self.misses += 1
            return None
        self.hits += 1
        return entry["value"]

    def put(self, kind: str, key: str, value: dict[str, Any]) -> None:
        if self.directory is None:
            return
        entry = {"kind": kind, "key": key, "stored_at": time.time(), "value": value}
        path = self._path(kind, key)
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=".json")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(entry, fh, ensure_ascii=True, allow_nan=False)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
