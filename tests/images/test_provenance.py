"""C2PA: manifests signed here with c2pa-python and a certificate from `cryptography`, verified offline."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rights_files import make_signer, pixels, sign_c2pa  # noqa: E402

from auditor.images.decode import OK, decode_image  # noqa: E402
from auditor.images.provenance import has_manifest, read_c2pa  # noqa: E402

NOT_ALLOWED = {"c2pa.ai_training": "notAllowed", "c2pa.ai_generative_training": "notAllowed",
               "c2pa.data_mining": "notAllowed", "c2pa.ai_inference": "allowed"}
ALLOWED = {"c2pa.ai_training": "allowed", "c2pa.ai_generative_training": "allowed", "c2pa.data_mining": "allowed"}


@pytest.fixture(scope="module")
def signer():
    return make_signer()


def plain(fmt: str) -> bytes:
    buf = io.BytesIO()
    pixels(3, 128, 96).save(buf, fmt)
    return buf.getvalue()


@pytest.mark.parametrize(("fmt", "mime"), [("JPEG", "image/jpeg"), ("PNG", "image/png")])
def test_signed_reservation_and_ai_source(signer, fmt, mime):
    data = sign_c2pa(plain(fmt), mime, training=NOT_ALLOWED, source_type="trainedAlgorithmicMedia", signer=signer)
    decoded = decode_image(data, rights=True)
    r = decoded.rights
    assert decoded.status == OK and r.status == "ok"
    # signature and hashes hold; the throwaway signer is on no trust list, so "valid", not "trusted"
    assert (r.c2pa, r.c2pa_training, r.ai_generated) == ("valid", "reserved", True)
    assert r.evidence["c2pa_training"]["c2pa.ai_training"] == "notAllowed"
    assert "c2pa.ai_inference" not in r.evidence["c2pa_training"]  # inference is not a use as data
    assert r.evidence["c2pa_source_type"] == "trainedAlgorithmicMedia"


def test_signed_allowed_and_a_camera_capture(signer):
    data = sign_c2pa(plain("JPEG"), "image/jpeg", training=ALLOWED, source_type="digitalCapture", signer=signer)
    r = read_c2pa(data, "JPEG")
    assert (r.state, r.training, r.ai_generated) == ("valid", "allowed", False)


def test_constrained_is_a_reservation(signer):
    data = sign_c2pa(plain("JPEG"), "image/jpeg", signer=signer,
                     training={**ALLOWED, "c2pa.data_mining": "constrained"})
    assert read_c2pa(data, "JPEG").training == "reserved"


def tamper(data: bytes) -> bytes:
    """Flip one byte in the middle of the entropy-coded pixels (after the manifest): hashes break."""
    b = bytearray(data)
    b[len(b) - 200] ^= 0x55
    return bytes(b)


def test_tampered_allowed_is_never_allowed(signer):
    data = tamper(sign_c2pa(plain("JPEG"), "image/jpeg", training=ALLOWED, signer=signer))
    r = decode_image(data, rights=True).rights
    assert r.c2pa == "invalid" and r.c2pa_training == "unknown"
    assert any("mismatch" in code for code in r.evidence["c2pa_failures"])


def test_tampered_reservation_still_reserves(signer):
    data = tamper(sign_c2pa(plain("JPEG"), "image/jpeg", training=NOT_ALLOWED, signer=signer))
    r = read_c2pa(data, "JPEG")
    assert (r.state, r.training) == ("invalid", "reserved")


def test_garbage_jumbf_is_unreadable_not_allowed():
    """An APP11 segment that says JUMBF/c2pa but holds junk."""
    junk = b"JP\x00\x00\x00\x00\x00\x01" + b"\x00\x00\x00\x30jumb" + b"\x00\x00\x00\x28jumdc2pa" + b"\xff" * 32
    jpeg = plain("JPEG")
    data = jpeg[:2] + b"\xff\xeb" + len(junk + b"..").to_bytes(2, "big") + junk + jpeg[2:]
    assert has_manifest(data)
    decoded = decode_image(data, rights=True)
    assert decoded.status == OK
    r = decoded.rights
    assert (r.c2pa, r.c2pa_training, r.status) == ("unreadable", "unknown", "error:c2pa_unreadable")
    assert "c2pa_error" in r.evidence


def test_no_manifest_costs_two_substring_scans():
    assert not has_manifest(plain("JPEG")) and read_c2pa(plain("PNG"), "PNG") is None
