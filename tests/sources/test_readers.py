"""Delimited readers: a row whose cell count differs from the header is named by row and line."""

from __future__ import annotations

import gzip

import pytest

from auditor.errors import InputError
from auditor.sources.discover import discover
from auditor.sources.readers import open_reader

CASES = [  # file name, bytes, expected (row index, line)
    ("extra.csv", b"URL,TEXT\nhttps://e.com/0.jpg,a\nhttps://e.com/1.jpg,b,c\n", (1, 3)),
    ("missing.csv", b"URL,TEXT,LICENSE\nhttps://e.com/0.jpg,a\n", (0, 2)),
    ("multiline.csv", b'URL,TEXT\nhttps://e.com/0.jpg,"a\nb\nc"\n\nhttps://e.com/1.jpg,b,c\n', (1, 6)),
    ("crlf.csv", b"URL,TEXT\r\nhttps://e.com/0.jpg,a\r\nhttps://e.com/1.jpg,a\r\nx,y,z\r\n", (2, 4)),
    ("packed.csv.gz", gzip.compress(b"URL,TEXT\n" + b"https://e.com/0.jpg,a\n" * 5 + b"x,y,z\n"), (5, 7)),
    ("headerless.tsv", b"https://e.com/0.jpg\ta\nhttps://e.com/1.jpg\tb\tc\n", (1, 2)),
]


@pytest.mark.parametrize("name,data,where", CASES, ids=[c[0] for c in CASES])
def test_ragged_row_is_located(tmp_path, name, data, where):
    (tmp_path / name).write_bytes(data)
    reader = open_reader(discover([str(tmp_path / name)])[0])
    with pytest.raises(InputError) as exc:
        for _ in reader.iter_batches(reader.columns(), 1000):
            pass
    row, line = where
    assert (exc.value.row, exc.value.line) == (row, line)
    assert f"at row {row} (line {line})" in exc.value.message and "Expected" in exc.value.message

