"""Issue #16 items 1 and 10: names (columns, files) reach stderr/stdout only through the one terminal
escaper: no ANSI escapes, no line breaks, no `::cmd::` / `##[cmd]` workflow commands for a CI log to obey."""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hostile import laion_table
from report_support import audit

from auditor.report.escape import terminal_safe

HOSTILE = "\x1b[31mred\x1b[0m\n::error title=pwned::owned\r##[error]boom\u202e##vso[task.setvariable]x"


def assert_inert(text: str) -> None:
    for bad in ("\x1b", "\x07", "\x9b", "\u202e", "::error", "##[error", "##vso["):
        assert bad not in text, (bad, text)
    for line in text.splitlines():
        assert not line.lstrip().startswith(("::", "##")), line


def test_column_names_in_the_columns_found_error(tmp_path):
    data = tmp_path / "cols.parquet"
    pq.write_table(pa.table({"PIC": ["x"], HOSTILE: ["y"], "##[error]b": ["z"]}), data)
    proc = audit("scan", data, "--checks", "license", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2
    assert "columns found" in proc.stderr and "red" in proc.stderr and "owned" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert_inert(proc.stderr)


def test_file_name_in_a_schema_error(tmp_path):
    data = tmp_path / (HOSTILE.replace("/", "_") + ".parquet")
    pq.write_table(pa.table({"PIC": ["x"]}), data)
    proc = audit("scan", data, "--checks", "license", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2 and "owned" in proc.stderr
    assert len(proc.stderr.strip().splitlines()) == 1, proc.stderr
    assert_inert(proc.stderr)


def test_file_name_on_the_damaged_file_console_line(tmp_path):
    """Item 10: the summary's `file error:` line printed at the end of a scan."""
    d = tmp_path / "data"
    d.mkdir()
    pq.write_table(laion_table(4), d / "good.parquet")
    (d / (HOSTILE.replace("/", "_") + ".parquet")).write_bytes(b"PAR1 not really parquet PAR1")
    proc = audit("scan", d, "--checks", "license", "--quiet", "--out", tmp_path / "run")
    assert proc.returncode == 2, proc.stderr
    assert "file error:" in proc.stdout and "owned" in proc.stdout
    assert_inert(proc.stdout + proc.stderr)


@pytest.mark.parametrize("raw", [HOSTILE, "::warning::x", "##[group]x", "a\n::stop-commands::tok", "\x85::x"])
def test_one_escaper(raw):
    assert_inert(terminal_safe(raw, 500))
    assert_inert(terminal_safe(raw, 500, keep_newlines=True))
