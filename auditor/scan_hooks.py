"""What `--sample` and `--waivers` change in a scan, kept in one place so the run loop stays small.

The engines call `evaluate(batch, signals)` instead of the policy's evaluate: rows outside the sample
never reach a rule, and waived findings are split off (to waived.parquet) and out of the counts the gate
reads. It returns everything for one batch - findings, counts, waived findings, statistics - and
changes no state, so each unit of a resumable run stores its own share (auditor.runstate) and the totals
are merged from the units, whether they ran in this process, an earlier attempt, or on Ray.
`annotate(summary, stats)` adds the sample and waiver sections at the end.

Waived findings go to their own file, waived.parquet (the findings schema plus `waiver_id` and
`reason`), rather than a column in findings.parquet: findings.parquet stays "what fails", so every
reader of it (gate, diff, export, CI scripts) keeps its meaning without knowing about waivers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor.outputs import WAIVED_FILE
from auditor.policy.evaluate import Counts
from auditor.sampling import Sampler, estimates, parse_sample, sampled_only
from auditor.sources.canonical import column
from auditor.stats import Stats
from auditor.waivers.loader import WaiverSet, load_waivers
from auditor.waivers.match import split_findings


def _strings(arr: pa.Array) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return arr.dictionary_decode() if pa.types.is_dictionary(arr.type) else arr


def row_positions(findings: pa.Table, signals: pa.RecordBatch) -> pa.Array:
    """For each finding, the position of its input row in `signals`, by `source_file` + `row_index`.

    Never by `key`: dataset ids repeat, and the first row with a finding's key may be another row (a
    domain waiver would then judge a getty row by a shutterstock row's URL). File names are encoded
    together so both sides share codes; (code << 40) | row_index is unique per input row.
    """
    files = pa.concat_arrays([_strings(findings.column("source_file")).cast(pa.string()),
                              _strings(signals.column("source_file")).cast(pa.string())])
    codes = pc.fill_null(pc.dictionary_encode(files).indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    n = findings.num_rows
    rows = np.concatenate([pc.fill_null(findings.column("row_index"), -1).to_numpy(zero_copy_only=False),
                           pc.fill_null(signals.column("row_index"), -1).to_numpy(zero_copy_only=False)])
    ident = (codes << 40) | (rows.astype(np.int64) & ((1 << 40) - 1))
    return pc.index_in(pa.array(ident[:n]), value_set=pa.array(ident[n:]))


def counts_from_findings(policy, findings: pa.Table, signals: pa.RecordBatch, rows: int) -> Counts:
    """The policy's counts recomputed from the findings that stand (after waivers)."""
    n = signals.num_rows
    at = row_positions(findings, signals).to_numpy(zero_copy_only=False)
    rule = _strings(findings.column("rule_id")).cast(pa.string())
    masks: dict[str, np.ndarray] = {}
    for r in policy.rules:
        m = np.zeros(n, dtype=bool)
        sel = pc.equal(rule, r.id).to_numpy(zero_copy_only=False)
        m[at[sel].astype(np.int64)] = True
        masks[r.id] = m
    counts = policy.counts_of(masks, n)
    counts.rows = rows
    return counts


@dataclass
class Evaluated:
    """The policy's result for one batch, after sampling and waivers."""

    findings: pa.Table
    counts: Counts
    waived: pa.Table | None = None
    #: rows_sampled, matches (waiver id -> findings), waived_by_rule (rule -> findings); summed per unit
    stats: Stats = field(default_factory=Stats)


class ScanHooks:
    def __init__(self, session, sampler: Sampler | None, waivers: WaiverSet | None) -> None:
        self.session = session
        self.sampler = sampler
        self.waivers = waivers

    @property
    def waived_file(self) -> str | None:
        """waived.parquet is written (possibly empty) exactly when waivers are given."""
        return WAIVED_FILE if self.waivers is not None else None

    def pinned_waivers(self) -> dict[str, Any] | None:
        """What the run manifest pins of the waiver file: a resume must see the same content and date."""
        if self.waivers is None:
            return None
        import os

        return {"path": os.path.abspath(self.waivers.path), "sha256": self.waivers.sha256,
                "today": self.waivers.today.isoformat()}

    @classmethod
    def build(cls, config, plan, session, today: str | None = None) -> ScanHooks:
        spec = parse_sample(config.sample)
        sampler = None
        if spec is not None:
            sampler = Sampler.build(spec, config.seed, config.stratify,
                                    {s.file.name: s.num_rows() for s in plan.streams})
        waivers = None
        if config.waivers is not None:
            waivers = load_waivers(config.waivers, [r.id for r in session.policy.rules]
                                   + [r["id"] for r in session.not_evaluated],
                                   today=dt.date.fromisoformat(today) if today else None)
        return cls(session, sampler, waivers)

    def evaluate(self, batch: pa.RecordBatch, signals: pa.RecordBatch) -> Evaluated:
        evaluated = sampled_only(signals) if self.sampler is not None else signals
        stats = Stats({"rows_sampled": evaluated.num_rows})
        result = self.session.policy.evaluate_batch(evaluated)
        if self.waivers is None:
            return Evaluated(result.findings, result.counts, None, stats)
        findings = result.findings
        at = row_positions(findings, signals)  # signals and batch rows are aligned
        url = pc.take(column(batch, "url").cast(pa.string()), at)
        host_col = signals.column("url_host") if "url_host" in signals.schema.names else pa.nulls(
            signals.num_rows, pa.string())
        host = pc.take(_strings(host_col).cast(pa.string()), at)
        kept, waived, matches = split_findings(findings, url, host, self.waivers.active)
        for k, v in matches.items():
            if v:
                stats.count("matches", k, int(v))
        if waived.num_rows:
            for item in pc.value_counts(waived.column("rule_id").cast(pa.string())).to_pylist():
                stats.count("waived_by_rule", item["values"], int(item["counts"]))
        counts = counts_from_findings(self.session.policy, kept, signals, evaluated.num_rows)
        return Evaluated(kept, counts, waived, stats)

    def annotate(self, summary: dict[str, Any], stats: Stats) -> None:
        """`stats`: the Evaluated.stats of every unit, summed (auditor.runstate)."""
        rows_sampled = stats.get("rows_sampled")
        if self.sampler is not None:
            sample = self.sampler.describe()
            sample["rows_sampled"] = rows_sampled
            sample["rows_not_sampled"] = summary["rows"]["out"] - rows_sampled
            summary["sample"] = sample
            summary["findings"]["estimates"] = estimates(summary["findings"]["rows_by_category"], rows_sampled)
        if self.waivers is not None:
            w = self.waivers
            matches = stats.get("matches", {})
            summary["waivers"] = {
                "file": w.path, "sha256": w.sha256, "today": w.today.isoformat(), "output": WAIVED_FILE,
                "applied": [{"id": x.id, "rule": x.rule, "reason": x.reason, "approved_by": x.approved_by,
                             "date": x.date.isoformat(), "findings": matches[x.id]}
                            for x in w.active if matches.get(x.id)],
                "unused": [{"id": x.id, "rule": x.rule, "reason": x.reason} for x in w.active
                           if not matches.get(x.id)],
                "expired": [{"id": x.id, "rule": x.rule, "expires": x.expires.isoformat() if x.expires else None}
                            for x in w.expired],
                "waived_by_rule": dict(sorted(stats.get("waived_by_rule", {}).items())),
            }
