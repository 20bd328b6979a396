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

#: the signals the bundled rule packs are written against: every check's, with these types pinned
SIGNALS: dict[str, pa.DataType] = {name: typ for name, (_check, typ) in all_signals().items()} | {
    "license_id": DICT,
    "license_family": DICT,
    "license_commercial": pa.bool_(),
    "license_derivatives": pa.bool_(),
    "license_share_alike": pa.bool_(),
    "license_attribution": pa.bool_(),
    "license_evidence": pa.string(),
    "license_status": pa.string(),
    "url_host": DICT,
    "copyright_risk_host": pa.bool_(),
    "commons_candidate": pa.bool_(),
    "data_nsfw": DICT,
    "data_punsafe": pa.float64(),
    "data_pwatermark": pa.float64(),
    "data_watermark_score": pa.float64(),
    "data_nsfw_score": pa.float64(),
    "data_num_faces": pa.int64(),
    "pii_count": pa.int64(),
    "pii_types": pa.list_(pa.string()),
    "face_count": pa.int64(),
}


@pytest.fixture
def signals() -> dict[str, pa.DataType]:
    return dict(SIGNALS)
