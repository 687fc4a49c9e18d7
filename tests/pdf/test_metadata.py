"""The XMP packet and the Info dictionary agree, for any text (property tests)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from strukturer.errors import EngineError
from strukturer.pdf.metadata import Conformance, PdfMetadata, build_xmp, info_dict

NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
    "strukturer": "urn:strukturer:ns:provenance:1.0/",
}
WHEN = datetime(2026, 1, 1, tzinfo=UTC)
# XML 1.0 characters, without the surrogates Python strings may hold.
TEXT = st.text(
    st.characters(
        blacklist_categories=("Cs",),
        blacklist_characters="\ufffe\uffff",
        min_codepoint=0x20,
    ),
    min_size=1,
    max_size=40,
)


@given(title=TEXT, author=TEXT, subject=TEXT, keyword=TEXT.filter(lambda k: "," not in k))
def test_xmp_and_info_hold_the_same_text(
    title: str, author: str, subject: str, keyword: str
) -> None:
    metadata = PdfMetadata(
        title=title,
        author=author,
        subject=subject,
        keywords=(keyword.strip() or "x",),
        extra={"content_sha256": subject},
    )
    packet = build_xmp(
        metadata,
        conformance=Conformance(pdfa="2", pdfua="1"),
        when=WHEN,
        producer="LibreOffice; strukturer",
        document_id="uuid:0",
    )
    root = etree.fromstring(packet)
    info = info_dict(metadata, WHEN, "LibreOffice; strukturer")
    assert root.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=NS) == info["/Title"] == title
    assert root.findtext(".//dc:creator/rdf:Seq/rdf:li", namespaces=NS) == info["/Author"]
    assert root.findtext(".//dc:description/rdf:Alt/rdf:li", namespaces=NS) == info["/Subject"]
    assert root.findtext(".//pdf:Keywords", namespaces=NS) == info["/Keywords"]
    assert root.findtext(".//strukturer:content_sha256", namespaces=NS) == subject
    assert root.findtext(".//pdfaid:part", namespaces=NS) == "2"
    assert root.findtext(".//pdfaid:conformance", namespaces=NS) == "B"
    assert root.findtext(".//pdfuaid:part", namespaces=NS) == "1"


def test_without_claims_the_packet_claims_nothing() -> None:
    packet = build_xmp(
        PdfMetadata(title="t", author="a", extra={"k": "v"}),
        conformance=Conformance(),
        when=WHEN,
        producer="p",
        document_id="",
    )
    root = etree.fromstring(packet)
    assert root.find(".//pdfaid:part", namespaces=NS) is None
    assert root.find(".//pdfuaid:part", namespaces=NS) is None
    # The extension schema is a PDF/A matter: no PDF/A, no schema.
    assert b"pdfaExtension:schemas" not in packet


def test_text_xml_cannot_hold_is_refused_with_the_field() -> None:
    with pytest.raises(EngineError) as caught:
        PdfMetadata(title="Brev till\x0bGävle kommun", author="a")
    assert str(caught.value) == (
        "Invalid PDF metadata title 'Brev till\\x0bGävle kommun': contains U+000B, "
        "which XMP (XML 1.0) cannot hold"
    )
