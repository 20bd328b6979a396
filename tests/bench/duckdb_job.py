"""The baseline of issue #23: what a user would hand-roll instead of `audit scan --checks license`, in DuckDB.

Reads the file, joins its distinct LICENSE values to our normalizer's answers (computed once, by the real
LicenseCheck, on the distinct values only), extracts each URL's host, flags stock hosts with our agency list, and
writes a signals parquet (one row per input row) and a findings parquet (rows a default-policy reviewer would look
at: no commercial use, unknown license, all rights reserved, stock host). Run as its own process so its wall, CPU
and peak RSS are its own:

    python3 tests/bench/duckdb_job.py FILE.parquet OUT_DIR [--threads 2]
"""

from __future__ import annotations

import argparse
import json
import resource
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from auditor.checks.hosts import stock_host_regex
from auditor.checks.license import LicenseCheck


def run(path: Path, out: Path, threads: int) -> dict:
    t0 = time.perf_counter()
    out.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect()
    con.execute(f"SET threads = {int(threads)}")
    distinct = con.sql(f"SELECT DISTINCT LICENSE FROM read_parquet('{path}')").to_arrow_table()
    values = distinct.column("LICENSE").combine_chunks().cast(pa.string())
    facts = LicenseCheck().run(pa.RecordBatch.from_arrays([values], names=["license"]))
    lic = pa.table({"LICENSE": values, **{n: facts.column(n) for n in ("license_id", "license_family",
                                                                      "license_commercial")}})
    lic = lic.set_column(1, "license_id", lic.column("license_id").cast(pa.string()))
    lic = lic.set_column(2, "license_family", lic.column("license_family").cast(pa.string()))
    con.register("lic", lic)
    regex = stock_host_regex().replace("'", "''")
    con.execute(f"""
        CREATE TEMP VIEW signals AS
        SELECT (row_number() OVER ()) - 1 AS row_index, t.URL AS url,
               lower(regexp_extract(t.URL, '^[A-Za-z][A-Za-z0-9+.-]*://([^/?#:@]+)', 1)) AS host,
               l.license_id, l.license_family, l.license_commercial
        FROM read_parquet('{path}') t LEFT JOIN lic l ON t.LICENSE IS NOT DISTINCT FROM l.LICENSE""")
    con.execute(f"""
        CREATE TEMP TABLE s AS SELECT *, regexp_matches(host, '{regex}') AS copyright_risk_host FROM signals""")
    con.execute(f"COPY s TO '{out / 'signals.parquet'}' (FORMAT parquet)")
    con.execute(f"""COPY (
        SELECT row_index, 'COPYRIGHT-STOCK-HOST' AS rule_id FROM s WHERE copyright_risk_host
        UNION ALL SELECT row_index, 'COPYRIGHT-NC' FROM s WHERE license_commercial = false
        UNION ALL SELECT row_index, 'COPYRIGHT-UNKNOWN' FROM s WHERE license_family IS NULL
                                                                    OR license_family = 'unknown'
        UNION ALL SELECT row_index, 'COPYRIGHT-ALL-RIGHTS-RESERVED' FROM s WHERE license_family = 'all-rights-reserved'
        ) TO '{out / 'findings.parquet'}' (FORMAT parquet)""")
    rows = con.execute("SELECT count(*) FROM s").fetchone()[0]
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return {"rows": rows, "elapsed": time.perf_counter() - t0, "cpu": usage.ru_utime + usage.ru_stime,
            "rss_mb": usage.ru_maxrss / 1024}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("path", type=Path)
    ap.add_argument("out", type=Path)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    print(json.dumps(run(args.path, args.out, args.threads)))


if __name__ == "__main__":
    main()
