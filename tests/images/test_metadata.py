"""Embedded rights metadata read from real JPEG/PNG/WebP files (EXIF by Pillow, IPTC/XMP by ExifTool)."""

from __future__ import annotations

import io
import json
import struct
import sys
from pathlib import Path

import pytest
from PIL import Image, PngImagePlugin

sys.path.insert(0, str(Path(__file__).resolve().parent))
from rights_files import DST, PLUS, PLUS_VALUES, base_image, pixels, tag  # noqa: E402

from auditor.images.decode import BOMB, OK, decode_image  # noqa: E402
from auditor.images.xmp import MAX_XMP_BYTES  # noqa: E402

FORMATS = [("jpeg", "JPEG", {}), ("png", "PNG", {}), ("webp", "WEBP", {"quality": 90})]


def rights_of(data: bytes, **kw):
    decoded = decode_image(data, rights=True, **kw)
    return decoded, decoded.rights


@pytest.mark.parametrize(("ext", "fmt", "save"), FORMATS)
def test_every_text_field_from_each_source(tmp_path, ext, fmt, save):
    p = base_image(tmp_path / f"a.{ext}", fmt, copyright="EXIF notice", artist="Exif Artist", **save)
    tag(p, **{"IPTC:By-line": "Iptc Byline", "IPTC:Credit": "Iptc Credit",
              "XMP-dc:Rights": "(c) 2024 Jane Roe", "XMP-xmpRights:UsageTerms": "Editorial use only",
              "XMP-xmpRights:WebStatement": "https://creativecommons.org/licenses/by-nc/4.0/"})
    decoded, r = rights_of(p.read_bytes())
    assert decoded.status == OK and r.status == "ok"
    xmp = {"copyright_notice": "(c) 2024 Jane Roe", "usage_terms": "Editorial use only",
           "web_statement": "https://creativecommons.org/licenses/by-nc/4.0/"}
    if fmt == "WEBP":  # ExifTool writes no IPTC-IIM into WebP: the creator comes from EXIF
        assert r.values == {**xmp, "creator": "Exif Artist"}
        assert r.evidence["sources"]["creator"] == "exif"
    else:
        assert r.values == {**xmp, "creator": "Iptc Byline", "credit": "Iptc Credit"}
        assert r.evidence["sources"] == {"copyright_notice": "xmp", "usage_terms": "xmp", "web_statement": "xmp",
                                         "creator": "iptc", "credit": "iptc"}
    assert r.data_mining is None and r.c2pa is None and r.ai_generated is None


@pytest.mark.parametrize(("ext", "fmt", "save"), FORMATS)
def test_exif_and_iptc_when_there_is_no_xmp(tmp_path, ext, fmt, save):
    p = base_image(tmp_path / f"a.{ext}", fmt, copyright="Photographer\x00Editor", artist="Exif Artist", **save)
    _, r = rights_of(p.read_bytes())
    assert r.values == {"copyright_notice": "Photographer; Editor", "creator": "Exif Artist"}
    assert set(r.evidence["sources"].values()) == {"exif"}
    if fmt != "WEBP":  # ExifTool writes IIM into JPEG APP13 and PNG "Raw profile type iptc", not WebP
        tag(p, **{"IPTC:CopyrightNotice": "Getty Images, all rights reserved"})
        _, r = rights_of(p.read_bytes())
        assert r.values["copyright_notice"] == "Getty Images, all rights reserved"
        assert r.evidence["sources"]["copyright_notice"] == "iptc"


@pytest.mark.parametrize(("value", "state"), sorted(PLUS_VALUES.items()))
def test_each_plus_data_mining_value(tmp_path, value, state):
    p = tag(base_image(tmp_path / "a.jpg", "JPEG"), **{"XMP-plus:DataMining": PLUS + value})
    _, r = rights_of(p.read_bytes())
    assert r.data_mining == state
    assert r.evidence["plus_data_mining"] == PLUS + value


@pytest.mark.parametrize(("ext", "fmt", "save"), FORMATS)
def test_data_mining_and_source_type_in_each_format(tmp_path, ext, fmt, save):
    p = tag(base_image(tmp_path / f"a.{ext}", fmt, **save),
            **{"XMP-plus:DataMining": PLUS + "DMI-PROHIBITED-SEECONSTRAINT",
               "XMP-plus:OtherConstraints": "Contact licensing@example.org",
               "XMP-iptcExt:DigitalSourceType": DST + "trainedAlgorithmicMedia"})
    _, r = rights_of(p.read_bytes())
    assert (r.data_mining, r.ai_generated) == ("reserved", True)
    assert r.evidence["plus_other_constraints"] == "Contact licensing@example.org"


def test_not_ai_generated_and_unknown_vocabulary(tmp_path):
    p = tag(base_image(tmp_path / "a.jpg", "JPEG"),
            **{"XMP-plus:DataMining": "maybe later", "XMP-iptcExt:DigitalSourceType": DST + "digitalCapture"})
    _, r = rights_of(p.read_bytes())
    assert (r.data_mining, r.ai_generated) == ("unknown", False)


def xmp_packet(body: str, prolog: str = "") -> bytes:
    return (prolog + '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-'
            'syntax-ns#"><rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:plus="http://ns.useplus.org/ldf/xmp/1.0/" ' + body + "</rdf:Description></rdf:RDF>"
            "</x:xmpmeta>").encode()


def with_xmp(packet: bytes, fmt: str = "JPEG", **exif) -> bytes:
    buf = io.BytesIO()
    img = pixels()
    if fmt == "PNG":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", packet.decode("utf-8"))
        img.save(buf, "PNG", pnginfo=info)
    else:
        e = Image.Exif()
        e[0x8298] = "EXIF survives"
        img.save(buf, fmt, xmp=packet, exif=e.tobytes())
    return buf.getvalue()


def test_attribute_form_is_read():
    packet = xmp_packet(f'plus:DataMining="{PLUS}DMI-ALLOWED"><dc:creator><rdf:Seq><rdf:li>A</rdf:li>'
                        "<rdf:li>B</rdf:li></rdf:Seq></dc:creator>")
    _, r = rights_of(with_xmp(packet))
    assert r.data_mining == "allowed" and r.values["creator"] == "A; B"


BILLION_LAUGHS = ('<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
                  + "".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10))
                  + "]>")
XXE = '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'


@pytest.mark.parametrize(("name", "packet", "status"), [
    ("entity expansion", xmp_packet('><dc:rights>&lol9;</dc:rights>', BILLION_LAUGHS), "error:xmp_forbidden_xml"),
    ("external entity", xmp_packet('><dc:rights>&xxe;</dc:rights>', XXE), "error:xmp_forbidden_xml"),
    ("malformed", b"<x:xmpmeta><rdf:RDF><unclosed>", "error:xmp_malformed"),
    ("not xml", b"\xff\xfe\x00garbage", "error:xmp_malformed"),
])
def test_hostile_xmp_is_a_row_status_and_exif_still_counts(name, packet, status):
    decoded, r = rights_of(with_xmp(packet))
    assert decoded.status == OK  # the pixels are fine; only the metadata is refused
    assert r.status == status
    assert r.values == {"copyright_notice": "EXIF survives"}


def test_oversized_xmp_is_skipped_unparsed():
    filler = "x" * (MAX_XMP_BYTES + 10)
    packet = xmp_packet(f'><dc:rights><rdf:Alt><rdf:li xml:lang="x-default">{filler}</rdf:li></rdf:Alt></dc:rights>')
    _, r = rights_of(with_xmp(packet, "PNG"))
    assert r.status == "skipped:xmp_too_large" and r.values == {}


def jpeg_with_app13(iim: bytes) -> bytes:
    """A JPEG with a hand-built Photoshop APP13 segment holding `iim` as resource 0x0404."""
    irb = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00" + struct.pack(">I", len(iim)) + iim
    irb += b"\x00" * (len(irb) & 1)
    payload = b"Photoshop 3.0\x00" + irb
    buf = io.BytesIO()
    pixels().save(buf, "JPEG")
    data = buf.getvalue()
    return data[:2] + b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload + data[2:]


def test_iim_written_by_hand_matches_the_spec_layout():
    notice = "© Zoë AP".encode()
    iim = b"\x1c\x01\x5a\x00\x03\x1b%G" + b"\x1c\x02\x74" + struct.pack(">H", len(notice)) + notice
    _, r = rights_of(jpeg_with_app13(iim))
    assert r.status == "ok" and r.values == {"copyright_notice": "© Zoë AP"}


@pytest.mark.parametrize("iim", [
    b"\x1c\x02\x74\x00\x40short",           # length runs past the block
    b"\x1c\x02\x74\x80\x04\x00\x00\x00\x10",  # extended (>32 kB) dataset
    b"\x1c\x02\x74\x00\x02ok\x07junk",       # not a tag marker
])
def test_malformed_iim_is_a_row_status(iim):
    decoded, r = rights_of(jpeg_with_app13(iim))
    assert decoded.status == OK and r.status == "error:iptc_malformed"


def test_rights_are_read_even_when_the_pixels_are_refused(tmp_path):
    p = tag(base_image(tmp_path / "a.png", "PNG"), **{"XMP-plus:DataMining": PLUS + "DMI-PROHIBITED"})
    decoded, r = rights_of(p.read_bytes(), max_pixels=100)
    assert decoded.status == BOMB and r.data_mining == "reserved"


def test_rights_not_read_unless_asked(tmp_path):
    p = tag(base_image(tmp_path / "a.jpg", "JPEG"), **{"XMP-plus:DataMining": PLUS + "DMI-PROHIBITED"})
    assert decode_image(p.read_bytes()).rights is None
    assert json.dumps(decode_image(p.read_bytes(), rights=True).rights.evidence)
