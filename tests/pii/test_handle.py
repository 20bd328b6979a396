"""SocialHandleRecognizer: handles are their own entity, the span is the handle (issue 15)."""

from __future__ import annotations

import re
import time

import pytest

from auditor.pii.recognizers.handle import PATTERNS, PRECHECK, SocialHandleRecognizer


@pytest.fixture(scope="module")
def recognizer():
    return SocialHandleRecognizer()


def found(recognizer, text: str) -> list[str]:
    return [text[r.start:r.end] for r in recognizer.analyze(text, ["SOCIAL_HANDLE"])]


@pytest.mark.parametrize(
    ("caption", "handles"),
    [
        ("Golden hour portrait with @kyle.brennan", ["@kyle.brennan"]),
        ("jane_doe87 on instagram", ["jane_doe87"]),
        ("Wedding day! IG: janedoe", ["janedoe"]),
        ("Photo by jane_doe87", ["jane_doe87"]),
        ("see instagram.com/jane.doe for more", ["jane.doe"]),
        ("tiktok - @maria_lopez.art", ["@maria_lopez.art"]),
        ("Fotos de @lucia.fernandez en la playa", ["@lucia.fernandez"]),
    ],
)
def test_handles(recognizer, caption, handles):
    assert found(recognizer, caption) == handles


@pytest.mark.parametrize(
    "caption",
    ["mail me at jane@example.org", "follow us on instagram", "icon@2x.png @2x retina",
     "Photo by John Smith", "shot on iPhone 12 by the lake", "Price @ 19.99"],
)
def test_not_handles(recognizer, caption):
    assert found(recognizer, caption) == []


def test_precheck_is_a_superset_of_every_pattern():
    pre = re.compile(PRECHECK, re.IGNORECASE)
    for _name, rx, _score in PATTERNS:
        assert "@" in rx or any(w in rx for w in ("instagram", "by|photo")), rx
    for text in ["@a_b", "x on ig", "by jane_1", "IG: abc"]:
        assert pre.search(text)


def test_linear_on_hostile_input(recognizer):
    # 100x longer: linear is ~100x (cache effects add some), quadratic would be 10,000x
    short, long = "a_" * 2_500 + " @", "a_" * 250_000 + " @"
    t_short = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        recognizer.analyze(short, ["SOCIAL_HANDLE"])
        t_short = min(t_short, time.perf_counter() - t0)
    t0 = time.perf_counter()
    recognizer.analyze(long, ["SOCIAL_HANDLE"])
    assert time.perf_counter() - t0 < 400 * t_short


def test_stage_keeps_handles_and_redacts_them(kept_types, analyzer):
    from auditor.pii.redact import redact

    text = "Sunset shoot with @kyle.brennan, jane_doe87 on instagram"
    assert "SOCIAL_HANDLE" in kept_types(text)
    ((kept, _cut, _err),) = analyzer.analyze([text])
    red = redact(text, kept)
    assert "kyle" not in red and "jane_doe87" not in red and "<SOCIAL_HANDLE>" in red
