"""Unicode clean-up of license values (auditor/checks/license_text.py)."""

from __future__ import annotations

import time

import pytest

from auditor.checks.license_text import clean, suspicious_token


@pytest.mark.parametrize("dash", ["\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe58",
                                  "\ufe63", "\uff0d", "\u2e3a", "\u301c", "\u2043", "\u02d7"])
def test_every_dash_becomes_ascii_hyphen(dash):
    assert clean(f"BY{dash}NC") == "BY-NC"


@pytest.mark.parametrize("invisible", ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\u200e",
                                       "\u200f", "\u202a", "\u202b", "\u202c", "\u202d", "\u202e", "\u2066",
                                       "\u2067", "\u2068", "\u2069", "\U000e0041"])
def test_format_characters_are_removed(invisible):
    assert clean(f"N{invisible}C") == "NC"


@pytest.mark.parametrize(("raw", "want"), [
    ("\uff23\uff23 \uff22\uff39-\uff2e\uff23", "CC BY-NC"),  # full-width (NFKC)
    ("N\u0421", "NC"), ("\u041d", "H"), ("\u0392\u03a5", "BY"),  # Cyrillic ES, EN; Greek BETA, UPSILON
    ("\u03f2c", "cc"),  # lunate sigma: TR39 says c, NFKC alone would make it a final sigma
    ("\u0455\u0430", "sa"), ("\ufb01", "fi"), ("\u2460", "1"),
])
def test_nfkc_and_tr39_latin_skeleton(raw, want):
    assert clean(raw) == want


def test_ascii_and_plain_non_ascii_are_unchanged():
    assert clean("CC BY-NC 4.0") == "CC BY-NC 4.0"
    assert clean("© 2015 Jérôme Dupont") == "© 2015 Jérôme Dupont"


@pytest.mark.parametrize(("text", "token"), [
    ("CC BY-N\u0426 4.0", "N\u0426"), ("Attribution-NonCommerc\u00edal", "NonCommerc\u00edal"),
    ("CC BY-\u0416\u0426", "\u0416\u0426"), ("licenses/by-n\u00e7/4.0", "n\u00e7"),
])
def test_suspicious_tokens(text, token):
    assert suspicious_token(text) == token


@pytest.mark.parametrize("text", ["CC BY 4.0", "© 2015 Jérôme Dupont", "Photo: Ёжик в тумане", "CC BY 2.0 — Zoë"])
def test_names_and_prose_are_not_suspicious(text):
    assert suspicious_token(clean(text)) is None


def test_long_hostile_values_stay_cheap():
    for raw in ["\u200b" * 200_000, "\u0421\u2011" * 100_000, "\u00e9a" * 100_000, "N\u0426 " * 50_000]:
        t0 = time.perf_counter()
        suspicious_token(clean(raw))
        assert time.perf_counter() - t0 < 1.0
