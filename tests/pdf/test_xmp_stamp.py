"""XMP packets stamped per record (the mail merge's split)."""

from __future__ import annotations

import attrs
from hypothesis import given
from hypothesis import strategies as st

from strukturer.pdf.metadata import Conformance, build_xmp
from strukturer.pdf.xmp_stamp import XmpStamper

from .test_finishing import META

_XML_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r\ufffe\uffff").filter(
        lambda c: c in "\t\n" or c >= " "
    )
)


@given(title=_XML_TEXT, document_id=_XML_TEXT)
def test_xmp_stamper_gives_the_packet_build_xmp_builds(title: str, document_id: str) -> None:
    stamper = XmpStamper(Conformance(pdfa="2", pdfua="1"), "LibreOffice 25.2; strukturer")
    metadata = attrs.evolve(META, title=title)
    assert stamper.packet(metadata, document_id) == build_xmp(
        metadata,
        conformance=stamper.conformance,
        when=metadata.created,
        producer=stamper.producer,
        document_id=document_id,
    )


@given(
    subjects=st.lists(_XML_TEXT, min_size=1, max_size=3),
    values=st.lists(_XML_TEXT, min_size=1, max_size=3),
)
def test_xmp_stamper_keeps_a_packet_per_metadata_besides_the_title(
    subjects: list[str], values: list[str]
) -> None:
    stamper = XmpStamper(Conformance(pdfa="2", pdfua="1"), "strukturer")
    for subject in subjects:
        for value in values:
            metadata = attrs.evolve(META, title="Brev", subject=subject, extra={"k": value})
            assert stamper.packet(metadata, "uuid:1") == build_xmp(
                metadata,
                conformance=stamper.conformance,
                when=metadata.created,
                producer=stamper.producer,
                document_id="uuid:1",
            )
