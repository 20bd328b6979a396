"""Item 29 of issue #8: one directory holding every kind of hostile file, scanned in one run.

The run must finish; for every file whose row count is knowable (parquet footer, Python's csv count,
JSONL lines) signals.parquet holds exactly that many rows for it; every unreadable file is listed in
summary.json with its reason, and the exit code says the audit is incomplete (2).
"""

from __future__ import annotations

import csv

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hostile import bad_parquet_files, laion_table, mislabelled_strings, per_file_counts, scan, write_jsonl

UNREADABLE = {"zero.parquet", "truncated.parquet", "random.parquet", "broken.jsonl"}


def build(d):
    pq.write_table(laion_table(25), d / "good.parquet", row_group_size=10)
    bad_parquet_files(d)
    pq.write_table(pa.table({"URL": ["https://example.com/n.jpg"] * 4, "TEXT": pa.nulls(4),
                             "LICENSE": pa.nulls(4)}), d / "all_null.parquet")
    pq.write_table(pa.table({"URL": mislabelled_strings([b"https://example.com/\xff", b"https://example.com/2"]),
                             "TEXT": mislabelled_strings([b"caf\xe9", b"ok"]),
                             "LICENSE": mislabelled_strings([b"CC0", b"CC BY \xff"])}), d / "mojibake.parquet")
    pq.write_table(pa.table({"URL": ["https://example.com/h.jpg"], "TEXT": ["w " * 500_000 + "x"],
                             "LICENSE": ["CC0"]}), d / "huge_caption.parquet")
    sub = d / "nested" / "deeper"
    sub.mkdir(parents=True)
    (sub / "odd.csv").write_bytes(b"\xef\xbb\xbfURL,TEXT,LICENSE,WIDTH\r\nhttps://example.com/c0.jpg,\"two\r\nlines\",CC0,1\r\n"
                                  b"https://example.com/c1.jpg," + b"z" * 200_000 + b",CC BY 4.0,n/a\r\n"
                                  b"https://example.com/c2.jpg,caf\xe9,,\r\n")
    (d / "cc3m.tsv").write_text("a caption\thttps://example.com/t0.jpg\r\nanother\thttps://example.com/t1.jpg\r\n")
    write_jsonl(d / "good.jsonl", [{"url": f"https://example.com/j{i}.jpg", "caption": f"c {i}",
                                    "source": "x"} for i in range(6)])
    (d / "broken.jsonl").write_text('{"url": "https://example.com/b0.jpg", "caption": "a"}\n{"url": oops\n')
    (d / "notes.txt").write_text("not a dataset file: ignored by discovery\n")


def expected_rows(path):
    if path.suffix == ".parquet":
        try:
            return pq.ParquetFile(path).metadata.num_rows
        except (pa.ArrowException, OSError):
            return None
    if path.suffix in (".csv", ".tsv"):
        csv.field_size_limit(1 << 20)
        with open(path, newline="", encoding="utf-8-sig", errors="replace") as fh:
            rows = sum(1 for _ in csv.reader(fh, delimiter="\t" if path.suffix == ".tsv" else ","))
        return rows - (path.name != "cc3m.tsv")  # the CC3M TSV has no header
    return sum(1 for line in path.read_text().splitlines() if line.strip())


@pytest.fixture(scope="module")
def whole_run(tmp_path_factory):
    d = tmp_path_factory.mktemp("whole")
    data = d / "data"
    data.mkdir()
    build(data)
    proc, summary, signals = scan(data, d / "run")
    return data, proc, summary, signals


def test_run_finishes_with_incomplete_exit_code(whole_run):
    _, proc, summary, signals = whole_run
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    assert summary["exit_code"] == 2 and signals is not None and not summary["check_failures"]


def test_per_file_counts_equal_row_counts(whole_run):
    data, _, summary, signals = whole_run
    counts = per_file_counts(signals)
    files = sorted(p for p in data.rglob("*") if p.is_file() and p.suffix != ".txt")
    assert len(files) == 12
    for path in files:
        name = str(path.relative_to(data))
        if name in UNREADABLE:
            assert name not in counts, name
            continue
        assert counts.get(name, 0) == expected_rows(path), name
    assert sum(counts.values()) == signals.num_rows == summary["rows"]["out"] == summary["rows"]["in"]
    assert summary["rows"]["accounted"]


def test_every_error_listed_with_reason(whole_run):
    data, _, summary, signals = whole_run
    errors = {e["file"]: e["error"] for e in summary["file_errors"]}
    expected = {str(data / n) for n in UNREADABLE} | {str(data / "pages.parquet")}
    assert set(errors) == expected
    assert all(reason.strip() for reason in errors.values())
    by_status = summary["rows"]["by_status"]
    assert by_status.get("error:read_failed") == 12  # pages.parquet: footer says 12, pages unreadable
    assert sum(by_status.values()) == signals.num_rows


def test_a_file_without_url_column_stops_the_mixed_run_before_work(tmp_path):
    data = tmp_path / "data"
    data.mkdir()
    build(data)
    pq.write_table(pa.table({"TEXT": ["a"]}), data / "no_url.parquet")
    proc, summary, signals = scan(data, tmp_path / "run")
    assert proc.returncode == 2 and str(data / "no_url.parquet") in proc.stderr
    assert summary is None and signals is None
