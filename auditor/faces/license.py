"""What summary.json, both reports and `audit scan --help` say about the face detector's terms.

Why one module: the same facts (name, file, sha256, license, whether commercial use is allowed) must read
the same everywhere, and the warning for a non-commercial model must not depend on which report a reader
opens. Unknown terms are "unknown" (commercial_use None), never "allowed".
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from auditor.faces.catalog import DEFAULT_MODEL, DEFAULT_NOTICE

if TYPE_CHECKING:
    from auditor.faces.session import ModelInfo

NON_COMMERCIAL_WARNING = ("the faces signals come from {name} ({license}): do not rely on this run for a "
                          "commercial purpose; rerun with the bundled CenterFace (MIT) or a detector you "
                          "are licensed to use")
UNKNOWN_WARNING = ("the faces signals come from a detector file the auditor does not know ({file}, sha256 "
                   "{sha}): its license is unknown; check its terms before any commercial use")


def warning(info: ModelInfo) -> str | None:
    """The report's warning about the detector's terms, or None for a known commercial-use license."""
    if info.commercial_use is False:
        return NON_COMMERCIAL_WARNING.format(name=info.name, license=info.license)
    if info.commercial_use is None:
        return UNKNOWN_WARNING.format(file=info.file_name, sha=info.sha256[:16])
    return None


def detector_facts(info: ModelInfo | None, model_path: str | None) -> dict[str, Any]:
    """The faces check's describe() entries about its detector (before open: what is known of the file)."""
    if info is None:
        return {"detector": Path(model_path).name if model_path else DEFAULT_MODEL.name,
                "detector_sha256": None, "detector_license": None, "detector_commercial_use": None,
                "detector_warning": None}
    return {
        "detector": info.name,
        "detector_family": info.family,
        "detector_file": info.file_name,
        "detector_bundled": info.bundled,
        "detector_sha256": info.sha256,
        "detector_license": info.license,
        "detector_commercial_use": info.commercial_use,
        "detector_license_notice": str(DEFAULT_NOTICE) if info.bundled else None,
        "detector_warning": warning(info),
    }
