"""The sample dataset behind `audit demo`: small, shipped in the package, no network needed."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

SAMPLE = "sample-laion-300.parquet"


def sample_path() -> Path:
    return Path(str(resources.files("auditor.data").joinpath(SAMPLE)))
