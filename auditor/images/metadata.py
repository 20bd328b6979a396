"""The rights that travel inside an image file, read from what the decoder already opened.

Called by auditor.images.decode on the Pillow image it opened (so the file is read once, and its
EXIF/APP13/XMP segments are already split out by Pillow's header parse) and on the bytes already in
memory (for the C2PA store). Each source is parsed on its own: one broken block (bad XMP, truncated
IIM, an unreadable manifest) leaves the others' values and sets the row's `image_rights_status`, it never
raises. Sources, in the order a value is taken from: XMP, IPTC-IIM, EXIF.

Data mining (`plus:DataMining`, PLUS Licensing Data Format vocabulary, IPTC Photo Metadata 2023.1):
DMI-ALLOWED -> allowed; DMI-UNSPECIFIED -> unknown; every DMI-PROHIBITED* value -> reserved; anything
else -> unknown (with the raw value as evidence).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from PIL import Image

from auditor.images.iptc import IPTC_RESOURCE, IptcError, iptc_from_raw_profile, parse_iim
from auditor.images.provenance import AI_SOURCE_TYPES, read_c2pa
from auditor.images.xmp import XmpError, parse_xmp

TEXT_FIELDS = ("copyright_notice", "creator", "credit", "usage_terms", "web_statement")
#: EXIF IFD0 tags (TIFF 6.0 / Exif 2.3): Copyright, Artist
EXIF_TAGS = {0x8298: "copyright_notice", 0x013B: "creator"}
PLUS_VOCAB = "http://ns.useplus.org/ldf/vocab/"
#: status severity: an error outranks a skip outranks ok
_RANK = {"ok": 0, "skipped": 1, "error": 2}


@dataclass
class ImageRights:
    status: str = "ok"
    values: dict[str, str] = field(default_factory=dict)
    data_mining: str | None = None
    c2pa: str | None = None
    c2pa_training: str | None = None
    ai_generated: bool | None = None
    #: where each value came from, raw vocabulary values, C2PA verdict details (JSON-able)
    evidence: dict = field(default_factory=dict)

    def fail(self, status: str) -> None:
        if _RANK[status.split(":", 1)[0]] > _RANK[self.status.split(":", 1)[0]]:
            self.status = status

    def take(self, values: dict[str, str], source: str) -> None:
        for name, value in values.items():
            if name not in self.values and value:
                self.values[name] = value
                self.evidence.setdefault("sources", {})[name] = source


def data_mining_state(raw: str) -> str:
    key = raw.strip().rsplit("/", 1)[-1].upper()
    if key == "DMI-ALLOWED":
        return "allowed"
    if key.startswith("DMI-PROHIBITED"):
        return "reserved"
    return "unknown"


def _exif_text(value) -> str | None:
    if isinstance(value, bytes):
        value = value.decode("utf-8", "replace")
    if not isinstance(value, str):
        return None
    # EXIF Copyright may hold "photographer\0editor"; both parts are the notice
    parts = [" ".join(p.split()) for p in value.split("\x00")]
    text = "; ".join(p for p in parts if p)
    return text[:2000] or None


def _iptc_block(img: Image.Image) -> bytes | None:
    """IIM from a JPEG's APP13 (split by Pillow) or a PNG's "Raw profile type iptc" text chunk."""
    resources = img.info.get("photoshop")
    if isinstance(resources, dict) and resources.get(IPTC_RESOURCE):
        return bytes(resources[IPTC_RESOURCE])
    profile = img.info.get("Raw profile type iptc")
    return iptc_from_raw_profile(profile) if isinstance(profile, str) else None


def read_rights(img: Image.Image, data: bytes, exif: Image.Exif | None) -> ImageRights:
    """Everything this module reads, from an opened image, its bytes and its parsed EXIF (or None).

    Never raises for what is in the file: a failure no parser above anticipated is the row's status."""
    try:
        return _read(img, data, exif)
    except (ValueError, TypeError, KeyError, LookupError, AttributeError, RecursionError, OSError):
        return ImageRights(status="error:metadata_unreadable")


def _read(img: Image.Image, data: bytes, exif: Image.Exif | None) -> ImageRights:
    out = ImageRights()
    xmp: dict[str, str] = {}
    packet = img.info.get("xmp") or img.info.get("XML:com.adobe.xmp")
    if packet:
        try:
            xmp = parse_xmp(packet)
        except XmpError as exc:
            out.fail(exc.status)
    out.take({k: v for k, v in xmp.items() if k in TEXT_FIELDS}, "xmp")
    try:
        if (block := _iptc_block(img)) is not None:
            out.take(parse_iim(block), "iptc")
    except IptcError as exc:
        out.fail(exc.status)
    if exif is not None:
        out.take({name: t for tag, name in EXIF_TAGS.items() if (t := _exif_text(exif.get(tag)))}, "exif")
    if raw := xmp.get("data_mining"):
        out.data_mining = data_mining_state(raw)
        out.evidence["plus_data_mining"] = raw
        if other := xmp.get("other_constraints"):
            out.evidence["plus_other_constraints"] = other
    if src := xmp.get("digital_source_type"):
        out.ai_generated = src.rsplit("/", 1)[-1] in AI_SOURCE_TYPES
        out.evidence["digital_source_type"] = src
    manifest = read_c2pa(data, img.format or "")
    if manifest is not None:
        out.c2pa, out.c2pa_training = manifest.state, manifest.training
        out.evidence.update(manifest.evidence)
        if manifest.ai_generated is not None:
            out.ai_generated = bool(out.ai_generated) or manifest.ai_generated
        if manifest.state == "unreadable":
            out.fail("error:c2pa_unreadable")
    return out
