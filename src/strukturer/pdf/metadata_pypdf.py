"""The metadata of a PDF read and written with pypdf: its XMP packet and claims, Info,
``/Lang`` and the viewer's title (the model and the packet: :mod:`strukturer.pdf.metadata`).

Finishing, combining, the pypdf split and retitling write metadata through
:func:`write_metadata`.
"""

from __future__ import annotations

from pathlib import Path
from typing import cast

from lxml import etree
from pypdf import DocumentInformation, PdfReader, PdfWriter
from pypdf.generic import (
    BooleanObject,
    DictionaryObject,
    NameObject,
    StreamObject,
    TextStringObject,
)

from strukturer.pdf.metadata import (
    NS,
    Conformance,
    PdfMetadata,
    conformance_of_root,
    producer_from,
    qname,
)


def xmp_root(reader: PdfReader) -> etree._Element | None:
    """The parsed XMP packet, or None when there is none or it is not well-formed."""
    meta = reader.root_object.get("/Metadata")
    if meta is None:
        return None
    try:
        return etree.fromstring(cast(StreamObject, meta.get_object()).get_data())
    except etree.XMLSyntaxError:
        return None


def read_conformance(reader: PdfReader) -> Conformance:
    """The PDF/A and PDF/UA claims of *reader*'s XMP.

    LibreOffice 7.4 labels tagged PDF/A-1 output conformance "A" (cf. gotenberg#746);
    level A is never verified here, so the PDF/A claim is always written as level B.
    """
    return conformance_of_root(xmp_root(reader))


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
    for desc in root.iter(qname("rdf", "Description")):
        for child in desc:
            tag = etree.QName(child)
            if tag.namespace == NS["strukturer"]:
                found[tag.localname] = child.text or ""
    return found
