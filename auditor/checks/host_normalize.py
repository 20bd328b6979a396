"""Hosts the way a browser reads them, before any host rule looks at them.

A browser turns `www．shutterstock．com`, `www。shutterstock。com`, full-width letters, a soft hyphen or a
trailing bidi mark into `www.shutterstock.com` (WHATWG URL "domain to ASCII": percent-decoding, UTS 46
mapping - which folds case and width and maps U+3002/U+FF0E/U+FF61 to `.` - then IDNA). A host rule that
compares raw text would call such a URL "not a stock host". So distinct hosts that are not plain ASCII go
through this mapping; a host that cannot be mapped (disallowed code points, a forbidden character after
mapping, a bad label) is reported as invalid - the caller makes that row `skipped:invalid_host`, never
"not a stock host".

Runs on distinct hosts only, and plain printable-ASCII hosts (nearly all) skip it by one vectorized test.
Deliberate difference from browsers: default-ignorable code points (bidi controls, ZWJ/ZWNJ, variation
selectors) are removed even where UTS 46 calls them disallowed: the goal is "which site would this be",
and refusing them would let a trailing U+200F hide a stock host as an unknown one.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

import idna
import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

#: Unicode Default_Ignorable_Code_Point (DerivedCoreProperties.txt), which browsers' mapping drops or
#: which render as nothing
_IGNORABLE = re.compile("[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e"
                        "\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8\U0001bca0-\U0001bca3"
                        "\U0001d173-\U0001d17a\U000e0000-\U000e0fff]")
#: WHATWG "forbidden domain code point" (ASCII part), checked after mapping
_FORBIDDEN = re.compile(r"[\x00-\x20\x7f#%/:<>?@\[\\\]^|]")
_PLAIN = r"^[!-$&-~]*$"  # printable ASCII without `%`: already what a browser would use


def normalize_host(host: str) -> str | None:
    """The ASCII (A-label) host a browser would connect to, or None when there is none."""
    try:
        text = unquote(host, errors="strict") if "%" in host else host
        text = _IGNORABLE.sub("", text)
        mapped = idna.uts46_remap(text, std3_rules=False, transitional=False)
    except (UnicodeError, idna.IDNAError, ValueError):
        return None
    mapped = mapped.rstrip(".")
    if not mapped or _FORBIDDEN.search(mapped):
        return None
    labels = []
    for label in mapped.split("."):
        if label.isascii():
            labels.append(label)
            continue
        try:
            labels.append(idna.alabel(label).decode("ascii"))
        except (UnicodeError, idna.IDNAError, ValueError):
            return None
    return ".".join(labels)


def normalize_hosts(distinct: pa.Array) -> tuple[pa.Array, np.ndarray, np.ndarray]:
    """(normalized distinct hosts, old index -> new index or -1, invalid mask over the old entries).

    When every host is plain ASCII this returns the input and an identity map without a Python loop.
    """
    n = len(distinct)
    odd = np.flatnonzero(~pc.fill_null(pc.match_substring_regex(distinct, _PLAIN), True).to_numpy(
        zero_copy_only=False))
    if not len(odd):
        return distinct, np.arange(n, dtype=np.int64), np.zeros(n, dtype=bool)
    fixed = [normalize_host(h) for h in pc.take(distinct, pa.array(odd)).to_pylist()]
    invalid = np.zeros(n, dtype=bool)
    invalid[odd] = [f is None for f in fixed]
    mask = np.zeros(n, dtype=bool)
    mask[odd] = True
    values = pc.replace_with_mask(distinct, pa.array(mask), pa.array(fixed, pa.string()))
    encoded = pc.dictionary_encode(values)
    remap = pc.fill_null(encoded.indices, -1).to_numpy(zero_copy_only=False).astype(np.int64)
    return encoded.dictionary, remap, invalid
