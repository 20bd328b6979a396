"""rules/consent-rules.part.yaml loads with the real policy loader, for every pack it targets."""

import pyarrow as pa
import pytest
import yaml

from auditor.checks.registry import all_signals
from auditor.policy.loader import load_policies

PART = "rules/consent-rules.part.yaml"
SECTIONS = yaml.safe_load(open(PART))


@pytest.mark.parametrize("pack", sorted(SECTIONS))
def test_part_section_compiles(pack, tmp_path):
    signals = {name: typ for name, (_, typ) in all_signals().items()}
    signals["face_count"] = pa.int32()  # written by the faces check (its own branch)
    path = tmp_path / f"{pack}.yaml"
    path.write_text(yaml.safe_dump({"schema_version": 1, "name": pack, "rules": SECTIONS[pack]}))
    policy = load_policies([path], signals)
    assert len(policy.rules) == 4
    assert {r.category for r in policy.rules} == {"consent", "human_subjects"}
    tdm = next(r for r in policy.rules if "TDM" in r.id)
    assert tdm.severity.value == ("high" if pack == "commercial-release" else "medium")
