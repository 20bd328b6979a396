"""Read the rights properties of an XMP packet, with a parser that cannot be turned against us.

XMP is RDF/XML written by anyone who can save a file: a DTD with nested entities ("billion laughs"), an
external entity pointing at /etc/passwd or a URL, or a packet of megabytes are all possible. The packet
is size-capped before parsing and parsed with defusedxml (DTDs, entities and external references are
refused, not resolved): such a packet is a per-row status, never a crash and never a network call.

Only the properties the rights check reports are read, wherever RDF allows them to be written: as an
attribute of rdf:Description, as an element with text, as an rdf:Alt/Seq/Bag of rdf:li, or as
rdf:resource. For a language alternative (dc:rights, xmpRights:UsageTerms) x-default wins, then the first.
"""

from __future__ import annotations

from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as SafeET
from defusedxml import DefusedXmlException

#: an XMP packet larger than this is not parsed (real packets are a few kB; JPEG caps one APP1 at 64 kB)
MAX_XMP_BYTES = 256 * 1024

RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: (namespace, local name) -> our field name
PROPERTIES: dict[tuple[str, str], str] = {
    ("http://purl.org/dc/elements/1.1/", "rights"): "copyright_notice",
    ("http://purl.org/dc/elements/1.1/", "creator"): "creator",
    ("http://ns.adobe.com/photoshop/1.0/", "Credit"): "credit",
    ("http://ns.adobe.com/xap/1.0/rights/", "UsageTerms"): "usage_terms",
    ("http://ns.adobe.com/xap/1.0/rights/", "WebStatement"): "web_statement",
    ("http://ns.useplus.org/ldf/xmp/1.0/", "DataMining"): "data_mining",
    ("http://ns.useplus.org/ldf/xmp/1.0/", "OtherConstraints"): "other_constraints",
    ("http://iptc.org/std/Iptc4xmpExt/2008-02-29/", "DigitalSourceType"): "digital_source_type",
}
_BY_TAG = {f"{{{ns}}}{local}": name for (ns, local), name in PROPERTIES.items()}
_CONTAINERS = {f"{{{RDF}}}{c}" for c in ("Alt", "Seq", "Bag")}
_LI = f"{{{RDF}}}li"
_RESOURCE = f"{{{RDF}}}resource"
_DESCRIPTION = f"{{{RDF}}}Description"
#: one property value is cut to this many characters (a notice is a sentence, not a book)
MAX_VALUE_CHARS = 2000


class XmpError(ValueError):
    """The packet was refused; `status` is the row status that says why."""

    def __init__(self, status: str) -> None:
        super().__init__(status)
        self.status = status


def _clean(text: str | None) -> str | None:
    if text is None:
        return None
    text = " ".join(text.split())
    return text[:MAX_VALUE_CHARS] or None


def _element_value(el: Element) -> str | None:
    """Text, rdf:resource, or the items of an Alt/Seq/Bag (x-default first for Alt; Seq/Bag joined)."""
    if el.get(_RESOURCE):
        return _clean(el.get(_RESOURCE))
    for child in el:
        if child.tag in _CONTAINERS:
            items = [li for li in child if li.tag == _LI]
            if child.tag.endswith("Alt"):
                default = [li for li in items if li.get(XML_LANG, "").lower() == "x-default"]
                chosen = (default or items)[:1]
                return _clean(chosen[0].text) if chosen else None
            texts = [t for li in items if (t := _clean(li.text or li.get(_RESOURCE)))]
            return _clean("; ".join(texts)) if texts else None
    return _clean(el.text)


def parse_xmp(packet: bytes | str) -> dict[str, str]:
    """The rights properties present in `packet` (field name -> value); raises XmpError."""
    raw = packet.encode("utf-8", "surrogatepass") if isinstance(packet, str) else bytes(packet)
    if len(raw) > MAX_XMP_BYTES:
        raise XmpError("skipped:xmp_too_large")
    # the xpacket processing instructions and trailing padding are legal XML; NULs (seen in the wild
    # as JPEG padding) are not, so they are trimmed rather than failing a good packet
    raw = raw.strip(b"\x00 \t\r\n")
    if not raw:
        return {}
    try:
        root = SafeET.fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise XmpError("error:xmp_forbidden_xml") from None
    except (ParseError, ValueError, LookupError):
        raise XmpError("error:xmp_malformed") from None
    found: dict[str, str] = {}
    for desc in root.iter(_DESCRIPTION):
        for attr, value in desc.attrib.items():
            name = _BY_TAG.get(attr)
            if name and name not in found and (v := _clean(value)):
                found[name] = v
        for child in desc:
            name = _BY_TAG.get(child.tag)
            if name and name not in found and (v := _element_value(child)):
                found[name] = v
    return found
