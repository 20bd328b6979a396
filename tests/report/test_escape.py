import pytest

from auditor.report.escape import md_escape, terminal_safe


@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "[x](javascript:alert(1))",
    "![](http://x/y.png)",
    "a | b | c",
    "line\nbreak",
    "`code` and ```fence```",
    "http://example.com/autolink www.example.com",
])
def test_markdown_escape_leaves_nothing_active(text):
    out = md_escape(text)
    assert "<" not in out and ">" not in out
    assert "\n" not in out
    # every markdown-active character is escaped
    for ch in "[]()!|`":
        assert all(out[i - 1] == "\\" for i, c in enumerate(out) if c == ch)
    assert "http://" not in out and "www." not in out  # GitHub's autolinker needs these literally


@pytest.mark.parametrize(("text", "bad"), [
    ("::error::pwned", "::error::"),
    ("\x1b[31mred\x1b[0m", "\x1b"),
    ("a\nb\rc", "\n"),
])
def test_terminal_safe(text, bad):
    assert bad not in terminal_safe(text)


def test_clipping():
    assert md_escape("x" * 500, limit=10).endswith("…")
