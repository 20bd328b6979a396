"""report.html and report.md details: PII redaction by spans, thumbnails only from inside the run
directory, charts readable without colour."""

import io
import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from PIL import Image
from report_support import GOLDEN, scan

from auditor.aggregate import EXAMPLES_SCHEMA
from auditor.report.charts import bar_chart
from auditor.report.html import render_html, thumbnail_uri
from auditor.report.markdown import render_markdown
from auditor.report.model import build_model, redact
from auditor.thumbnails import thumbnail_name


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("html") / "run"
    scan(GOLDEN / "input.jsonl", out)
    return out, json.loads((out / "summary.json").read_text())


@pytest.mark.parametrize(("caption", "spans", "expected"), [
    ("Call Jane Doe at jane@x.org", [{"type": "PERSON", "start": 5, "end": 13},
                                     {"type": "EMAIL_ADDRESS", "start": 17, "end": 27}],
     "Call <PERSON> at <EMAIL_ADDRESS>"),
    ("overlap", [{"type": "A", "start": 0, "end": 4}, {"type": "B", "start": 2, "end": 6}], "<A>lap"),
    ("out of range", [{"type": "X", "start": 7, "end": 99}], "out of <X>"),
    ("no spans", None, "no spans"),
])
def test_redact(caption, spans, expected):
    assert redact(caption, spans, show_pii=False) == expected
    assert redact(caption, spans, show_pii=True) == caption


def test_reports_redact_pii_unless_show_pii(run):
    out, summary = run
    rule = next(r for r, n in summary["findings"]["by_rule"].items() if n)
    span = [{"type": "PERSON", "start": 8, "end": 16, "score": 0.9}]
    examples = pa.Table.from_pylist([{"rule_id": rule, "key": "k1", "url": "https://e.x/a.jpg",
                                      "caption": "Photo of Jane Roe", "evidence": "{}", "pii_spans": span}],
                                    schema=EXAMPLES_SCHEMA)
    for text in (render_markdown(summary, examples), render_html(build_model(summary, examples), out)):
        assert "Jane" not in text and "PERSON" in text
    assert "Jane Roe" in render_html(build_model(summary, examples, show_pii=True), out)


def _jpeg() -> bytes:
    buf = io.BytesIO()
    Image.new("RGB", (8, 8), (200, 10, 10)).save(buf, "JPEG")
    return buf.getvalue()


def test_thumbnails_only_from_inside_the_run_dir(run, tmp_path):
    out, summary = run
    thumbs = out / "thumbnails"
    thumbs.mkdir(exist_ok=True)
    (thumbs / f"{thumbnail_name('good')}.jpg").write_bytes(_jpeg())
    outside = tmp_path / "secret.jpg"
    outside.write_bytes(_jpeg())
    (thumbs / f"{thumbnail_name('escape')}.jpg").symlink_to(outside)
    (thumbs / f"{thumbnail_name('notjpeg')}.jpg").write_bytes(b"<svg onload=alert(1)>")
    assert thumbnail_uri(out, "good").startswith("data:image/jpeg;base64,")
    assert thumbnail_uri(out, "escape") is None
    assert thumbnail_uri(out, "notjpeg") is None
    assert thumbnail_uri(out, "../../etc/passwd") is None
    assert "/" not in thumbnail_name("../../x") and len(thumbnail_name("x" * 300)) < 200
    rule = next(r for r, n in summary["findings"]["by_rule"].items() if n)
    examples = pa.Table.from_pylist([{"rule_id": rule, "key": "good", "url": None, "caption": "c",
                                      "evidence": "{}", "pii_spans": None}], schema=EXAMPLES_SCHEMA)
    html = render_html(build_model(summary, examples), out)
    assert 'src="data:image/jpeg;base64,' in html and "blurred" in html


def test_chart_bars_have_patterns_outlines_and_labels():
    svg = str(bar_chart("c", "Title <x>", {"a<b": 3, "b": 1}, total=4))
    assert svg.count('fill="url(#c-p') == 2 and svg.count('stroke="#000"') >= 2
    assert "a&lt;b" in svg and "3 (75.0%)" in svg and "<x>" not in svg


def test_examples_parquet_schema_is_what_reports_read(run):
    out, _ = run
    assert pq.read_schema(out / "examples.parquet").equals(EXAMPLES_SCHEMA)
