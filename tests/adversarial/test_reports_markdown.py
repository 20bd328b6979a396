"""#8 item 24: report.md renders data as text: no links, images, HTML or table breaks from captions."""

import re

from report_support import scan, write_laion

ROWS = [{"URL": "https://example.com/a.jpg", "TEXT": "a | b\nc [x](javascript:alert(1)) ![](http://x/y.png)"},
        {"URL": "javascript:alert(1)", "TEXT": "<b>bold</b> <img src=x> `code` ```fence```"},
        {"URL": "https://example.com/c.jpg", "TEXT": "www.example.com http://auto.link <https://x.y>"}]


def test_markdown_report_has_no_active_markup_from_data(tmp_path):
    scan(write_laion(tmp_path / "m.parquet", ROWS), tmp_path / "run")
    md = (tmp_path / "run" / "report.md").read_text(encoding="utf-8")
    body = md.split("## 7. How to reproduce")[0]
    assert not re.search(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", body)  # no [text](link)
    assert "![" not in body.replace("\\!\\[", "")
    assert "<b>" not in body and "<img" not in body and "<https" not in body
    assert "http://" not in body.split("## 4.")[1] and "www." not in body.split("## 4.")[1]
    for line in body.splitlines():
        if line.startswith("| ") and "javascript" in line:
            cells = re.split(r"(?<!\\)\|", line)
            assert len(cells) == 6  # key, url, caption, evidence: no cell break from data
    assert "`code`" not in body
