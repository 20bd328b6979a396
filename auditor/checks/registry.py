"""Which checks exist, by name, and what a run needs to know about each before it imports any: the one table.

An explicit table of import paths, resolved when a run asks for a check: nothing registers itself at import time,
and importing this module does not import spaCy or onnxruntime. The metadata here is the only place that says
which checks a user may name, which always run, which run by default and when, which contact the network and
which want a GPU: the planner (auditor.plan), the engines (Ray's GPU request) and the CLI's `--checks` help read it.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass

from auditor.checks.base import Check
from auditor.errors import CheckUnavailable


@dataclass(frozen=True)
class CheckEntry:
    #: "module:Class"
    target: str
    #: a user may name it with --checks (dataset and hosts are not: they always run with license)
    selectable: bool = True
    #: runs in every scan: cheap, local, and the license facts every policy needs
    always: bool = False
    #: runs by default when the input has this: "captions" or "images" (None: only when asked for)
    default_with: str | None = None
    #: contacts the network: True (then it runs only when asked for: --consent/--commons or --checks), or the
    #: name of the option that turns fetching on (faces: fetch_images, itself opt-in); False: never
    uses_network: bool | str = False
    #: the Ray engine gives its actors a GPU when the cluster has one
    wants_gpu: bool = False


#: check name -> its entry. The order is the run order (cheap, local checks first).
REGISTRY: dict[str, CheckEntry] = {
    "dataset": CheckEntry("auditor.checks.dataset_columns:DatasetColumnsCheck", selectable=False, always=True),
    "license": CheckEntry("auditor.checks.license:LicenseCheck", always=True),
    "hosts": CheckEntry("auditor.checks.hosts:HostsCheck", selectable=False, always=True),
    "pii": CheckEntry("auditor.checks.pii:PiiCheck", default_with="captions"),
    "faces": CheckEntry("auditor.checks.faces:FacesCheck", default_with="images", uses_network="fetch_images",
                        wants_gpu=True),
    "consent": CheckEntry("auditor.checks.consent:ConsentCheck", uses_network=True),
    "commons": CheckEntry("auditor.checks.commons:CommonsCheck", uses_network=True),
}

#: checks a user may name with --checks
SELECTABLE = tuple(name for name, e in REGISTRY.items() if e.selectable)
#: checks that run in every scan
ALWAYS = tuple(name for name, e in REGISTRY.items() if e.always)
#: checks that run only when asked for, because they contact the network
NETWORK = tuple(name for name, e in REGISTRY.items() if e.uses_network is True)
#: checks whose Ray actors ask for a GPU when the cluster has one
GPU = frozenset(name for name, e in REGISTRY.items() if e.wants_gpu)


def default_checks(*, has_caption: bool, images_given: bool) -> list[str]:
    """The selectable checks a scan runs when --checks is not given."""
    present = {"captions": has_caption, "images": images_given}
    return [n for n, e in REGISTRY.items() if e.selectable and (e.always or present.get(e.default_with or "", False))]


def checks_help() -> str:
    """The `--checks` help text, from the table above."""
    defaults = [n for n, e in REGISTRY.items() if e.selectable and e.always]
    defaults += [f"+{n} with {e.default_with}" for n, e in REGISTRY.items() if e.selectable and e.default_with]
    return (f"Comma list of checks: {','.join(SELECTABLE)} (default: {', '.join(defaults)}; "
            f"{', '.join(NETWORK)} contact the network and run only when named).")


def check_class(name: str) -> type[Check]:
    """Import and return the class for `name`, or fail with what exists."""
    if name not in REGISTRY:
        known = ", ".join(sorted(REGISTRY))
        raise CheckUnavailable(f"unknown check {name!r}; known checks: {known}")
    module_name, _, cls_name = REGISTRY[name].target.partition(":")
    return getattr(importlib.import_module(module_name), cls_name)


def all_signals() -> dict[str, tuple[str, object]]:
    """signal column -> (check name, Arrow type), over every check in this build."""
    out: dict[str, tuple[str, object]] = {}
    for name in REGISTRY:
        cls = check_class(name)
        for col, typ in cls.signals.items():
            out[col] = (name, typ)
    return out
