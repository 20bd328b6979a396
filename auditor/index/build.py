"""`audit index RUN_DIR --images ...`: hash (and embed) the image of every row of an audited run.

Rows are taken from the run's signals.parquet in units of `shard_rows`, so every row appears once in
the index with a status (`ok`, or the faces check's `skipped:`/`error:` reasons, or `error:embed_failed`).
Images are found exactly as the faces check finds them (auditor.images.sources: img2dataset shards or
`files` folders, by key then URL) and decoded by the same hardened decoder (pixel cap before decoding,
allowed formats only); each distinct image of a unit is read and decoded once, and its hashes and
embedding are both computed from that one decode, in a bounded window of worker threads.
"""

from __future__ import annotations

import hashlib
import json
import os
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa

from auditor.cores import default_workers
from auditor.errors import ConfigError
from auditor.images.decode import DEFAULT_MAX_PIXELS, NO_IMAGE, OK, decode_image, install_bomb_guard
from auditor.images.sources import DEFAULT_MAX_BYTES, ImageIndex, ImageRef, read_ref, resolve_local
from auditor.index.hashing import PRESHRINK, image_hashes
from auditor.index.store import FORMAT_VERSION, index_dir, shard_done, shard_schema, write_shard
from auditor.outputs import SIGNALS_FILE
from auditor.runs.common import gather_inputs, iter_parquet, load_summary, strings
from auditor.sinks import write_text_atomic

EMBED_FAILED = "error:embed_failed"
#: (status, sha256, phash, dhash, embedding, (EXIF Artist, EXIF Copyright))
Result = tuple[str, str | None, bytes | None, bytes | None, np.ndarray | None, tuple[str | None, str | None]]
NO_META = (None, None)
MAX_META_CHARS = 300


def embedded_credit(data: bytes) -> tuple[str | None, str | None]:
    """EXIF Artist (0x013B) and Copyright (0x8298) of the file, read from its header (no pixels decoded):
    the creator/credit a photographer embedded, kept as data (escaped wherever shown), NUL-free, clipped."""
    import io

    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as img:
            exif = img.getexif()
            vals = [exif.get(0x013B), exif.get(0x8298)]
    except Exception:  # noqa: BLE001 - metadata is optional; the pixels already decoded fine
        return NO_META
    out = []
    for v in vals:
        if isinstance(v, bytes):
            v = v.decode("utf-8", "replace")
        v = v.replace("\x00", "").strip()[:MAX_META_CHARS] if isinstance(v, str) else None
        out.append(v or None)
    return out[0], out[1]


@dataclass(frozen=True)
class IndexOptions:
    images: list[str]
    image_col: str | None = None
    embedding_model: str | None = None
    workers: int | None = None
    shard_rows: int = 65536
    max_pixels: int = DEFAULT_MAX_PIXELS
    max_image_bytes: int = DEFAULT_MAX_BYTES
    resume: bool = False
    engine: str = "local"
    ray_address: str | None = None


class _Worker:
    def __init__(self, encoder, opts: IndexOptions) -> None:
        self.encoder, self.opts = encoder, opts
        side = max(PRESHRINK, encoder.spec.input_size if encoder else 0)
        self.target_side = side

    def __call__(self, ref: ImageRef) -> Result:
        data, status = read_ref(ref, self.opts.max_image_bytes)
        if status is not None:
            return status, None, None, None, None, NO_META
        dec = decode_image(data, max_pixels=self.opts.max_pixels, target_side=self.target_side)
        if dec.status != OK:
            return dec.status, dec.sha256, None, None, None, NO_META
        ph, dh = image_hashes(dec.bgr)
        vec = None
        if self.encoder is not None:
            try:
                vec = self.encoder.embed(dec.bgr)
            except ValueError:
                return EMBED_FAILED, dec.sha256, None, None, None, NO_META
        return OK, dec.sha256, ph, dh, vec, embedded_credit(data)


def _ordered(pool: ThreadPoolExecutor, fn, items: list[ImageRef], depth: int) -> Iterator[Result]:
    """Results in input order with at most `depth` images in flight (memory stays bounded)."""
    window: deque = deque()
    it = iter(items)
    for ref in it:
        window.append(pool.submit(fn, ref))
        if len(window) >= depth:
            break
    while window:
        fut = window.popleft()
        nxt = next(it, None)
        if nxt is not None:
            window.append(pool.submit(fn, nxt))
        yield fut.result()


def _fingerprint(opts: IndexOptions, encoder_info: dict | None, images: ImageIndex) -> str:
    spec = {"images": sorted(images.roots), "count": len(images), "encoder": encoder_info, "col": opts.image_col,
            "shard_rows": opts.shard_rows, "max_pixels": opts.max_pixels, "max_bytes": opts.max_image_bytes,
            "format": FORMAT_VERSION}
    return hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest()[:16]


def _unit(batch: pa.RecordBatch, summary: dict, images: ImageIndex, pool, worker: _Worker, depth: int,
          dim: int | None) -> tuple[pa.Table, np.ndarray, np.ndarray | None]:
    n = batch.num_rows
    keys = strings(batch.column("key")).cast(pa.string()).to_pylist()
    files = strings(batch.column("source_file")).cast(pa.string()).to_numpy(zero_copy_only=False)
    rows = batch.column("row_index").to_numpy()
    col = worker.opts.image_col
    got = gather_inputs(summary, files, rows, ("url", "image_path") if col else ("url",),
                        {"image_path": col} if col else None)
    urls = list(got["url"])
    refs: list[ImageRef | None] = [images.find(k, u) for k, u in zip(keys, urls, strict=True)]
    local: dict[int, str] = {}
    if col:  # a local path in the row wins; it must stay inside the dataset's folder or an --images root
        bases = {f["name"]: os.path.dirname(os.path.abspath(f["path"])) for f in summary["inputs"]}
        for i, path in enumerate(got["image_path"]):
            if path:
                refs[i], st = resolve_local(path, bases.get(files[i], os.getcwd()), images.roots)
                if st is not None:
                    local[i] = st
    distinct = list(dict.fromkeys(r for r in refs if r is not None))
    results = dict(zip(distinct, _ordered(pool, worker, distinct, depth), strict=True))
    status, sha, ph, dh, vec_id, artist, copyright_ = [], [], [], [], [], [], []
    codes, vecs = [], []
    for i, ref in enumerate(refs):
        missing = (local.get(i, NO_IMAGE), None, None, None, None, NO_META)
        st, s, p, d, v, meta = results[ref] if ref is not None else missing
        artist.append(meta[0])
        copyright_.append(meta[1])
        status.append(st)
        sha.append(s)
        ph.append(p)
        dh.append(d)
        if st == OK:
            vec_id.append(len(codes))
            codes.append(np.frombuffer(p + d, np.uint8))
            if dim:
                vecs.append(v)
        else:
            vec_id.append(None)
    cols = {"key": keys, "source_file": list(files), "row_index": rows, "url": urls, "index_status": status,
            "image_sha256": sha, "phash": ph, "dhash": dh, "vec_id": vec_id, "exif_artist": artist,
            "exif_copyright": copyright_}
    vectors = None
    if dim:
        vectors = np.stack(vecs) if vecs else np.zeros((0, dim), np.float32)
        emb = [None] * n
        for i, vid in enumerate(vec_id):
            if vid is not None:
                emb[i] = vectors[vid]
        cols["embedding"] = emb
    table = pa.Table.from_pydict(cols, schema=shard_schema(dim))
    code_arr = np.stack(codes) if codes else np.zeros((0, 16), np.uint8)
    return table, code_arr, vectors


class UnitBuilder:
    """Everything one process needs to index units: image sources, encoder, thread pool. The local
    build holds one; under Ray each actor holds one (built once, reused for every unit it gets)."""

    def __init__(self, summary: dict, opts: IndexOptions) -> None:
        from auditor.index.embed import ImageEncoder

        install_bomb_guard()
        self.summary, self.opts = summary, opts
        self.images = ImageIndex.build(opts.images)
        self.workers = opts.workers or default_workers()
        self.encoder = ImageEncoder(opts.embedding_model, threads=1 if self.workers > 1 else None) \
            if opts.embedding_model else None
        self.dim = self.encoder.spec.dim if self.encoder else None
        self.worker = _Worker(self.encoder, opts)
        self.pool = ThreadPoolExecutor(self.workers, thread_name_prefix="auditor-index")

    def fingerprint(self) -> str:
        return _fingerprint(self.opts, self.encoder.describe() if self.encoder else None, self.images)

    def build(self, batch: pa.RecordBatch) -> tuple[pa.Table, np.ndarray, np.ndarray | None]:
        return _unit(batch, self.summary, self.images, self.pool, self.worker, 2 * self.workers + 2, self.dim)

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def shard_info(name: str, table: pa.Table, codes: np.ndarray, fingerprint: str) -> dict[str, Any]:
    counts = Counter(table.column("index_status").to_pylist())
    return {"name": name, "rows": table.num_rows, "vectors": len(codes), "statuses": dict(counts),
            "fingerprint": fingerprint}


def build_index(run_dir: Path, opts: IndexOptions, progress=None) -> dict[str, Any]:
    """Index every row of the run; returns the manifest (also written to index/manifest.json)."""
    run_dir = Path(run_dir)
    summary = load_summary(run_dir)
    if not opts.images and not opts.image_col:
        raise ConfigError("audit index needs --images (img2dataset output) and/or --image-col (local paths)")
    if opts.engine not in ("local", "ray"):
        raise ConfigError(f"--engine must be local or ray, not {opts.engine!r}")
    builder = UnitBuilder(summary, opts)  # also validates the model and image sources before any work
    enc_info = builder.encoder.describe() if builder.encoder else None
    fingerprint = builder.fingerprint()
    root = index_dir(run_dir)
    root.mkdir(parents=True, exist_ok=True)
    if not opts.resume:
        for old in root.glob("shard-*"):
            old.unlink()
    units = list(enumerate(_units(run_dir, opts.shard_rows)))
    infos: dict[int, dict] = {}
    for k, _ in units:
        info = shard_done(root, f"shard-{k:05d}", fingerprint) if opts.resume else None
        if info is not None:
            infos[k] = {**info, "resumed": True}
    pending = [(k, b) for k, b in units if k not in infos]
    t0 = time.perf_counter()
    try:
        if opts.engine == "ray" and pending:
            from auditor.index.ray_build import build_on_ray

            builder.close()
            for k, (table, codes, vectors) in build_on_ray(summary, opts, pending):
                infos[k] = shard_info(f"shard-{k:05d}", table, codes, fingerprint)
                write_shard(root, f"shard-{k:05d}", table, codes, vectors, infos[k])
        else:
            for k, batch in pending:
                table, codes, vectors = builder.build(batch)
                infos[k] = shard_info(f"shard-{k:05d}", table, codes, fingerprint)
                write_shard(root, f"shard-{k:05d}", table, codes, vectors, infos[k])
                if progress:
                    progress(sum(i["rows"] for i in infos.values()))
    finally:
        builder.close()
    seconds = time.perf_counter() - t0
    statuses: Counter[str] = Counter()
    for k in sorted(infos):
        statuses.update(infos[k]["statuses"])
    images_done = sum(infos[k]["vectors"] for k in infos if not infos[k].get("resumed"))
    shards = [{"name": infos[k]["name"], "rows": infos[k]["rows"], "vectors": infos[k]["vectors"]}
              for k in sorted(infos)]
    manifest = {"format_version": FORMAT_VERSION, "run": str(run_dir), "rows": sum(s["rows"] for s in shards),
                "hash": {"kind": "phash64+dhash64", "bits": 128, "library": "imagehash"},
                "encoder": enc_info, "search": "faiss IndexBinaryFlat (Hamming) / IndexFlatIP (cosine), exact",
                "images": list(opts.images), "image_col": opts.image_col, "statuses": dict(statuses),
                "shards": shards, "shards_resumed": sum(1 for i in infos.values() if i.get("resumed")),
                "engine": opts.engine, "workers": builder.workers, "seconds": round(seconds, 3),
                "images_per_second": round(images_done / seconds, 2) if seconds and images_done else None}
    write_text_atomic(root / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return manifest


def _units(run_dir: Path, shard_rows: int) -> Iterator[pa.RecordBatch]:
    """signals.parquet re-cut into units of `shard_rows` rows (the order is the run's)."""
    pending: list[pa.RecordBatch] = []
    size = 0
    for raw in iter_parquet(run_dir / SIGNALS_FILE, ["key", "source_file", "row_index"]):
        b = pa.record_batch({"key": strings(raw.column("key")).cast(pa.string()),
                             "source_file": strings(raw.column("source_file")).cast(pa.string()),
                             "row_index": raw.column("row_index")})
        while b.num_rows:
            take = min(shard_rows - size, b.num_rows)
            pending.append(b.slice(0, take))
            size += take
            b = b.slice(take)
            if size == shard_rows:
                yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]
                pending, size = [], 0
    if size:
        yield pa.Table.from_batches(pending).combine_chunks().to_batches()[0]
