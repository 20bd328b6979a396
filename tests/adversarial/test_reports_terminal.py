"""#8 item 27: captions with `::error::` or ANSI escapes never reach stdout/stderr raw (CI logs)."""

from report_support import audit, scan, write_laion

ROWS = [{"URL": "https://www.shutterstock.com/::error::x.jpg", "TEXT": "::error::pwned \x1b[31mred\x1b[0m"},
        {"URL": "https://example.com/\x1b]8;;http://evil\x07.jpg", "TEXT": "::set-output name=x::y"}]


def test_no_workflow_commands_or_escapes_in_logs(tmp_path):
    data = write_laion(tmp_path / "t.parquet", ROWS)
    summary_md = tmp_path / "step_summary.md"
    summary_md.write_text("earlier step\n")
    outputs = []
    proc = audit("scan", data, "--checks", "license", "--out", tmp_path / "a", "--summary-md", summary_md)
    outputs.append(proc.stdout + proc.stderr)
    scan(data, tmp_path / "b", "--sample", "0.5", "--seed", "1")
    for args in (("diff", tmp_path / "a", tmp_path / "b"), ("report", tmp_path / "a"),
                 ("export", tmp_path / "a", "--drop", "copyright", "--out", tmp_path / "c.parquet"),
                 ("attribution", tmp_path / "a", "--out", tmp_path / "A.md")):
        p = audit(*args)
        assert p.returncode == 0, p.stderr
        outputs.append(p.stdout + p.stderr)
    for text in outputs:
        assert "\x1b" not in text and "\x07" not in text
        assert "::error::" not in text and "::set-output" not in text
    md = summary_md.read_text(encoding="utf-8")  # the job summary is Markdown, not a log: still inert
    assert md.startswith("earlier step\n") and "# Dataset audit" in md  # appended, like $GITHUB_STEP_SUMMARY
    assert "\x1b" not in md and "::error::" not in md
