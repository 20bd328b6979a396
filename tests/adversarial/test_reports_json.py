"""#8 item 26: JSON outputs stay strictly valid with NaN and control characters in the data."""

import math

from report_support import audit, scan, strict_json, write_laion

ROWS = [{"URL": "https://example.com/\x00\x1b[31m.jpg", "TEXT": "nul\x00 bell\x07 esc\x1b", "punsafe": math.nan},
        {"URL": "https://example.com/b.jpg", "TEXT": "\u2028\u202e", "punsafe": math.inf, "LICENSE": "\x01CC\x7f"},
        {"URL": "https://example.com/c.jpg", "TEXT": "ok", "punsafe": 0.9}]


def test_json_outputs_are_strict(tmp_path):
    data = write_laion(tmp_path / "j.parquet", ROWS)
    summary = scan(data, tmp_path / "a")
    scan(data, tmp_path / "b", "--sample", "0.5")
    assert summary["rows"]["accounted"]
    proc = audit("diff", tmp_path / "a", tmp_path / "b")
    assert proc.returncode == 0, proc.stderr
    strict_json(proc.stdout.splitlines()[0])
    proc = audit("export", tmp_path / "a", "--drop", "copyright", "--out", tmp_path / "clean.parquet")
    assert proc.returncode == 0, proc.stderr
    strict_json((tmp_path / "clean.manifest.json").read_text())
    for name in ("a/summary.json", "b/summary.json"):
        strict_json((tmp_path / name).read_text(encoding="utf-8"))
