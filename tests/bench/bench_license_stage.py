"""License stage before/after: this tree against a baseline tree, 1M LAION-like rows, same run.

Why: issue 14 added Unicode clean-up, more named licenses and multi-license choices to the normalizer;
the license stage of a scan must be no slower than before. The stage's cost is the normalization of
each distinct value plus per-batch gathers, so this times LicenseCheck.run over every batch of the file
written by bench_license_check.make_file (LICENSE column: `?` dominant, CC URLs and names, 5000 distinct
copyright notices), read as plain strings and as a parquet dictionary.

Each tree runs in its own subprocess (PYTHONPATH=tree), alternating, `--rounds` times; each subprocess
reports the best of `--repeats` (a fresh LicenseCheck each time, so every distinct value is normalized
again) as process CPU time and wall time, plus the one-time start-up of the first non-ASCII value (data
files, TR39 table). On a machine shared with other jobs, CPU time is the steadier figure.

Run:  python tests/bench/bench_license_stage.py --baseline /path/to/checkout/of/main [--rows 1000000]
      (e.g. `git archive fbf456d | tar -x -C /tmp/main-tree`)
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve()
TREE = HERE.parents[2]


def measure(path: Path, repeats: int) -> dict:
    """In a subprocess whose PYTHONPATH is the tree under test."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from auditor.checks.license import LicenseCheck
    from auditor.checks.license_normalize import normalize_one

    t0 = time.perf_counter()
    normalize_one("© 2015 Jane Doe, CC BY 2.0")  # first non-ASCII value: loads data files and tables
    out: dict = {"startup_s": time.perf_counter() - t0}
    t0 = time.perf_counter()
    normalize_one("CC BY-N\u0421 4.0")  # first look-alike letter: loads the TR39 table (this tree)
    out["lookalike_s"] = time.perf_counter() - t0
    for mode in ("string", "dictionary"):
        best = (float("inf"), float("inf"))
        for _ in range(repeats):
            check = LicenseCheck()
            check.run(pa.RecordBatch.from_pydict({"license": pa.array(["?"])}))
            pf = pq.ParquetFile(path, read_dictionary=["LICENSE"] if mode == "dictionary" else None)
            batches = [b.rename_columns(["license"]) for b in pf.iter_batches(batch_size=1 << 17, columns=["LICENSE"])]
            c0, w0 = time.process_time(), time.perf_counter()
            for b in batches:
                check.run(b)
            best = min(best, (time.process_time() - c0, time.perf_counter() - w0))
        out[mode] = {"cpu_s": best[0], "wall_s": best[1]}
    return out


def run_tree(tree: Path, path: Path, repeats: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(tree)}
    proc = subprocess.run([sys.executable, str(HERE), "--measure", str(path), "--repeats", str(repeats)],
                          env=env, capture_output=True, text=True, check=True, cwd=tempfile.gettempdir())
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--baseline", type=Path, help="a checkout of the baseline commit")
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--repeats", type=int, default=5)
    ap.add_argument("--measure", type=Path, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure, args.repeats)))
        return
    if args.baseline is None:
        ap.error("--baseline is required")
    sys.path.insert(0, str(HERE.parent))
    from bench_license_check import make_file

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "laion-like.parquet"
        make_file(path, args.rows)
        runs: dict[str, list[dict]] = {"baseline": [], "this tree": []}
        for _ in range(args.rounds):
            runs["baseline"].append(run_tree(args.baseline, path, args.repeats))
            runs["this tree"].append(run_tree(TREE, path, args.repeats))
    best = {name: {"startup_s": min(r["startup_s"] for r in rs), "lookalike_s": min(r["lookalike_s"] for r in rs),
                   **{m: {k: min(r[m][k] for r in rs) for k in ("cpu_s", "wall_s")} for m in ("string", "dictionary")}}
            for name, rs in runs.items()}
    print(f"rows {args.rows:,}, best of {args.rounds} rounds x {args.repeats} repeats, {os.cpu_count()} cpus")
    for mode in ("string", "dictionary"):
        b, t = best["baseline"][mode], best["this tree"][mode]
        print(f"license stage ({mode:10s}) baseline cpu {b['cpu_s']:.3f} s wall {b['wall_s']:.3f} s | "
              f"this tree cpu {t['cpu_s']:.3f} s wall {t['wall_s']:.3f} s | ratio cpu {b['cpu_s'] / t['cpu_s']:.2f} "
              f"wall {b['wall_s'] / t['wall_s']:.2f} (>1: this tree faster)")
    print(f"start-up (first value, '© ... CC BY 2.0'): baseline {best['baseline']['startup_s']:.3f} s, "
          f"this tree {best['this tree']['startup_s']:.3f} s; then first look-alike letter (TR39 table): "
          f"baseline {best['baseline']['lookalike_s']:.3f} s, this tree {best['this tree']['lookalike_s']:.3f} s")


if __name__ == "__main__":
    main()
