"""One scan, start to finish: policy, plan, units, engine, outputs, accounting, gate.

Order matters: the policy and every input's schema are validated before a row is read, and the
accounting (rows in == rows out, per file) is checked before the verdict, because a gate that passes on
a run that lost rows is worse than no gate. A run is a list of units (auditor.runstate); each finished
unit is durable on disk, so an interrupted run continues with `--resume RUN_DIR` and ends with the same
outputs as an uninterrupted one.
"""

from __future__ import annotations

import shlex
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from auditor.checks.registry import all_signals
from auditor.config import ScanConfig
from auditor.coverage import annotate_coverage
from auditor.engines.checkrun import signals_schema
from auditor.errors import EXIT_GATE_FAILED, EXIT_OK, EXIT_USAGE, ConfigError, Interrupted
from auditor.interrupts import graceful_stop
from auditor.obligations import TERMS, build_obligations
from auditor.outputs import EXAMPLES_FILE, FINAL_OUTPUTS, FINDINGS_FILE, SIGNALS_FILE, SUMMARY_FILE
from auditor.plan import ScanPlan, make_plan
from auditor.policy.session import PolicySession
from auditor.progress import scan_progress
from auditor.report.render import append_summary_md, render_reports
from auditor.runstate.manifest import (
    LOCK_FILE,
    MANIFEST_FILE,
    build_manifest,
    check_resumable,
    lock_run_dir,
    pinned_waiver_date,
    write_manifest,
)
from auditor.runstate.parts import PARTS_DIR, RunWriter, done_units, writing
from auditor.runstate.units import Unit, plan_units
from auditor.scan_hooks import ScanHooks
from auditor.sinks import AtomicParquetWriter, write_json_atomic
from auditor.stats import Stats
from auditor.summary import FileHasher, build_summary


@dataclass
class ScanResult:
    out_dir: Path
    summary: dict[str, Any]
    exit_code: int


def prepare_out_dir(path: Path, *, resume: bool) -> Path:
    if resume:
        if not path.is_dir():
            raise ConfigError("cannot resume: no such run directory", file=str(path))
        if (path / SUMMARY_FILE).exists() and not (path / PARTS_DIR).exists():
            raise ConfigError("cannot resume: this run already finished", file=str(path))
        return path
    with writing(path):
        path.mkdir(parents=True, exist_ok=True)
    if any((path / name).exists() for name in (SUMMARY_FILE, SIGNALS_FILE, MANIFEST_FILE)):
        raise ConfigError("output directory already holds a run; choose another --out, or continue it "
                          "with --resume", file=str(path))
    return path


#: engines whose units finish out of unit order: their RunWriter writes the final files at the end, from the parts
OUT_OF_ORDER_ENGINES = frozenset({"ray"})


def make_engine(config: ScanConfig, plan: ScanPlan, units: list[Unit], done: set[str], hooks: ScanHooks, sink,
                advance):
    """The engine the config names; both take the same units and feed the same RunWriter."""
    if config.engine == "ray":
        from auditor.engines.ray_engine import RayEngine

        return RayEngine(plan, units, done, hooks.evaluate, sink, advance, batch_size=config.batch_size,
                         address=config.ray_address, workers=config.workers, profile=config.profile,
                         overrides=config.column_overrides)
    from auditor.engines.pipeline import LocalEngine

    # --sample: rows outside it skip every check
    return LocalEngine(plan, units, done, hooks.evaluate, sink, advance, batch_size=config.batch_size,
                       max_inflight_bytes=config.max_inflight_mb << 20, sampler=hooks.sampler)


def run_scan(config: ScanConfig) -> ScanResult:
    started = time.perf_counter()
    catalogue = all_signals()  # the policy layer is told which signals exist and which check writes each
    policy = PolicySession.load_policy(config.policies, catalogue)
    plan = make_plan(config)
    session = PolicySession.for_signals(policy, {col for c in plan.checks for col in c.signals}, catalogue,
                                        fail_on=config.fail_on)
    today = pinned_waiver_date(config.out_dir) if config.resume else None  # expiry judged as at the start
    hooks = ScanHooks.build(config, plan, session, today=today)  # --sample / --waivers (auditor.scan_hooks)
    out_dir = prepare_out_dir(config.out_dir, resume=config.resume)
    lock = lock_run_dir(out_dir)
    try:
        return _run(config, plan, session, hooks, out_dir, started)
    finally:
        # unlinked while still held: a second scan fails fast (LOCK_NB) rather than waiting on this inode,
        # so removing it cannot let two writers in, and a finished run keeps no empty .lock file
        (out_dir / LOCK_FILE).unlink(missing_ok=True)
        lock.close()


def _run(config: ScanConfig, plan: ScanPlan, session: PolicySession, hooks: ScanHooks, out_dir: Path,
         started: float) -> ScanResult:
    units = plan_units(plan.streams, plan.files, config.batch_size)
    manifest = build_manifest(config, plan.files, plan.check_names, units, hooks.pinned_waivers())
    if config.resume:
        check_resumable(out_dir, manifest)
    else:
        with writing(out_dir / MANIFEST_FILE):
            write_manifest(out_dir, manifest)
    done = done_units(out_dir, units)
    hasher = FileHasher([f for f in plan.files if not f.remote])
    sink = RunWriter(out_dir, signals_schema(plan.checks), session.policy.empty_counts(), SIGNALS_FILE,
                     FINDINGS_FILE, hooks.waived_file, stream_final=config.engine not in OUT_OF_ORDER_ENGINES)
    with scan_progress(plan.total_rows, quiet=config.quiet) as advance:
        engine = make_engine(config, plan, units, done, hooks, sink, advance)
        try:
            with graceful_stop(engine.stop_requested):
                engine.run()
        except KeyboardInterrupt:
            # a second signal, or a Ctrl-C that reached a check's worker processes first (their
            # KeyboardInterrupt comes back through the pool): finished units are durable all the same
            sink.abort()
            raise _interrupted(config, sink, units, out_dir) from None
        except BaseException:
            sink.abort()
            raise
    if engine.stop_requested.is_set():
        sink.abort()
        raise _interrupted(config, sink, units, out_dir)
    try:
        summary = _finish(config, plan, session, hooks, sink, hasher, out_dir, started)
    except BaseException:
        # disk full, an unwritable --summary-md, a signal: no half file and no final file of this attempt
        # stays behind, and no summary.json claims a verdict; the parts stay, so --resume finishes the run
        sink.abort()
        remove_final_outputs(out_dir)
        raise
    sink.remove_parts()
    return ScanResult(out_dir=out_dir, summary=summary, exit_code=summary["exit_code"])


def remove_final_outputs(out_dir: Path) -> None:
    for name in FINAL_OUTPUTS:
        (out_dir / name).unlink(missing_ok=True)
    for leftover in out_dir.glob(".*"):  # AtomicParquetWriter's .NAME.partial, write_text_atomic's .NAME.xxxx
        if leftover.is_file() and leftover.name != ".lock":
            leftover.unlink(missing_ok=True)


def _finish(config: ScanConfig, plan: ScanPlan, session: PolicySession, hooks: ScanHooks, sink: RunWriter,
            hasher: FileHasher, out_dir: Path, started: float) -> dict[str, Any]:
    """Final files, summary and reports. --summary-md is appended before summary.json is written, so a
    failure there leaves no summary.json with a verdict the exit code contradicts."""
    sink.close()
    chosen = sink.examples.table()
    examples = AtomicParquetWriter(out_dir / EXAMPLES_FILE, chosen.schema)
    with writing(examples.path):
        try:
            for chunk in chosen.to_batches():
                examples.write(chunk)
            examples.close()
        except BaseException:
            examples.abort()
            raise
    summary = _summary(config, plan, session, hooks, sink, hasher, time.perf_counter() - started)
    annotate_coverage(summary, out_dir / SIGNALS_FILE)  # rules with no data: "not evaluated", never 0
    if config.summary_md is not None:
        append_summary_md(config.summary_md, summary, chosen, show_pii=config.show_pii,
                          examples_shown=config.examples)
    with writing(out_dir / SUMMARY_FILE):
        write_json_atomic(out_dir / SUMMARY_FILE, summary)
    render_reports(out_dir, show_pii=config.show_pii, summary=summary, examples_shown=config.examples)
    return summary


def _interrupted(config: ScanConfig, sink: RunWriter, units: list[Unit], out_dir: Path) -> Interrupted:
    return Interrupted(f"stopped after {sink.totals.units_done} of {len(units)} units; continue with: "
                       f"{resume_command(config.command_line, out_dir)}", file=str(out_dir))


def resume_command(command_line: list[str], out_dir: Path) -> str:
    """The interrupted command with `--out DIR` replaced by `--resume DIR` (same inputs and options)."""
    args, skip = [], False
    for arg in command_line or ["audit", "scan", "..."]:
        if skip:
            skip = False
            continue
        if arg in ("--out", "--resume"):
            skip = True
            continue
        if arg.startswith(("--out=", "--resume=")):
            continue
        args.append(arg)
    return shlex.join([*args, "--resume", str(out_dir)])


def _summary(config: ScanConfig, plan: ScanPlan, session: PolicySession, hooks: ScanHooks, sink: RunWriter,
             hasher: FileHasher, elapsed: float) -> dict[str, Any]:
    rows_in = {s.file.path: (s.num_rows() if s.num_rows() is not None else sink.totals.rows_read[i])
               for i, s in enumerate(plan.streams)}
    counts = sink.totals.policy_counts  # summed over every unit's marker, resumed units included
    gate = session.gate(counts, counts.rows)  # rows the rules saw (the sample, if any)
    summary = build_summary(
        command_line=config.command_line, files=plan.files, hashes=hasher.result(), rows_in=rows_in,
        counts=sink.totals.counts, file_errors=[e.as_dict() for e in [*plan.file_errors, *sink.totals.file_errors]],
        check_failures=[f.as_dict() for f in sink.totals.failures.values()],
        # each check's counters summed over every unit, whichever attempt or Ray actor ran it (auditor.stats)
        checks={c.name: c.describe(sink.totals.check_stats.get(c.name, Stats())) for c in plan.checks},
        policy=session.describe(counts), gate=gate,
        elapsed_s=elapsed, profile_by_file={s.file.path: s.profile.name for s in plan.streams},
    )
    hooks.annotate(summary, sink.totals.hook_stats)
    summary["obligations"] = build_obligations(sink.totals.counts.extra.get(TERMS),
                                               license_ran="license" in summary["checks"],
                                               sampled=bool(summary.get("sample")))
    sample = summary.get("sample")
    if sample is not None and not sample["rows_sampled"]:  # nothing checked cannot pass a gate
        summary["gate"]["passed"] = False
        summary["gate"].setdefault("reasons", []).insert(
            0, "the sample was empty: --sample selected 0 rows, so no row was checked; sample more rows")
        summary["sample"]["empty"] = True
    summary["exit_code"] = _exit_code(summary)
    return summary


def _exit_code(summary: dict[str, Any]) -> int:
    """2 when the audit itself is incomplete (unreadable files, lost rows, crashed checks, an empty
    sample), else the gate."""
    if summary["file_errors"] or summary["check_failures"] or not summary["rows"]["accounted"]:
        return EXIT_USAGE
    if (summary.get("sample") or {}).get("empty"):
        return EXIT_USAGE
    return EXIT_OK if summary["gate"]["passed"] else EXIT_GATE_FAILED
