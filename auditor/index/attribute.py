"""`audit attribute IMAGE... --index RUN_DIR`: which training rows a generated image comes from, and
whom to credit under which license.

Each query image is read with the index's byte cap and decoded by the same hardened decoder as the
indexed rows; its hashes (and embedding, when the index has one and the same model file is available:
the sha256 must match, or the cosines would compare different spaces) are searched shard by shard.
Results: JSON (strict: no NaN) and Markdown, every data value escaped in the Markdown.
"""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path
from typing import Any

import numpy as np

from auditor.errors import ConfigError, InputError
from auditor.images.decode import OK, decode_image, install_bomb_guard
from auditor.images.sources import ImageRef, read_ref
from auditor.index.credit import copyright_risk, license_url, row_rights, tasl_line
from auditor.index.hashing import image_hashes
from auditor.index.search import IndexSearcher, describe
from auditor.report.escape import md_escape
from auditor.sinks import write_text_atomic


def _encoder(searcher: IndexSearcher, model: str | None):
    from auditor.index.embed import ImageEncoder

    enc = searcher.manifest.get("encoder")
    if model is None:
        return None
    if enc is None:
        raise ConfigError("--embedding-model given, but the index has no embeddings (rebuild it with one)")
    encoder = ImageEncoder(model)
    if encoder.spec.sha256 != enc["sha256"]:
        raise ConfigError(f"embedding model differs from the one the index was built with ({enc['model']}, "
                          f"sha256 {enc['sha256'][:12]}...)", file=str(model))
    return encoder


def attribute(run_dir: Path, images: list[Path], *, k: int = 5, embedding_model: str | None = None
              ) -> list[dict[str, Any]]:
    install_bomb_guard()
    searcher = IndexSearcher(run_dir)
    encoder = _encoder(searcher, embedding_model)
    codes, vecs, reports, live = [], [], [], []
    for path in images:
        data, status = read_ref(ImageRef(str(path)))
        dec = decode_image(data) if status is None else None
        if dec is None or dec.status != OK:
            reports.append({"image": str(path), "status": status or dec.status, "matches": []})
            continue
        ph, dh = image_hashes(dec.bgr)
        codes.append(np.frombuffer(ph + dh, np.uint8))
        if encoder is not None:
            vecs.append(encoder.embed(dec.bgr))
        reports.append({"image": str(path), "status": OK, "sha256": dec.sha256, "matches": []})
        live.append(len(reports) - 1)
    found = searcher.search(np.stack(codes), np.stack(vecs) if vecs else None, k) if live else []
    rights = row_rights(run_dir, {m.key for ms in found for m in ms})
    for q, matches in zip(live, found, strict=True):
        rows = []
        for m in matches:
            r = dict(rights.get(m.key, {}))
            # creator/credit: Wikimedia Commons first (curated), else what the file itself embeds (EXIF)
            r["commons_artist"] = r.get("commons_artist") or m.exif_artist
            r["commons_credit"] = r.get("commons_credit") or m.exif_copyright
            rows.append({**asdict(m), "license_id": r.get("license_id"), "license_family": r.get("license_family"),
                         "license_url": license_url(r.get("license_id")),
                         **{f: r.get(f) for f in ("license_commercial", "license_derivatives",
                                                   "license_share_alike", "license_attribution")},
                         "title": r.get("commons_title"), "creator": r.get("commons_artist"),
                         "credit": r.get("commons_credit"),
                         "copyright_risk": copyright_risk(m.band, r), "attribution": tasl_line(m.url, r)})
        rep = reports[q]
        rep["matches"] = rows
        top = rows[0]["band"] if rows else None
        rep["verdict"] = top or "no_match"
        rep["note"] = None if top else "no match above the weak band: no training row is close to this image"
        rep["copyright_risk"] = any(r["copyright_risk"] for r in rows)
    for rep in reports:
        rep.setdefault("verdict", "not_evaluated")
        rep.setdefault("copyright_risk", None)  # not evaluated: never "no risk"
    return [{"search": describe(searcher), **r} for r in reports]


def _md(reports: list[dict[str, Any]]) -> str:
    lines = ["# Attribution of generated images", ""]
    for rep in reports:
        lines += [f"## {md_escape(Path(rep['image']).name, 200)}", ""]
        if rep["status"] != OK:
            lines += [f"Not evaluated: {md_escape(rep['status'])}.", ""]
            continue
        lines.append(f"Verdict: **{md_escape(rep['verdict'])}**"
                     + (" - **copyright risk**" if rep["copyright_risk"] else ""))
        if rep.get("note"):
            lines.append(f"\n{md_escape(rep['note'])}")
        lines += ["", "| # | band | hamming | cosine | license | facts (commercial/derivatives/share-alike/"
                  "attribution) | url | credit line | risk |", "|---|---|---|---|---|---|---|---|---|"]
        for i, m in enumerate(rep["matches"], 1):
            facts = "/".join({True: "yes", False: "no", None: "?"}[m[f]] for f in (
                "license_commercial", "license_derivatives", "license_share_alike", "license_attribution"))
            cos = f"{m['cosine']:.3f}" if m["cosine"] is not None else "-"
            lines.append(f"| {i} | {md_escape(m['band'] or 'below weak')} | {m['hamming']} | {cos} | "
                         f"{md_escape(m['license_id'] or m['license_family'] or 'unknown')} | {facts} | "
                         f"{md_escape(m['url'] or '-', 300)} | {md_escape(m['attribution'], 500)} | "
                         f"{md_escape(m['copyright_risk'] or '-')} |")
        lines.append("")
    return "\n".join(lines).rstrip() + "\n"


def write_reports(reports: list[dict[str, Any]], out: Path) -> tuple[Path, Path]:
    """out.json and out.md (out is a path without or with either suffix)."""
    out = Path(out)
    base = out.with_suffix("") if out.suffix in (".json", ".md") else out
    if not base.parent.is_dir():
        raise InputError("output folder does not exist", file=str(base.parent))
    jp, mp = base.with_suffix(".json"), base.with_suffix(".md")
    write_text_atomic(jp, json.dumps(reports, indent=2, allow_nan=False) + "\n")
    write_text_atomic(mp, _md(reports))
    return jp, mp
