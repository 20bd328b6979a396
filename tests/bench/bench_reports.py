"""Benchmark: the per-row costs this area adds to a scan - the --sample mask and --waivers matching.

Not a pytest test. Run:  PYTHONPATH=$PWD python3 tests/bench/bench_reports.py [--rows 2000000]

Measured in the same run on the same generated keys/findings:
- sampling baseline: pandas' C siphash (`pd.util.hash_array`) over the keys, the usual way to hash
  strings in bulk, plus the comparison with the rate; vs auditor.sampling (numpy FNV-1a per byte
  position + splitmix64) over the same keys;
- waiver baseline: a Python loop that tests each finding against each waiver (rule, key set, fnmatch
  glob, domain suffix); vs auditor.waivers.match.split_findings (Arrow kernels).
"""

from __future__ import annotations

import argparse
import datetime as dt
import fnmatch
import time

import numpy as np
import pandas as pd
import pyarrow as pa

from auditor.policy.evaluate import FINDINGS_SCHEMA
from auditor.sampling import key_uniform
from auditor.waivers.match import split_findings
from auditor.waivers.models import Waiver


def timed(fn):
    start = time.perf_counter()
    out = fn()
    return time.perf_counter() - start, out


def bench_sampling(n: int) -> None:
    keys = pa.array([f"part-{i % 64:05d}.parquet#{i}" for i in range(n)])
    obj = np.array(keys.to_pylist(), dtype=object)
    t_base, base = timed(lambda: (pd.util.hash_array(obj, hash_key="0123456789abcdef") >> np.uint64(11))
                         .astype(np.float64) / float(1 << 53) < 0.01)
    t_ours, u = timed(lambda: key_uniform(keys, seed=1) < 0.01)
    print(f"sampling mask, {n:,} keys: baseline pandas hash_array {t_base:.2f} s ({n / t_base / 1e6:.1f} M/s, "
          f"{base.sum():,} chosen); auditor.sampling {t_ours:.2f} s ({n / t_ours / 1e6:.1f} M/s, {u.sum():,} chosen); "
          f"ratio {t_base / t_ours:.2f}")


def bench_waivers(n: int) -> None:
    rng = np.random.default_rng(0)
    hosts = np.array(["www.shutterstock.com", "stock.adobe.com", "cdn.example.com", "images.example.org"])
    host = hosts[rng.integers(0, len(hosts), n)]
    keys = [f"part.parquet#{i}" for i in range(n)]
    urls = [f"https://{h}/img/{i}.jpg" for i, h in enumerate(host)]
    rules = np.where(rng.random(n) < 0.5, "COPYRIGHT-STOCK-HOST", "COPYRIGHT-LICENSE-UNKNOWN")
    dict_rule = pa.array(rules.tolist()).dictionary_encode()
    dict_rule = pa.DictionaryArray.from_arrays(dict_rule.indices.cast(pa.int32()), dict_rule.dictionary)
    dict_other = pa.DictionaryArray.from_arrays(pa.array(np.zeros(n, np.int32)), pa.array(["x"]))
    findings = pa.Table.from_arrays([pa.array(keys), dict_rule, dict_other, dict_other, dict_other,
                                     pa.array(["{}"] * n)], schema=FINDINGS_SCHEMA)
    d = dt.date(2026, 1, 1)
    waivers = [Waiver(id="K", rule="COPYRIGHT-STOCK-HOST", keys=keys[: n // 100], reason="license_acquired",
                      approved_by="x", date=d),
               Waiver(id="G", rule="COPYRIGHT-STOCK-HOST", url_glob="https://stock.adobe.com/*",
                      reason="license_acquired", approved_by="x", date=d),
               Waiver(id="D", rule="COPYRIGHT-LICENSE-UNKNOWN", domain="example.org", reason="false_positive",
                      approved_by="x", date=d)]

    def python_loop():
        key_sets = [set(w.keys or ()) for w in waivers]
        waived = 0
        for k, u, h, r in zip(keys, urls, host, rules, strict=True):
            for w, ks in zip(waivers, key_sets, strict=True):
                if r != w.rule:
                    continue
                if (k in ks or (w.url_glob and fnmatch.fnmatchcase(u, w.url_glob))
                        or (w.domain and (h == w.domain or h.endswith("." + w.domain)))):
                    waived += 1
                    break
        return waived

    t_base, base = timed(python_loop)
    url_arr, host_arr = pa.array(urls), pa.array(host.tolist())
    t_ours, (_, waived, _) = timed(lambda: split_findings(findings, url_arr, host_arr, waivers))
    assert waived.num_rows == base, (waived.num_rows, base)
    print(f"waivers, {n:,} findings x 3 waivers: baseline Python loop {t_base:.2f} s ({n / t_base / 1e6:.2f} M/s); "
          f"split_findings {t_ours:.2f} s ({n / t_ours / 1e6:.2f} M/s); {base:,} waived; ratio {t_base / t_ours:.1f}")


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=2_000_000)
    args = parser.parse_args()
    bench_sampling(args.rows)
    bench_waivers(args.rows)
