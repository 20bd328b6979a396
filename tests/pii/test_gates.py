"""RecognizerGates: skipping recognizers that cannot flag a caption changes no answer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from auditor.pii import gates
from auditor.pii.engine import CaptionAnalyzer

EXTRA = ["server fe80::1ff:fe23:4567:890a", "addr abcd::ef01", "ip 10.0.0.1", "DEA AB1234563",
         "IBAN GB82 WEST 1234 5698 7654 32", "12 Main Street", "driver license D1234567",
         "passport 912803456", "Card 4111 1111 1111 1111", "ssn 536-90-4399", "Call 020 7946 0958",
         "mail a.b@example.org"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Stir Fry Mango Chicken", {"PERSON"}),
        ("Size 2 Dress", {"PERSON"}),                                   # too few digits for any pattern
        ("addr abcd::ef01", {"PERSON", "IP_ADDRESS", "IBAN_CODE"}),     # IPv6 without a decimal digit
        ("12 Main Street", {"PERSON", "STREET_ADDRESS"}),
        ("Nike Trainers Av2253", {"PERSON", "IBAN_CODE"}),              # no DL: no context word
        ("driver license D1234567", {"PERSON", "US_DRIVER_LICENSE", "PHONE_NUMBER", "MEDICAL_LICENSE"}),
        ("passport 912803456 us", {"PERSON", "US_PASSPORT", "US_SSN", "US_ITIN", "PHONE_NUMBER",
                                   "MEDICAL_LICENSE", "IBAN_CODE"}),
    ],
)
def test_entities_for(analyzer, text, expected):
    assert set(analyzer.gates.entities_for(text)) == expected


def test_gates_are_exact(analyzer, engine_config, monkeypatch):
    path = Path(__file__).resolve().parents[1] / "fixtures" / "pii" / "labeled_captions.jsonl"
    texts = [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()] + EXTRA
    ungated = CaptionAnalyzer(engine_config)
    ungated.gates.context.clear()
    ungated.gates.precheck.clear()
    monkeypatch.setattr(gates, "MIN_DIGITS", {})
    monkeypatch.setattr(gates, "NEEDS_DIGIT", frozenset())
    monkeypatch.setattr(gates, "NEEDS_AT", frozenset())
    gated = [k for k, _, _ in analyzer.analyze(texts)]
    assert gated == [k for k, _, _ in ungated.analyze(texts)]
    assert sum(1 for k in gated if k) > len(EXTRA)


def test_context_gate_only_for_weak_unvalidated_patterns(analyzer):
    assert set(analyzer.gates.context) == {"US_DRIVER_LICENSE", "US_PASSPORT"}
    assert "driver" in analyzer.gates.context["US_DRIVER_LICENSE"]
