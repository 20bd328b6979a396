"""image_rights: the rights embedded in each row's image file, as signals.

This is not a separate pass over the images: the faces check's workers already open every image, and
auditor.images.decode reads the metadata from that same open image (`decode_image(..., rights=True)`).
A check object of its own would have to read each file a second time (and under Ray every check is its
own stage with its own copy of the batch), so these signals are written by the image pass and this
module only says what they are and turns the per-image results into columns.

Signals (null when absent; every row that has an image gets an `image_rights_status`):
- `image_copyright_notice` (XMP dc:rights, IPTC 2:116, EXIF Copyright), `image_creator` (dc:creator,
  IPTC 2:80 By-line, EXIF Artist), `image_credit` (photoshop:Credit, IPTC 2:110),
  `image_usage_terms` (xmpRights:UsageTerms), `image_web_statement` (xmpRights:WebStatement);
- `image_license_id`: the web statement through the license normalizer; `image_license_disagrees`: it
  and the row's LICENSE value both name a license and they differ (null unless both are known);
- `image_data_mining`: reserved / allowed / unknown from IPTC plus:DataMining;
- `image_c2pa`: the manifest verdict (trusted / valid / invalid / unreadable / not_checked), and
  `image_c2pa_training`: reserved / allowed / unknown from its training-mining assertion;
- `image_ai_generated`: IPTC DigitalSourceType or a C2PA action says trained algorithmic media;
- `image_consent`: the image's own answer, reserved if either source reserves;
- `image_rights_evidence`: JSON naming the source of each value and the raw vocabulary values.
"""

from __future__ import annotations

import json
from collections import Counter

import pyarrow as pa

from auditor.checks.license_normalize import normalize_one
from auditor.images.metadata import ImageRights

TRI = pa.dictionary(pa.int32(), pa.string())
SIGNALS: dict[str, pa.DataType] = {
    "image_copyright_notice": pa.string(),
    "image_creator": pa.string(),
    "image_credit": pa.string(),
    "image_usage_terms": pa.string(),
    "image_web_statement": pa.string(),
    "image_license_id": pa.string(),
    "image_license_disagrees": pa.bool_(),
    "image_data_mining": TRI,
    "image_c2pa": TRI,
    "image_c2pa_training": TRI,
    "image_ai_generated": pa.bool_(),
    "image_consent": TRI,
    "image_rights_evidence": pa.string(),
    "image_rights_status": pa.string(),
}


def license_key(raw: str | None) -> str | None:
    """What a license value names, for comparison: the SPDX id, else the family; None when unknown."""
    if not raw:
        return None
    n = normalize_one(raw)
    if n.family == "unknown":
        return None
    return n.license_id or n.family


def combine_consent(*states: str | None) -> str | None:
    """Any reservation reserves; allowed only when nothing reserves or is unknown; None when all absent."""
    present = [s for s in states if s is not None]
    if not present:
        return None
    if "reserved" in present:
        return "reserved"
    return "allowed" if all(s == "allowed" for s in present) else "unknown"


def rights_columns(rights: list[ImageRights | None], image_status: list[str],
                   dataset_license: list[str | None], counts: Counter) -> list[pa.Array]:
    """The SIGNALS columns for one batch (one entry per row; None where no image was opened)."""
    cols: dict[str, list] = {name: [] for name in SIGNALS}
    keys: dict[str | None, str | None] = {}

    def key(raw):
        if raw not in keys:
            keys[raw] = license_key(raw)
        return keys[raw]

    for r, st, lic in zip(rights, image_status, dataset_license, strict=True):
        if r is None:
            for name in SIGNALS:
                cols[name].append(None)
            cols["image_rights_status"][-1] = st if st.startswith(("skipped:", "error:")) else "skipped:no_image"
            continue
        for f in ("copyright_notice", "creator", "credit", "usage_terms", "web_statement"):
            cols[f"image_{f}"].append(r.values.get(f))
        own = key(r.values.get("web_statement"))
        theirs = key(lic)
        cols["image_license_id"].append(own)
        cols["image_license_disagrees"].append(None if own is None or theirs is None else own != theirs)
        cols["image_data_mining"].append(r.data_mining)
        cols["image_c2pa"].append(r.c2pa)
        cols["image_c2pa_training"].append(r.c2pa_training)
        cols["image_ai_generated"].append(r.ai_generated)
        cols["image_consent"].append(combine_consent(r.data_mining, r.c2pa_training))
        cols["image_rights_evidence"].append(json.dumps(r.evidence, sort_keys=True, ensure_ascii=False)
                                             if r.evidence else None)
        cols["image_rights_status"].append(r.status)
        counts[r.status] += 1
    return [pa.array(cols[name], pa.string()).dictionary_encode() if typ == TRI else pa.array(cols[name], typ)
            for name, typ in SIGNALS.items()]


def _str_or_nulls(signals: pa.RecordBatch, name: str) -> pa.Array:
    if name not in signals.schema.names:
        return pa.nulls(signals.num_rows, pa.string())
    col = signals.column(name)
    return col.dictionary_decode() if pa.types.is_dictionary(col.type) else col.cast(pa.string())


def consent_all_sources(signals: pa.RecordBatch) -> pa.Array:
    """The site's answer (`consent`: robots.txt, TDMRep, X-Robots-Tag, ai.txt) and the image's own
    (`image_consent`) combined per row, naming where a reservation comes from: `reserved:site`,
    `reserved:image`, `reserved:site+image`; else `allowed` when every source present allows, `unknown`
    when one is unknown; null when neither was looked at. Vectorized: a few kernels per batch."""
    import pyarrow.compute as pc

    site, image = _str_or_nulls(signals, "consent"), _str_or_nulls(signals, "image_consent")
    site_res = pc.fill_null(pc.equal(site, "reserved"), False)
    img_res = pc.fill_null(pc.equal(image, "reserved"), False)
    neither = pc.and_(pc.is_null(site), pc.is_null(image))
    allowed = pc.and_(pc.fill_null(pc.equal(site, "allowed"), True), pc.fill_null(pc.equal(image, "allowed"), True))
    s = pa.scalar
    out = pc.if_else(allowed, s("allowed"), s("unknown"))
    out = pc.if_else(neither, pa.scalar(None, pa.string()), out)
    out = pc.if_else(img_res, s("reserved:image"), out)
    out = pc.if_else(site_res, pc.if_else(img_res, s("reserved:site+image"), s("reserved:site")), out)
    return out
