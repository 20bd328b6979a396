"""Sharded search merges to the same answer as one brute-force scan; bands; corrupt shards fail loudly."""

from __future__ import annotations

import json

import numpy as np
import pyarrow as pa
import pytest

from auditor.errors import InputError
from auditor.index import store
from auditor.index.search import HAMMING_BANDS, IndexSearcher, hamming_band
from auditor.index.store import FORMAT_VERSION, index_dir, shard_schema, write_shard


def _fake_index(run, codes: np.ndarray, vecs: np.ndarray | None, shard_rows: int) -> None:
    root = index_dir(run)
    root.mkdir(parents=True)
    shards = []
    for s in range(0, len(codes), shard_rows):
        c = codes[s:s + shard_rows]
        n = len(c)
        cols = {"key": [f"k{s + i}" for i in range(n)], "source_file": ["f"] * n, "row_index": range(s, s + n),
                "url": [f"https://e.org/{s + i}" for i in range(n)], "index_status": ["ok"] * n,
                "image_sha256": [None] * n, "phash": [bytes(r[:8]) for r in c], "dhash": [bytes(r[8:]) for r in c],
                "vec_id": range(n), "exif_artist": [None] * n, "exif_copyright": [None] * n}
        if vecs is not None:
            cols["embedding"] = list(vecs[s:s + n])
        table = pa.Table.from_pydict(cols, schema=shard_schema(vecs.shape[1] if vecs is not None else None))
        name = f"shard-{s // shard_rows:05d}"
        write_shard(root, name, table, c, None if vecs is None else vecs[s:s + n], {"fingerprint": "x"})
        shards.append({"name": name, "rows": n, "vectors": n})
    enc = None if vecs is None else {"bands": {"near_duplicate": 0.95, "strongly_similar": 0.85, "weak": 0.7},
                                     "sha256": "0", "model": "m"}
    (root / "manifest.json").write_text(json.dumps({"format_version": FORMAT_VERSION, "rows": len(codes),
                                                    "encoder": enc, "shards": shards}))


@pytest.fixture(autouse=True)
def small_row_groups(monkeypatch):
    """Many row groups per shard, so reading only the candidates' groups is exercised."""
    monkeypatch.setattr(store, "ROW_GROUP", 64)


def test_sharded_hamming_search_equals_brute_force(tmp_path):
    rng = np.random.default_rng(1)
    codes = rng.integers(0, 256, (3000, 16), dtype=np.uint8)
    queries = codes[[5, 1500, 2999]].copy()
    queries[:, 0] ^= 0b1011  # 3 bits flipped
    _fake_index(tmp_path, codes, None, shard_rows=700)
    got = IndexSearcher(tmp_path).search(queries, None, k=10)
    bits = np.unpackbits(codes[None] ^ queries[:, None], axis=2).sum(axis=2)
    for q in range(3):
        want = np.sort(bits[q])[:10]
        assert [m.hamming for m in got[q]] == list(want)
        assert got[q][0].key == f"k{[5, 1500, 2999][q]}" and got[q][0].band == "near_duplicate"
        for m in got[q]:  # every merged row is the row its key names
            assert m.row_index == int(m.key[1:]) and m.url == f"https://e.org/{m.key[1:]}"
            assert m.hamming == bits[q][int(m.key[1:])]


def test_sharded_cosine_search_equals_brute_force(tmp_path):
    rng = np.random.default_rng(2)
    vecs = rng.standard_normal((2000, 32)).astype(np.float32)
    vecs /= np.linalg.norm(vecs, axis=1, keepdims=True)
    codes = rng.integers(0, 256, (2000, 16), dtype=np.uint8)
    q = vecs[[7, 1234]] + 0.02 * rng.standard_normal((2, 32)).astype(np.float32)
    q /= np.linalg.norm(q, axis=1, keepdims=True)
    qcodes = rng.integers(0, 256, (2, 16), dtype=np.uint8)  # unrelated hashes: the embedding decides
    _fake_index(tmp_path, codes, vecs, shard_rows=333)
    got = IndexSearcher(tmp_path).search(qcodes, q, k=5)
    sims = q @ vecs.T
    for i, key in enumerate((7, 1234)):
        assert got[i][0].key == f"k{key}"
        assert got[i][0].cosine == pytest.approx(float(sims[i].max()), abs=1e-5)
        assert "embedding" in got[i][0].by


def test_hamming_bands_are_ordered():
    assert hamming_band(0) == hamming_band(HAMMING_BANDS["near_duplicate"]) == "near_duplicate"
    assert hamming_band(HAMMING_BANDS["near_duplicate"] + 1) == "strongly_similar"
    assert hamming_band(HAMMING_BANDS["weak"]) == "weak" and hamming_band(HAMMING_BANDS["weak"] + 1) is None


def test_truncated_shard_fails_loudly(tmp_path):
    rng = np.random.default_rng(3)
    _fake_index(tmp_path, rng.integers(0, 256, (50, 16), dtype=np.uint8), None, shard_rows=50)
    (index_dir(tmp_path) / "shard-00000.hash.faiss").write_bytes(b"garbage")
    with pytest.raises(InputError, match="shard-00000"):
        IndexSearcher(tmp_path).search(np.zeros((1, 16), np.uint8), None, k=3)
