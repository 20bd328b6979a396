"""One scan, start to finish: policy, plan, engine, outputs, accounting, gate.

Order matters: the policy and every input's schema are validated before a row is read, and the
accounting (rows in == rows out, per file) is checked before the verdict, because a gate that passes on
a run that lost rows is worse than no gate.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from auditor.aggregate import ExampleCollector, RunCounts
from auditor.config import ScanConfig
from auditor.engines.local import LocalEngine, signals_schema
from auditor.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_USAGE, ConfigError
from auditor.plan import make_plan
from auditor.policy.evaluate import FINDINGS_SCHEMA
from auditor.policy.session import PolicySession
from auditor.progress import scan_progress
from auditor.report.render import render_reports
from auditor.scan_hooks import ScanHooks
from auditor.sinks import AtomicParquetWriter, write_json_atomic
from auditor.summary import FileHasher, build_summary

SIGNALS_FILE = "signals.parquet"
FINDINGS_FILE = "findings.parquet"
EXAMPLES_FILE = "examples.parquet"
SUMMARY_FILE = "summary.json"


@dataclass
class ScanResult:
    out_dir: Path
    summary: dict[str, Any]
    exit_code: int


def prepare_out_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    if (path / SUMMARY_FILE).exists() or (path / SIGNALS_FILE).exists():
        raise ConfigError("output directory already holds a run; choose another --out", file=str(path))
    return path


def run_scan(config: ScanConfig) -> ScanResult:
    started = time.perf_counter()
    policy = PolicySession.load_policy(config.policies)
    plan = make_plan(config)
    session = PolicySession.for_checks(policy, plan.checks, fail_on=config.fail_on)
    hooks = ScanHooks.build(config, plan, session, config.out_dir)  # --sample / --waivers (auditor.scan_hooks)
    out_dir = prepare_out_dir(config.out_dir)
    hasher = FileHasher(plan.files)
    counts = RunCounts()
    examples = ExampleCollector()
    signals_writer = AtomicParquetWriter(out_dir / SIGNALS_FILE, signals_schema(plan.checks))
    findings_writer = AtomicParquetWriter(out_dir / FINDINGS_FILE, FINDINGS_SCHEMA)

    def on_output(batch, signals, findings) -> None:
        findings = hooks.after(batch, signals, findings)
        signals_writer.write(signals)
        for chunk in findings.to_batches():
            findings_writer.write(chunk)
        counts.add(signals, findings)
        examples.add(batch, signals, findings)

    with scan_progress(plan.total_rows, quiet=config.quiet) as advance:
        engine = LocalEngine(plan, hooks.evaluate, on_output, advance, batch_size=config.batch_size)
        engine.processor.sampler = hooks.sampler
        try:
            engine.run()
        except BaseException:
            signals_writer.abort()
            findings_writer.abort()
            hooks.abort()
            raise
    signals_writer.close()
    findings_writer.close()
    hooks.close()
    pq.write_table(examples.table(), out_dir / EXAMPLES_FILE)

    rows_in = {s.file.path: (s.num_rows() if s.num_rows() is not None else s.rows_read) for s in plan.streams}
    gate = session.gate(session.counts.rows)  # rows the rules saw (the sample, if any)
    elapsed = time.perf_counter() - started
    summary = build_summary(
        command_line=config.command_line, files=plan.files, hashes=hasher.result(), rows_in=rows_in,
        counts=counts, file_errors=[e.as_dict() for e in plan.file_errors],
        check_failures=[f.as_dict() for f in engine.processor.failures.values()],
        checks={c.name: c.describe() for c in plan.checks}, policy=session.describe(), gate=gate,
        elapsed_s=elapsed, profile_by_file={s.file.path: s.profile.name for s in plan.streams},
    )
    hooks.annotate(summary)
    summary["exit_code"] = _exit_code(summary)
    write_json_atomic(out_dir / SUMMARY_FILE, summary)
    render_reports(out_dir, show_pii=config.show_pii, summary_md=config.summary_md)
    return ScanResult(out_dir=out_dir, summary=summary, exit_code=summary["exit_code"])


def _exit_code(summary: dict[str, Any]) -> int:
    """2 when the audit itself is incomplete (unreadable files, lost rows, crashed checks), else the gate."""
    if summary["file_errors"] or summary["check_failures"] or not summary["rows"]["accounted"]:
        return EXIT_USAGE
    return EXIT_OK if summary["gate"]["passed"] else EXIT_GATE_FAILED
