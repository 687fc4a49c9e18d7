"""Document metadata: the Info dictionary and the XMP packet, written together.

One :class:`PdfMetadata` gives both, so they agree as PDF/A requires (ISO 19005-2,
6.6.2.3). The packet carries the conformance claims the source made (PDF/A part with
level B, PDF/UA part 1, ISO 14289-1 5), each property outside PDF/A's predefined schemas
declared with a PDF/A extension schema. Finishing, combining, splitting and retitling
all write metadata through :func:`write_metadata`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from pathlib import Path
from typing import cast

import attrs
from lxml import etree
from pypdf import DocumentInformation, PdfReader, PdfWriter
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

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


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def xmp_root(reader: PdfReader) -> etree._Element | None:
    """The parsed XMP packet, or None when there is none or it is not well-formed."""
    meta = reader.root_object.get("/Metadata")
    if meta is None:
        return None
    try:
        return etree.fromstring(cast(StreamObject, meta.get_object()).get_data())
    except etree.XMLSyntaxError:
        return None


def _property(root: etree._Element, prefix: str, name: str) -> str:
    """A simple XMP property, in element or attribute form, or ''."""
    element = root.find(f".//{_q(prefix, name)}")
    if element is not None:
        return (element.text or "").strip()
    for desc in root.iter(_q("rdf", "Description")):
        value = desc.get(_q(prefix, name))
        if value:
            return value.strip()
    return ""


def read_conformance(reader: PdfReader) -> Conformance:
    """The PDF/A and PDF/UA claims of *reader*'s XMP.

    LibreOffice 7.4 labels tagged PDF/A-1 output conformance "A" (cf. gotenberg#746);
    level A is never verified here, so the PDF/A claim is always written as level B.
    """
    return _conformance(xmp_root(reader))


def conformance_of_packet(packet: bytes) -> Conformance:
    """The claims of an XMP packet (:func:`read_conformance` for a packet already read)."""
    try:
        return _conformance(etree.fromstring(packet) if packet else None)
    except etree.XMLSyntaxError:
        return Conformance()


def _conformance(root: etree._Element | None) -> Conformance:
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
    xmpmeta = etree.Element(_q("x", "xmpmeta"), nsmap={"x": NS["x"]})
    rdf = etree.SubElement(xmpmeta, _q("rdf", "RDF"), nsmap={"rdf": NS["rdf"]})

    def description(*prefixes: str) -> etree._Element:
        desc = etree.SubElement(rdf, _q("rdf", "Description"), nsmap={p: NS[p] for p in prefixes})
        desc.set(_q("rdf", "about"), "")
        return desc

    def text(parent: etree._Element, prefix: str, name: str, value: str) -> None:
        etree.SubElement(parent, _q(prefix, name)).text = value

    def container(parent: etree._Element, tag: str, kind: str, values: Iterable[str]) -> None:
        holder = etree.SubElement(etree.SubElement(parent, tag), _q("rdf", kind))
        for value in values:
            li = etree.SubElement(holder, _q("rdf", "li"))
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
    container(desc, _q("dc", "title"), "Alt", [metadata.title])
    container(desc, _q("dc", "creator"), "Seq", [metadata.author])
    if metadata.subject:
        container(desc, _q("dc", "description"), "Alt", [metadata.subject])
    container(desc, _q("dc", "language"), "Bag", [metadata.language])
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
    bag = etree.SubElement(etree.SubElement(desc, _q("pdfaExtension", "schemas")), _q("rdf", "Bag"))
    for schema, prefix, properties in schemas:
        li = etree.SubElement(bag, _q("rdf", "li"))
        li.set(_q("rdf", "parseType"), "Resource")
        etree.SubElement(li, _q("pdfaSchema", "schema")).text = schema
        etree.SubElement(li, _q("pdfaSchema", "namespaceURI")).text = NS[prefix]
        etree.SubElement(li, _q("pdfaSchema", "prefix")).text = prefix
        seq = etree.SubElement(etree.SubElement(li, _q("pdfaSchema", "property")), _q("rdf", "Seq"))
        for name, value_type, category, about in properties:
            prop = etree.SubElement(seq, _q("rdf", "li"))
            prop.set(_q("rdf", "parseType"), "Resource")
            etree.SubElement(prop, _q("pdfaProperty", "name")).text = name
            etree.SubElement(prop, _q("pdfaProperty", "valueType")).text = value_type
            etree.SubElement(prop, _q("pdfaProperty", "category")).text = category
            etree.SubElement(prop, _q("pdfaProperty", "description")).text = about


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


def show_title(writer: PdfWriter) -> None:
    """``/ViewerPreferences /DisplayDocTitle true``: viewers show the title, not the
    file name (conventions A1; ISO 14289-1 7.1, Matterhorn 07-001)."""
    root = writer.root_object
    prefs = root.get("/ViewerPreferences")
    prefs_obj = (
        cast(DictionaryObject, prefs.get_object()) if prefs is not None else DictionaryObject()
    )
    prefs_obj[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs_obj


def write_metadata(
    writer: PdfWriter, metadata: PdfMetadata, xmp: bytes, info: dict[str, str]
) -> None:
    """Replace *writer*'s XMP packet and Info, set ``/Lang`` and show the title."""
    writer.root_object[NameObject("/Lang")] = TextStringObject(metadata.language)
    show_title(writer)
    old = writer.root_object.get("/Metadata")
    if old is not None:  # uncompressed: PDF/A-1 forbids a filter on the metadata stream
        old.get_object().pop("/Filter", None)
        old.get_object().pop("/DecodeParms", None)
    writer.xmp_metadata = xmp  # reuses the old stream object: no stale packet is left
    stream = cast(StreamObject, writer.root_object["/Metadata"].get_object())
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    writer.metadata = info


def producer_of(reader: PdfReader) -> str:
    """The source's producer (e.g. ``LibreOffice 25.2``) followed by ``; strukturer``."""
    info = reader.metadata
    return producer_from(str(info.get("/Producer", "")) if info else "")


def producer_from(producer: str) -> str:
    """``producer`` (the source's) up to any ``;``, followed by ``; strukturer``."""
    base = producer.split(";", maxsplit=1)[0].strip()
    return f"{base}; {CREATOR}" if base else CREATOR


def read_metadata(reader: PdfReader, title: str) -> PdfMetadata:
    """The metadata a PDF already has (Info and ``/Lang``), with *title*."""
    info = reader.metadata
    if info is None:
        info = DocumentInformation()
    words: tuple[str, ...] = tuple(
        k.strip() for k in str(info.get("/Keywords", "") or "").split(",") if k.strip()
    )
    language = reader.root_object.get("/Lang")
    return PdfMetadata(
        title=title,
        author=str(info.get("/Author", "") or ""),
        subject=str(info.get("/Subject", "") or ""),
        keywords=words,
        language=str(language) if language else "sv-SE",
    )


def read_provenance(pdf: Path) -> dict[str, str]:
    """The provenance strings stamped by ``finish`` (``PdfMetadata.extra``)."""
    root = xmp_root(PdfReader(pdf))
    if root is None:
        return {}
    found: dict[str, str] = {}
    for desc in root.iter(_q("rdf", "Description")):
        for child in desc:
            tag = etree.QName(child)
            if tag.namespace == NS["strukturer"]:
                found[tag.localname] = child.text or ""
    return found
