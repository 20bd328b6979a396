"""Which checks exist, by name.

An explicit table of import paths, resolved when a run asks for a check: nothing registers itself at
import time, and importing this module does not import spaCy or onnxruntime.
"""

from __future__ import annotations

import importlib

from auditor.checks.base import Check
from auditor.errors import CheckUnavailable

#: check name -> "module:Class". The order is the run order (cheap, local checks first).
CHECKS: dict[str, str] = {
    "dataset": "auditor.checks.dataset_columns:DatasetColumnsCheck",
    "license": "auditor.checks.license:LicenseCheck",
    "hosts": "auditor.checks.hosts:HostsCheck",
    "pii": "auditor.checks.pii:PiiCheck",
    "faces": "auditor.checks.faces:FacesCheck",
    "consent": "auditor.checks.consent:ConsentCheck",
    "commons": "auditor.checks.commons:CommonsCheck",
}

#: checks a user may name with --checks (dataset and hosts always run with license)
SELECTABLE = ("license", "pii", "faces", "consent", "commons")


def check_class(name: str) -> type[Check]:
    """Import and return the class for `name`, or fail with what exists."""
    if name not in CHECKS:
        known = ", ".join(sorted(set(CHECKS) | set(SELECTABLE)))
        raise CheckUnavailable(f"unknown check {name!r}; known checks: {known}")
    module_name, _, cls_name = CHECKS[name].partition(":")
    return getattr(importlib.import_module(module_name), cls_name)


def all_signals() -> dict[str, tuple[str, object]]:
    """signal column -> (check name, Arrow type), over every check in this build."""
    out: dict[str, tuple[str, object]] = {}
    for name in CHECKS:
        cls = check_class(name)
        for col, typ in cls.signals.items():
            out[col] = (name, typ)
    return out
