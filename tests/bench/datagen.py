"""Generate LAION-style parquet files for benchmarks: unique URLs and captions, realistic licenses.

Tiling a small sample makes reading unrealistically cheap (dictionary pages and compression love
repeats), so every URL and caption here is unique, like real LAION shards. Real captions and hosts from
the 10k LAION sample seed the vocabulary.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

CC = "https://creativecommons.org/"
LICENSE_MIX = [  # (value, weight): '?' dominates, as in LAION-5B's LICENSE column
    ("?", 0.90), (CC + "licenses/by/2.0/", 0.02), (CC + "licenses/by-sa/2.0/", 0.015),
    (CC + "licenses/by-nc/2.0/", 0.015), (CC + "licenses/by-nc-sa/2.0/", 0.015),
    (CC + "licenses/by-nc-nd/2.0/", 0.01), (CC + "licenses/by-nd/2.0/", 0.005),
    (CC + "publicdomain/zero/1.0/", 0.005), ("CC BY-SA 4.0", 0.005),
    ("http://creativecommons.org/licenses/by/3.0/us/", 0.005), ("All rights reserved", 0.005),
    ("Public domain", 0.004), ("CC BY-SA 3.0", 0.002),
]
NSFW = [("UNLIKELY", 0.93), ("UNSURE", 0.05), ("NSFW", 0.02)]


def _choice(rng, pairs, n):
    values = pa.array([v for v, _ in pairs])
    w = np.array([p for _, p in pairs])
    return pc.take(values, pa.array(rng.choice(len(pairs), size=n, p=w / w.sum())))


def generate(out: Path, rows: int, seed: int = 0, laion_sample: Path | None = None, chunk: int = 500_000) -> Path:
    rng = np.random.default_rng(seed)
    words = ["photo", "of", "the", "a", "red", "blue", "vintage", "dress", "wedding", "cat", "dog", "house",
             "beach", "sunset", "logo", "poster", "shirt", "mug", "for", "with", "in", "new", "art", "print"]
    hosts = ["i.pinimg.com", "cdn.shopify.com", "images.example.com", "upload.wikimedia.org",
             "image.shutterstock.com", "media.gettyimages.com", "i.ebayimg.com", "live.staticflickr.com"]
    if laion_sample is not None and laion_sample.is_file():
        t = pq.read_table(laion_sample)
        text = " ".join(t.column("TEXT").drop_null().to_pylist()[:3000])
        words = sorted({w for w in text.split() if w.isalpha() and len(w) < 12})[:4000] or words
        found = pc.extract_regex(t.column("URL").drop_null().combine_chunks(), r"^https?://(?P<h>[^/:]+)")
        hosts = sorted(set(found.field("h").drop_null().to_pylist()))[:2000] or hosts
    words_arr, hosts_arr = pa.array(words), pa.array(hosts)
    schema = pa.schema([("URL", pa.string()), ("TEXT", pa.string()), ("LICENSE", pa.string()),
                        ("NSFW", pa.string()), ("similarity", pa.float64()), ("WIDTH", pa.int64()),
                        ("HEIGHT", pa.int64())])
    with pq.ParquetWriter(out, schema, compression="snappy") as writer:
        for start in range(0, rows, chunk):
            n = min(chunk, rows - start)
            ids = pc.cast(pa.array(np.arange(start, start + n) * 7919 + seed), pa.string())
            host = pc.take(hosts_arr, pa.array(rng.integers(0, len(hosts), n)))
            url = pc.binary_join_element_wise("https://", host, "/img/", ids, "/",
                                              pc.take(words_arr, pa.array(rng.integers(0, len(words), n))),
                                              ".jpg", "")
            parts = [pc.take(words_arr, pa.array(rng.integers(0, len(words), n))) for _ in range(6)]
            text = pc.binary_join_element_wise(*parts, ids, " ")
            writer.write_table(pa.table({
                "URL": url, "TEXT": text, "LICENSE": _choice(rng, LICENSE_MIX, n), "NSFW": _choice(rng, NSFW, n),
                "similarity": pa.array(rng.uniform(0.28, 0.45, n)),
                "WIDTH": pa.array(rng.integers(200, 2000, n)), "HEIGHT": pa.array(rng.integers(200, 2000, n)),
            }, schema=schema), row_group_size=chunk)
    return out


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("out", type=Path)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--laion-sample", type=Path, default=None)
    args = ap.parse_args()
    generate(args.out, args.rows, laion_sample=args.laion_sample)
