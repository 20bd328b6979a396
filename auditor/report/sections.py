"""The sections both reports have, in order, and the plain-sentence methodology they share.

One registry, so report.md and report.html cannot drift apart: report.md renders each id with the
function of the same name in auditor.report.markdown, report.html with templates/sections/<id>.html.j2.
Numbers are given at render time from this order (a section that is absent, e.g. waivers without a
waiver file, leaves no gap). To add a section: add it here, write the Markdown function and the partial.
"""

from __future__ import annotations

from typing import Any

#: (id, title, shown when summary has ...) - None: always shown
SECTIONS: list[tuple[str, str, str | None]] = [
    ("scope", "Dataset and scope", None),
    ("methodology", "Methodology", None),
    ("results", "Results", None),
    ("obligations", "Obligations of a model or derived dataset trained on these rows", "obligations"),
    ("findings", "Findings per rule", None),
    ("waivers", "Waivers", "waivers"),
    ("limitations", "Limitations", None),
    ("reproduce", "How to reproduce", None),
]


def numbered(summary: dict[str, Any]) -> list[tuple[int, str, str]]:
    """(number, id, title) of the sections this summary has, numbered without gaps."""
    present = [(sid, title) for sid, title, needs in SECTIONS if needs is None or summary.get(needs)]
    return [(i, sid, title) for i, (sid, title) in enumerate(present, 1)]


def check_sentences(checks: dict[str, dict[str, Any]]) -> list[str]:
    """One sentence per check that ran, for a reader without ML background (raw settings go in a fold)."""
    out = []
    for name, f in checks.items():
        if name == "dataset":
            out.append("Safety and face columns the dataset already carries (NSFW and watermark scores, face "
                       "counts) were read as they are, where present.")
        elif name == "hosts":
            out.append(f"Image hosts were compared with a list of {f.get('stock_host_entries', 'several')} "
                       "stock-photo and image-agency domains.")
        elif name == "license":
            out.append("License fields were normalised to license families (CC-BY, CC-BY-NC, ...) with "
                       f"{f.get('spdx_ids', 'the SPDX list')}; anything unrecognised or missing is 'unknown', "
                       "never treated as permission.")
        elif name == "pii":
            out.append(f"Captions were checked for personal data (names, contact data, ID numbers, addresses) "
                       f"with {f.get('engine', 'Presidio')} (spaCy model {f.get('spacy_model', '?')} "
                       f"{f.get('spacy_model_version', '')}, license {f.get('model_license', '?')}); likely false "
                       "positives such as product codes and ISBNs were filtered out.")
            if f.get("language_limit"):
                out.append(f"{f['language_limit']}.")
        elif name == "faces":
            model = f.get("model") or f.get("model_file") or "a face detector"
            out.append(f"Images were checked for faces with {model} (license "
                       f"{f.get('model_license', f.get('license', 'see settings'))}).")
        elif name == "consent":
            out.append("Each image's site was checked for AI/text-and-data-mining opt-outs (robots.txt AI "
                       "agents, TDMRep, X-Robots-Tag, ai.txt); unreachable sites are 'unknown'.")
        elif name == "commons":
            out.append("Wikimedia Commons images were looked up for their recorded license.")
        else:
            out.append(f"The {name} check ran (settings below).")
    return out


def limitation_lines(summary: dict[str, Any], sampled: bool) -> list[str]:
    """What the numbers cannot say, as plain sentences (both reports escape them their own way)."""
    lines = ["Detectors have imperfect recall: no finding is not proof of absence (PII in captions, faces "
             "in images, opt-out signals at the source).",
             "Link rot: images and pages that could not be fetched are unknown, never clear.",
             "Unknown licenses are treated as unknown, never as permission."]
    if sampled:
        lines.append("Sampled estimates: shares come from a random sample; the 95% intervals describe sampling "
                     "error only, not detector error.")
        if summary["sample"].get("stratify"):
            lines.append("Stratified sample: shares are pooled over the sampled rows, not weighted by file "
                         "size; files of very different sizes can bias them.")
    other = {k: v for k, v in summary["rows"]["by_status"].items() if k not in ("ok", "skipped:not_sampled")}
    if other:
        lines.append("Rows not fully checked: " + ", ".join(f"{k} {v}" for k, v in other.items()) + ".")
    return lines


def human_lines(summary: dict[str, Any], total: int) -> list[str]:
    """Faces and person names, each a count of `total` or "not evaluated (why)"."""
    from auditor.coverage import CHECK_REASON

    sig = summary.get("signals", {})
    faces = sig.get("face_count", {})
    persons = sig.get("pii_types", {}).get("PERSON")
    pii_ran = "pii" in summary.get("checks", {})
    return [f"Images with faces: {sum(v for k, v in faces.items() if k not in ('0', 'null'))} of {total}"
            if faces else f"Images with faces: not evaluated ({CHECK_REASON['faces']})",
            f"Captions naming a person: {persons or 0} of {total}" if pii_ran
            else f"Captions naming a person: not evaluated ({CHECK_REASON['pii']})"]
