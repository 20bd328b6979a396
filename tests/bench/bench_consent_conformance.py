"""Benchmark: opt-out conformance and worst-case matcher time, ours vs peers in the same run.

Run: PYTHONPATH=$PWD python3 tests/bench/bench_consent_conformance.py

1. google/robotstxt robots_test.cc (145 IsUserAgentAllowed cases, tests/consent/google_robots_cases.py):
   how many each implementation answers as Google does - ours, Scrapy's protego (test extra) and
   urllib.robotparser - plus ours with the deliberate differences counted as agreeing.
2. Worst-case matcher time on adversarial patterns against a 100 kB path: ours (greedy, linear), and the
   previous matcher (a regex with `.*` per wildcard, the baseline) and protego, each in a subprocess
   killed after --limit seconds, so a backtracking matcher reports "> limit" instead of hanging the run.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import platform
import re
import sys
import time
import urllib.robotparser
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from auditor.consent.patterns import compile_pattern, match  # noqa: E402
from tests.consent.google_robots_cases import CASES, DIFFERENCES  # noqa: E402
from tests.consent.test_robots_google import is_user_agent_allowed  # noqa: E402

HOSTILE = {
    "issue: /*a*a*a*a*a*a*a*a*a*a*b": "/*a*a*a*a*a*a*a*a*a*a*b",
    "30 wildcards then b": "/" + "*a" * 30 + "*b",
    "200 a* then b": "/" + "a*" * 200 + "b",
    "10k * then b$": "/" + "*" * 10_000 + "b$",
    "* then 99 a then b": "/*" + "a" * 99 + "b",
    "* then 20k a then b": "/*" + "a" * 20_000 + "b",
}
PATH = "/" + "a" * 100_000


def _protego(robots: str, agent: str, url: str) -> bool:
    from protego import Protego
    return Protego.parse(robots).can_fetch(url or "http://foo.bar/", agent)


def _urllib(robots: str, agent: str, url: str) -> bool:
    rp = urllib.robotparser.RobotFileParser()
    rp.parse(robots.splitlines())
    return rp.can_fetch(agent, url or "http://foo.bar/")


def conformance() -> dict[str, int]:
    impls = {"ours": is_user_agent_allowed, "urllib.robotparser": _urllib}
    try:
        import protego  # noqa: F401
        impls["protego"] = _protego
    except ImportError:
        print("protego not installed (pip install -e '.[test]'): skipped")
    counts = dict.fromkeys(impls, 0)
    counts["ours, deliberate differences as documented"] = 0
    for name, n, robots, agent, url, expected in CASES:
        for impl, fn in impls.items():
            try:
                got = fn(robots, agent, url)
            except Exception:  # noqa: BLE001 - a peer that raises fails the case
                got = None
            counts[impl] += got is expected
            if impl == "ours":
                counts["ours, deliberate differences as documented"] += (got is expected) != ((name, n) in DIFFERENCES)
    return counts


def _old_regex(pattern: str, path: str) -> bool:
    """The matcher this project had before (one `.*` per wildcard, Python re): the baseline."""
    anchored = pattern.endswith("$")
    body = pattern[:-1] if anchored else pattern
    rx = re.compile(".*".join(re.escape(p) for p in body.split("*")) + (r"\Z" if anchored else ""), re.DOTALL)
    return rx.match(path) is not None


def _protego_match(pattern: str, path: str) -> bool:
    from protego import Protego
    return not Protego.parse(f"User-agent: *\nDisallow: {pattern}\n").can_fetch("http://x" + path, "bot")


def _timed(kind: str, pattern: str, q) -> None:
    fn = {"old": _old_regex, "protego": _protego_match}[kind]
    started = time.perf_counter()
    fn(pattern, PATH)
    q.put(time.perf_counter() - started)


def in_subprocess(kind: str, pattern: str, limit: float) -> float | None:
    q: mp.Queue = mp.Queue()
    p = mp.Process(target=_timed, args=(kind, pattern, q), daemon=True)
    p.start()
    p.join(limit)
    if p.is_alive():
        p.kill()
        p.join()
        return None
    return q.get() if not q.empty() else None


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--limit", type=float, default=10.0, help="seconds before a peer matcher is killed")
    args = ap.parse_args()
    print(f"machine: {platform.machine()} {platform.processor() or ''} python {platform.python_version()}")
    print(f"google/robotstxt robots_test.cc: {len(CASES)} IsUserAgentAllowed cases, "
          f"{len(DIFFERENCES)} documented differences")
    for impl, n in conformance().items():
        print(f"  {impl:45s} {n:4d}/{len(CASES)}")
    print(f"worst-case match time, path of {len(PATH) - 1:,} octets (peers killed after {args.limit:.0f} s):")
    worst = 0.0
    for label, pattern in HOSTILE.items():
        compiled = compile_pattern(pattern)
        started = time.perf_counter()
        match(compiled, PATH)
        ours = time.perf_counter() - started
        worst = max(worst, ours)
        cells = []
        for kind in ("old", "protego"):
            t = in_subprocess(kind, pattern, args.limit)
            ratio = f" ({t / ours:,.0f}x ours)" if t is not None and ours else ""
            shown = f"> {args.limit:.0f} s" if t is None else f"{t:.4f} s{ratio}"
            cells.append(f"{kind} {shown}")
        print(f"  {label:32s} ours {ours * 1000:8.3f} ms | " + " | ".join(cells))
    print(f"worst case, ours: {worst * 1000:.3f} ms")


if __name__ == "__main__":
    main()
