"""`audit diff RUN_A RUN_B`: which rows gained, lost or changed findings between two audits, by key.

A key is "new" when only B flags it, "resolved" when only A does, "changed" when both do with a
different set of rules. Keys a sampled run never checked are left out. Computed with Arrow
group-by and joins, never a Python loop per finding.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from auditor.outputs import FINDINGS_FILE, SIGNALS_FILE
from auditor.runs.common import iter_parquet, load_summary, strings
from auditor.sampling import NOT_SAMPLED

DIFF_SCHEMA = pa.schema([("key", pa.string()), ("change", pa.string()), ("rules_a", pa.string()),
                         ("rules_b", pa.string())])


def _rules_by_key(run_dir: Path) -> pa.Table:
    t = pq.read_table(run_dir / FINDINGS_FILE, columns=["key", "rule_id"])
    t = pa.table({"key": strings(t.column("key")).cast(pa.string()),
                  "rule_id": strings(t.column("rule_id")).cast(pa.string())})
    t = t.sort_by([("key", "ascending"), ("rule_id", "ascending")])
    g = t.group_by("key", use_threads=False).aggregate([("rule_id", "list")])
    return pa.table({"key": g.column("key"), "rules": pc.binary_join(g.column("rule_id_list"), ",")})


def _not_sampled(run_dir: Path, summary: dict) -> pa.Array | None:
    """Keys a sampled run never checked: they are neither new nor resolved in a diff."""
    if not summary.get("sample"):
        return None
    parts = [b.filter(pc.equal(b.column("status"), NOT_SAMPLED)).column("key")
             for b in iter_parquet(run_dir / SIGNALS_FILE, ["key", "status"])]
    return pa.concat_arrays(parts) if parts else pa.array([], pa.string())


def natural_sort(t: pa.Table) -> pa.Table:
    """By change, then key in natural order: `#101` before `#1000` (a trailing number compares by its length,
    then its digits, so any number of digits works without parsing it as an integer)."""
    parts = pc.extract_regex(t.column("key"), r"^(?P<stem>.*?)(?P<num>[0-9]*)$")
    stem, num = pc.struct_field(parts, "stem"), pc.struct_field(parts, "num")
    tmp = t.append_column("_stem", stem).append_column("_len", pc.utf8_length(num)).append_column("_num", num)
    tmp = tmp.sort_by([("change", "ascending"), ("_stem", "ascending"), ("_len", "ascending"),
                       ("_num", "ascending"), ("key", "ascending")])
    return tmp.select(t.column_names)


def diff_runs(run_a: Path, run_b: Path) -> tuple[pa.Table, dict[str, Any]]:
    sa, sb = load_summary(run_a), load_summary(run_b)
    a = _rules_by_key(run_a).rename_columns(["key", "rules_a"])
    b = _rules_by_key(run_b).rename_columns(["key", "rules_b"])
    j = a.join(b, "key", join_type="full outer", use_threads=False)
    ra, rb = j.column("rules_a"), j.column("rules_b")
    change = pc.case_when(
        pc.make_struct(pc.is_null(ra), pc.is_null(rb), pc.not_equal(pc.fill_null(ra, ""), pc.fill_null(rb, ""))),
        "new", "resolved", "changed")
    j = j.append_column("change", change)
    for skip in (_not_sampled(run_a, sa), _not_sampled(run_b, sb)):
        if skip is not None:
            j = j.filter(pc.invert(pc.is_in(j.column("key"), value_set=skip)))
    unchanged = j.column("change").null_count  # flagged in both runs by the same rules
    j = j.filter(pc.is_valid(j.column("change")))
    out = pa.table({"key": j.column("key"), "change": j.column("change"), "rules_a": j.column("rules_a"),
                    "rules_b": j.column("rules_b")}, schema=DIFF_SCHEMA)
    out = natural_sort(out)
    counts = {c: 0 for c in ("new", "resolved", "changed")}
    for item in pc.value_counts(out.column("change")).to_pylist():
        counts[item["values"]] = item["counts"]
    same_inputs = [f.get("sha256") for f in sa["inputs"]] == [f.get("sha256") for f in sb["inputs"]]
    policy_a = [f.get("sha256") for f in sa["policy"].get("files", [])]
    same_policy = policy_a == [f.get("sha256") for f in sb["policy"].get("files", [])]
    report = {"run_a": str(run_a), "run_b": str(run_b), "same_inputs": same_inputs, "same_policy": same_policy,
              "keys_flagged_a": a.num_rows, "keys_flagged_b": b.num_rows, **counts,
              "unchanged": unchanged}
    return out, report
