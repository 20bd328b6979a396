"""Turn raw license strings into an SPDX id, a family and four tri-state facts.

This runs on DISTINCT values only (the license check dictionary-encodes the column first), so plain
Python per value is fine here: the cost is O(distinct values), not O(rows).

Every value is first cleaned (auditor.checks.license_text: NFKC, format characters out, dashes to
`-`, TR39 Latin skeleton); a value that still has a non-ASCII letter where a license token could be is
unknown. A value that offers alternatives (`GFDL or CC BY-SA 3.0`, `self|GFDL|cc-by-3.0`) is a choice
(auditor.checks.license_choice). Otherwise recognition is tried from the most to the least specific
evidence, and a license grant beats a copyright notice ("(c) 2015 Jane Doe, CC BY 2.0" is CC BY):
unknown markers -> Creative Commons URLs -> SPDX ids -> CC0 / Public Domain Mark -> bare CC codes
(`by-nc-sa 2.0`) -> CC short and long names -> public-domain statements and Commons PD templates ->
named licenses and rights statements -> copyright notices -> unrecognized (unknown, never commercial).

A CC value that cannot be read completely (unknown module, version CC never published, a port code CC
never had, a restriction word left over) is unknown, never the license that its readable part names:
dropping an unread NC or ND would grant freedom the license withholds.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

import pyarrow as pa

from auditor.checks.license_choice import choose
from auditor.checks.license_data import Facts, license_data, spdx_index
from auditor.checks.license_text import clean, suspicious_token

_WS = re.compile(r"\s+")
_CC_URL = re.compile(
    r"creativecommons\.org/licen[cs]es/(?P<mods>[a-z+-]+)"
    r"(?:/(?P<ver>\d+\.\d+))?(?:/(?P<port>[a-z]{2,10})(?=[/\s?#\"'<>)]|$))?"
)
_FLICKR_URL = re.compile(r"flickr\.com/creativecommons/(?P<mods>[a-z-]+?)-(?P<ver>\d\.\d)")
_CC_PD_URL = re.compile(
    r"creativecommons\.org/(?:publicdomain/(?P<kind>zero|mark)|licen[cs]es/(?P<old>mark/|publicdomain))")
_CC0 = re.compile(r"\bcc[\s_-]?(?:0|zero)\b|creative[\s_-]?commons[\s_-]zero|public domain dedication")
_PDM = re.compile(r"\bpublic[\s_-]?domain[\s_-]mark\b|^pdm(?:[\s_-]?1\.0)?$|\b(?:cc[\s_-]?)?pd[\s_-]?mark\b")
_BARE = re.compile(
    r"(?P<mods>(?:by|nc|sa|nd)(?:[\s_-]+(?:by|nc|sa|nd))*)(?:[\s_-]*v?(?P<ver>\d(?:\.\d)?))?"
    r"(?:[\s_-]+(?P<port>[a-z]{2,10}))?"
)
_LEFT_OVER = re.compile(r"\bnon[\s_-]?com\w*|\bshare[\s_-]?al\w*|\bno[\s_-]?deriv\w*")
#: right after the module codes: a short code attached by - or _, or two letters before the version
_ATTACHED = re.compile(r"(?!all\b|licen|v\d)[a-z]{1,3}\b")
_BEFORE_VERSION = re.compile(r"(?!v[\s_.-]*\d)[a-z]{1,2}[\s_-]*\d")
_HAS_CC = re.compile(r"\bcc\b|creative[\s_-]?commons")
_LONG_NAME = re.compile(
    r"\battribution\b(?:[\s_-]+(?:non|share|no[\s_-]?deriv)|[\s_-]+(?:v?\d(?:\.\d)?\b|licen[cs]e|"
    r"international|generic|unported))"
)
_CREATIVE_COMMONS = re.compile(r"creative[\s_-]?commons")
_ATTRIBUTION = re.compile(r"\battribution\b")
_LONG_PARTS = (
    (re.compile(r"\bnon[\s_-]?commercial\b"), " nc "),
    (re.compile(r"\bshare[\s_-]?alike\b"), " sa "),
    (re.compile(r"\bno[\s_-]?deriv(?:ative)?s?(?:[\s_-]works)?\b"), " nd "),
)
_CC_SHORT = re.compile(
    r"\bcc[\s_-]*(?P<mods>(?:(?:by|nc|sa|nd)\b[\s_-]*)+)(?:licen[cs]e[\s_,-]*)?(?:v(?:ersion)?[\s_.-]*)?"
    r"(?P<ver>\d(?:\.\d)?)?(?:[\s_-]*(?P<port>[a-z]{2,10})\b)?"
)
_RETIRED = re.compile(r"developing\s*nations")
_PUBLIC_DOMAIN = re.compile(r"\bpublic[\s_-]?domain\b|^pd$")
_PD_TEMPLATE = re.compile(r"(?:^|[\s{|(\[])pd-(?P<t>[a-z0-9][a-z0-9-]{0,39})", re.IGNORECASE)
#: only the start of a value is read: license evidence is short, and every pattern stays cheap on HTML blobs
MAX_CHARS = 2000
_MODULE_ORDER = {"by": 0, "nc": 1, "nd": 2, "sa": 3}


@dataclass(frozen=True, slots=True)
class Normalized:
    """One recognised license value; `family` is never null, `license_id` is null when unknown."""

    license_id: str | None
    family: str
    commercial: bool | None
    derivatives: bool | None
    share_alike: bool | None
    attribution: bool | None
    match: str
    #: why this value was read as it was, beyond `match` (the alternatives of a multi-license choice)
    note: str | None = None


COLUMNS: dict[str, pa.DataType] = {
    "license_id": pa.string(),
    "license_family": pa.string(),
    "license_commercial": pa.bool_(),
    "license_derivatives": pa.bool_(),
    "license_share_alike": pa.bool_(),
    "license_attribution": pa.bool_(),
    "license_match": pa.string(),
}


_ATTRS = ("license_id", "family", "commercial", "derivatives", "share_alike", "attribution", "match")


def _make(license_id: str | None, family: str, match: str, facts: Facts | None = None) -> Normalized:
    f = facts or license_data().families[family]  # type: ignore[index]
    return Normalized(license_id, family, f.commercial, f.derivatives, f.share_alike, f.attribution, match)


def unknown(match: str) -> Normalized:
    return _make(None, "unknown", match)


def _spdx_or_ref(candidate: str) -> str:
    entry = spdx_index().get(candidate.lower())
    return entry.id if entry else f"LicenseRef-{candidate}"


def _cc(mods: list[str], ver: str | None, port: str | None, match: str) -> Normalized:
    """A Creative Commons license from its modules (by, nc, sa, nd), version and jurisdiction port.

    Ports map to their own SPDX id where SPDX has one (CC-BY-3.0-DE), else to a LicenseRef that names
    the port (LicenseRef-CC-BY-NC-ND-2.5-AR). Anything CC never published is unknown.
    """
    data = license_data()
    key = "-".join(sorted(set(mods), key=lambda m: _MODULE_ORDER.get(m, 9)))
    module = data.cc_modules.get(key)
    if module is None:  # a garbled module list: a CC license, but not one we can read
        return unknown("garbled-cc")
    if ver and "." not in ver:
        ver = f"{ver}.0"
    versions, ports = _cc_sets()
    if ver and ver not in versions:
        return unknown("garbled-cc")
    if port not in ports or not ver:  # deed.en, legalcode, via: not a port (facts unchanged)
        port = None
    if not ver:
        return _make(f"LicenseRef-{module.id}", module.family, match, module.facts)
    base = f"{module.id}-{ver}"
    if port:
        ported = spdx_index().get(f"{base}-{port}".lower())
        license_id = ported.id if ported else f"LicenseRef-{base}-{port.upper()}"
        return _make(license_id, module.family, match, module.facts)
    return _make(_spdx_or_ref(base), module.family, match, module.facts)


@cache
def _cc_sets() -> tuple[frozenset[str], frozenset[str]]:
    return frozenset(license_data().cc_versions), frozenset(license_data().cc_ports)


def _from_url(low: str) -> Normalized | None:
    if "creativecommons" not in low:
        return None
    m = _CC_PD_URL.search(low)
    if m:
        kind = m.group("kind") or ("mark" if m.group("old") == "mark/" else None)
        ids = {"zero": "CC0-1.0", "mark": "CC-PDM-1.0", None: "LicenseRef-PublicDomain"}
        return _make(ids[kind], "public-domain", "cc-url")
    m = _CC_URL.search(low) or _FLICKR_URL.search(low)
    if not m:
        return None
    port = m.groupdict().get("port")
    return _cc([p for p in m.group("mods").split("-") if p], m.group("ver"), port, "cc-url")


def _from_spdx(low: str) -> Normalized | None:
    entry = spdx_index().get(low)
    if entry is None:
        return None
    if entry.id.startswith("CC-") and entry.id != "CC-PDM-1.0":
        parsed = _from_cc_name(entry.id.lower())
        if parsed is not None:
            return Normalized(entry.id, *_astuple(parsed)[1:6], "spdx-id")
    family = license_data().spdx_categories.get(entry.category, "other")
    return _make(entry.id, family, "spdx-id")


def _astuple(n: Normalized) -> tuple:
    return (n.license_id, n.family, n.commercial, n.derivatives, n.share_alike, n.attribution, n.match)


def _from_cc_name(low: str) -> Normalized | None:
    if "attribution" not in low and "cc" not in low and "creative" not in low:
        return None
    if "sampling" in low or "devnations" in low or _RETIRED.search(low):  # named rules, not module codes
        return None
    long_name = _LONG_NAME.search(low) is not None
    if not long_name and not _HAS_CC.search(low):
        return None
    t = _CREATIVE_COMMONS.sub(" cc ", low)
    if long_name:
        t = _ATTRIBUTION.sub(" cc by ", t)
    for rx, short in _LONG_PARTS:
        t = rx.sub(short, t)
    m = _CC_SHORT.search(t)
    if not m:
        return None
    attached = m.group("mods")[-1:] in "-_" and _ATTACHED.match(t, m.end("mods"))
    left_over = ("non" in t or "share" in t or "deriv" in t) and _LEFT_OVER.search(t)
    if attached or left_over or _BEFORE_VERSION.match(t, m.end("mods")):
        return unknown("garbled-cc")  # a restriction word or module code we could not read
    mods = re.findall(r"by|nc|sa|nd", m.group("mods"))
    return _cc(mods, m.group("ver"), m.group("port"), "long-name" if long_name else "short-name")


def _from_bare(low: str) -> Normalized | None:
    """Bare CC module codes as APIs and dataset cards write them: `by-nc-sa`, `by 2.0`, `nc-sa 2.0`."""
    if len(low) > 40:  # bare codes are short; prose is never one
        return None
    m = _BARE.fullmatch(low.strip(" .,;:[](){}\"'"))
    if not m or ("by" not in m.group("mods") and not m.group("ver")):  # "nd" alone may mean "no data"
        return None
    return _cc(re.findall(r"by|nc|sa|nd", m.group("mods")), m.group("ver"), m.group("port"), "cc-code")


def _from_public_domain(low: str, text: str) -> Normalized | None:
    if "pd" not in low and "public" not in low:
        return None
    m = _PD_TEMPLATE.search(text)
    if m:
        name = re.sub(r"[^A-Za-z0-9.-]+", "-", m.group("t")).strip("-")
        return _make(f"LicenseRef-PD-{name}", "public-domain", "pd-template")
    if _PUBLIC_DOMAIN.search(low):
        return _make("LicenseRef-PublicDomain", "public-domain", "long-name")
    return None


def _from_named(low: str) -> Normalized | None:
    words, by_word, rules = _gated_rules()
    present = [w for w in words if w in low]  # substring tests: cheap, and most values have none
    if not present:
        return None
    for i in sorted({i for w in present for i in by_word[w]}):  # only rules whose words are present
        rule, rx, is_notice = rules[i]
        m = rx.search(low)
        if not m:
            continue
        if is_notice:
            return _make(rule.id, "all-rights-reserved", "copyright-notice")
        if rule.family == "unknown":
            return unknown(rule.match)
        ver = m.groupdict().get("ver") or m.groupdict().get("v2")
        templated = "{ver}" in rule.id or "{VER}" in rule.id
        license_id = rule.id.format(ver=ver, VER=(ver or "").upper()) if ver or not templated else rule.id_nover
        return _make(license_id, rule.family, rule.match, rule.facts)
    return None


@cache
def _gated_rules() -> tuple[tuple[str, ...], dict[str, tuple[int, ...]], tuple]:
    """Every `needs` word, word -> indices of the rules that need it, and the rules in order
    (named first, notices last) as (rule, compiled pattern, is_notice)."""
    data = license_data()
    rules = (*((r, re.compile(r.pattern), False) for r in data.named),
             *((r, re.compile(r.pattern), True) for r in data.notices))
    by_word: dict[str, list[int]] = {}
    for i, (r, _, _) in enumerate(rules):
        for w in r.needs:
            by_word.setdefault(w, []).append(i)
    return tuple(sorted(by_word)), {w: tuple(v) for w, v in by_word.items()}, rules


@cache
def _unknown_markers() -> frozenset[str]:
    return frozenset(license_data().unknown_markers)


def normalize_one(raw: str | None) -> Normalized:
    """Normalize one raw value (see the module docstring for the order of evidence)."""
    if raw is None:
        return unknown("null")
    text = _WS.sub(" ", raw).strip()[:MAX_CHARS]
    if not text.isascii():  # NFKC, format characters, dashes, TR39 look-alikes (license_text)
        text = _WS.sub(" ", clean(text)).strip()
    if suspicious_token(text) is not None:
        return unknown("non-ascii-license-token")
    chosen = choose(text, _single)
    return chosen if chosen is not None else _single(text)


def _single(text: str) -> Normalized:
    """One cleaned value that names (at most) one license."""
    low = text.lower()
    if low.strip(" \"'.{}[]()<>|") in _unknown_markers():
        return unknown("unknown-marker")
    for step in (_from_url, _from_spdx):
        found = step(low)
        if found is not None:
            return found
    # each regex step is gated by a substring its pattern cannot match without (cheap on notices, prose)
    if ("mark" in low or "pdm" in low) and _PDM.search(low):
        return _make("CC-PDM-1.0", "public-domain", "long-name")
    if ("cc" in low or "zero" in low or "dedication" in low) and _CC0.search(low):
        return _make("CC0-1.0", "public-domain", "short-name")
    found = (_from_bare(low) or _from_cc_name(low) or _from_public_domain(low, text) or _from_named(low))
    return found if found is not None else unknown("unrecognized")


def normalize_values(values: pa.Array) -> pa.Table:
    """One normalized row per input value (distinct raw strings, nulls allowed), in input order."""
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    return to_table([normalize_one(v) for v in values.to_pylist()])


def to_table(rows: list[Normalized]) -> pa.Table:
    """Normalized rows as an Arrow table with the `COLUMNS` schema."""
    fields = [[getattr(r, attr) for r in rows] for attr in _ATTRS]
    return pa.table([pa.array(f, type=t) for f, t in zip(fields, COLUMNS.values(), strict=True)],
                    names=list(COLUMNS))
