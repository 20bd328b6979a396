"""`audit report RUN_DIR [--policy FILE] [--pdf] [--show-pii]`: reports from a finished run.

Without --policy the reports are re-rendered in place from summary.json and examples.parquet. With
--policy the rules are re-evaluated on signals.parquet (streamed in batches; rows outside a sample stay
out) and the results go to RUN_DIR/policy-<name>/ (summary.json, findings.parquet, examples.parquet,
reports), so the original run's record is never overwritten.
"""

from __future__ import annotations

import copy
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from auditor.aggregate import EXAMPLES_PER_RULE, EXAMPLES_SCHEMA, PII_SPANS
from auditor.checks.registry import all_signals
from auditor.coverage import annotate_coverage
from auditor.errors import ConfigError
from auditor.outputs import EXAMPLES_FILE, FINDINGS_FILE, REPORT_HTML, REPORT_PDF, SIGNALS_FILE, SUMMARY_FILE
from auditor.policy.evaluate import FINDINGS_SCHEMA
from auditor.policy.session import PolicySession
from auditor.report.html import PAPERS
from auditor.report.model import EXAMPLES_SHOWN
from auditor.report.pdf import print_pdf
from auditor.report.render import render_reports
from auditor.runs.common import gather_inputs, iter_parquet, load_summary, strings
from auditor.sampling import estimates, sampled_only
from auditor.sinks import AtomicParquetWriter, write_json_atomic
from auditor.summary import counter_dict


def reevaluate(run_dir: Path, policies: list[Path]) -> Path:
    summary = load_summary(run_dir)
    available = set(pq.read_schema(run_dir / SIGNALS_FILE).names)
    fail_on = summary["gate"].get("fail_on", "high")
    catalogue = all_signals()
    session = PolicySession.for_signals(PolicySession.load_policy(policies, catalogue), available, catalogue,
                                        fail_on=fail_on)
    policy = session.policy
    out = run_dir / f"policy-{policy.sources[-1].name}"
    out.mkdir(exist_ok=True)
    counts = policy.empty_counts()
    writer = AtomicParquetWriter(out / FINDINGS_FILE, FINDINGS_SCHEMA)
    picked: dict[str, list[pa.Table]] = {}
    try:
        for batch in iter_parquet(run_dir / SIGNALS_FILE):
            result = policy.evaluate_batch(sampled_only(batch))
            counts += result.counts
            for chunk in result.findings.to_batches():
                writer.write(chunk)
                rid = chunk.column("rule_id")[0].as_py()
                have = sum(t.num_rows for t in picked.get(rid, []))
                if have < EXAMPLES_PER_RULE:
                    picked.setdefault(rid, []).append(_example_rows(chunk.slice(0, EXAMPLES_PER_RULE - have), batch))
    except BaseException:
        writer.abort()
        raise
    writer.close()
    _write_examples(summary, out, picked)
    new = copy.deepcopy(summary)
    new["policy"] = session.describe(counts)
    new["findings"].update({"by_rule": counter_dict(counts.per_rule),
                            "rows_by_category": counter_dict(counts.per_category)})
    new["findings"].pop("by_severity", None)
    new["findings"].pop("estimates", None)
    new["rows"]["with_findings"] = counts.rows_with_findings
    new["gate"] = session.gate(counts, counts.rows)
    new.pop("waivers", None)  # waivers were matched against the original policy's findings
    if summary.get("sample"):
        new["findings"]["estimates"] = estimates(new["findings"]["rows_by_category"], counts.rows)
    if new.get("exit_code") != 2:
        new["exit_code"] = 0 if new["gate"]["passed"] else 1
    new["reevaluated_from"] = str(run_dir)
    annotate_coverage(new, run_dir / SIGNALS_FILE)
    write_json_atomic(out / SUMMARY_FILE, new)
    return out


def _example_rows(findings: pa.RecordBatch, signals: pa.RecordBatch) -> pa.Table:
    """Findings chosen as examples, with where their rows are (to fetch url/caption) and PII spans."""
    at = pc.index_in(findings.column("key"), signals.column("key"))
    spans = (pc.take(signals.column("pii_spans"), at).cast(PII_SPANS) if "pii_spans" in signals.schema.names
             else pa.nulls(findings.num_rows, PII_SPANS))
    return pa.table({"key": findings.column("key"),
                     "evidence": findings.column("evidence").cast(pa.string()),
                     "source_file": strings(pc.take(signals.column("source_file"), at)).cast(pa.string()),
                     "row_index": pc.take(signals.column("row_index"), at), "pii_spans": spans})


def _write_examples(summary: dict, out: Path, picked: dict[str, list[pa.Table]]) -> None:
    """examples.parquet for the new policy; url and caption are read back from the run's inputs."""
    parts = []
    for rid, tables in picked.items():
        t = pa.concat_tables(tables)
        got = gather_inputs(summary, t.column("source_file").to_numpy(), t.column("row_index").to_numpy())
        parts.append(pa.table({"rule_id": pa.array([rid] * t.num_rows, pa.string()), "key": t.column("key"),
                               "url": pa.array(got["url"], pa.string()),
                               "caption": pa.array(got["caption"], pa.string()),
                               "evidence": t.column("evidence"), "pii_spans": t.column("pii_spans")},
                              schema=EXAMPLES_SCHEMA))
    table = pa.concat_tables(parts) if parts else EXAMPLES_SCHEMA.empty_table()
    pq.write_table(table, out / EXAMPLES_FILE)


def report_command(run_dir: Path, *, policies: list[Path] | None, pdf: bool, show_pii: bool,
                   examples: int = EXAMPLES_SHOWN, paper: str = "a4") -> list[Path]:
    load_summary(run_dir)
    if paper not in PAPERS:
        raise ConfigError(f"--paper must be one of {', '.join(PAPERS)}, not {paper!r}", column="--paper")
    target = reevaluate(run_dir, policies) if policies else run_dir
    paths = render_reports(target, show_pii=show_pii, examples_shown=examples, paper=paper)
    if pdf:
        paths.append(print_pdf(target / REPORT_HTML, target / REPORT_PDF))
    return paths
