"""Dataset-level obligations: what a model or derived dataset trained on these rows must honour.

Ethics reviewers ask what a model trained on the set owes ("your resulting model will be CC-BY-SA",
credit for every CC-BY image, no commercial use of NC images). The license check already gives every row
four tri-state facts (attribution, share_alike, commercial, derivatives); this module counts their
combinations per license during the scan (Arrow kernels over the batch, one string key per distinct
combination) and turns the run's totals into `summary.json` `obligations`, read by the reports, by
`audit croissant` (sc:usageInfo, rai:dataLimitations) and gated by the `obligations` rule pack.

Unknown stays unknown: a row whose commercial or derivative terms are unknown is counted as
"unknown terms", never as free to use, and a run without the license check has no obligations section
that could read as "none".
"""

from __future__ import annotations

from collections import Counter
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: the counter in RunCounts.extra (and summary.json `signals`) holding the combinations
TERMS = "license_terms"
FACTS = ("license_attribution", "license_share_alike", "license_commercial", "license_derivatives")
ATTRIBUTION_COMMAND = "audit attribution RUN_DIR --out ATTRIBUTION.md"
SHARE_ALIKE_NOTE = (
    "Whether share-alike reaches a model trained on these works is legally unsettled (it turns on whether "
    "the model or its outputs are adapted material of the works); have counsel review before release. "
    "A dataset that redistributes these works is adapted or collected material and must keep their terms.")
#: the licenses' own wording, quoted from their deeds / legal code (sources named)
SHARE_ALIKE_WORDING = {
    "cc": ("Creative Commons BY-SA / BY-NC-SA 4.0 deed: \"ShareAlike - If you remix, transform, or build upon "
           "the material, you must distribute your contributions under the same license as the original.\" "
           "(https://creativecommons.org/licenses/by-sa/4.0/)"),
    "copyleft": ("GNU GPL v3 section 5(c): \"You must license the entire work, as a whole, under this License to "
                 "anyone who comes into possession of a copy.\" (https://www.gnu.org/licenses/gpl-3.0.html)"),
}


_FACT_TEXT = ("n", "y", "?")  # code 0 false, 1 true, 2 null


def _fact_codes(arr: pa.Array) -> np.ndarray:
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    return pc.fill_null(arr.cast(pa.int8()), 2).to_numpy(zero_copy_only=False).astype(np.int64)


def _dict_codes(arr: pa.Array | None, n: int) -> tuple[np.ndarray, list[str]]:
    """Dictionary indices (null -> an extra last slot holding "") and the dictionary's texts."""
    if arr is None:
        return np.zeros(n, np.int64), [""]
    if isinstance(arr, pa.ChunkedArray):
        arr = arr.combine_chunks()
    if not pa.types.is_dictionary(arr.type):
        arr = pc.dictionary_encode(arr.cast(pa.string()))
    texts = [("" if v is None else str(v)) for v in arr.dictionary.to_pylist()] + [""]
    idx = pc.fill_null(arr.indices.cast(pa.int64()), len(texts) - 1).to_numpy(zero_copy_only=False)
    return idx, texts


def terms_counts(signals: pa.RecordBatch) -> Counter:
    """Rows per "attribution|share_alike|commercial|derivatives|family|license_id" key (y, n or ?).

    One integer code per row from the fact columns and the dictionary indices of family and id, counted
    by Arrow; only the distinct codes become strings. Empty when the license check did not run on this
    batch (its fact columns are absent).
    """
    names = signals.schema.names
    n = signals.num_rows
    if not all(f in names for f in FACTS) or not n:
        return Counter()
    code = np.zeros(n, np.int64)
    for f in FACTS:
        code = code * 3 + _fact_codes(signals.column(f))
    fam, fam_texts = _dict_codes(signals.column("license_family") if "license_family" in names else None, n)
    lid, id_texts = _dict_codes(signals.column("license_id") if "license_id" in names else None, n)
    code = (code * len(fam_texts) + fam) * len(id_texts) + lid
    out: Counter = Counter()
    for item in pc.value_counts(pa.array(code)).to_pylist():  # hash-based: no sort of the rows
        value, count = item["values"], item["counts"]
        value, i = divmod(value, len(id_texts))
        value, fa = divmod(value, len(fam_texts))
        facts = []
        for _ in FACTS:
            value, c = divmod(value, 3)
            facts.append(_FACT_TEXT[c])
        out["|".join([*reversed(facts), fam_texts[fa], id_texts[i]])] += count
    return out


def _parse(key: str) -> tuple[dict[str, str], str]:
    a, s, c, d, family, lid = key.split("|", 5)
    return {"attribution": a, "share_alike": s, "commercial": c, "derivatives": d}, lid or family or "unknown"


def build_obligations(terms: dict[str, int] | None, *, license_ran: bool, sampled: bool = False) -> dict[str, Any]:
    """summary.json `obligations` from the run's `license_terms` counter."""
    if not license_ran:
        return {"evaluated": False, "reason": "the license check did not run: obligations are unknown"}
    groups: dict[str, Counter] = {k: Counter() for k in ("attribution", "share_alike", "non_commercial",
                                                         "no_derivatives", "no_license_granted", "unknown")}
    total = 0
    for key, n in (terms or {}).items():
        facts, lic = _parse(key)
        total += n
        family = key.split("|")[4]
        if facts["attribution"] == "y":
            groups["attribution"][lic] += n
        if facts["share_alike"] == "y":
            groups["share_alike"][lic] += n
        if facts["commercial"] == "n":
            groups["non_commercial"][lic] += n
        if facts["derivatives"] == "n":
            groups["no_derivatives"][lic] += n
        if family == "all-rights-reserved":
            groups["no_license_granted"][lic] += n
        if "?" in (facts["commercial"], facts["derivatives"]):
            groups["unknown"][lic] += n
    out: dict[str, Any] = {"evaluated": True, "rows": total, "sampled": sampled}
    for name, counter in groups.items():
        out[name] = {"works": sum(counter.values()),
                     "by_license": dict(sorted(counter.items(), key=lambda kv: (-kv[1], kv[0])))}
    out["attribution"]["list"] = ATTRIBUTION_COMMAND
    if out["share_alike"]["works"]:
        out["share_alike"]["reaches_trained_model"] = "unsettled"
        out["share_alike"]["note"] = SHARE_ALIKE_NOTE
        copyleft = any(not lic.upper().startswith("CC") for lic in groups["share_alike"])
        out["share_alike"]["license_wording"] = [SHARE_ALIKE_WORDING["cc"]] + (
            [SHARE_ALIKE_WORDING["copyleft"]] if copyleft else [])
    out["most_restrictive"] = most_restrictive(out)
    return out


def most_restrictive(ob: dict[str, Any]) -> dict[str, Any]:
    """The combination of every term present: what a model trained on all rows must honour at once."""
    terms = []
    if ob["unknown"]["works"]:
        terms.append("unknown terms")
    if ob["no_license_granted"]["works"]:
        terms.append("no license granted")
    for key, label in (("no_derivatives", "no derivatives"), ("non_commercial", "non-commercial"),
                       ("share_alike", "share-alike"), ("attribution", "attribution")):
        if ob[key]["works"]:
            terms.append(label)
    if not ob["rows"]:
        text = "No rows were evaluated: nothing is known about the terms."
    elif not terms:
        text = "No attribution, share-alike, non-commercial or no-derivatives terms were found."
    else:
        text = "Training on all rows means honouring at once: " + ", ".join(terms) + "."
        if "unknown terms" in terms:
            text += (f" Unknown terms on {_works(ob['unknown']['works'])}: until they are resolved or removed "
                     "the combination must be read as at least as restrictive as all rights reserved.")
    return {"terms": terms, "statement": text}


def obligation_sentences(ob: dict[str, Any]) -> list[str]:
    """One sentence per obligation, with counts; used by both reports and by Croissant sc:usageInfo."""
    if not ob.get("evaluated"):
        return [f"Obligations not evaluated: {ob.get('reason', 'unknown')}."]
    rows, unknown = ob["rows"], ob["unknown"]["works"]
    scope = f" (counted on the {rows} sampled rows)" if ob.get("sampled") else ""
    # counts are of works whose terms are known: with unknown ones, each is a floor, never "none needed"
    more = f" among works with known terms (the {_works(unknown)} with unknown terms may add to it)" if unknown else ""
    lines = [f"Attribution is required for {ob['attribution']['works']} of {_works(rows)}{scope}{more}; the list "
             f"is written by `{ob['attribution']['list']}`."]
    sa = ob["share_alike"]
    if sa["works"]:
        lines.append(f"Share-alike terms apply to {_works(sa['works'])} ({_top(sa['by_license'])}){more}. "
                     f"{sa['note']} " + " ".join(sa["license_wording"]))
    else:
        lines.append(f"Share-alike terms apply to 0 works{more}.")
    nc = ob["non_commercial"]
    arr = ob["no_license_granted"]["works"]
    of_which = f", of which {arr} grant{'s' * (arr == 1)} no license at all (all rights reserved)" if arr else ""
    nc_top = f" ({_top(nc['by_license'])})" if nc["works"] else ""
    lines.append(f"No commercial use for {_works(nc['works'])}{nc_top}{of_which}{more}.")
    nd = ob["no_derivatives"]
    nd_top = f" ({_top(nd['by_license'])})" if nd["works"] else ""
    lines.append(f"No derivatives for {_works(nd['works'])}{nd_top}{more}; whether training makes a derivative is "
                 "for counsel.")
    lines.append(f"Unknown terms for {_works(unknown)}: unknown is never read as permission.")
    lines.append(ob["most_restrictive"]["statement"])
    return lines


def _works(n: int) -> str:
    return f"{n} work" + ("" if n == 1 else "s")


def _top(by_license: dict[str, int], n: int = 5) -> str:
    items = list(by_license.items())
    text = ", ".join(f"{k} {v}" for k, v in items[:n])
    return text + (f", {len(items) - n} more licenses" if len(items) > n else "")
