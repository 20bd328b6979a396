"""Benchmark: `audit index` build speed and query latency at 1M indexed rows, vs numpy in the same run.

Build: N JPEGs (bundled scikit-image/insightface photos at 256-1600 px, crops, qualities) behind an
audited run; `build_index` (read + hardened decode with DCT scaling + pHash/dHash [+ tiny ONNX encoder]
in the worker pool) vs the naive loop a user would write: `PIL.Image.open(path)`, `imagehash.phash`,
`imagehash.dhash` on the full image, one image at a time.

Search at 1M rows, exact on both sides (recall of faiss against numpy is printed; it must be 1.0):
- Hamming on 128-bit codes: faiss IndexBinaryFlat per 65,536-row shard, merged, vs numpy xor +
  byte-popcount table + argpartition over the same shards;
- cosine on 512-d unit vectors: faiss IndexFlatIP per shard vs numpy matmul + argpartition per shard
  (shards generated one at a time: memory holds one shard, 128 MB);
- end to end: `IndexSearcher.search` over a real 1M-row index on disk (hash-only; parquet + faiss files).

Run:  PYTHONPATH=$PWD python3 tests/bench/bench_index.py [--images 300] [--rows 1000000]
"""

from __future__ import annotations

import argparse
import io
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import faiss
import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq
from PIL import Image

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "index"))

from imageset import INDEXED, rgb  # noqa: E402
from tiny_encoder import build as build_tiny  # noqa: E402

from auditor.index.build import IndexOptions, build_index  # noqa: E402
from auditor.index.search import IndexSearcher, faiss_settings  # noqa: E402
from auditor.index.store import FORMAT_VERSION, index_dir, shard_schema, write_shard  # noqa: E402

SHARD = 65536
POP = np.array([bin(i).count("1") for i in range(256)], np.uint8)


def make_run(d: Path, n: int) -> tuple[Path, Path]:
    photos = [rgb(p) for p in INDEXED.values()]
    folder = d / "images"
    folder.mkdir()
    rng = np.random.default_rng(0)
    urls = []
    for i in range(n):
        a = photos[i % len(photos)]
        side = int(rng.integers(256, 1600))
        h, w = a.shape[:2]
        img = Image.fromarray(a).resize((side, max(1, side * h // w)))
        buf = io.BytesIO()
        img.save(buf, "JPEG", quality=int(rng.integers(60, 95)))
        (folder / f"{i:09d}.jpg").write_bytes(buf.getvalue())
        urls.append(f"https://example.org/{i}.jpg")
        (folder / f"{i:09d}.json").write_text(json.dumps({"url": urls[-1]}))
    data = d / "bench.parquet"
    pq.write_table(pa.table({"URL": urls, "TEXT": ["x"] * n, "LICENSE": ["CC BY 4.0"] * n}), data)
    subprocess.run([sys.executable, "-m", "auditor", "scan", str(data), "--checks", "license", "--quiet",
                    "--out", str(d / "run")], check=False, capture_output=True)
    return d / "run", folder


def naive_build(folder: Path) -> float:
    import imagehash

    t0 = time.perf_counter()
    for p in sorted(folder.glob("*.jpg")):
        img = Image.open(p)
        imagehash.phash(img)
        imagehash.dhash(img)
    return time.perf_counter() - t0


def bench_build(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        d = Path(tmp)
        run, folder = make_run(d, n)
        base = naive_build(folder)
        print(f"build, {n} JPEGs 256-1600 px: naive PIL+imagehash loop {n / base:.1f} img/s")
        m = build_index(run, IndexOptions(images=[str(folder)]))
        ok = m["statuses"].get("ok")
        print(f"  audit index, hash-only: {m['images_per_second']} img/s ({ok} ok, {m['workers']} workers); "
              f"ratio {m['images_per_second'] / (n / base):.2f}x")
        model = build_tiny(d / "tiny.onnx", size=224)
        m = build_index(run, IndexOptions(images=[str(folder)], embedding_model=str(model)))
        print(f"  audit index, + tiny 224 px ONNX encoder: {m['images_per_second']} img/s; "
              f"ratio {m['images_per_second'] / (n / base):.2f}x vs the hash-only naive loop")


def numpy_hamming_topk(codes: np.ndarray, q: np.ndarray, k: int) -> np.ndarray:
    d = POP[codes[None, :, :] ^ q[:, None, :]].sum(axis=2, dtype=np.int32)
    idx = np.argpartition(d, k, axis=1)[:, :k]
    return np.sort(np.take_along_axis(d, idx, axis=1), axis=1)


def bench_search(rows: int, k: int = 10, nq: int = 8) -> None:
    faiss_settings()
    rng = np.random.default_rng(1)
    shards = [rng.integers(0, 256, (min(SHARD, rows - s), 16), dtype=np.uint8) for s in range(0, rows, SHARD)]
    q = shards[3][:nq].copy() if len(shards) > 3 else shards[0][:nq].copy()
    q[:, 0] ^= 0b101
    idx = []
    for c in shards:
        b = faiss.IndexBinaryFlat(128)
        b.add(c)
        idx.append(b)
    for label, nqq in (("1 query", 1), (f"{nq} queries", nq)):
        t0 = time.perf_counter()
        fd = np.sort(np.concatenate([b.search(q[:nqq], k)[0] for b in idx], axis=1), axis=1)[:, :k]
        tf = time.perf_counter() - t0
        t0 = time.perf_counter()
        nd = np.sort(np.concatenate([numpy_hamming_topk(c, q[:nqq], k) for c in shards], axis=1), axis=1)[:, :k]
        tn = time.perf_counter() - t0
        print(f"hamming 128-bit, {rows:,} rows, {label}: faiss {tf * 1e3:.1f} ms, numpy {tn * 1e3:.1f} ms, "
              f"ratio {tn / tf:.1f}x; recall@{k} {float(np.mean(fd == nd)):.3f}")
    dim = 512
    qv = rng.standard_normal((nq, dim)).astype(np.float32)
    qv /= np.linalg.norm(qv, axis=1, keepdims=True)
    tf = tn = ta = 0.0
    agree = []
    for s in range(0, rows, SHARD):
        v = rng.standard_normal((min(SHARD, rows - s), dim)).astype(np.float32)
        v /= np.linalg.norm(v, axis=1, keepdims=True)
        t0 = time.perf_counter()
        ix = faiss.IndexFlatIP(dim)
        ix.add(v)
        ta += time.perf_counter() - t0
        t0 = time.perf_counter()
        fs = ix.search(qv, k)[0]
        tf += time.perf_counter() - t0
        t0 = time.perf_counter()
        sims = qv @ v.T
        ns = -np.sort(-np.take_along_axis(sims, np.argpartition(-sims, k, axis=1)[:, :k], axis=1), axis=1)
        tn += time.perf_counter() - t0
        agree.append(np.allclose(fs, ns, atol=1e-4))
    print(f"cosine 512-d, {rows:,} rows, {nq} queries: faiss {tf * 1e3:.0f} ms (+{ta * 1e3:.0f} ms adding the "
          f"shards), numpy {tn * 1e3:.0f} ms, ratio {tn / tf:.2f}x; top-{k} equal in {sum(agree)}/{len(agree)} shards")
    with tempfile.TemporaryDirectory() as tmp:
        run = Path(tmp)
        root = index_dir(run)
        root.mkdir()
        meta = []
        for i, c in enumerate(shards):
            n = len(c)
            t = pa.table({"key": pa.array([f"k{i}-{j}" for j in range(n)]), "source_file": pa.array(["f"] * n),
                          "row_index": pa.array(np.arange(n)), "url": pa.nulls(n, pa.string()),
                          "index_status": pa.array(["ok"] * n), "image_sha256": pa.nulls(n, pa.string()),
                          "phash": pa.array([bytes(r[:8]) for r in c], pa.binary(8)),
                          "dhash": pa.array([bytes(r[8:]) for r in c], pa.binary(8)),
                          "vec_id": pa.array(np.arange(n)), "exif_artist": pa.nulls(n, pa.string()),
                          "exif_copyright": pa.nulls(n, pa.string())}, schema=shard_schema(None))
            write_shard(root, f"shard-{i:05d}", t, c, None, {})
            meta.append({"name": f"shard-{i:05d}", "rows": n, "vectors": n})
        (root / "manifest.json").write_text(json.dumps({"format_version": FORMAT_VERSION, "rows": rows,
                                                        "encoder": None, "shards": meta}))
        t0 = time.perf_counter()
        got = IndexSearcher(run).search(q[:1], None, k)
        te = time.perf_counter() - t0
        t0 = time.perf_counter()
        IndexSearcher(run).search(q[1:2], None, k)
        tw = time.perf_counter() - t0
        print(f"end to end IndexSearcher.search, {rows:,} rows on disk in {len(meta)} shards, 1 query: "
              f"first {te * 1e3:.0f} ms, next {tw * 1e3:.0f} ms (top-1 d={got[0][0].hamming})")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=300)
    ap.add_argument("--rows", type=int, default=1_000_000)
    a = ap.parse_args()
    bench_build(a.images)
    bench_search(a.rows)


if __name__ == "__main__":
    main()
