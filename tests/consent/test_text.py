import pytest

from auditor.consent.text import clean


@pytest.mark.parametrize("raw,out", [
    ("Disallow: /", "Disallow: /"),
    ("a\x1b[31mred\x1b[0m", "a\ufffd[31mred\ufffd[0m"),
    ("::error::x\nnext", "::error::x next"),
    ("nul\x00byte", "nul\ufffdbyte"),
    ("bidi\u202eevil", "bidi\ufffdevil"),
    (None, None),
])
def test_clean(raw, out):
    assert clean(raw) == out


def test_cap():
    assert len(clean("x" * 5000, 100)) == 100
