"""Multi-licensing: a value that offers alternatives is a choice the user may make.

`GFDL or CC BY-SA 3.0`, `[Public domain or CC BY-SA 1.0]` and Commons' `self|GFDL|cc-by-3.0` grant each
listed license; whoever reuses the work picks one. So the signals carry the most permissive recognised
option, and `note` (appended to license_evidence by the check) lists every alternative, the one chosen
and why. Only when at least two alternatives are recognised is the value a choice: a lone license with
prose around it ("CC BY-NC 4.0 or contact me") is read as a whole, as before.

"Most permissive" compares the facts, never guesses: commercial use allowed, then derivatives allowed,
then no share-alike, then no attribution (ties: a real SPDX id, then the first listed). An unknown fact
counts as not granted, so an option with unknown facts never wins over one whose freedoms are known.
"or later" / "or any later version" is a version range of one license, not an alternative.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from auditor.checks.license_normalize import Normalized

_SPLIT = re.compile(r"\s+or\s+(?!(?:any\s+)?later\b)|\s*\|\s*|\s+/\s+", re.IGNORECASE)
#: at most this many alternatives are read (a hostile value cannot multiply the work)
MAX_OPTIONS = 8


def _score(n: Normalized) -> tuple[bool, bool, bool, bool, bool]:
    """Freedoms in order of weight; last, a real SPDX id beats a LicenseRef (the more precise option)."""
    precise = bool(n.license_id) and not n.license_id.startswith("LicenseRef-")
    return (n.commercial is True, n.derivatives is True, n.share_alike is False, n.attribution is False,
            precise)


def _why(n: Normalized) -> str:
    parts = [("commercial use" if n.commercial else ""), ("derivatives" if n.derivatives else ""),
             ("no share-alike" if n.share_alike is False else ""), ("no attribution" if n.attribution is False
                                                                    else "")]
    granted = ", ".join(p for p in parts if p)
    return f"most permissive ({granted})" if granted else "most permissive (no freedom known)"


def choose(text: str, single: Callable[[str], Normalized]) -> Normalized | None:
    """The most permissive of >= 2 recognised alternatives in `text`, or None when it is no choice.

    `text` is cleaned and its whitespace collapsed to single spaces (normalize_one does both)."""
    if "|" not in text and " / " not in text and " or " not in text.lower():  # cheap: most values
        return None
    if not _SPLIT.search(text):
        return None
    parts = [p.strip(" \t[](){}") for p in _SPLIT.split(text, maxsplit=MAX_OPTIONS - 1)]
    if all(p.lower().startswith("pd-") for p in parts if p):  # PD-Art|PD-old-100: a template and its reason
        return None
    options = [n for n in (single(p) for p in parts if p) if n.family != "unknown"]
    if len(options) < 2:
        return None
    best = options[0]
    for n in options[1:]:
        if _score(n) > _score(best):
            best = n
    listed = " | ".join(n.license_id or n.family for n in options)
    note = f"choice of {listed}: chose {best.license_id or best.family}, {_why(best)}"
    return replace(best, match="choice", note=note)
