"""Limits and defaults that several layers share, defined once (issue #22 item 4)."""

from __future__ import annotations

#: rows per batch (--batch-size default; also what `audit runs ...` reads at a time)
BATCH_ROWS = 65536
#: example rows kept per rule in examples.parquet (report.html shows up to this many; report.md fewer)
EXAMPLES_PER_RULE = 200
#: rule severities, lowest first (auditor.policy.models.Severity is built from this; --fail-on takes one)
SEVERITIES = ("info", "low", "medium", "high", "critical")
