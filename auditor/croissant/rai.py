"""The RAI fields an audit can fill, each a sentence with its numbers (Croissant RAI spec names).

Every sentence says what was not measured as plainly as what was: a check that did not run yields
"not measured", never a zero. Shares are of the rows the checks saw (the sample, if --sample was used,
and then the sentence says so).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from auditor.croissant.measure import Measured
from auditor.obligations import obligation_sentences
from auditor.sources.profiles import load_profiles

TOP_HOSTS = 10


def _pct(n: int, total: int) -> str:
    return f"{n} of {total} ({n / total:.2%})" if total else f"{n} of 0"


def _scope(summary: dict[str, Any], m: Measured) -> str:
    return f" in the {m.evaluated} sampled rows" if summary.get("sample") else ""


def collection_type(summary: dict[str, Any]) -> list[str] | None:
    """rai:dataCollectionType from the schema profiles of the inputs; None when no profile says."""
    profiles = load_profiles()
    types = sorted({t for f in summary["inputs"] for t in
                    (profiles[f["profile"]].collection if f.get("profile") in profiles else [])})
    return types or None


def raw_data(summary: dict[str, Any], m: Measured) -> str:
    if not m.hosts:
        return "Source hosts not measured (no url_host signal in this run)."
    total = sum(m.hosts.values())
    known = {k: v for k, v in m.hosts.items() if k is not None}
    top = sorted(known.items(), key=lambda kv: (-kv[1], kv[0]))[:TOP_HOSTS]
    text = (f"Images are referenced by URL on {len(known)} distinct hosts{_scope(summary, m)}; the top "
            f"{len(top)}: " + ", ".join(f"{h} {_pct(n, total)}" for h, n in top) + ".")
    if None in m.hosts:
        text += f" Rows without a parseable URL host: {_pct(m.hosts[None], total)}."
    return text


def missing_data(summary: dict[str, Any], m: Measured) -> str:
    total, checks = m.evaluated, summary.get("checks", {})
    sig = summary.get("signals", {})
    fam = summary.get("license_families", {})
    parts = []
    if "license" in checks:
        parts.append(f"rows without a usable license: {_pct(fam.get('unknown', 0) + fam.get('null', 0), total)} "
                     f"(plus {fam.get('other', 0)} with an unrecognised license text)")
    else:
        parts.append("licenses not measured (license check not run)")
    pii_status = sig.get("pii_status")
    if pii_status is not None:
        none = pii_status.get("skipped:no_caption", 0) + pii_status.get("skipped:empty_caption", 0)
        parts.append(f"rows without a caption: {_pct(none, total)}")
    else:
        parts.append("captions not measured (pii check not run)")
    img = sig.get("image_status")
    if img is not None:
        ok = img.get("ok", 0)
        parts.append(f"rows whose image could be read: {_pct(ok, total)}; not read: "
                     + ", ".join(f"{k} {v}" for k, v in img.items() if k != "ok"))
    else:
        parts.append(f"images not seen: all {total} rows (the faces check did not run, so no image was fetched "
                     "or read; reachability is unknown)")
    bad = {k: v for k, v in summary["rows"]["by_status"].items() if k != "ok" and k != "skipped:not_sampled"}
    if bad:
        parts.append("rows not fully checked: " + ", ".join(f"{k} {v}" for k, v in bad.items()))
    return f"Measured by the audit{_scope(summary, m)}: " + "; ".join(parts) + "."


def personal_information(summary: dict[str, Any], m: Measured) -> str:
    total = m.evaluated
    sig = summary.get("signals", {})
    parts = []
    if m.pii_rows is not None:
        types = sig.get("pii_types", {})
        parts.append(f"captions with personal information detected: {_pct(m.pii_rows, total)}"
                     + (" (rows per type: " + ", ".join(f"{k} {_pct(v, total)}" for k, v in types.items()) + ")"
                        if types else ""))
        if m.sensitive_rows is not None:
            parts.append(f"captions naming a person in a sensitive context (health, crime, religion, sexuality "
                         f"and similar words): {_pct(m.sensitive_rows, total)}")
    else:
        parts.append("personal information in captions not measured (pii check not run)")
    if m.face_rows is not None:
        parts.append(f"images with at least one detected face: {_pct(m.face_rows, m.face_known)} of the images "
                     f"that could be analysed ({m.face_known} of {total} rows)")
    else:
        parts.append("faces not measured (faces check not run): images may show people")
    return f"Measured by the audit{_scope(summary, m)}: " + "; ".join(parts) + "."


def limitations(summary: dict[str, Any], m: Measured) -> list[str]:
    total = m.evaluated
    checks = summary.get("checks", {})
    out = []
    fam = summary.get("license_families", {})
    if "license" in checks:
        nc = sum(v for k, v in fam.items() if "nc" in k.split("-"))
        nd = sum(v for k, v in fam.items() if "nd" in k.split("-"))
        unknown = fam.get("unknown", 0) + fam.get("null", 0)
        out.append(f"License terms{_scope(summary, m)}: unknown {_pct(unknown, total)}, "
                   f"non-commercial (NC) {_pct(nc, total)}, no-derivatives (ND) {_pct(nd, total)}, all rights "
                   f"reserved {_pct(fam.get('all-rights-reserved', 0), total)}. Unknown is never read as permission.")
    ob = summary.get("obligations")
    if ob:
        out += obligation_sentences(ob)
    if "pii" in checks:
        note = checks["pii"].get("language_limit") or "PII recall is measured for English captions only"
        out.append(f"PII detection: {note}.")
    faces = checks.get("faces")
    if faces:
        out.append(f"Face detector {faces.get('detector')} (sha256 {faces.get('detector_sha256')}): "
                   f"{_detector_license(faces)}.")
    out.append("Detectors have imperfect recall: no finding is not proof of absence.")
    return out


def annotation_tools(summary: dict[str, Any]) -> list[str]:
    """Every model, version and sha256 the audit used (rai:machineAnnotationTools)."""
    tool = summary["tool"]
    out = [f"auditor {tool['version']} (Python {tool['python']}), summary schema {summary['schema_version']}"]
    checks = summary.get("checks", {})
    lic = checks.get("license")
    if lic:
        facts = lic.get("facts") or {}
        out.append(f"license normalizer: {lic.get('spdx_ids')}; facts {facts.get('file')} sha256 {facts.get('sha256')}")
    pii = checks.get("pii")
    if pii:
        out.append(f"PII in captions: {pii.get('engine')}, presidio-analyzer {pii.get('presidio_version')}, spaCy "
                   f"{pii.get('spacy_version')}, model {pii.get('spacy_model')} {pii.get('spacy_model_version')} "
                   f"({pii.get('model_license')})")
    faces = checks.get("faces")
    if faces:
        out.append(f"faces in images: {faces.get('detector')} ({faces.get('detector_file') or 'file unknown'}) "
                   f"sha256 {faces.get('detector_sha256')}, input {faces.get('input_size')}, threshold "
                   f"{faces.get('threshold')}, precision {faces.get('precision')} ({_detector_license(faces)})")
    hosts = checks.get("hosts", {}).get("stock_hosts")
    if hosts:
        out.append(f"stock-photo host list {hosts.get('file')} sha256 {hosts.get('sha256')}")
    for f in summary.get("policy", {}).get("files", []):
        out.append(f"policy {f.get('name')} sha256 {f.get('sha256')}")
    return out


def preprocessing(summary: dict[str, Any]) -> list[str] | None:
    """rai:dataPreprocessingProtocol when the audited inputs were written by `audit export` (its manifest
    lies next to each output: <stem>.manifest.json); None otherwise."""
    out = []
    for f in summary["inputs"]:
        path = Path(f["path"])
        manifest = path.with_name(path.stem + ".manifest.json")
        if not manifest.is_file():
            continue
        try:
            data = json.loads(manifest.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if not isinstance(data, dict) or "dropped_rows_by_category" not in data:
            continue
        per_cat = ", ".join(f"{k} {v}" for k, v in data["dropped_rows_by_category"].items())
        per_rule = ", ".join(f"{k} {v}" for k, v in data.get("dropped_findings_by_rule", {}).items())
        policies = ", ".join(str(p.get("name")) for p in data.get("policy", []))
        cats = ", ".join(data["dropped_categories"])
        out.append(f"{f['name']} was written by `audit export`: {data['rows_dropped']} of {data['rows_in']} rows "
                   f"removed because an earlier audit flagged them in the categories {cats}"
                   f" (rows per category: {per_cat}; findings per rule: {per_rule or 'none'}; policy: "
                   f"{policies or '-'}); {data.get('waived_findings_kept', 0)} waived findings were kept.")
    return out or None


def _detector_license(faces: dict) -> str:
    """The detector's license as the faces check states it, with its warning (non-commercial, unknown terms)."""
    text = faces.get("detector_license") or faces.get("license_note") or "license unknown"
    warning = faces.get("detector_warning")
    return f"{text}; {warning}" if warning else text
