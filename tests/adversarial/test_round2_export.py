"""Issue #16 item 14: `audit export --drop CATEGORY` when no rule of CATEGORY ran refuses (exit 2) instead of
dropping nothing and exiting 0; `--allow-unevaluated` exports and records it in the export manifest."""

from __future__ import annotations

import json

import pyarrow as pa
import pyarrow.parquet as pq
from hostile import laion_table, scan
from report_support import audit


def test_export_refuses_a_category_whose_rules_never_ran(tmp_path):
    data = tmp_path / "a.parquet"
    table = laion_table(6)
    captions = pa.array([f"call me at +1 415 555 01{i:02d} john@example.com" for i in range(6)])
    pq.write_table(table.set_column(1, "TEXT", captions), data)
    run = tmp_path / "run"
    proc, summary, _ = scan(data, run, checks="license")  # no pii check: privacy rules not evaluated
    assert proc.returncode in (0, 1), proc.stderr
    assert "privacy" not in summary["findings"]["rows_by_category"]  # not evaluated: absent, never 0 (#17)
    assert any(r.get("category") == "privacy" for r in summary["policy"]["not_evaluated"])

    out = tmp_path / "clean.parquet"
    refused = audit("export", run, "--drop", "privacy", "--out", out)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "privacy" in refused.stderr and "--allow-unevaluated" in refused.stderr
    assert not out.exists()

    mixed = audit("export", run, "--drop", "copyright,privacy", "--out", out)
    assert mixed.returncode == 2 and "privacy" in mixed.stderr and not out.exists()

    allowed = audit("export", run, "--drop", "privacy", "--out", out, "--allow-unevaluated")
    assert allowed.returncode == 0, allowed.stderr
    manifest = json.loads((tmp_path / "clean.manifest.json").read_text())
    assert manifest["unevaluated_categories"] == ["privacy"] and manifest["allow_unevaluated"] is True
    assert "PRIVACY-CONTACT-DATA" in manifest["rules_not_evaluated"]

    ok = audit("export", run, "--drop", "copyright", "--out", tmp_path / "c2.parquet")
    assert ok.returncode == 0, ok.stderr
    assert json.loads((tmp_path / "c2.manifest.json").read_text())["unevaluated_categories"] == []
