"""#8 item 23: hostile captions and URLs in report.html stay inert text; the CSP meta is present."""

import re
from html import unescape

import pytest
from report_support import scan, write_laion

from auditor.report.html import safe_href

HOSTILE = [
    {"URL": "javascript:alert(1)", "TEXT": "<script>alert(1)</script>"},
    {"URL": "data:text/html,<script>alert(2)</script>", "TEXT": '"><img src=x onerror=alert(1)>'},
    {"URL": "JaVaScRiPt:alert(3)", "TEXT": "</textarea><svg onload=alert(4)>"},
    {"URL": "https://ok.example/x.jpg\" onmouseover=\"alert(5)", "TEXT": "{{ 7*7 }} ${7*7}"},
]


@pytest.fixture(scope="module")
def html(tmp_path_factory):
    d = tmp_path_factory.mktemp("adv-html")
    scan(write_laion(d / "h.parquet", HOSTILE), d / "run")  # no license: every row is flagged
    return (d / "run" / "report.html").read_text(encoding="utf-8")


def test_csp_meta_forbids_everything_else(html):
    csp = unescape(re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html).group(1))
    assert "default-src 'none'" in csp and "img-src data:" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp and "http" not in csp


def test_no_markup_from_data(html):
    body = html.split("<body>", 1)[1]
    scripts = re.findall(r"<script[^>]*>", body)
    assert scripts == ["<script>"]  # only ours, at the end
    assert "<img" not in body and "<svg onload" not in body and "onerror=" not in body.replace(
        "onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in body
    assert "{{ 7*7 }}" in body  # not a template


def test_only_http_links(html):
    for href in re.findall(r'href="([^"]*)"', html):
        assert href.startswith(("#", "http://", "https://")), href
    assert "javascript:alert(1)" in html  # shown, as text


@pytest.mark.parametrize(("url", "ok"), [("https://a.example/x", True), ("http://a.example", True),
                                         ("javascript:alert(1)", False), ("data:text/html,x", False),
                                         (" https://a.example", False), ("https://a.example/\"x", False),
                                         ("//a.example/x", False), ("https:///x", False), ("", False)])
def test_safe_href(url, ok):
    assert (safe_href(url) is not None) == ok


def _tags(html: str) -> list[tuple[str, tuple]]:
    from html.parser import HTMLParser

    found = []

    class P(HTMLParser):
        def handle_starttag(self, tag, attrs):
            href = dict(attrs).get("href") or ""
            if tag == "a" and safe_href(href) == href and href:  # a genuine http(s) URL may become a link
                return
            found.append((tag, tuple(sorted(k for k, _ in attrs))))

    P().feed(html)
    return found


def test_random_hostile_text_never_adds_markup(html, tmp_path_factory):
    """Property: whatever the caption, URL and key, the page has exactly the tags of a benign page."""
    import json

    import pyarrow as pa
    from hypothesis import HealthCheck, given, settings
    from hypothesis import strategies as st

    from auditor.aggregate import EXAMPLES_SCHEMA
    from auditor.report.html import render_html
    from auditor.report.model import build_model

    run = tmp_path_factory.getbasetemp()
    summary = json.loads(next(run.glob("adv-html*/run/summary.json")).read_text())
    rule = next(r for r, n in summary["findings"]["by_rule"].items() if n)

    def page(key, url, caption):
        ex = pa.Table.from_pylist([{"rule_id": rule, "key": key, "url": url, "caption": caption,
                                    "evidence": caption, "pii_spans": None}], schema=EXAMPLES_SCHEMA)
        return render_html(build_model(summary, ex), run)

    benign = _tags(page("k", "plain", "plain"))
    text = st.text(alphabet=st.sampled_from(list("<>\"'&=/ :;()[]{}`\\!#%-_.aAjsx\n\t\x00\u2028")) |
                   st.characters(blacklist_categories=("Cs",)), max_size=60)  # no lone surrogates

    @settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
    @given(text, text, text)
    def check(key, url, caption):
        assert _tags(page(key, url, caption)) == benign

    check()
