"""The index beside a run: `RUN_DIR/index/`, one shard per unit of rows, each searchable on its own.

Layout:
    manifest.json            what was indexed, how (hash bits, encoder and its sha256), the shard list
    shard-00000.parquet      one row per signals.parquet row of the unit: key, url, status, hashes,
                             embedding, `vec_id` (position in the vector files; null unless status ok)
    shard-00000.json         written last: the shard is complete (resume skips it)
    shard-00000.hash.faiss   faiss IndexBinaryFlat over the 128-bit pHash+dHash
    shard-00000.emb.faiss    faiss IndexFlatIP over the unit embeddings (with --embedding-model)

Shards are written to a temporary name and renamed, so an interrupted build never leaves a shard that
looks complete. Search loads one shard at a time, so memory holds one unit, not the dataset.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from auditor.errors import InputError
from auditor.index.hashing import HASH_BITS

INDEX_DIR = "index"
FORMAT_VERSION = 1
#: rows per parquet row group: a query reads only the groups holding its candidates, not the shard
ROW_GROUP = 4096


def shard_schema(dim: int | None) -> pa.Schema:
    fields = [("key", pa.string()), ("source_file", pa.string()), ("row_index", pa.int64()),
              ("url", pa.string()), ("index_status", pa.string()), ("image_sha256", pa.string()),
              ("phash", pa.binary(8)), ("dhash", pa.binary(8)), ("vec_id", pa.int64()),
              ("exif_artist", pa.string()), ("exif_copyright", pa.string())]
    if dim:
        fields.append(("embedding", pa.list_(pa.float32(), dim)))
    return pa.schema(fields)


def index_dir(run_dir: Path) -> Path:
    return Path(run_dir) / INDEX_DIR


def _atomic(path: Path, write) -> None:
    tmp = path.with_name(path.name + ".tmp")
    write(str(tmp))
    os.replace(tmp, path)


def write_shard(root: Path, name: str, table: pa.Table, codes: np.ndarray, vectors: np.ndarray | None,
                info: dict[str, Any]) -> None:
    """Write one unit: parquet, the faiss files, then its completion record."""
    import faiss

    pq.write_table(table, str(root / f"{name}.parquet.tmp"), row_group_size=ROW_GROUP)
    os.replace(root / f"{name}.parquet.tmp", root / f"{name}.parquet")
    hidx = faiss.IndexBinaryFlat(HASH_BITS)
    if len(codes):
        hidx.add(np.ascontiguousarray(codes, np.uint8))
    _atomic(root / f"{name}.hash.faiss", lambda p: faiss.write_index_binary(hidx, p))
    if vectors is not None:
        eidx = faiss.IndexFlatIP(vectors.shape[1])
        if len(vectors):
            eidx.add(np.ascontiguousarray(vectors, np.float32))
        _atomic(root / f"{name}.emb.faiss", lambda p: faiss.write_index(eidx, p))
    _atomic(root / f"{name}.json", lambda p: Path(p).write_text(json.dumps(info, sort_keys=True)))


def shard_done(root: Path, name: str, fingerprint: str) -> dict[str, Any] | None:
    path = root / f"{name}.json"
    if not path.is_file():
        return None
    info = json.loads(path.read_text())
    return info if info.get("fingerprint") == fingerprint else None


@dataclass
class Shard:
    """One unit opened for search: its faiss indexes in memory, its parquet rows read on demand."""

    name: str
    file: pq.ParquetFile
    positions: np.ndarray  # parquet row of each vec_id
    starts: np.ndarray  # first parquet row of each row group
    hash_index: Any
    emb_index: Any | None

    def rows(self, vec_ids: list[int]) -> pa.Table:
        """The parquet rows of `vec_ids`, in that order, reading only the row groups that hold them."""
        pos = self.positions[np.asarray(vec_ids, np.int64)]
        groups = np.searchsorted(self.starts, pos, side="right") - 1
        wanted = np.unique(groups)
        part = self.file.read_row_groups(wanted.tolist())
        offsets = np.zeros(len(self.starts), np.int64)
        sizes = np.diff(np.append(self.starts, self.file.metadata.num_rows))
        offsets[wanted] = np.concatenate([[0], np.cumsum(sizes[wanted])[:-1]])
        return part.take(pa.array(offsets[groups] + pos - self.starts[groups]))


def load_manifest(run_dir: Path) -> dict[str, Any]:
    path = index_dir(run_dir) / "manifest.json"
    if not path.is_file():
        raise InputError("no image index in this run (run `audit index RUN_DIR --images ...` first)",
                         file=str(path))
    manifest = json.loads(path.read_text())
    if manifest.get("format_version") != FORMAT_VERSION:
        raise InputError(f"index format {manifest.get('format_version')} is not {FORMAT_VERSION}", file=str(path))
    return manifest


def load_shard(run_dir: Path, name: str, with_embeddings: bool) -> Shard:
    import faiss

    root = index_dir(run_dir)
    try:
        pf = pq.ParquetFile(root / f"{name}.parquet")
        vec = pf.read(columns=["vec_id"]).column("vec_id").to_numpy(zero_copy_only=False)
        hidx = faiss.read_index_binary(str(root / f"{name}.hash.faiss"))
        eidx = faiss.read_index(str(root / f"{name}.emb.faiss")) if with_embeddings else None
    except (OSError, RuntimeError) as exc:
        raise InputError(f"cannot read index shard {name}: {exc}", file=str(root)) from None
    valid = np.flatnonzero(~np.isnan(vec))
    n = len(valid)
    if hidx.ntotal != n or (eidx is not None and eidx.ntotal != n) or not np.array_equal(
            np.sort(vec[valid]).astype(np.int64), np.arange(n)):
        raise InputError(f"index shard {name}: vector files do not match its parquet", file=str(root))
    positions = np.empty(n, np.int64)
    positions[vec[valid].astype(np.int64)] = valid
    md = pf.metadata
    starts = np.cumsum([0] + [md.row_group(i).num_rows for i in range(md.num_row_groups)])[:-1]
    return Shard(name, pf, positions, starts.astype(np.int64), hidx, eidx)
