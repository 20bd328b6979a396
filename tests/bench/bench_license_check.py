"""Micro benchmark: the license check over 5M LAION-like rows (not a pytest test).

Why: the license check sits on the `audit scan` hot path, which must keep up with >= 50% of raw parquet
read throughput. This script writes a 5M-row parquet file with a realistic LICENSE mix (`?` dominant,
nulls, CC URLs, Wikimedia short names, many distinct copyright notices), then measures in the same run:

  baseline  raw pyarrow reading of the LICENSE column (iter_batches), and
  check     the same reading plus LicenseCheck.run on every batch (plain string and dictionary reads).

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


def make_file(path: Path, rows: int, seed: int = 0) -> None:
    rng = np.random.default_rng(seed)
    notices = np.array([f"© {2000 + i % 24} Photographer {i}" for i in range(5000)], dtype=object)
    common = np.array(COMMON, dtype=object)
    kind = rng.random(rows)
    lic = np.full(rows, "?", dtype=object)
    pick_common = (kind >= 0.90) & (kind < 0.98)
    lic[pick_common] = common[rng.integers(0, len(common), pick_common.sum())]
    pick_notice = kind >= 0.98
    lic[pick_notice] = notices[rng.integers(0, len(notices), pick_notice.sum())]
    mask = (kind >= 0.85) & (kind < 0.90)  # nulls
    hosts = np.array(["i.pinimg.com", "upload.wikimedia.org", "image.shutterstock.com", "c8.alamy.com",
                      "media.gettyimages.com", "farm4.staticflickr.com", "cdn.shopify.com"], dtype=object)
    url = [f"https://{h}/img/{i}.jpg" for i, h in enumerate(hosts[rng.integers(0, len(hosts), rows)])]
    table = pa.table({"license": pa.array(lic, pa.string(), mask=mask), "url": pa.array(url, pa.string())})
    pq.write_table(table, path, row_group_size=1 << 20)


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

        def read(cols, dictionary=False, make_check=None):
            check = make_check() if make_check else None
            if check is not None:  # start-up (data files, SPDX index) is not per-row cost
                check.run(pa.RecordBatch.from_pydict({c: pa.array(["?"]) for c in cols}))
            pf = pq.ParquetFile(path, read_dictionary=cols if dictionary else None)
            in_check = 0.0
            t0 = time.perf_counter()
            for b in pf.iter_batches(batch_size=args.batch, columns=cols):
                if check is not None:
                    t1 = time.perf_counter()
                    out = check.run(b)
                    in_check += time.perf_counter() - t1
                    assert out.num_rows == b.num_rows
            return time.perf_counter() - t0, in_check

        r = args.repeats
        results = {
            "baseline read license": best_of(r, lambda: read(["license"])),
            "read + license check (string)": best_of(r, lambda: read(["license"], False, LicenseCheck)),
            "read + license check (dictionary)": best_of(r, lambda: read(["license"], True, LicenseCheck)),
            "baseline read url": best_of(r, lambda: read(["url"])),
            "read + hosts check": best_of(r, lambda: read(["url"], False, HostsCheck)),
        }
    print(f"machine: {platform.machine()}, {os.cpu_count()} cpus, python {platform.python_version()}, "
          f"pyarrow {pa.__version__}, rows {args.rows:,}, batch {args.batch:,}, best of {r}")
    for name, (secs, in_check) in results.items():
        base = results["baseline read url" if "url" in name or "hosts" in name else "baseline read license"]
        base = base[0]
        rate = args.rows / secs / 1e6
        check = ""
        if in_check:
            check = f"  check alone {in_check:6.3f} s = {args.rows / in_check / 1e6:6.2f} M rows/s"
        print(f"{name:34s} {secs:6.3f} s {rate:7.2f} M rows/s  ratio vs read {base / secs:4.2f}{check}")


if __name__ == "__main__":
    main()
