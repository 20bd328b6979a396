"""Running counts for summary.json, and a few example rows per rule for the reports.

Everything is counted from Arrow value_counts per batch, so the cost per batch is a handful of kernels,
not a Python loop per row. Examples keep the url and caption of the first rows each rule flagged, because
signals.parquet deliberately stores signals only.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

import pyarrow as pa
import pyarrow.compute as pc

from auditor.checks.image_rights import consent_all_sources
from auditor.faces.compare import compare_summary
from auditor.limits import EXAMPLES_PER_RULE  # noqa: F401 - re-exported: runstate, runs.rerender
from auditor.obligations import TERMS, terms_counts
from auditor.sampling import sampled_only
from auditor.sinks import value_counts
from auditor.sources.canonical import column

PII_SPANS = pa.list_(pa.struct([("type", pa.string()), ("start", pa.int32()), ("end", pa.int32()),
                                ("score", pa.float32())]))
EXAMPLES_SCHEMA = pa.schema([("rule_id", pa.string()), ("key", pa.string()), ("url", pa.string()),
                             ("caption", pa.string()), ("evidence", pa.string()), ("pii_spans", PII_SPANS)])
EXAMPLE_SIGNALS = ("license_family", "license_id", "pii_types", "face_count", "consent", "url_host")


@dataclass
class RunCounts:
    rows_out: int = 0
    by_status: Counter = field(default_factory=Counter)
    by_license_family: Counter = field(default_factory=Counter)
    by_file: Counter = field(default_factory=Counter)
    findings_by_severity: Counter = field(default_factory=Counter)
    extra: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))

    def add(self, signals: pa.RecordBatch, findings: pa.Table) -> None:
        self.rows_out += signals.num_rows
        self.by_status.update(value_counts(signals.column("status")))
        self.by_file.update(value_counts(signals.column("source_file")))
        signals = sampled_only(signals)  # rows outside a --sample have no signals to count
        if "license_family" in signals.schema.names:
            self.by_license_family.update(value_counts(signals.column("license_family")))
        if terms := terms_counts(signals):  # license fact combinations, for summary.json `obligations`
            self.extra[TERMS].update(terms)
        for name in ("pii_types",):
            if name in signals.schema.names:
                self.extra[name].update(value_counts(pc.list_flatten(signals.column(name))))
        for name in ("consent", "data_nsfw", "image_status", "pii_status", "consent_status", "face_count",
                     "consent_reserved_by", "image_consent", "image_rights_status", "image_ai_generated"):
            if name in signals.schema.names:
                self.extra[name].update(value_counts(signals.column(name)))
        if "image_consent" in signals.schema.names:  # site and image opt-outs together (any one reserves)
            self.extra["consent_all_sources"].update(value_counts(consent_all_sources(signals)))
        if "face_count" in signals.schema.names and ("data_num_faces" in signals.schema.names
                                                     or "data_face_bboxes" in signals.schema.names):
            # where the dataset's own face annotation (COYO num_faces, DataComp face_bboxes) and ours disagree
            compared = compare_summary(signals)
            if compared["both_known"]:
                self.extra["faces_vs_dataset"].update(compared)
        for chunk in findings.column("severity").chunks:  # one chunk per rule: cheap
            self.findings_by_severity.update(value_counts(chunk))


class ExampleCollector:
    """The first EXAMPLES_PER_RULE flagged rows of each rule, with url, caption and key signals."""

    def __init__(self, limit: int = EXAMPLES_PER_RULE) -> None:
        self.limit = limit
        self.taken: Counter = Counter()
        self.batches: list[pa.RecordBatch] = []

    def add(self, batch: pa.RecordBatch, signals: pa.RecordBatch, findings: pa.Table) -> None:
        for chunk in findings.to_batches():  # the policy writes one chunk per rule
            if not chunk.num_rows:
                continue
            rule = chunk.column("rule_id")[0].as_py()
            room = self.limit - self.taken[rule]
            if room <= 0:
                continue
            hits = chunk.slice(0, room)
            rows = pc.index_in(hits.column("key"), signals.column("key"))
            cols = {
                "rule_id": pa.array([rule] * hits.num_rows, pa.string()),
                "key": hits.column("key"),
                "url": pc.take(column(batch, "url"), rows).cast(pa.string()),
                "caption": pc.take(column(batch, "caption"), rows).cast(pa.string()),
                "evidence": hits.column("evidence").cast(pa.string()),
                "pii_spans": (pc.take(signals.column("pii_spans"), rows).cast(PII_SPANS)
                              if "pii_spans" in signals.schema.names else pa.nulls(hits.num_rows, PII_SPANS)),
            }
            self.batches.append(pa.RecordBatch.from_pydict(cols, schema=EXAMPLES_SCHEMA))
            self.taken[rule] += hits.num_rows

    def table(self) -> pa.Table:
        if not self.batches:
            return EXAMPLES_SCHEMA.empty_table()
        return pa.Table.from_batches(self.batches, schema=EXAMPLES_SCHEMA)
