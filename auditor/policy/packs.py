"""The rule packs shipped with the auditor (rules/*.yaml), by name.

Used by the scan (a built-in pack may name rules this run cannot evaluate; a user's file may not) and by the
CLI (the default policy); a plain lookup, so it sits in the policy layer with no CLI dependency.
"""

from __future__ import annotations

from pathlib import Path

from auditor.errors import ConfigError

#: where bundled rule packs live: inside the installed package first, then the source checkout
#: auditor/rules is the repo's rules/ (a symlink in a checkout, real files in an installed wheel)
PACK_DIRS = (Path(__file__).resolve().parents[1] / "rules",)


def bundled_packs() -> dict[str, Path]:
    """Rule packs shipped with the auditor, by name (`default`, `commercial-release`, `research`)."""
    packs: dict[str, Path] = {}
    for d in PACK_DIRS:
        for p in sorted(d.glob("*.yaml")) if d.is_dir() else ():
            packs.setdefault(p.stem, p)
    return packs


def default_policy_path() -> Path:
    """`rules/default.yaml`, used when no --policy is given."""
    path = bundled_packs().get("default")
    if path is None:
        raise ConfigError("the bundled default policy (rules/default.yaml) is missing from this install")
    return path
