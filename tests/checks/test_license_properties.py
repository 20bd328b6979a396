"""Never more freedom than the license text gives: perturbed NC/ND/SA/all-rights-reserved strings.

Hypothesis perturbs real license strings the way they reach a dataset (case, Unicode look-alikes from
TR39's confusables, every dash variant, zero-width and bidi characters, odd spaces, prose around them,
URL forms) and asserts the normalizer never answers commercial=true for NC, derivatives=true for ND,
share_alike=false for SA, attribution=false where the license requires it, or any freedom for an
all-rights-reserved statement. Unknown is always an acceptable answer; more freedom never is.

The look-alike list is written here by hand (what an attacker or a word processor produces), not read
from the normalizer's TR39 data, so a gap in the normalizer's skeleton fails this test.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from auditor.checks.license_normalize import normalize_one

# (value, restrictions): nc = no commercial use, nd = no derivatives, sa = share-alike, by = attribution,
# arr = no license at all
BASES: list[tuple[str, frozenset[str]]] = [(v, frozenset(r.split())) for v, r in [
    ("CC BY-NC 4.0", "nc by"), ("CC BY-NC-SA 3.0", "nc sa by"), ("CC BY-NC-ND 2.0", "nc nd by"),
    ("CC BY-ND 4.0", "nd by"), ("CC BY-SA 4.0", "sa by"), ("CC BY 4.0", "by"),
    ("CC BY-NC-SA 2.0 fr", "nc sa by"), ("CC BY-NC", "nc by"), ("cc-by-nc-4.0", "nc by"),
    ("cc-by-nd-3.0", "nd by"), ("cc-by-sa-3.0-de", "sa by"), ("by-nc-sa 2.0", "nc sa by"),
    ("by-nd", "nd by"), ("Attribution-NonCommercial 4.0 International", "nc by"),
    ("Attribution-NonCommercial-ShareAlike License", "nc sa by"), ("Attribution-NoDerivs License", "nd by"),
    ("Attribution-NonCommercial-NoDerivs 2.0 Generic", "nc nd by"),
    ("Attribution-ShareAlike 4.0 International", "sa by"),
    ("Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International License", "nc nd by"),
    ("Creative Commons Attribution-Share Alike 3.0", "sa by"),
    ("https://creativecommons.org/licenses/by-nc/4.0/", "nc by"),
    ("http://creativecommons.org/licenses/by-nc-sa/2.0/", "nc sa by"),
    ("http://creativecommons.org/licenses/by-nd/3.0/deed.en", "nd by"),
    ("https://creativecommons.org/licenses/by-sa/4.0/legalcode", "sa by"),
    ("http://creativecommons.org/licenses/by-nc-nd/3.0/igo/", "nc nd by"),
    ("https://www.flickr.com/creativecommons/by-nc-2.0/", "nc by"),
    ("https://creativecommons.org/licenses/nc-sampling+/1.0/", "nc by"),
    ("GFDL 1.2", "sa by"), ("Free Art License 1.3", "sa by"),
    ("All rights reserved", "arr"), ("© 2015 Getty Images", "arr"), ("Copyright 2019 John Smith", "arr"),
    ("Rights managed", "arr"), ("Editorial use only", "arr"),
    ("http://rightsstatements.org/vocab/InC/1.0/", "arr"), ("http://www.europeana.eu/rights/rr-f/", "arr"),
]]

DASHES = ["-", "\u2010", "\u2011", "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63", "\uff0d", "\u2043"]
INVISIBLE = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f", "\u202a", "\u202c",
             "\u202d", "\u2066", "\u2069", "\u00ad"]
SPACES = [" ", "  ", "\t", "\u00a0", "\u2009", "\u202f", "\u3000"]
# Latin letter -> look-alikes (Cyrillic, Greek, full-width) that Unicode TR39 lists as confusable with it
LOOKALIKES = {
    "a": "\u0430\uff41", "c": "\u0441\u03f2\uff43", "e": "\u0435\uff45", "i": "\u0456\uff49", "o": "\u043e\u03bf\uff4f",
    "p": "\u0440\uff50", "s": "\u0455\uff53", "x": "\u0445\uff58", "y": "\u0443\uff59",
    "A": "\u0410\u0391\uff21", "B": "\u0412\u0392\uff22", "C": "\u0421\uff23", "D": "\uff24", "E": "\u0415\u0395\uff25",
    "N": "\u039d\uff2e", "O": "\u041e\u039f\uff2f", "S": "\u0405\uff33", "Y": "\u03a5\u04ae\uff39",
}
PREFIXES = ["", "Licensed under ", "License: ", "Photo by Jane Doe, ", "(", "Image: Flickr user 123 / ", "\"",
            "This image is available under "]
SUFFIXES = ["", " via Wikimedia Commons", ")", ". See source page.", " - uploaded 2019", "\"", " [image]",
            " (attribution required)"]


@st.composite
def perturbed(draw, lookalikes: bool = True, prose: bool = True) -> tuple[str, frozenset[str], str]:
    base, restrictions = draw(st.sampled_from(BASES))
    out = []
    for ch in base:
        if ch == "-":
            ch = draw(st.sampled_from(DASHES))
        elif ch == " ":
            ch = draw(st.sampled_from(SPACES))
        elif ch.isalpha():
            if draw(st.integers(0, 3)) == 0:
                ch = ch.swapcase()
            if lookalikes and ch in LOOKALIKES and draw(st.integers(0, 2)) == 0:
                ch = draw(st.sampled_from(LOOKALIKES[ch]))
        if draw(st.integers(0, 7)) == 0:
            ch += draw(st.sampled_from(INVISIBLE))
        out.append(ch)
    text = "".join(out)
    if prose:
        text = draw(st.sampled_from(PREFIXES)) + text + draw(st.sampled_from(SUFFIXES))
    return text, restrictions, base


def assert_no_extra_freedom(text: str, restrictions: frozenset[str]) -> None:
    got = normalize_one(text)
    facts = (got.family, got.commercial, got.derivatives, got.share_alike, got.attribution)
    if "nc" in restrictions or "arr" in restrictions:
        assert got.commercial is not True, (text, facts)
    if "nd" in restrictions or "arr" in restrictions:
        assert got.derivatives is not True, (text, facts)
    if "sa" in restrictions:
        assert got.share_alike is not False, (text, facts)
    if "by" in restrictions:
        assert got.attribution is not False, (text, facts)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perturbed())
def test_perturbed_restrictive_licenses_never_gain_freedom(case):
    text, restrictions, _ = case
    assert_no_extra_freedom(text, restrictions)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(perturbed(prose=False))
def test_lookalikes_dashes_and_invisibles_keep_the_license(case):
    """Without prose, a perturbed value is the same license: the clean-up restores it, not just 'unknown'."""
    text, _, base = case
    got, want = normalize_one(text), normalize_one(base)
    assert want.family != "unknown"
    assert (got.family, got.commercial, got.derivatives, got.share_alike, got.attribution) == (
        want.family, want.commercial, want.derivatives, want.share_alike, want.attribution), (text, base)


def test_the_issue_strings_are_non_commercial():
    for text in ["CC BY\u2011NC 4.0", "CC BY\u2013NC 4.0", "CC BY-N\u200bC 4.0", "CC BY-N\u0421 4.0",
                 "https://creativecommons.org/licenses/by\u2011nc/4.0/"]:
        got = normalize_one(text)
        assert (got.license_id, got.family, got.commercial) == ("CC-BY-NC-4.0", "cc-by-nc", False), text


def test_letters_left_non_ascii_are_unknown_with_the_reason():
    for text in ["CC BY-N\u0426 4.0", "Attribution-NonCommerc\u00edal 4.0 International", "CC BY-\u0416\u0426 4.0"]:
        got = normalize_one(text)
        assert (got.family, got.commercial, got.match) == ("unknown", None, "non-ascii-license-token"), text
