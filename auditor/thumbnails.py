"""Where a row's blurred thumbnail lives in a run directory: `thumbnails/<thumbnail_name(key)>.jpg`.

Shared by the check that writes thumbnails (faces) and the HTML report that embeds them, without either
importing the other. The name is safe for any key (`../../x`, NUL, 300-byte keys): only [A-Za-z0-9._-],
at most 150 characters, plus a short hash of the full key so distinct keys never collide.
"""

from __future__ import annotations

import hashlib
import re

THUMB_DIR = "thumbnails"
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]")


def thumbnail_name(key: str) -> str:
    return _UNSAFE.sub("_", key)[:150] + "-" + hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:12]
