"""Where tests find the SCRFD model files (not a test module).

$AUDITOR_SHARED_DIR/models, the directory of AUDITOR_FACE_MODEL, or `../shared/models` beside the
repository (searched upwards from the repo root, so worktrees under a common parent find it too).
A missing model skips with the reason, except in CI (CI=true), where it fails: CI must never pass by
skipping the real detector.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
FAST = "scrfd_500m_bnkps.onnx"   # fixed 1x3x640x640
DYNAMIC = "scrfd_2.5g.onnx"      # dynamic input size
CENTERFACE = "centerface.onnx"   # the bundled default (auditor/faces/models), also in shared/models


def candidates(name: str) -> list[Path]:
    out = []
    shared = os.environ.get("AUDITOR_SHARED_DIR")
    if shared:
        out.append(Path(shared) / "models" / name)
    env = os.environ.get("AUDITOR_FACE_MODEL")
    if env:
        out.append(Path(env).with_name(name))
    out += [parent / "shared" / "models" / name for parent in REPO.parents]
    return out


def model_path(name: str = FAST) -> Path:
    for path in candidates(name):
        if path.is_file():
            return path
    msg = (f"face model {name} not found (looked in ../shared/models above {REPO} and beside "
           "AUDITOR_FACE_MODEL)")
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(msg + "; CI must run the real detector")
    pytest.skip(msg)
