"""C2PA manifests: the training-and-data-mining assertion and AI-generation actions, only as verified.

A C2PA manifest is a signed claim; its assertions mean something only if the signature and the hashes
over the image hold. c2pa-python (the Content Authenticity Initiative's Rust library) reads and verifies
the manifest from the bytes already in memory, with remote manifests and OCSP fetching turned off, so
nothing here reaches the network. Its verdict becomes `image_c2pa`:

- `trusted`: signature and hashes valid, signer on a configured trust list (none is configured by
  default, so this needs the user's trust anchors);
- `valid`: signature and hashes valid, signer not on a trust list (a self-issued certificate);
- `invalid`: the manifest does not match the image or its signature fails;
- `unreadable`: there is JUMBF/C2PA data but it cannot be parsed;
- `not_checked`: c2pa-python is not installed (the `c2pa` extra).

The training answer is fail-closed: a `notAllowed` or `constrained` entry is a reservation whatever the
verdict (someone claimed it; honouring it costs nothing), while `allowed` counts only from a valid or
trusted manifest - an invalid one gives `unknown`, never `allowed`.
"""

from __future__ import annotations

import io
import json
import threading
from dataclasses import dataclass, field

#: assertion labels (C2PA 2.x; CAWG moved the same structure under its own prefix)
TRAINING_LABELS = ("c2pa.training-mining", "cawg.training-mining")
#: entries that are about training or mining; c2pa.ai_inference is not a use of the image as data
TRAINING_ENTRIES = ("c2pa.ai_training", "c2pa.ai_generative_training", "c2pa.data_mining",
                    "cawg.ai_training", "cawg.ai_generative_training", "cawg.data_mining")
AI_SOURCE_TYPES = ("trainedAlgorithmicMedia", "compositeWithTrainedAlgorithmicMedia")
MIME = {"JPEG": "image/jpeg", "MPO": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp", "GIF": "image/gif"}
_STATES = {"Trusted": "trusted", "Valid": "valid", "Invalid": "invalid"}
_local = threading.local()


@dataclass
class C2paResult:
    state: str
    training: str | None = None  # reserved / allowed / unknown; None when the manifest says nothing
    ai_generated: bool | None = None
    evidence: dict = field(default_factory=dict)


def has_manifest(data: bytes) -> bool:
    """Cheap pre-filter (two substring scans): a C2PA store is a JUMBF box labelled c2pa."""
    return b"jumb" in data and b"c2pa" in data


def _context():
    ctx = getattr(_local, "ctx", None)
    if ctx is None:
        import c2pa

        settings = c2pa.Settings.from_dict({"verify": {"remote_manifest_fetch": False, "ocsp_fetch": False,
                                                       "verify_after_reading": True}})
        ctx = _local.ctx = c2pa.Context(settings=settings)
    return ctx


def read_c2pa(data: bytes, image_format: str) -> C2paResult | None:
    """The verdict on the image's manifest, or None when it has none."""
    if not has_manifest(data):
        return None
    try:
        import c2pa
    except ImportError:
        return C2paResult("not_checked", "unknown", None, {"c2pa": "c2pa-python not installed"})
    try:
        reader = c2pa.Reader(MIME.get(image_format, "image/jpeg"), io.BytesIO(data), context=_context())
        try:
            store = json.loads(reader.json())
        finally:
            reader.close()
    except c2pa.C2paError as exc:
        if type(exc).__name__.endswith("ManifestNotFound"):
            return None
        return C2paResult("unreadable", "unknown", None, {"c2pa_error": str(exc)[:200]})
    except Exception as exc:  # noqa: BLE001 - a native-library failure on one file is that row's status
        return C2paResult("unreadable", "unknown", None, {"c2pa_error": f"{type(exc).__name__}: {exc}"[:200]})
    return interpret(store)


def interpret(store: dict) -> C2paResult:
    """The active manifest's training entries and actions, judged by the store's validation state."""
    state = _STATES.get(str(store.get("validation_state")), "invalid")
    manifest = (store.get("manifests") or {}).get(store.get("active_manifest")) or {}
    failures = sorted({s.get("code", "?") for s in store.get("validation_status") or []
                       if isinstance(s, dict)} - {"signingCredential.untrusted"})
    evidence: dict = {"c2pa_state": state}
    if failures:
        evidence["c2pa_failures"] = failures[:8]
    uses: dict[str, str] = {}
    ai = None
    for a in manifest.get("assertions") or []:
        label, data = str(a.get("label", "")), a.get("data") or {}
        if label in TRAINING_LABELS:
            for name, entry in (data.get("entries") or {}).items():
                if name in TRAINING_ENTRIES and isinstance(entry, dict):
                    uses[name] = str(entry.get("use", ""))
        elif label.startswith("c2pa.actions"):
            for act in data.get("actions") or []:
                src = str((act or {}).get("digitalSourceType") or "")
                if src:
                    ai = ai or src.rsplit("/", 1)[-1] in AI_SOURCE_TYPES
                    evidence["c2pa_source_type"] = src.rsplit("/", 1)[-1]
    training = None
    if uses:
        evidence["c2pa_training"] = uses
        if any(u in ("notAllowed", "constrained") for u in uses.values()):
            training = "reserved"
        elif all(u == "allowed" for u in uses.values()) and state in ("valid", "trusted"):
            training = "allowed"
        else:
            training = "unknown"
    return C2paResult(state, training, ai, evidence)
