"""The consent rules in each bundled pack: present, loadable, with the severities each pack intends."""

import pytest
import yaml

from auditor.checks.registry import all_signals
from auditor.policy.loader import load_policies

PACKS = {"default": ("CONSENT-", "medium"), "research": ("RESEARCH-", "medium"),
         "commercial-release": ("COMMERCIAL-", "high")}


@pytest.mark.parametrize("pack", sorted(PACKS))
def test_pack_consent_rules(pack):
    signals = {name: typ for name, (_, typ) in all_signals().items()}
    policy = load_policies([f"rules/{pack}.yaml"], signals)
    consent = [r for r in policy.rules if r.category == "consent"]
    assert len(consent) == 4  # robots, TDM, fail-closed, and the image's own reservation (image_rights)
    image = next(r for r in consent if "IMAGE-DATA-MINING" in r.id)
    assert image.severity.value == ("high" if pack == "commercial-release" else "medium")
    personality = [r for r in policy.rules if "personality_rights" in r.condition_signals]
    assert len(personality) == 1 and personality[0].category == "human_subjects"
    tdm = next(r for r in consent if "TDM" in r.id)
    assert tdm.severity.value == PACKS[pack][1]
    assert yaml.safe_load(open(f"rules/{pack}.yaml"))["name"] == pack
