"""Split a batch's findings into those that stand and those a waiver covers, without a loop per row.

Each waiver is a few Arrow kernels over the findings of its rule: `is_in` on keys, `match_like` on the
URL (glob -> LIKE pattern), an equality / suffix test on the URL host. The first waiver (file order)
that covers a finding is the one recorded.
"""

from __future__ import annotations

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from auditor.policy.evaluate import FINDINGS_SCHEMA
from auditor.waivers.models import Waiver

WAIVED_SCHEMA = FINDINGS_SCHEMA.append(pa.field("waiver_id", pa.string())).append(pa.field("reason", pa.string()))


def glob_to_like(glob: str) -> str:
    """`*` -> `%`, `?` -> `_`; LIKE's own wildcards and the escape character are escaped."""
    out = []
    for ch in glob:
        if ch in "%_\\":
            out.append("\\" + ch)
        elif ch == "*":
            out.append("%")
        elif ch == "?":
            out.append("_")
        else:
            out.append(ch)
    return "".join(out)


def _strings(arr: pa.Array) -> pa.Array:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if pa.types.is_dictionary(arr.type):
        arr = arr.dictionary_decode()
    return arr.cast(pa.string())


def covered(w: Waiver, rule: pa.Array, key: pa.Array, url: pa.Array, host: pa.Array) -> np.ndarray:
    """Boolean mask over findings: this waiver's rule and any of its scopes."""
    hit = pc.equal(rule, w.rule)
    scopes = []
    if w.keys is not None:
        scopes.append(pc.is_in(key, value_set=pa.array(w.keys, pa.string())))
    if w.url_glob is not None:
        scopes.append(pc.match_like(url, glob_to_like(w.url_glob), ignore_case=False))
    if w.domain is not None:
        lower = pc.utf8_lower(host)
        scopes.append(pc.or_(pc.equal(lower, w.domain), pc.ends_with(lower, "." + w.domain)))
    any_scope = scopes[0]
    for s in scopes[1:]:
        any_scope = pc.or_(any_scope, s)
    return pc.fill_null(pc.and_(hit, any_scope), False).to_numpy(zero_copy_only=False)


def split_findings(findings: pa.Table, url: pa.Array, host: pa.Array, waivers: list[Waiver]
                   ) -> tuple[pa.Table, pa.Table, dict[str, int]]:
    """(findings that stand, waived findings with waiver_id and reason, matches per waiver id).

    `url` and `host` are aligned with the findings' rows (gathered by key by the caller).
    """
    n = findings.num_rows
    if not n or not waivers:
        return findings, WAIVED_SCHEMA.empty_table(), {}
    rule, key = _strings(findings.column("rule_id")), _strings(findings.column("key"))
    url, host = _strings(url), _strings(host)
    which = np.full(n, -1, dtype=np.int32)
    matches: dict[str, int] = {}
    for i, w in enumerate(waivers):
        m = covered(w, rule, key, url, host) & (which < 0)
        if m.any():
            which[m] = i
            matches[w.id] = int(m.sum())
    waived_idx = np.flatnonzero(which >= 0)
    if not len(waived_idx):
        return findings, WAIVED_SCHEMA.empty_table(), matches
    kept = findings.filter(pa.array(which < 0))
    waived = findings.take(pa.array(waived_idx))
    ids = pa.array([w.id for w in waivers], pa.string())
    reasons = pa.array([w.reason for w in waivers], pa.string())
    pick = pa.array(which[waived_idx])
    waived = waived.append_column("waiver_id", ids.take(pick)).append_column("reason", reasons.take(pick))
    return kept, waived.cast(WAIVED_SCHEMA), matches
