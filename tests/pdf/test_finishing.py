"""Finishing with pypdf: metadata in Info and XMP, PDF/UA, labels, links, provenance.

Runs on the committed LibreOffice export (tests/fixtures/pdf), without LibreOffice.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pytest
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject

from strukturer.clock import default_build_time
from strukturer.errors import EngineError
from strukturer.pdf.accessibility import Finding, check_pdfua
from strukturer.pdf.finishing import PageLabelRange, finish, retitle
from strukturer.pdf.metadata import PdfMetadata
from strukturer.pdf.metadata_pypdf import read_provenance

from .pdfcheck import (
    RECORD_TITLES,
    RECORDS_PDF,
    assert_accessible_pdfa,
    assert_pdfua,
    assert_struct_tree_consistent,
    heading_levels,
    outline_levels,
    outline_titles,
    pdfua_claim,
)

AGENCY = "Myndigheten för vård- och omsorgsanalys"
META = PdfMetadata(
    title="Strukturer för stöd",
    author=AGENCY,
    subject="Redovisning av regeringsuppdrag (S2024/01234)",
    keywords=("kommuner", "regioner"),
    extra={"strukturer_version": "0.1.0", "template_rapport": "1.2.0", "content_sha256": "a" * 64},
)
NS = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
}


def _copy(tmp_path: Path, name: str = "records.pdf") -> Path:
    return Path(shutil.copy(RECORDS_PDF, tmp_path / name))


def _xmp(reader: PdfReader) -> etree._Element:
    return etree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())


def _rewrite(pdf: Path, change: object) -> None:
    """Apply *change* (a function of the writer) to *pdf* with pypdf, in place."""
    writer = PdfWriter(clone_from=PdfReader(pdf))
    change(writer)  # type: ignore[operator]
    writer.pdf_header = "%PDF-1.7"
    writer.write(pdf)


def test_finish_writes_matching_info_and_xmp_and_keeps_pdfua(tmp_path: Path) -> None:
    pdf = _copy(tmp_path)
    finish(pdf, META, page_labels=[PageLabelRange(0, "r"), PageLabelRange(1, "D")])

    reader = assert_accessible_pdfa(pdf, title=META.title)
    assert_pdfua(pdf)
    assert reader.pdf_header == "%PDF-1.7"
    info = reader.metadata
    assert info is not None
    assert info.author == AGENCY
    assert info.subject == META.subject
    assert info["/Keywords"] == "kommuner, regioner"
    xmp = _xmp(reader)
    assert xmp.findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=NS) == META.title
    assert xmp.findtext(".//dc:creator/rdf:Seq/rdf:li", namespaces=NS) == AGENCY
    assert xmp.findtext(".//dc:description/rdf:Alt/rdf:li", namespaces=NS) == META.subject
    assert xmp.findtext(".//pdf:Keywords", namespaces=NS) == "kommuner, regioner"
    assert xmp.findtext(".//pdf:Producer", namespaces=NS) == info["/Producer"]
    assert str(info["/Producer"]).endswith("; strukturer")
    assert xmp.findtext(".//dc:language/rdf:Bag/rdf:li", namespaces=NS) == "sv-SE"
    # pdfuaid and the provenance namespace are declared for PDF/A.
    declared = xmp.findall(".//pdfaSchema:prefix", namespaces=NS)
    assert [e.text for e in declared] == ["pdfuaid", "strukturer"]
    # Structure, outline, headings and output intent survive.
    assert outline_titles(reader)[:3] == [RECORD_TITLES[0], "Avsnitt 1.1", "Del 1.1.1"]
    assert heading_levels(reader) == outline_levels(reader) == [1, 2, 3] * 3
    assert_struct_tree_consistent(reader)
    assert reader.page_labels == ["i", "1", "2", "3", "4"]
    assert read_provenance(pdf) == dict(META.extra)
    assert info["/content_sha256"] == "a" * 64
    assert len(reader.trailer["/ID"][0]) == 16


def test_finish_never_writes_a_header_older_than_1_4(tmp_path: Path) -> None:
    pdf = _copy(tmp_path)
    writer = PdfWriter(clone_from=PdfReader(pdf))
    writer.pdf_header = "%PDF-1.3"  # what pypdf writes unless told otherwise
    writer.write(pdf)
    finish(pdf, META)
    assert PdfReader(pdf).pdf_header == "%PDF-1.4"


def test_finish_gives_links_without_contents_a_description(tmp_path: Path) -> None:
    pdf = _copy(tmp_path)
    raw = check_pdfua(PdfReader(pdf))  # LibreOffice 25.2 leaves web links undescribed
    assert raw == [
        Finding(28, f"Link annotation on page {page} has no /Contents") for page in (1, 2, 5)
    ]

    def drop_contents(writer: PdfWriter) -> None:  # like the links of an updated TOC
        for annot in writer.pages[0]["/Annots"]:
            annot.get_object().pop("/Contents", None)

    _rewrite(pdf, drop_contents)
    finish(pdf, META)
    reader = PdfReader(pdf)
    contents = [str(a.get_object()["/Contents"]) for a in reader.pages[0]["/Annots"]]
    # The web link gets its address, the footnote links the title of the outline entry
    # nearest their target: back to the text under the first heading, on to the footnote
    # at the foot of the page (under the last heading).
    assert contents == ["https://example.se/kommun/001", RECORD_TITLES[0], "Del 1.1.1"]
    assert check_pdfua(reader) == []


def _note_link(writer: PdfWriter) -> tuple[DictionaryObject, DictionaryObject]:
    """The first footnote's ``Note > Lbl > Link`` element and its annotation."""

    def walk(elem: DictionaryObject) -> tuple[DictionaryObject, DictionaryObject] | None:
        kids = elem.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            obj = kid.get_object()
            if not isinstance(obj, DictionaryObject) or "/S" not in obj:
                continue
            if (obj["/S"], elem.get("/S")) == ("/Link", "/Lbl"):
                objr = next(k for k in obj["/K"] if isinstance(k, DictionaryObject))
                return obj, objr["/Obj"]
            if (found := walk(obj)) is not None:
                return found
        return None

    found = walk(writer.root_object["/StructTreeRoot"])
    assert found is not None
    return found


def test_finish_puts_a_footnote_link_left_out_of_the_tree_back(tmp_path: Path) -> None:
    pdf = _copy(tmp_path)

    def orphan(writer: PdfWriter) -> None:  # as LibreOffice 25.2 exports the report
        link, annot = _note_link(writer)
        link[NameObject("/K")] = ArrayObject(
            k for k in link["/K"] if isinstance(k.get_object(), int)
        )
        del annot["/StructParent"]

    _rewrite(pdf, orphan)
    assert check_pdfua(PdfReader(pdf))[:3] == [
        Finding(28, "Link annotation on page 1 has no /Contents"),
        Finding(28, "Link annotation on page 1 is not in the structure tree"),
        Finding(28, "Link annotation on page 1 has no /StructParent"),
    ]
    finish(pdf, META)
    reader = PdfReader(pdf)
    assert check_pdfua(reader) == []
    assert_struct_tree_consistent(reader)
    writer = PdfWriter(clone_from=reader)
    link, annot = _note_link(writer)
    tree = writer.root_object["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    entries = {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}
    assert entries[int(annot["/StructParent"])].get_object() is link


def test_finish_is_reproducible_with_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    outputs = []
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        pdf = _copy(tmp_path / run)
        finish(pdf, attrs.evolve(META, created=default_build_time()))
        outputs.append(pdf.read_bytes())
    assert outputs[0] == outputs[1]
    info = PdfReader(tmp_path / "a" / "records.pdf").metadata
    assert info is not None
    assert info["/CreationDate"] == "D:20260101000000+00'00'"


def test_retitle_keeps_the_metadata_and_shows_the_new_title(tmp_path: Path) -> None:
    pdf = _copy(tmp_path)
    finish(pdf, META)
    retitle(pdf, "Nytt namn på brevet")
    reader = assert_accessible_pdfa(pdf, title="Nytt namn på brevet")
    assert_pdfua(pdf)
    assert _xmp(reader).findtext(".//dc:title/rdf:Alt/rdf:li", namespaces=NS) == (
        "Nytt namn på brevet"
    )
    info = reader.metadata
    assert info is not None
    assert (info.author, info.subject, info["/Keywords"]) == (
        AGENCY,
        META.subject,
        "kommuner, regioner",
    )
    assert pdfua_claim(reader) == "1"


def test_finish_is_atomic_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(EngineError, match=r"bad\.pdf: not a readable PDF"):
        finish(bad, META)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.pdf"]


def test_invalid_provenance_key() -> None:
    message = (
        "Invalid provenance key 'has space': use letters, digits, '_', '-' or '.', "
        "starting with a letter, and not a standard PDF Info key"
    )
    with pytest.raises(EngineError) as caught:
        PdfMetadata(title="t", author="a", extra={"has space": "x"})
    assert str(caught.value) == message
    with pytest.raises(EngineError, match="Invalid provenance key 'Title'"):
        PdfMetadata(title="t", author="a", extra={"Title": "x"})
