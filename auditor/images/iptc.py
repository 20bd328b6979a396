"""Read the rights datasets of an IPTC-IIM block (the "IPTC Core" legacy fields in a JPEG's APP13).

Photoshop stores IIM inside image resource 0x0404 of its APP13 segment; Pillow hands us those resources
already split (`img.info["photoshop"]`). IIM is a flat list of tag-marker 0x1C, record, dataset, 2-byte
length, value. Extended lengths (bit 15 set) announce values over 32 kB, which no rights field needs:
they end the walk as malformed. The walk is linear in the block and capped in size.
"""

from __future__ import annotations

import struct

#: Photoshop image resource id holding IPTC-IIM
IPTC_RESOURCE = 0x0404
MAX_IPTC_BYTES = 256 * 1024
#: (record, dataset) -> our field name (IIM 4.2: 2:116 Copyright Notice, 2:80 By-line, 2:110 Credit)
DATASETS: dict[tuple[int, int], str] = {(2, 116): "copyright_notice", (2, 80): "creator", (2, 110): "credit"}
#: 1:90 Coded Character Set: ESC % G means UTF-8
_CHARSET = (1, 90)
_UTF8 = b"\x1b%G"


class IptcError(ValueError):
    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def _decode(value: bytes, utf8: bool) -> str:
    if utf8:
        return value.decode("utf-8", "replace")
    try:  # files without 1:90 are usually UTF-8 anyway today; otherwise Latin-1 never fails
        return value.decode("utf-8")
    except UnicodeDecodeError:
        return value.decode("latin-1")


def parse_iim(block: bytes) -> dict[str, str]:
    """Field name -> value (repeated datasets such as several By-lines joined with '; ')."""
    if len(block) > MAX_IPTC_BYTES:
        raise IptcError("skipped:iptc_too_large")
    values: dict[str, list[bytes]] = {}
    utf8 = False
    pos, end = 0, len(block)
    while pos < end:
        if block[pos] != 0x1C:
            if block[pos:].strip(b"\x00"):  # trailing padding is fine; anything else is not IIM
                raise IptcError("error:iptc_malformed")
            break
        if pos + 5 > end:
            raise IptcError("error:iptc_malformed")
        record, dataset, length = block[pos + 1], block[pos + 2], struct.unpack(">H", block[pos + 3:pos + 5])[0]
        if length & 0x8000 or pos + 5 + length > end:
            raise IptcError("error:iptc_malformed")
        value = block[pos + 5:pos + 5 + length]
        if (record, dataset) == _CHARSET:
            utf8 = value == _UTF8
        elif (name := DATASETS.get((record, dataset))) is not None:
            values.setdefault(name, []).append(value)
        pos += 5 + length
    out = {}
    for name, parts in values.items():
        texts = [t for p in parts if (t := " ".join(_decode(p, utf8).split()))]
        if texts:
            out[name] = "; ".join(texts)[:2000]
    return out


def iptc_from_raw_profile(text: str) -> bytes | None:
    """The IIM block inside a PNG "Raw profile type iptc" text chunk (ImageMagick/ExifTool's encoding:
    a header line, the byte count, then hex; the bytes are Photoshop image resources or bare IIM)."""
    if len(text) > 2 * MAX_IPTC_BYTES + 256:
        raise IptcError("skipped:iptc_too_large")
    parts = text.split()
    if len(parts) < 4 or not parts[2].isdigit():  # "IPTC", "profile", count, hex...
        raise IptcError("error:iptc_malformed")
    try:
        raw = bytes.fromhex("".join(parts[3:]))
    except ValueError:
        raise IptcError("error:iptc_malformed") from None
    if raw.startswith(b"8BIM"):
        return irb_resources(raw).get(IPTC_RESOURCE)
    return raw


def irb_resources(raw: bytes) -> dict[int, bytes]:
    """Photoshop image resource blocks: "8BIM", id, even-padded Pascal name, size, even-padded data."""
    out: dict[int, bytes] = {}
    pos, end = 0, len(raw)
    while pos + 12 <= end and raw[pos:pos + 4] == b"8BIM":
        rid = struct.unpack(">H", raw[pos + 4:pos + 6])[0]
        name_len = raw[pos + 6]
        pos += 6 + ((name_len + 2) & ~1)
        if pos + 4 > end:
            raise IptcError("error:iptc_malformed")
        size = struct.unpack(">I", raw[pos:pos + 4])[0]
        pos += 4
        if pos + size > end:
            raise IptcError("error:iptc_malformed")
        out[rid] = raw[pos:pos + size]
        pos += size + (size & 1)
    return out
