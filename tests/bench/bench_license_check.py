"""Micro benchmark: the license and hosts checks over 5M LAION-like rows (not a pytest test).

Why: both checks sit on the `audit scan` hot path, which must keep up with >= 50% of raw parquet read
throughput. This script writes a 5M-row parquet file (unique URLs over a Zipf mix of hosts, unique
captions, LICENSE with `?` dominant, nulls, CC URLs, Wikimedia short names, 5000 distinct copyright
notices), then measures in the same run, best of N:

  baseline  raw pyarrow reading (iter_batches) of LICENSE, of URL, and of URL+TEXT+LICENSE;
  checks    the same reading plus LicenseCheck.run / HostsCheck.run on every batch (plain string and
            dictionary reads for LICENSE), and the time spent inside the checks alone.

Run:  PYTHONPATH=$PWD python3 tests/bench/bench_license_check.py [--rows 5000000]
"""

from __future__ import annotations

import argparse
import os
import platform
import tempfile
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from auditor.checks.hosts import HostsCheck
from auditor.checks.license import LicenseCheck

COMMON = [
    "http://creativecommons.org/licenses/by/2.0/", "https://creativecommons.org/licenses/by-sa/4.0/",
    "http://creativecommons.org/licenses/by-nc-sa/2.0/", "http://creativecommons.org/licenses/by-nc/3.0/us/",
    "CC BY-SA 4.0", "CC BY-SA 3.0", "CC BY 2.0", "Public domain", "PD-US", "CC0", "cc-by-nc-4.0",
    "All rights reserved", "GFDL-1.2", "unknown", "None", "",
    "https://creativecommons.org/publicdomain/zero/1.0/", "Attribution-NonCommercial 4.0 International",
]


HOSTS = ["i.pinimg.com", "cdn.shopify.com", "thumbs.dreamstime.com", "rlv.zcache.com", "i.ytimg.com",
         "ecx.images-amazon.com", "st.depositphotos.com", "image.shutterstock.com", "upload.wikimedia.org",
         "images.fineartamerica.com", "i0.wp.com", "c8.alamy.com", "media.gettyimages.com"]
WORDS = "the a photo of red blue man woman dog cat house city beach sunset vintage poster art print".split()


def make_file(path: Path, rows: int, seed: int = 0, chunk: int = 1 << 20) -> None:
    """LAION-like rows, written in 1M-row groups so generation memory stays bounded."""
    rng = np.random.default_rng(seed)
    notices = np.array([f"© {2000 + i % 24} Photographer {i}" for i in range(5000)], dtype=object)
    common = np.array(COMMON, dtype=object)
    hosts = np.array(HOSTS + [f"img{i}.example{i % 977}.com" for i in range(20_000)], dtype=object)
    words = np.array(WORDS, dtype=object)
    writer = None
    for lo in range(0, rows, chunk):
        m = min(chunk, rows - lo)
        kind = rng.random(m)
        lic = np.full(m, "?", dtype=object)
        pick = (kind >= 0.90) & (kind < 0.98)
        lic[pick] = common[rng.integers(0, len(common), pick.sum())]
        pick = kind >= 0.98
        lic[pick] = notices[rng.integers(0, len(notices), pick.sum())]
        host = hosts[np.minimum(rng.zipf(1.3, m) - 1, len(hosts) - 1)]
        w = words[rng.integers(0, len(words), (m, 6))]
        ids = np.arange(lo, lo + m)
        url = [f"https://{h}/images/{i:x}/{a}-{b}-{i}.jpg" for h, i, a, b in zip(host, ids, w[:, 0], w[:, 1])]
        text = [f"{a} {b} {c} {d} {e} {f} {i}" for (a, b, c, d, e, f), i in zip(w, ids)]
        table = pa.table({"URL": pa.array(url), "TEXT": pa.array(text),
                          "LICENSE": pa.array(lic, pa.string(), mask=(kind >= 0.85) & (kind < 0.90))})
        if writer is None:
            writer = pq.ParquetWriter(path, table.schema)
        writer.write_table(table)
    writer.close()


CANONICAL = {"URL": "url", "TEXT": "caption", "LICENSE": "license"}
BASELINE_OF = {
    "read + license check (string)": "baseline read LICENSE",
    "read + license check (dictionary)": "baseline read LICENSE",
    "read + hosts check": "baseline read URL",
    "read 3 cols + license + hosts": "baseline read URL,TEXT,LICENSE",
}


def best_of(repeats: int, fn) -> tuple[float, float]:
    """(wall s, s inside check.run) of the fastest of `repeats` runs: the machine is shared."""
    runs = [fn() for _ in range(repeats)]
    return min(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=5_000_000)
    ap.add_argument("--batch", type=int, default=1 << 17)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "laion-like.parquet"
        make_file(path, args.rows)

        def read(cols, dictionary=False, *makers):
            checks = [make() for make in makers]
            for check in checks:  # start-up (data files, SPDX index) is not per-row cost
                check.run(pa.RecordBatch.from_pydict({CANONICAL[c]: pa.array(["?"]) for c in cols}))
            pf = pq.ParquetFile(path, read_dictionary=cols if dictionary else None)
            in_check = 0.0
            t0 = time.perf_counter()
            for b in pf.iter_batches(batch_size=args.batch, columns=cols):
                b = b.rename_columns([CANONICAL[c] for c in b.schema.names])
                for check in checks:
                    t1 = time.perf_counter()
                    out = check.run(b)
                    in_check += time.perf_counter() - t1
                    assert out.num_rows == b.num_rows
            return time.perf_counter() - t0, in_check

        r = args.repeats
        lic, url, three = ["LICENSE"], ["URL"], ["URL", "TEXT", "LICENSE"]
        results = {
            "baseline read LICENSE": best_of(r, lambda: read(lic)),
            "read + license check (string)": best_of(r, lambda: read(lic, False, LicenseCheck)),
            "read + license check (dictionary)": best_of(r, lambda: read(lic, True, LicenseCheck)),
            "baseline read URL": best_of(r, lambda: read(url)),
            "read + hosts check": best_of(r, lambda: read(url, False, HostsCheck)),
            "baseline read URL,TEXT,LICENSE": best_of(r, lambda: read(three)),
            "read 3 cols + license + hosts": best_of(r, lambda: read(three, False, LicenseCheck, HostsCheck)),
        }
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, python {platform.python_version()}, "
          f"pyarrow {pa.__version__}, rows {args.rows:,}, batch {args.batch:,}, best of {r}")
    for name, (secs, in_check) in results.items():
        base = results[BASELINE_OF.get(name, name)][0]
        rate = args.rows / secs / 1e6
        check = ""
        if in_check:
            check = f"  check alone {in_check:6.3f} s = {args.rows / in_check / 1e6:6.2f} M rows/s"
        print(f"{name:34s} {secs:6.3f} s {rate:7.2f} M rows/s  ratio vs read {base / secs:4.2f}{check}")


if __name__ == "__main__":
    main()
