"""Shared fixtures for the policy tests: the signal set the rule packs assume.

The real signal registry is assembled from the checks (auditor.checks.registry.all_signals); these
tests start from it and pin the types of the signals they build batches for, so the policy engine is
tested on its own while the bundled packs still validate against every signal of this build.
"""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import pytest

from auditor.checks.registry import all_signals

REPO = Path(__file__).resolve().parents[2]
RULES = REPO / "rules"
FIXTURES = REPO / "tests" / "fixtures" / "policies"

DICT = pa.dictionary(pa.int32(), pa.string())

#: the signals the bundled rule packs are written against: every check's (auditor.checks.registry), with the
#: types of the signals these tests build batches for pinned where they differ from the checks' own
SIGNALS: dict[str, pa.DataType] = {name: typ for name, (_check, typ) in all_signals().items()} | {
    "license_evidence": pa.string(),
    "license_status": pa.string(),
    "pii_count": pa.int64(),
    "face_count": pa.int64(),
}


@pytest.fixture
def signals() -> dict[str, pa.DataType]:
    return dict(SIGNALS)
