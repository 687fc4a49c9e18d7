"""Document metadata: the Info dictionary and the XMP packet, written together.

One :class:`PdfMetadata` gives both, so they agree as PDF/A requires (ISO 19005-2,
6.6.2.3). The packet carries the conformance claims the source made (PDF/A part with
level B, PDF/UA part 1, ISO 14289-1 5), each property outside PDF/A's predefined schemas
declared with a PDF/A extension schema. No pypdf here: the pikepdf split uses this
module alone; :mod:`strukturer.pdf.metadata_pypdf` reads and writes it in pypdf's objects.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping
from datetime import datetime

import attrs
from lxml import etree

from strukturer.clock import default_build_time
from strukturer.errors import EngineError
from strukturer.model._validators import first_invalid_xml_char

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "strukturer": "urn:strukturer:ns:provenance:1.0/",
}
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
_STANDARD_INFO = {"Title", "Author", "Subject", "Keywords", "Creator", "Producer"}
_STANDARD_INFO |= {"CreationDate", "ModDate", "Trapped"}
CREATOR = "strukturer"


def _str_tuple(value: Iterable[str]) -> tuple[str, ...]:
    return tuple(value)


def _str_dict(value: Mapping[str, str]) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()}


@attrs.frozen
class PdfMetadata:
    """Document metadata written to both the Info dictionary and XMP.

    ``author`` is the agency. ``extra`` holds provenance strings (strukturer version,
    template versions, content sha256 ...) stored under their own XMP namespace
    (declared with a PDF/A extension schema) and as custom Info keys.
    """

    title: str
    author: str
    subject: str = ""
    keywords: tuple[str, ...] = attrs.field(default=(), converter=_str_tuple)
    language: str = "sv-SE"
    extra: Mapping[str, str] = attrs.field(factory=dict, converter=_str_dict, hash=False)
    #: The build time written as the creation and modification dates.
    created: datetime = attrs.field(factory=default_build_time)

    def __attrs_post_init__(self) -> None:
        texts = [("title", self.title), ("author", self.author), ("subject", self.subject)]
        texts += [("keywords", k) for k in self.keywords] + [("language", self.language)]
        texts += [(f"provenance {k}", v) for k, v in self.extra.items()]
        for field, value in texts:
            bad = first_invalid_xml_char(value)
            if bad is not None:
                raise EngineError(
                    f"Invalid PDF metadata {field} {value!r}: contains U+{ord(bad):04X}, "
                    "which XMP (XML 1.0) cannot hold"
                )
        for key in self.extra:
            if not _is_xml_name(key) or ":" in key or key in _STANDARD_INFO:
                raise EngineError(
                    f"Invalid provenance key {key!r}: use letters, digits, '_', '-' or '.', "
                    "starting with a letter, and not a standard PDF Info key"
                )


def _is_xml_name(key: str) -> bool:
    if not key or not key.isascii() or not (key[0].isalpha() or key[0] == "_"):
        return False
    return all(ch.isalnum() or ch in "_-." for ch in key)


@attrs.frozen
class Conformance:
    """The claims a PDF makes in its XMP: PDF/A part (level B) and PDF/UA part."""

    pdfa: str | None = None
    pdfua: str | None = None


def qname(prefix: str, name: str) -> str:
    """The lxml name of ``prefix:name`` (a prefix of :data:`NS`)."""
    return f"{{{NS[prefix]}}}{name}"


def _property(root: etree._Element, prefix: str, name: str) -> str:
    """A simple XMP property, in element or attribute form, or ''."""
    element = root.find(f".//{qname(prefix, name)}")
    if element is not None:
        return (element.text or "").strip()
    for desc in root.iter(qname("rdf", "Description")):
        value = desc.get(qname(prefix, name))
        if value:
            return value.strip()
    return ""


def conformance_of_packet(packet: bytes) -> Conformance:
    """The claims of an XMP packet (:func:`read_conformance` for a packet already read)."""
    try:
        return conformance_of_root(etree.fromstring(packet) if packet else None)
    except etree.XMLSyntaxError:
        return Conformance()


def conformance_of_root(root: etree._Element | None) -> Conformance:
    """The claims of a parsed XMP packet (none without one)."""
    if root is None:
        return Conformance()
    return Conformance(
        pdfa=_property(root, "pdfaid", "part") or None,
        pdfua=_property(root, "pdfuaid", "part") or None,
    )


def xmp_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S+00:00")


def pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def build_xmp(
    metadata: PdfMetadata,
    *,
    conformance: Conformance,
    when: datetime,
    producer: str,
    document_id: str,
) -> bytes:
    """The XMP packet matching the Info dictionary of :func:`info_dict`."""
    xmpmeta = etree.Element(qname("x", "xmpmeta"), nsmap={"x": NS["x"]})
    rdf = etree.SubElement(xmpmeta, qname("rdf", "RDF"), nsmap={"rdf": NS["rdf"]})

    def description(*prefixes: str) -> etree._Element:
        desc = etree.SubElement(
            rdf, qname("rdf", "Description"), nsmap={p: NS[p] for p in prefixes}
        )
        desc.set(qname("rdf", "about"), "")
        return desc

    def text(parent: etree._Element, prefix: str, name: str, value: str) -> None:
        etree.SubElement(parent, qname(prefix, name)).text = value

    def container(parent: etree._Element, tag: str, kind: str, values: Iterable[str]) -> None:
        holder = etree.SubElement(etree.SubElement(parent, tag), qname("rdf", kind))
        for value in values:
            li = etree.SubElement(holder, qname("rdf", "li"))
            if kind == "Alt":
                li.set(_XML_LANG, "x-default")
            li.text = value

    if conformance.pdfa is not None:
        desc = description("pdfaid")
        text(desc, "pdfaid", "part", conformance.pdfa)
        text(desc, "pdfaid", "conformance", "B")
    if conformance.pdfua is not None:
        text(description("pdfuaid"), "pdfuaid", "part", conformance.pdfua)
    desc = description("dc")
    container(desc, qname("dc", "title"), "Alt", [metadata.title])
    container(desc, qname("dc", "creator"), "Seq", [metadata.author])
    if metadata.subject:
        container(desc, qname("dc", "description"), "Alt", [metadata.subject])
    container(desc, qname("dc", "language"), "Bag", [metadata.language])
    text(desc, "dc", "format", "application/pdf")
    desc = description("pdf")
    text(desc, "pdf", "Producer", producer)
    if metadata.keywords:
        text(desc, "pdf", "Keywords", ", ".join(metadata.keywords))
    desc = description("xmp")
    text(desc, "xmp", "CreatorTool", CREATOR)
    for name in ("CreateDate", "ModifyDate", "MetadataDate"):
        text(desc, "xmp", name, xmp_date(when))
    desc = description("xmpMM")
    text(desc, "xmpMM", "DocumentID", document_id)
    text(desc, "xmpMM", "InstanceID", document_id)
    if metadata.extra:
        desc = description("strukturer")
        for key, value in sorted(metadata.extra.items()):
            text(desc, "strukturer", key, value)
    schemas = _extension_schemas(metadata, pdfua=conformance.pdfua is not None)
    if conformance.pdfa is not None and schemas:
        _write_schemas(description("pdfaExtension", "pdfaSchema", "pdfaProperty"), schemas)
    body = etree.tostring(xmpmeta, encoding="utf-8")
    padding = (b" " * 99 + b"\n") * 20  # room for in-place edits, as XMP recommends
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        + body
        + b"\n"
        + padding
        + b'<?xpacket end="w"?>'
    )


# (schema, prefix, [(property, value type, category, description)])
_Schema = tuple[str, str, list[tuple[str, str, str, str]]]


def _extension_schemas(metadata: PdfMetadata, *, pdfua: bool) -> list[_Schema]:
    """PDF/A allows only predefined or declared XMP properties (ISO 19005-2, 6.6.2.3.2)."""
    schemas: list[_Schema] = []
    if pdfua:
        schemas.append(
            (
                "PDF/UA identification schema",
                "pdfuaid",
                [("part", "Integer", "internal", "PDF/UA version identifier")],
            )
        )
    if metadata.extra:
        schemas.append(
            (
                "strukturer build provenance",
                "strukturer",
                [(k, "Text", "external", f"strukturer {k}") for k in sorted(metadata.extra)],
            )
        )
    return schemas


def _write_schemas(desc: etree._Element, schemas: list[_Schema]) -> None:
    bag = etree.SubElement(
        etree.SubElement(desc, qname("pdfaExtension", "schemas")), qname("rdf", "Bag")
    )
    for schema, prefix, properties in schemas:
        li = etree.SubElement(bag, qname("rdf", "li"))
        li.set(qname("rdf", "parseType"), "Resource")
        etree.SubElement(li, qname("pdfaSchema", "schema")).text = schema
        etree.SubElement(li, qname("pdfaSchema", "namespaceURI")).text = NS[prefix]
        etree.SubElement(li, qname("pdfaSchema", "prefix")).text = prefix
        seq = etree.SubElement(
            etree.SubElement(li, qname("pdfaSchema", "property")), qname("rdf", "Seq")
        )
        for name, value_type, category, about in properties:
            prop = etree.SubElement(seq, qname("rdf", "li"))
            prop.set(qname("rdf", "parseType"), "Resource")
            etree.SubElement(prop, qname("pdfaProperty", "name")).text = name
            etree.SubElement(prop, qname("pdfaProperty", "valueType")).text = value_type
            etree.SubElement(prop, qname("pdfaProperty", "category")).text = category
            etree.SubElement(prop, qname("pdfaProperty", "description")).text = about


def info_dict(metadata: PdfMetadata, when: datetime, producer: str) -> dict[str, str]:
    """The Info dictionary matching the XMP packet of :func:`build_xmp`."""
    info = {
        "/Title": metadata.title,
        "/Author": metadata.author,
        "/Creator": CREATOR,
        "/Producer": producer,
        "/CreationDate": pdf_date(when),
        "/ModDate": pdf_date(when),
    }
    if metadata.subject:
        info["/Subject"] = metadata.subject
    if metadata.keywords:
        info["/Keywords"] = ", ".join(metadata.keywords)
    for key, value in sorted(metadata.extra.items()):
        info[f"/{key}"] = value
    return info


def producer_from(producer: str) -> str:
    """``producer`` (the source's) up to any ``;``, followed by ``; strukturer``."""
    base = producer.split(";", maxsplit=1)[0].strip()
    return f"{base}; {CREATOR}" if base else CREATOR


def normalised_icc(profile: bytes, when: datetime) -> bytes | None:
    """``profile`` (an ICC profile) with its creation date set to ``when``, or None when
    it is not an ICC profile."""
    data = bytearray(profile)
    if len(data) < 128 or data[36:40] != b"acsp":
        return None
    stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
    data[24:36] = b"".join(v.to_bytes(2, "big") for v in stamp)
    if any(data[84:100]):  # an ICC v4 profile ID: MD5 with flags, intent, ID zeroed
        scratch = bytearray(data)
        scratch[44:48] = scratch[64:68] = b"\0" * 4
        scratch[84:100] = b"\0" * 16
        data[84:100] = hashlib.md5(scratch, usedforsecurity=False).digest()
    return bytes(data)
