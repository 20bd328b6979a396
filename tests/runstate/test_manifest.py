"""The manifest pins what changes results and names the first difference when a resume does not match."""

from __future__ import annotations

import hashlib
import os

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from auditor.errors import ConfigError
from auditor.runstate.manifest import _first_difference, check_resumable, parquet_footer_sha256, write_manifest
from auditor.sources.discover import discover


def test_footer_hash_is_the_hash_of_the_footer(tmp_path):
    path = tmp_path / "a.parquet"
    pq.write_table(pa.table({"url": ["x"] * 10}), path)
    data = path.read_bytes()
    length = int.from_bytes(data[-8:-4], "little")
    [file] = discover([str(path)])
    assert parquet_footer_sha256(file) == hashlib.sha256(data[-8 - length:-8]).hexdigest()


def test_footer_hash_of_a_non_parquet_is_none(tmp_path):
    path = tmp_path / "a.parquet"
    path.write_bytes(b"not parquet at all")
    [file] = discover([str(path)])
    assert parquet_footer_sha256(file) is None


@pytest.mark.parametrize("old,new,expected", [
    ({"a": 1}, {"a": 2}, "a: was 1, now 2"),
    ({"inputs": [{"size": 1}, {"size": 2}]}, {"inputs": [{"size": 1}, {"size": 3}]}, "inputs[1].size: was 2, now 3"),
    ({"x": {"y": "p"}}, {"x": {}}, 'x.y: was "p", now null'),
])
def test_first_difference(old, new, expected):
    assert _first_difference(old, new) == expected


def test_check_resumable(tmp_path):
    write_manifest(tmp_path, {"config": {"batch_size": 10}})
    check_resumable(tmp_path, {"config": {"batch_size": 10}})
    with pytest.raises(ConfigError, match=r"config.batch_size: was 10, now 20") as err:
        check_resumable(tmp_path, {"config": {"batch_size": 20}})
    assert err.value.file == str(tmp_path / "manifest.json")
    (tmp_path / "manifest.json").write_text("{broken")
    with pytest.raises(ConfigError, match="unreadable manifest"):
        check_resumable(tmp_path, {})
    os.remove(tmp_path / "manifest.json")
    with pytest.raises(ConfigError, match="no manifest.json"):
        check_resumable(tmp_path, {})
