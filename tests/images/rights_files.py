"""Image files with real embedded rights metadata, written here (not a test module).

Pixels and EXIF (Copyright, Artist) are written by Pillow; IPTC-IIM and XMP (dc, xmpRights, photoshop,
plus:DataMining, Iptc4xmpExt:DigitalSourceType) by ExifTool, Debian's `libimage-exiftool-perl`
(`apt-get install libimage-exiftool-perl`): an independent writer, so the reader is not checked against
its own idea of the format. ExifTool 12.57 (Debian 12) predates the PLUS Data Mining tag, so a two-line
ExifTool config declares plus:DataMining/OtherConstraints in ExifTool's own PLUS table. Signed C2PA
images are made with c2pa-python and a throwaway certificate chain from `cryptography`.
Without exiftool the tests that need it skip, except in CI (CI=true), where they fail.
"""

from __future__ import annotations

import datetime
import io
import os
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

PLUS_CONFIG = """%Image::ExifTool::UserDefined = (
    'Image::ExifTool::PLUS::XMP' => { DataMining => { }, OtherConstraints => { } },
);
1;
"""
PLUS = "http://ns.useplus.org/ldf/vocab/"
DST = "http://cv.iptc.org/newscodes/digitalsourcetype/"
#: every value of the PLUS Data Mining vocabulary (PLUS LDF, as adopted by IPTC Photo Metadata 2023.1)
PLUS_VALUES = {
    "DMI-UNSPECIFIED": "unknown",
    "DMI-ALLOWED": "allowed",
    "DMI-PROHIBITED-AIMLTRAINING": "reserved",
    "DMI-PROHIBITED-GENAIMLTRAINING": "reserved",
    "DMI-PROHIBITED-EXCEPTSEARCHENGINEINDEXING": "reserved",
    "DMI-PROHIBITED": "reserved",
    "DMI-PROHIBITED-SEECONSTRAINT": "reserved",
    "DMI-PROHIBITED-SEEEMBEDDEDRIGHTSEXPR": "reserved",
    "DMI-PROHIBITED-SEELINKEDRIGHTSEXPR": "reserved",
}


def exiftool() -> str:
    path = shutil.which("exiftool")
    if path is None:
        msg = "exiftool not installed (apt-get install libimage-exiftool-perl)"
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(msg)
        pytest.skip(msg)
    return path


def pixels(seed: int = 0, w: int = 96, h: int = 64) -> Image.Image:
    rng = np.random.default_rng(seed)
    return Image.fromarray(rng.integers(0, 255, (h, w, 3), dtype=np.uint8), "RGB")


def base_image(path: Path, fmt: str, *, copyright: str | None = None, artist: str | None = None,
               seed: int = 0, **save) -> Path:
    """Pixels + EXIF by Pillow."""
    img = pixels(seed)
    exif = Image.Exif()
    if copyright:
        exif[0x8298] = copyright
    if artist:
        exif[0x013B] = artist
    if len(exif):
        save["exif"] = exif.tobytes()
    img.save(path, fmt, **save)
    return path


def tag(path: Path, **tags: str) -> Path:
    """Write tags with exiftool, e.g. tag(p, **{"XMP-plus:DataMining": PLUS + "DMI-ALLOWED"})."""
    tool = exiftool()
    config = path.parent / "plus.config"
    if not config.exists():
        config.write_text(PLUS_CONFIG)
    args = [tool, "-config", str(config), "-q", "-q", "-overwrite_original", "-m"]
    args += [f"-{k}={v}" for k, v in tags.items()]
    subprocess.run([*args, str(path)], check=True, capture_output=True, timeout=60)
    return path


# -- C2PA ---------------------------------------------------------------------------------------------
def make_signer():
    """A c2pa Signer with a fresh ES256 root + end-entity certificate (not on any trust list)."""
    import c2pa
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

    def name(cn):
        return x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, cn),
                          x509.NameAttribute(NameOID.ORGANIZATION_NAME, "auditor tests")])

    def usage(**on):
        keys = ("digital_signature", "content_commitment", "key_encipherment", "data_encipherment",
                "key_agreement", "key_cert_sign", "crl_sign", "encipher_only", "decipher_only")
        return x509.KeyUsage(**{k: on.get(k, False) for k in keys})

    now = datetime.datetime.now(datetime.UTC)
    ca_key, key = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())

    def cert(subject, issuer, pub, signing_key, ca):
        b = (x509.CertificateBuilder().subject_name(subject).issuer_name(issuer).public_key(pub)
             .serial_number(x509.random_serial_number()).not_valid_before(now - datetime.timedelta(days=1))
             .not_valid_after(now + datetime.timedelta(days=30))
             .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
        if ca:
            b = b.add_extension(usage(key_cert_sign=True, crl_sign=True), critical=True)
        else:
            b = (b.add_extension(usage(digital_signature=True), critical=True)
                 .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]), critical=False)
                 .add_extension(x509.SubjectKeyIdentifier.from_public_key(pub), critical=False)
                 .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()),
                                critical=False))
        return b.sign(signing_key, hashes.SHA256())

    root = cert(name("test root"), name("test root"), ca_key.public_key(), ca_key, True)
    leaf = cert(name("test signer"), root.subject, key.public_key(), ca_key, False)
    chain = leaf.public_bytes(serialization.Encoding.PEM) + root.public_bytes(serialization.Encoding.PEM)
    pkey = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    return c2pa.Signer.from_info(c2pa.C2paSignerInfo(b"es256", chain, pkey, None))


def sign_c2pa(image: bytes, mime: str, *, training: dict[str, str] | None = None,
              source_type: str | None = None, signer=None) -> bytes:
    """`image` with an embedded, signed C2PA manifest (training-mining entries, a created action)."""
    import c2pa

    assertions = []
    if training:
        assertions.append({"label": "c2pa.training-mining",
                           "data": {"entries": {k: {"use": v} for k, v in training.items()}}})
    # c2pa-rs requires a digitalSourceType on c2pa.created
    action = {"action": "c2pa.created", "digitalSourceType": DST + (source_type or "digitalCapture")}
    assertions.append({"label": "c2pa.actions", "data": {"actions": [action]}})
    manifest = {"claim_generator_info": [{"name": "auditor-tests", "version": "1"}], "title": "test",
                "format": mime, "assertions": assertions}
    out = io.BytesIO()
    with c2pa.Builder(manifest) as builder:
        builder.sign(signer or make_signer(), mime, io.BytesIO(image), out)
    return out.getvalue()
