"""#8 item 25: attribution CSV cells that start with = + - @ tab or NUL are neutralized."""

import csv

from report_support import audit, scan, write_laion

EVIL = ["=HYPERLINK(\"http://evil\")", "+1+1", "-2", "@SUM(A1)", "\t=1", "\x00=1"]


def test_attribution_csv_cells_are_neutralized(tmp_path):
    rows = [{"URL": f"{v}https://example.com/{i}.jpg" if i % 2 else f"https://example.com/{v}",
             "LICENSE": "CC BY 4.0"} for i, v in enumerate(EVIL)]
    rows += [{"URL": v, "LICENSE": "CC BY 4.0"} for v in EVIL]
    scan(write_laion(tmp_path / "c.parquet", rows), tmp_path / "run")
    proc = audit("attribution", tmp_path / "run", "--out", tmp_path / "A.md")
    assert proc.returncode == 0, proc.stderr
    raw = (tmp_path / "A.csv").read_text()
    assert "\x00" not in raw
    cells = [c for row in csv.reader(raw.splitlines()) for c in row]
    assert len([c for c in cells if "example.com" in c or c.lstrip("'") in [v.replace("\x00", "") for v in EVIL]]) >= 6
    assert all(not c.startswith(("=", "+", "-", "@", "\t")) for c in cells)
