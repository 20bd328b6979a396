#!/usr/bin/env bash
# Every benchmark of tests/bench, one after the other; each prints one line per figure.
# Heavy (5M-row files, PII on 50k captions, Ray): run on an otherwise idle machine, then record the
# figures and the machine in tests/bench/RESULTS.md. Usage: bash tests/bench/run_all.sh
set -uo pipefail
cd "$(dirname "$0")/../.."
export PYTHONPATH="$PWD${PYTHONPATH:+:$PYTHONPATH}"
status=0
run() {
  local script="tests/bench/$1"; shift
  echo "== $script $*"
  if [ ! -f "$script" ]; then echo "skipped: $script is not in this build"; return; fi
  python3 "$script" "$@" || { echo "FAILED: $script"; status=1; }
}
run bench_scan.py                 # 1. metadata scan vs raw read, 1M and 5M rows
run bench_pii.py                  # 2. PII stage vs presidio's per-caption loop
run bench_faces.py                # 3. faces stage vs naive imread+detect loop
run bench_rss.py                  # 4. peak RSS: 1M/5M metadata, 10k/50k PII
run bench_engines.py              # 5. local vs Ray engine: wall ratio, output equality
exit $status
