"""Benchmark: ConsentCheck rows/s against local origins, vs a naive per-row fetcher (the baseline).

Run: PYTHONPATH=$PWD python3 tests/bench/bench_consent.py [--rows 4000] [--origins 20] [--latency 0.005]

The baseline is what a script without the check's design would do: for every row, sequentially, fetch
robots.txt, tdmrep.json, ai.txt and HEAD the image (httpx, no dedupe). Both run against the same
127.0.0.1 servers, which add `latency` seconds per request to stand in for a real network. The naive run
is timed on a slice of the rows (it is slow) and reported in rows/s like the check.
"""

from __future__ import annotations

import argparse
import platform
import sys
import time
from pathlib import Path

import httpx
import pyarrow as pa

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from auditor.checks.consent import ConsentCheck, ConsentOptions  # noqa: E402
from auditor.net import NetOptions  # noqa: E402
from tests._localhttp import LocalServer, send  # noqa: E402


def _route(latency: float, body: bytes, status: int = 200, **headers: str):
    def handler(h):
        time.sleep(latency)
        send(h, status, body, headers)
    return handler


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=4000)
    ap.add_argument("--origins", type=int, default=20)
    ap.add_argument("--latency", type=float, default=0.005)
    ap.add_argument("--naive-rows", type=int, default=200)
    args = ap.parse_args()

    lat = args.latency
    routes = {"/robots.txt": _route(lat, b"User-agent: GPTBot\nDisallow: /private/\n"),
              "/ai.txt": _route(lat, b"", 404),
              "/.well-known/tdmrep.json": _route(lat, b"", 404)}
    default = _route(lat, b"\xff\xd8\xff", 200, X_Robots_Tag="noindex")
    servers = [LocalServer(routes, default=default) for _ in range(args.origins)]
    for s in servers:
        s.__enter__()
    try:
        # ~2 rows per distinct URL, as in LAION-style data where URLs and hosts repeat
        urls = [servers[(i // 2) % args.origins].url(f"/img/{i // 2}.jpg")
                for i in range(args.rows)]
        batch = pa.RecordBatch.from_pydict({"url": pa.array(urls, pa.string())})
        net = NetOptions(allow_private_network=True, per_host_delay=0.0, per_host_concurrency=4,
                         deadline=10, retries=0)
        check = ConsentCheck(ConsentOptions(net=net))
        t0 = time.perf_counter()
        out = check.run(batch)
        t_check = time.perf_counter() - t0
        described = check.describe()
        check.close()
        assert out.num_rows == args.rows and out.column("consent_status").null_count == 0

        n = min(args.naive_rows, args.rows)
        t0 = time.perf_counter()
        with httpx.Client(trust_env=False, timeout=10) as client:
            for u in urls[:n]:
                origin = u.rsplit("/img/", 1)[0]
                for path in ("/robots.txt", "/.well-known/tdmrep.json", "/ai.txt"):
                    client.get(origin + path)
                client.head(u)
        t_naive = time.perf_counter() - t0
    finally:
        for s in servers:
            s.__exit__(None, None, None)

    check_rate, naive_rate = args.rows / t_check, n / t_naive
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"rows={args.rows} origins={args.origins} distinct_urls={len(set(urls))} latency={lat}s")
    print(f"consent check: {check_rate:,.0f} rows/s ({t_check:.2f} s, {described['requests']} requests)")
    print(f"naive per-row baseline: {naive_rate:,.0f} rows/s ({n} rows in {t_naive:.2f} s, {4 * n} requests)")
    print(f"ratio check/baseline: {check_rate / naive_rate:.1f}x")


if __name__ == "__main__":
    main()
