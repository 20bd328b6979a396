"""report.html: one self-contained page (inline CSS, JS and SVG) that a reviewer can open or print.

Safety: jinja2 autoescaping for every value; URLs become links only for http/https (with
rel="noopener noreferrer nofollow"), anything else is inert text; thumbnails are embedded as data:
URIs and only from files inside the run directory. A Content-Security-Policy meta tag allows nothing
but this page's own script and style (by sha256 hash) and data: images, so even an escaping bug could
not load or run anything else.
"""

from __future__ import annotations

import base64
import hashlib
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import jinja2
from markupsafe import Markup

from auditor.obligations import obligation_sentences
from auditor.report.charts import bar_chart, face_buckets
from auditor.report.model import ReportModel, faces_vs_dataset_rows, share_text
from auditor.report.reviews import dataset_gaps, next_steps, reviews
from auditor.report.sections import check_sentences, human_lines, limitation_lines, numbered
from auditor.thumbnails import THUMB_DIR, thumbnail_name

THUMB_MAX_BYTES = 256 * 1024


def thumbnail_uri(run_dir: Path, key: str) -> str | None:
    """A data: URI of thumbnails/<name>.jpg, only for a real JPEG inside the run directory."""
    base = (run_dir / THUMB_DIR).resolve()
    path = (base / f"{thumbnail_name(key)}.jpg")
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None
    if not real.is_relative_to(base) or not real.is_file() or real.stat().st_size > THUMB_MAX_BYTES:
        return None
    data = real.read_bytes()
    if not data.startswith(b"\xff\xd8\xff"):
        return None
    return "data:image/jpeg;base64," + base64.b64encode(data).decode("ascii")


def safe_href(url: str) -> str | None:
    """The URL itself when it is a plain http(s) URL, else None (shown as text, never a link)."""
    if not url or any(ord(c) < 33 or c in '"<>\\`' for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.netloc else None


def fact_text(value: Any) -> str:
    """A describe() value as one line: nested dicts as `k=v, ...`, lists comma-joined."""
    if isinstance(value, dict):
        return ", ".join(f"{k}={fact_text(v)}" for k, v in value.items())
    if isinstance(value, list | tuple):
        return ", ".join(fact_text(v) for v in value)
    return "-" if value is None else str(value)


def _env() -> jinja2.Environment:
    loader = jinja2.PackageLoader("auditor.report", "templates")
    env = jinja2.Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True)
    env.filters["share"] = share_text
    env.filters["fact"] = fact_text
    env.globals["obligation_sentences"] = obligation_sentences  # the obligations.html.j2 partial
    return env


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode() + "'"


def charts(m: ReportModel) -> list[Markup]:
    s = m.summary
    sig = s.get("signals", {})
    total = m.evaluated_rows
    skipped = {r["id"] for r in s["policy"].get("not_evaluated", [])}
    by_rule = {k: v for k, v in s["findings"]["by_rule"].items() if k not in skipped}
    note = " (evaluated rules only; see Limitations)" if skipped else ""
    out = [bar_chart("c-status", "Row status", s["rows"]["by_status"], s["rows"]["out"]),
           bar_chart("c-license", "License families", s.get("license_families", {}), total),
           bar_chart("c-category", "Rows with findings per category" + note, s["findings"]["rows_by_category"],
                     total),
           bar_chart("c-rule", "Rows per rule" + note, by_rule, total)]
    optional = [("c-pii", "PII entity types in captions", sig.get("pii_types")),
                ("c-faces", "Faces per image", face_buckets(sig["face_count"]) if "face_count" in sig else None),
                ("c-consent", "Consent and opt-out signals", sig.get("consent")),
                ("c-reserved-by", "Opt-out vocabularies behind the reservations",
                 {k: v for k, v in sig.get("consent_reserved_by", {}).items() if k not in ("null", "None")}),
                ("c-consent-all", "Opt-outs from every source (site files, headers, image metadata)",
                 sig.get("consent_all_sources")),
                ("c-ai-generated", "AI-generated images (embedded metadata)",
                 {"marked AI-generated": sig["image_ai_generated"].get("True", 0)}
                 if "image_ai_generated" in sig else None)]
    out += [bar_chart(cid, title, data, total) for cid, title, data in optional if data]
    compared = faces_vs_dataset_rows(sig.get("faces_vs_dataset"))
    if compared:
        out.append(bar_chart("c-faces-vs-dataset", "Faces: our detector vs the dataset's annotation (rows where "
                             "both are known)", compared, sig["faces_vs_dataset"]["both_known"]))
    return out


PAPERS = {"a4": "A4", "letter": "letter"}


def render_html(m: ReportModel, run_dir: Path, *, paper: str = "a4") -> str:
    """The page: the first screen, then one partial per section of auditor.report.sections, in order."""
    env = _env()
    # our own package files, not data: trusted markup (and hashed into the CSP below)
    style = Markup(env.get_template("report.css").render(paper=PAPERS[paper]))  # noqa: S704
    script = Markup(env.get_template("report.js").render())  # noqa: S704
    csp = ("default-src 'none'; img-src data:; style-src " + _hash(style) + "; script-src " + _hash(script)
           + "; base-uri 'none'; form-action 'none'")
    rules: list[dict[str, Any]] = []
    for r in m.rules:
        rows = [dict(e, href=safe_href(e["url"]), thumb=thumbnail_uri(run_dir, e["key"])) for e in r.examples]
        rules.append({"rule": r, "rows": rows})
    s = m.summary
    return env.get_template("report.html.j2").render(
        m=m, s=s, csp=csp, style=style, script=script, charts=charts(m), rules=rules,
        policy_files=s["policy"].get("files", []), checks=s.get("checks", {}), waivers=s.get("waivers"),
        sections=numbered(s), reviews=reviews(m), next_steps=next_steps(m), gaps=dataset_gaps(m),
        check_sentences=check_sentences(s.get("checks", {})), human_lines=human_lines(s, m.evaluated_rows),
        limitation_lines=limitation_lines(s, m.sampled), not_evaluated=s["policy"].get("not_evaluated", []),
        no_license_column="license" in s.get("coverage", {}).get("missing_input_columns", []),
        examples_shown=m.examples_limit)
