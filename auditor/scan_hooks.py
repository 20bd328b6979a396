"""What `--sample` and `--waivers` change in a scan, kept in one place so the run loop stays small.

The scan calls three things: `evaluate(signals)` instead of the policy session's evaluate (rows outside
the sample never reach a rule), `after(batch, signals, findings)` on the writer thread (waived findings
move to waived.parquet and out of the counts the gate reads), and `annotate(summary)` at the end.

Waived findings go to their own file, waived.parquet (the findings schema plus `waiver_id` and
`reason`), rather than a column in findings.parquet: findings.parquet stays "what fails", so every
reader of it (gate, diff, export, CI scripts) keeps its meaning without knowing about waivers.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from auditor.policy.evaluate import Counts
from auditor.sampling import Sampler, estimates, parse_sample, sampled_only
from auditor.sinks import AtomicParquetWriter
from auditor.sources.canonical import column
from auditor.waivers.loader import WaiverSet, load_waivers
from auditor.waivers.match import WAIVED_SCHEMA, split_findings

WAIVED_FILE = "waived.parquet"


def _strings(arr: pa.Array) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.dictionary_decode() if pa.types.is_dictionary(arr.type) else arr


def counts_from_findings(policy, findings: pa.Table, signals: pa.RecordBatch, rows: int) -> Counts:
    """The policy's counts recomputed from the findings that stand (after waivers)."""
    n = signals.num_rows
    at = pc.index_in(_strings(findings.column("key")), _strings(signals.column("key"))).to_numpy(
        zero_copy_only=False)
    rule = _strings(findings.column("rule_id")).cast(pa.string())
    masks: dict[str, np.ndarray] = {}
    counts = Counts(rows=rows)
    for r in policy.rules:
        m = np.zeros(n, dtype=bool)
        sel = pc.equal(rule, r.id).to_numpy(zero_copy_only=False)
        m[at[sel].astype(np.int64)] = True
        masks[r.id] = m
        counts.per_rule[r.id] = int(sel.sum())

    def any_of(ms: list[np.ndarray]) -> int:
        return int(np.logical_or.reduce(ms).sum()) if ms else 0

    for cat in policy.categories:
        counts.per_category[cat] = any_of([masks[r.id] for r in policy.rules if r.category == cat])
    for th in policy.thresholds:
        counts.per_threshold[th.id] = any_of([masks[i] for i in policy.threshold_rule_ids(th) if i in masks])
    counts.rows_with_findings = any_of(list(masks.values()))
    return counts


class ScanHooks:
    def __init__(self, session, sampler: Sampler | None, waivers: WaiverSet | None, out_dir: Path) -> None:
        self.session = session
        self.sampler = sampler
        self.waivers = waivers
        self.matches: dict[str, int] = {}
        self.waived_by_rule: dict[str, int] = {}
        self.rows_sampled = 0
        self.out_dir = out_dir
        self.writer: AtomicParquetWriter | None = None  # opened at the first waived finding

    @classmethod
    def build(cls, config, plan, session, out_dir: Path) -> ScanHooks:
        spec = parse_sample(config.sample)
        sampler = None
        if spec is not None:
            sampler = Sampler.build(spec, config.seed, config.stratify,
                                    {s.file.name: s.num_rows() for s in plan.streams})
        waivers = None
        if config.waivers is not None:
            waivers = load_waivers(config.waivers, [r.id for r in session.policy.rules]
                                   + [r["id"] for r in session.not_evaluated])
        return cls(session, sampler, waivers, out_dir)

    def evaluate(self, signals: pa.RecordBatch) -> pa.Table:
        evaluated = sampled_only(signals) if self.sampler is not None else signals
        self.rows_sampled += evaluated.num_rows
        if self.waivers is None:
            return self.session.evaluate(evaluated)
        return self.session.policy.evaluate_batch(evaluated).findings  # counted in after(), net of waivers

    def after(self, batch: pa.RecordBatch, signals: pa.RecordBatch, findings: pa.Table) -> pa.Table:
        if self.waivers is None:
            return findings
        at = pc.index_in(_strings(findings.column("key")), _strings(batch.column("key")))
        url = pc.take(column(batch, "url").cast(pa.string()), at)
        host_col = signals.column("url_host") if "url_host" in signals.schema.names else pa.nulls(
            signals.num_rows, pa.string())
        host = pc.take(_strings(host_col).cast(pa.string()), at)
        kept, waived, matches = split_findings(findings, url, host, self.waivers.active)
        for k, v in matches.items():
            self.matches[k] = self.matches.get(k, 0) + v
        if waived.num_rows:
            for item in pc.value_counts(waived.column("rule_id").cast(pa.string())).to_pylist():
                self.waived_by_rule[item["values"]] = self.waived_by_rule.get(item["values"], 0) + item["counts"]
            if self.writer is None:
                self.writer = AtomicParquetWriter(self.out_dir / WAIVED_FILE, WAIVED_SCHEMA)
            for chunk in waived.to_batches():
                self.writer.write(chunk)
        rows = sampled_only(signals).num_rows if self.sampler is not None else signals.num_rows
        self.session.counts += counts_from_findings(self.session.policy, kept, signals, rows)
        return kept

    def close(self) -> None:
        if self.writer is not None:
            self.writer.close()
        elif self.waivers is not None:  # waivers given, none matched: still an (empty) waived.parquet
            pq.write_table(WAIVED_SCHEMA.empty_table(), self.out_dir / WAIVED_FILE)

    def abort(self) -> None:
        if self.writer is not None:
            self.writer.abort()

    def annotate(self, summary: dict[str, Any]) -> None:
        if self.sampler is not None:
            sample = self.sampler.describe()
            sample["rows_sampled"] = self.rows_sampled
            sample["rows_not_sampled"] = summary["rows"]["out"] - self.rows_sampled
            summary["sample"] = sample
            summary["findings"]["estimates"] = estimates(summary["findings"]["rows_by_category"],
                                                         self.rows_sampled)
        if self.waivers is not None:
            w = self.waivers
            summary["waivers"] = {
                "file": w.path, "sha256": w.sha256, "today": w.today.isoformat(), "output": WAIVED_FILE,
                "applied": [{"id": x.id, "rule": x.rule, "reason": x.reason, "approved_by": x.approved_by,
                             "date": x.date.isoformat(), "findings": self.matches[x.id]}
                            for x in w.active if self.matches.get(x.id)],
                "unused": [{"id": x.id, "rule": x.rule, "reason": x.reason} for x in w.active
                           if not self.matches.get(x.id)],
                "expired": [{"id": x.id, "rule": x.rule, "expires": x.expires.isoformat() if x.expires else None}
                            for x in w.expired],
                "waived_by_rule": dict(sorted(self.waived_by_rule.items())),
            }
