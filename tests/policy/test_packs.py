"""The policy as data (auditor.policy.describe) and the bundled rule packs (auditor.policy.packs)."""

from __future__ import annotations

import json

from auditor.policy import load_policies
from auditor.policy.describe import policy_dict
from auditor.policy.packs import bundled_packs, default_policy_path

from .conftest import RULES, SIGNALS


def test_policy_dict_is_json_ready():
    policy = load_policies([RULES / "default.yaml"], SIGNALS)
    data = json.loads(json.dumps(policy_dict(policy), allow_nan=False))
    assert data["thresholds"][0]["max_share"] == 0.005
    assert data["rules"][0]["severity"] == "medium"


def test_bundled_packs_are_found():
    packs = bundled_packs()
    assert {"default", "commercial-release", "research"} <= set(packs)
    assert default_policy_path() == packs["default"] and default_policy_path().is_file()
