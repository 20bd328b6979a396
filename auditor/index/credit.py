"""Rights of one indexed row: license facts from signals.parquet, a TASL credit line, the copyright risk.

TASL is Creative Commons' recommended attribution: Title, Author, Source, License (with a link to the
licence deed). Unknown parts are said to be unknown, never invented: a row without a creator gets
"author unknown - find the author at the source before publishing", because a CC licence's attribution
condition cannot be met by guessing. Facts that were not evaluated stay null (never "allowed").
"""

from __future__ import annotations

import re
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from auditor.outputs import SIGNALS_FILE
from auditor.runs.common import iter_parquet, strings

FACTS = ("license_commercial", "license_derivatives", "license_share_alike", "license_attribution")
TEXT = ("license_id", "license_family", "commons_title", "commons_artist", "commons_credit")
_CC = re.compile(r"^CC-(BY(?:-NC)?(?:-SA|-ND)?)-(\d\.\d)$")
RISKY_FAMILIES = {"all-rights-reserved", "unknown"}


def license_url(license_id: str | None) -> str | None:
    if not license_id:
        return None
    m = _CC.match(license_id)
    if m:
        return f"https://creativecommons.org/licenses/{m.group(1).lower()}/{m.group(2)}/"
    if license_id == "CC0-1.0":
        return "https://creativecommons.org/publicdomain/zero/1.0/"
    if license_id.upper() in ("PDM-1.0", "CC-PDM-1.0"):
        return "https://creativecommons.org/publicdomain/mark/1.0/"
    return None


def row_rights(run_dir, keys: set[str]) -> dict[str, dict[str, Any]]:
    """key -> {license_id, license_family, the four facts, commons title/artist/credit} for `keys`."""
    from pathlib import Path

    path = Path(run_dir) / SIGNALS_FILE
    out: dict[str, dict[str, Any]] = {}
    if not keys:
        return out
    wanted = pa.array(sorted(keys), pa.string())
    for b in iter_parquet(path):
        names = b.schema.names
        hit = pc.is_in(strings(b.column("key")).cast(pa.string()), value_set=wanted)
        if not pc.any(hit).as_py():
            continue
        sub = b.filter(hit)
        cols = {c: (strings(sub.column(c)).to_pylist() if c in names else [None] * sub.num_rows)
                for c in ("key", *FACTS, *TEXT)}
        for i, key in enumerate(cols["key"]):
            out[key] = {c: cols[c][i] for c in (*FACTS, *TEXT)}
    return out


def copyright_risk(band: str | None, rights: dict[str, Any]) -> str | None:
    """Why a near-duplicate of this row is a copyright risk, or None (only near-duplicates are risks)."""
    if band != "near_duplicate":
        return None
    fam = rights.get("license_family")
    if fam is None or fam in RISKY_FAMILIES:
        return f"near-duplicate of a row whose license is {fam or 'unknown'}"
    if rights.get("license_commercial") is not True:
        return "near-duplicate of a non-commercial (NC) or unclear-commercial-use row"
    if rights.get("license_derivatives") is not True:
        return "near-duplicate of a no-derivatives (ND) or unclear-derivatives row"
    return None


def tasl_line(url: str | None, rights: dict[str, Any]) -> str:
    """A ready-to-paste credit line in the form the license asks for."""
    lid = rights.get("license_id")
    fam = rights.get("license_family")
    if fam is None or fam in RISKY_FAMILIES or lid is None:
        return f"License unknown ({fam or 'not evaluated'}): no attribution can make this use lawful; source: {url}"
    title = rights.get("commons_title")
    author = rights.get("commons_artist") or rights.get("commons_credit")
    link = license_url(lid)
    lic = f"{lid} ({link})" if link else lid
    t = f'"{title}"' if title else "Untitled image"
    a = author or "author unknown - find the author at the source before publishing"
    if rights.get("license_attribution") is False:
        return f"{t} by {a}, {lic}: no attribution required; courtesy credit. Source: {url}"
    return f"{t} by {a}, licensed under {lic}. Source: {url}"
