"""On-disk cache of consent fetches, keyed by origin (site files) or URL (per-image headers).

A rerun or a resumed run must not fetch robots.txt again for every shard. Entries live in one SQLite file
in the cache directory (`consent-cache.sqlite3`), not one file per key: a LAION-scale scan checks
millions of image URLs, and millions of tiny files exhaust inodes and make every lookup a directory walk.
Keys are bound parameters, never file names or SQL text. Entries older than the TTL are ignored. A
damaged database is moved aside and started afresh: a cache miss, never an error. WAL mode and a busy
timeout let several processes (Ray actors, parallel runs) share the file. Within a run the fetcher
memoizes site files itself; this class is only the disk layer (no directory: no cache).
"""

from __future__ import annotations

import json
import os
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

FILE_NAME = "consent-cache.sqlite3"
SCHEMA = ("CREATE TABLE IF NOT EXISTS entries (kind TEXT NOT NULL, key TEXT NOT NULL, stored_at REAL NOT NULL, "
          "value TEXT NOT NULL, PRIMARY KEY (kind, key)) WITHOUT ROWID")
BUSY_TIMEOUT_S = 30.0


class ConsentCache:
    def __init__(self, directory: str | os.PathLike[str] | None, ttl: float) -> None:
        self.directory = Path(directory) if directory is not None else None
        self.ttl = ttl
        self.hits = 0
        self.misses = 0
        self.recreated = 0  # damaged database files moved aside
        self._db: sqlite3.Connection | None = None
        self._lock = threading.Lock()  # asyncio.to_thread calls come from several threads

    @property
    def path(self) -> Path | None:
        return self.directory / FILE_NAME if self.directory is not None else None

    def _connect(self) -> sqlite3.Connection:
        if self._db is None:
            self.directory.mkdir(parents=True, exist_ok=True)
            try:
                self._db = self._open()
            except sqlite3.DatabaseError as exc:
                if not _damaged(exc):
                    raise
                self._move_aside()
                self._db = self._open()
        return self._db

    def _open(self) -> sqlite3.Connection:
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, check_same_thread=False, isolation_level=None)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute(SCHEMA)
        except sqlite3.DatabaseError:
            db.close()
            raise
        return db

    def _move_aside(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
        self.recreated += 1
        for suffix in ("", "-wal", "-shm"):
            damaged = Path(str(self.path) + suffix)
            if damaged.exists():
                damaged.replace(damaged.with_name(f"{damaged.name}.damaged-{int(time.time())}"))

    def get(self, kind: str, key: str) -> dict[str, Any] | None:
        entry = None
        if self.directory is not None:
            with self._lock:
                try:
                    entry = self._connect().execute("SELECT stored_at, value FROM entries WHERE kind = ? AND key = ?",
                                                    (kind, key)).fetchone()
                except sqlite3.DatabaseError as exc:  # locked for BUSY_TIMEOUT_S, or damaged: a miss
                    if _damaged(exc):
                        self._move_aside()
                    entry = None
        value = _decode(entry[1]) if entry is not None and time.time() - entry[0] <= self.ttl else None
        if value is None:
            self.misses += 1
            return None
        self.hits += 1
        return value

    def put(self, kind: str, key: str, value: dict[str, Any]) -> None:
        if self.directory is None:
            return
        text = json.dumps(value, ensure_ascii=True, allow_nan=False)
        with self._lock:
            for attempt in (1, 2):
                try:
                    self._connect().execute("INSERT OR REPLACE INTO entries VALUES (?, ?, ?, ?)",
                                            (kind, key, time.time(), text))
                    return
                except sqlite3.DatabaseError as exc:
                    if attempt == 2 or not _damaged(exc):
                        raise
                    self._move_aside()

    def close(self) -> None:
        with self._lock:
            if self._db is not None:
                self._db.close()
                self._db = None


def _damaged(exc: sqlite3.DatabaseError) -> bool:
    """Not a database / malformed image, as opposed to OperationalError (locked, disk full, I/O)."""
    return not isinstance(exc, sqlite3.OperationalError)


def _decode(text: str) -> dict[str, Any] | None:
    try:
        value = json.loads(text)
    except ValueError:
        return None
    return value if isinstance(value, dict) else None
