"""Item 5 of issue #8: CSV/TSV with a BOM, CRLF, quoted newlines, a 200 KB field and duplicate keys.

Row numbers must match what Python's csv module counts (a quoted newline is not a new row), every row
must be counted, and each row's values must stay on that row (checked through the license column).
"""

from __future__ import annotations

import csv
import io

import pytest
from hostile import scan

BIG = "y" * 200_000
# (SAMPLE_ID, URL, TEXT, LICENSE, WIDTH) -> expected license_id, expected width
ROWS = [
    ("1", "https://example.com/0.jpg", "line one\r\nline two", "CC0", "10", "CC0-1.0", 10),
    ("1", "https://example.com/1.jpg", BIG, "CC BY 4.0", "", "CC-BY-4.0", None),        # duplicate key
    ("2", "https://example.com/2.jpg", 'quote "" and, comma', "CC BY-SA 4.0", "n/a", "CC-BY-SA-4.0", None),
    ("3", "https://example.com/3.jpg", "tab\tinside\nand newline", "", "512.0", None, 512),
    ("4", "https://example.com/4.jpg", "", "CC0", " 7 ", "CC0-1.0", 7),
]


def render(delimiter: str) -> bytes:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    w.writerow(["SAMPLE_ID", "URL", "TEXT", "LICENSE", "WIDTH"])
    for r in ROWS:
        w.writerow(r[:5])
    return b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8")


@pytest.mark.parametrize("suffix,delimiter", [("csv", ","), ("tsv", "\t")])
def test_odd_delimited_file_rows_counted_and_aligned(tmp_path, suffix, delimiter):
    path = tmp_path / f"odd.{suffix}"
    path.write_bytes(render(delimiter))
    csv.field_size_limit(1 << 20)  # the stdlib's default (128 KiB) is smaller than our 200 KB field
    with open(path, newline="", encoding="utf-8-sig") as fh:
        counted = sum(1 for _ in csv.reader(fh, delimiter=delimiter)) - 1
    assert counted == len(ROWS)
    proc, summary, signals = scan(path, tmp_path / "run")
    assert proc.returncode in (0, 1), proc.stderr + proc.stdout
    assert not summary["file_errors"] and summary["rows"]["accounted"]
    assert summary["inputs"][0]["rows_out"] == counted == signals.num_rows
    rows = signals.sort_by("row_index").to_pylist()
    assert [r["row_index"] for r in rows] == list(range(counted))
    assert [r["license_id"] for r in rows] == [r[5] for r in ROWS]
    assert [r["data_width"] for r in rows] == [r[6] for r in ROWS]
    assert [r["key"] for r in rows] == ["1", "1", "2", "3", "4"]  # duplicate ids kept, never merged


def test_headerless_cc3m_tsv_with_bom_and_crlf(tmp_path):
    path = tmp_path / "cc3m.tsv"
    lines = [f"caption {i}\thttps://example.com/{i}.jpg" for i in range(5)]
    path.write_bytes(b"\xef\xbb\xbf" + "\r\n".join(lines).encode() + b"\r\n")
    proc, summary, signals = scan(path, tmp_path / "run")
    assert proc.returncode in (0, 1), proc.stderr
    assert signals.num_rows == 5 and summary["rows"]["accounted"]
    hosts = signals.sort_by("row_index").column("url_host").to_pylist()
    assert hosts == ["example.com"] * 5  # the URL column was found (BOM did not break sniffing)


def test_unterminated_quote_swallows_to_end_of_file_like_csv_module(tmp_path):
    """An unclosed quote makes the rest of the file one field: same row count as Python's csv, no crash."""
    path = tmp_path / "broken.csv"
    path.write_text('URL,TEXT\nhttps://example.com/0.jpg,"never closed\nhttps://example.com/1.jpg,x\n')
    good = tmp_path / "good.csv"
    good.write_text("URL,TEXT\nhttps://example.com/2.jpg,x\n")
    with open(path, newline="") as fh:
        counted = sum(1 for _ in csv.reader(fh)) - 1
    proc, summary, signals = scan([path, good], tmp_path / "run")
    assert proc.returncode in (0, 1) and "Traceback" not in proc.stderr
    files = signals.column("source_file").to_pylist()
    assert files.count("broken.csv") == counted == 1 and files.count("good.csv") == 1
    assert summary["rows"]["accounted"]


def test_ragged_csv_row_is_a_named_file_error_and_other_files_scan(tmp_path):
    """A row with the wrong number of cells cannot be aligned to the header: the file is refused by name,
    row and line (exit 2, the audit is incomplete), the offending text is neither kept nor printed, other
    files scan."""
    path = tmp_path / "ragged.csv"
    path.write_text("URL,TEXT,LICENSE\nhttps://example.com/0.jpg,a,CC0\n"
                    "https://example.com/1.jpg,\x1b[31m::error::x,CC0,EXTRA\n")
    good = tmp_path / "good.csv"
    good.write_text("URL,TEXT\nhttps://example.com/2.jpg,x\n")
    proc, summary, signals = scan([path, good], tmp_path / "run")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr
    errors = {e["file"]: e["error"] for e in summary["file_errors"]}
    assert str(path) in errors and "columns" in errors[str(path)]
    assert "at row 1 (line 3)" in errors[str(path)] and "this row has 4" in errors[str(path)]
    assert "\x1b" not in proc.stdout + proc.stderr and "::error::" not in proc.stdout + proc.stderr
    assert "error::x" not in errors[str(path)] and "EXTRA" not in errors[str(path)]  # no raw row text kept
    assert signals.column("source_file").to_pylist().count("good.csv") == 1


def test_compressed_inputs_good_truncated_and_fake(tmp_path):
    """`.csv.gz`/`.jsonl.gz` are accepted by discovery: the good one scans, damaged ones are named errors."""
    import gzip

    body = b"URL,TEXT\n" + b"".join(b"https://example.com/%d.jpg,caption %d\n" % (i, i) for i in range(3))
    (tmp_path / "good.csv.gz").write_bytes(gzip.compress(body))
    big = gzip.compress(b'{"url": "https://example.com/j.jpg", "caption": "x"}\n' * 50_000)
    (tmp_path / "truncated.jsonl.gz").write_bytes(big[:3000])
    (tmp_path / "plain.csv.gz").write_bytes(body)  # not gzip at all
    proc, summary, signals = scan(tmp_path, tmp_path / "run")
    assert proc.returncode == 2 and "Traceback" not in proc.stderr, proc.stderr
    assert per_file_name_counts(signals) == {"good.csv.gz": 3}
    assert {e["file"] for e in summary["file_errors"]} == {str(tmp_path / "truncated.jsonl.gz"),
                                                          str(tmp_path / "plain.csv.gz")}


def per_file_name_counts(signals):
    files = signals.column("source_file").to_pylist()
    return {f: files.count(f) for f in set(files)}


def test_lone_carriage_return_header(tmp_path):
    """Old Mac line ends (CR only): read as line breaks, never a csv.Error traceback."""
    path = tmp_path / "mac.csv"
    path.write_bytes(b"URL,TEXT\rhttps://example.com/0.jpg,a\rhttps://example.com/1.jpg,b\r")
    proc, summary, signals = scan(path, tmp_path / "run")
    assert "Traceback" not in proc.stderr and proc.returncode in (0, 1), proc.stderr
    assert signals.num_rows == 2 and summary["rows"]["accounted"]
