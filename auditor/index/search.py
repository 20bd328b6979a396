"""Search the sharded index: each shard searched with faiss, candidates merged into one top-k.

Why faiss (faiss-cpu, MIT) and flat indexes: attribution needs *every* near-duplicate found (recall 1.0,
a missed CC-BY-NC source is a missed risk), queries are few (a handful of generated images), and an
exact flat scan of one shard is a few milliseconds per million rows with faiss's SIMD popcount/GEMM
kernels - see tests/bench/RESULTS.md. Approximate graphs (HNSW in faiss or usearch) would trade recall
for speed we do not need, and cost build time and memory per shard. Shards bound memory: one is loaded,
searched and dropped at a time.

Per shard, the top-k by Hamming and (when embeddings exist) the top-k by cosine are united; each
candidate gets both measures, a verdict band, and the global top-k is kept by (band, similarity).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from auditor.index.store import load_manifest, load_shard

#: bands on the 128-bit pHash+dHash distance; calibrated on tests/index/imageset.py (edited copies of
#: 10 photos: 0-27 except a star field's crop/overlay at 36-38; unrelated photos: 43 and more; random 64)
HAMMING_BANDS = {"near_duplicate": 30, "strongly_similar": 40, "weak": 46}
BANDS = ("near_duplicate", "strongly_similar", "weak")
RANK = {"near_duplicate": 0, "strongly_similar": 1, "weak": 2, None: 3}


@dataclass
class Match:
    key: str
    url: str | None
    source_file: str
    row_index: int
    hamming: int
    cosine: float | None
    band: str | None
    by: list[str] = field(default_factory=list)
    exif_artist: str | None = None
    exif_copyright: str | None = None


def hamming_band(d: int) -> str | None:
    return next((b for b in BANDS if d <= HAMMING_BANDS[b]), None)


def cosine_band(c: float | None, bands: dict[str, float]) -> str | None:
    if c is None:
        return None
    return next((b for b in BANDS if c >= bands[b]), None)


def _band(h: int, c: float | None, bands: dict[str, float] | None) -> tuple[str | None, list[str]]:
    """The strongest band either measure gives, and which measure(s) gave it."""
    hb = hamming_band(h)
    cb = cosine_band(c, bands) if bands else None
    best = min((hb, cb), key=RANK.__getitem__)
    by = [m for m, b in (("hash", hb), ("embedding", cb)) if b is not None and b == best]
    return best, by


def faiss_settings() -> None:
    """One OpenMP thread and BLAS from the first query: a query batch is a handful of generated images
    against one 65,536-row shard at a time, where faiss's thread start-up and its per-query non-BLAS
    inner-product loop cost more than they save (measured in tests/bench/bench_index.py: 1 thread made
    a 262k-row Hamming search ~50x faster on the loaded 2-core machine)."""
    import faiss

    faiss.omp_set_num_threads(1)
    faiss.cvar.distance_compute_blas_threshold = 1


class IndexSearcher:
    def __init__(self, run_dir: Path) -> None:
        faiss_settings()
        self.run_dir = Path(run_dir)
        self.manifest = load_manifest(self.run_dir)
        enc = self.manifest.get("encoder")
        self.bands = enc["bands"] if enc else None

    @property
    def has_embeddings(self) -> bool:
        return self.manifest.get("encoder") is not None

    def search(self, codes: np.ndarray, vectors: np.ndarray | None, k: int) -> list[list[Match]]:
        """Top-k matches for each query (codes: (q, 16) uint8; vectors: (q, dim) unit float32 or None)."""
        use_emb = vectors is not None and self.has_embeddings
        best: list[list[Match]] = [[] for _ in range(len(codes))]
        for info in self.manifest["shards"]:
            if not info["vectors"]:
                continue
            shard = load_shard(self.run_dir, info["name"], use_emb)
            kk = min(k, info["vectors"])
            _, hid = shard.hash_index.search(np.ascontiguousarray(codes, np.uint8), kk)
            eid = shard.emb_index.search(np.ascontiguousarray(vectors, np.float32), kk)[1] if use_emb else None
            for q in range(len(codes)):
                cand = set(int(i) for i in hid[q] if i >= 0)
                if eid is not None:
                    cand |= {int(i) for i in eid[q] if i >= 0}
                best[q] = _merge(best[q], _score(shard, sorted(cand), codes[q],
                                                 vectors[q] if use_emb else None, self.bands), k)
        return best


def _score(shard, ids: list[int], code: np.ndarray, vec: np.ndarray | None, bands) -> list[Match]:
    from auditor.index.hashing import hamming

    sub = shard.rows(ids)
    ph = np.frombuffer(b"".join(sub.column("phash").to_pylist()), np.uint8).reshape(-1, 8)
    dh = np.frombuffer(b"".join(sub.column("dhash").to_pylist()), np.uint8).reshape(-1, 8)
    dist = hamming(np.concatenate([ph, dh], axis=1), code)
    cos = None
    if vec is not None:
        emb = np.asarray(sub.column("embedding").combine_chunks().flatten()).reshape(len(ids), -1)
        cos = emb @ vec
    rows = sub.select(["key", "url", "source_file", "row_index", "exif_artist", "exif_copyright"]).to_pylist()
    out = []
    for i, r in enumerate(rows):
        c = float(np.clip(cos[i], -1, 1)) if cos is not None else None
        band, by = _band(int(dist[i]), c, bands)
        out.append(Match(r["key"], r["url"], r["source_file"], r["row_index"], int(dist[i]), c, band, by,
                         r["exif_artist"], r["exif_copyright"]))
    return out


def _order(m: Match) -> tuple:
    return (RANK[m.band], -(m.cosine if m.cosine is not None else -2.0), m.hamming, m.key)


def _merge(a: list[Match], b: list[Match], k: int) -> list[Match]:
    return sorted(a + b, key=_order)[:k]


def describe(searcher: IndexSearcher) -> dict[str, Any]:
    return {"hamming_bands": HAMMING_BANDS, "cosine_bands": searcher.bands,
            "rows": searcher.manifest["rows"], "shards": len(searcher.manifest["shards"])}
