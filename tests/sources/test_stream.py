"""Readers and canonical streams on real parquet and generated files of every format."""

import json

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from auditor.errors import SchemaError
from auditor.sources.discover import discover
from auditor.sources.stream import open_stream


def stream_all(path, **kw):
    (f,) = discover([str(path)])
    s = open_stream(f, profile=kw.get("profile"), overrides=kw.get("overrides", {}))
    return s, pa.Table.from_batches(list(s.batches(kw.get("batch_size", 1000))))


def test_real_laion_sample_streams_every_row(laion_10k):
    s, t = stream_all(laion_10k, batch_size=777)
    assert s.profile.name == "laion"
    assert t.num_rows == pq.ParquetFile(laion_10k).metadata.num_rows == 10_000
    assert t.column("row_index").to_pylist() == list(range(10_000))
    assert len(set(t.column("key").to_pylist())) == 10_000
    assert t.column("key")[5].as_py() == "laion-10k.parquet#5"


def test_id_column_becomes_key_with_fallback_for_nulls(tmp_path):
    p = tmp_path / "d.parquet"
    pq.write_table(pa.table({"uid": ["a", None, "c"], "url": ["http://x/1", "http://x/2", None],
                             "text": ["t1", "t2", "t3"]}), p)
    s, t = stream_all(p)
    assert s.profile.name == "datacomp"
    assert t.column("key").to_pylist() == ["a", "d.parquet#1", "c"]


def test_csv_with_bom_crlf_and_quoted_newlines(tmp_path):
    p = tmp_path / "cc.csv"
    p.write_bytes("\ufeffurl,caption\r\nhttp://a/1,\"line one\r\nline two\"\r\nhttp://a/2,plain\r\n"
                  .encode())
    s, t = stream_all(p)
    assert s.profile.name == "cc"
    assert t.column("caption").to_pylist() == ["line one\r\nline two", "plain"]
    assert t.column("row_index").to_pylist() == [0, 1]


@pytest.mark.parametrize(("lines", "urls"), [
    ("a cat\thttp://x/cat.jpg\nthe dog\thttp://x/dog.jpg\n", ["http://x/cat.jpg", "http://x/dog.jpg"]),  # CC3M
    ("http://x/cat.jpg\ta cat\nhttp://x/dog.jpg\tthe dog\n", ["http://x/cat.jpg", "http://x/dog.jpg"]),  # CC12M
])
def test_headerless_tsv_is_sniffed(tmp_path, lines, urls):
    p = tmp_path / "cc.tsv"
    p.write_text(lines)
    _, t = stream_all(p)
    assert t.column("url").to_pylist() == urls
    assert t.column("caption").to_pylist() == ["a cat", "the dog"]


def test_jsonl(tmp_path):
    p = tmp_path / "d.jsonl"
    p.write_text("\n".join(json.dumps({"url": f"http://x/{i}", "caption": f"c{i}"}) for i in range(50)) + "\n")
    _, t = stream_all(p, batch_size=7)
    assert t.num_rows == 50
    assert t.column("url")[49].as_py() == "http://x/49"


def test_coyo_columns_are_cast_to_canonical_types(tmp_path):
    p = tmp_path / "coyo.parquet"
    pq.write_table(pa.table({"id": pa.array([1, 2], pa.int64()), "url": ["http://a", "http://b"],
                             "text": ["x", "y"], "num_faces": pa.array([0, 3], pa.int32()),
                             "watermark_score": pa.array([0.1, 0.9], pa.float32()),
                             "nsfw_score_opennsfw2": [0.0, 0.5]}), p)
    s, t = stream_all(p)
    assert s.profile.name == "coyo"
    assert t.column("num_faces").type == pa.int64()
    assert t.column("key").to_pylist() == ["1", "2"]
    assert t.column("nsfw_score").to_pylist() == [0.0, 0.5]


def test_missing_url_column_lists_columns_found(tmp_path):
    p = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"TEXT": ["a"], "other": [1]}), p)
    (f,) = discover([str(p)])
    with pytest.raises(SchemaError, match="columns found: TEXT, other") as exc:
        open_stream(f, profile="laion", overrides={})
    assert str(p) in str(exc.value)


@pytest.mark.parametrize("url_values", [pa.array([1, 2]), pa.array([b"a", b"b"]), pa.array([["a"], ["b"]])])
def test_url_column_of_wrong_type_is_rejected_before_reading(tmp_path, url_values):
    p = tmp_path / "bad.parquet"
    pq.write_table(pa.table({"URL": url_values, "TEXT": ["a", "b"]}), p)
    (f,) = discover([str(p)])
    with pytest.raises(SchemaError, match="column 'URL'"):
        open_stream(f, profile=None, overrides={})


def test_directory_and_glob_inputs_are_sorted_and_named_relative(tmp_path):
    for name in ("b.parquet", "a.parquet", "sub/c.parquet"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        pq.write_table(pa.table({"url": ["http://x"], "caption": ["c"]}), tmp_path / name)
    assert [f.name for f in discover([str(tmp_path)])] == ["a.parquet", "b.parquet", "sub/c.parquet"]
    assert [f.name for f in discover([str(tmp_path / "*.parquet")])] == ["a.parquet", "b.parquet"]


@pytest.mark.parametrize("target,cells,expected", [
    (pa.int64(), ["1", " 2 ", "", "n/a", None, "512.0", "1e400", "99999999999999999999"],
     [1, 2, None, None, None, 512, None, None]),
    (pa.float64(), ["0.5", "", "abc", "1e3", "-.25", None], [0.5, None, None, 1000.0, -0.25, None]),
], ids=["int", "float"])
def test_numeric_text_cells_become_null_not_a_file_error(target, cells, expected):
    from auditor.sources.stream import _parse_numbers

    assert _parse_numbers(pa.array(cells, pa.string()), target).to_pylist() == expected
