"""Shared fixtures: paths to the real data and models in ../shared, and small generated datasets.

Real files are never copied into the repo. When one is missing, tests that need it skip with the reason
- except in CI (CI=true), where a missing shared file is a failure, not a skip.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("AUDITOR_SHARED_DIR", REPO.parent / "shared"))
LAION_10K = SHARED / "data" / "laion-10k.parquet"


def require_file(path: Path, what: str) -> Path:
    """Return `path`, or skip (locally) / fail (CI) with a reason naming what is missing."""
    if path.is_file():
        return path
    message = f"{what} not found at {path} (set AUDITOR_SHARED_DIR or provide ../shared)"
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def laion_10k() -> Path:
    return require_file(LAION_10K, "the real LAION sample")
