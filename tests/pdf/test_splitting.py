"""Splitting one export into per-record PDFs (the mail merge), keeping tags and PDF/UA."""

from __future__ import annotations

import shutil
from pathlib import Path

import attrs
import pikepdf
import pytest
from pypdf import PdfReader

from strukturer.errors import EngineError
from strukturer.pdf import Engine, PdfOptions
from strukturer.pdf.metadata import PdfMetadata
from strukturer.pdf.metadata_pypdf import read_provenance
from strukturer.pdf.qpdf_split import describe_links
from strukturer.pdf.records_split import destination_spans, split_records
from strukturer.pdf.structure import StructWalk

from .pdfcheck import (
    RECORD_TITLES,
    RECORDS_PDF,
    assert_accessible_pdfa,
    assert_marked_content_owned,
    assert_pdfua,
    assert_struct_tree_consistent,
    heading_levels,
    outline_titles,
)
from .test_finishing import META


def _targets(folder: Path, count: int = 3) -> list[tuple[Path, PdfMetadata]]:
    return [
        (folder / f"brev-{i}.pdf", attrs.evolve(META, title=f"Brev till Kommun {i:03d}"))
        for i in range(1, count + 1)
    ]


def _split_accessible(whole: Path, folder: Path) -> list[PdfReader]:
    """``whole``'s three records split into ``folder``, each checked as tagged PDF/A and
    PDF/UA with its own title."""
    targets = _targets(folder)
    split_records(whole, "Rec", targets)
    readers = []
    for path, metadata in targets:
        readers.append(assert_accessible_pdfa(path, title=metadata.title))
        assert_pdfua(path)
    return readers


def test_destination_spans_follow_the_layout() -> None:
    assert destination_spans(PdfReader(RECORDS_PDF), "Rec") == [(1, 1), (2, 4), (5, 5)]


def test_split_gives_each_record_its_own_tagged_pdfa_and_pdfua(tmp_path: Path) -> None:
    targets = _targets(tmp_path)
    split_records(RECORDS_PDF, "Rec", targets)
    for i, (path, metadata) in enumerate(targets, start=1):
        reader = assert_accessible_pdfa(path, title=metadata.title)
        assert_pdfua(path)
        assert reader.pdf_header == "%PDF-1.7"
        assert len(reader.pages) == [1, 3, 1][i - 1]
        text = " ".join(page.extract_text() for page in reader.pages)
        assert f"Kommun {i:03d}" in text
        assert not any(f"Kommun {k:03d}" in text for k in range(1, 4) if k != i)
        assert outline_titles(reader) == [RECORD_TITLES[i - 1], f"Avsnitt {i}.1", f"Del {i}.1.1"]
        assert heading_levels(reader) == [1, 2, 3]
        assert_struct_tree_consistent(reader)
        assert_marked_content_owned(reader)
        links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
        uris = [a["/A"]["/URI"] for a in links if "/A" in a]
        assert uris == [f"https://example.se/kommun/{i:03d}"]
        assert all(str(a["/Contents"]) for a in links)
        root = reader.trailer["/Root"]
        assert "/Dests" not in root
        assert "/Names" not in root
        assert read_provenance(path)["content_sha256"] == "a" * 64


def test_links_only_the_pypdf_split_can_describe_take_it(tmp_path: Path) -> None:
    """LibreOffice leaves ``/Contents`` out of web links (qpdf split: the URI) and of some
    links within the document (the pypdf split: the heading they lead to, or the page)."""
    with pikepdf.open(RECORDS_PDF) as source:
        assert describe_links(source)  # the fixture's web links: described by their URI
        for page in source.pages:
            for annot in page.obj.get("/Annots", ()):
                if "/A" not in annot:
                    del annot["/Contents"]
        assert not describe_links(source)
        whole = tmp_path / "whole.pdf"
        source.save(whole)
    for i, reader in enumerate(_split_accessible(whole, tmp_path), start=1):
        links = [a.get_object() for page in reader.pages for a in page.get("/Annots", [])]
        described = [str(a["/Contents"]) for a in links if "/A" not in a]
        assert described == [f"Avsnitt {i}.1"] * 2


def test_an_element_holding_several_records_is_cut_to_each(tmp_path: Path) -> None:
    """The qpdf split gives an element that holds several records' content (here a Sect
    around all of them, besides the Document) only the record's kids in each file."""
    whole = tmp_path / "whole.pdf"
    with pikepdf.open(RECORDS_PDF) as source:
        document = source.Root.StructTreeRoot.K[0]
        section = source.make_indirect(
            pikepdf.Dictionary(Type=pikepdf.Name.StructElem, S=pikepdf.Name.Sect, P=document)
        )
        section.K = pikepdf.Array(document.K)
        for kid in section.K:
            kid.P = section
        document.K = pikepdf.Array([section])
        source.save(whole)
    for i, reader in enumerate(_split_accessible(whole, tmp_path), start=1):
        assert_struct_tree_consistent(reader)
        assert_marked_content_owned(reader)
        kinds = [element.kind for element in StructWalk(reader).elements]
        assert kinds[:2] == ["Document", "Sect"]
        assert heading_levels(reader) == [1, 2, 3]
        assert outline_titles(reader) == [RECORD_TITLES[i - 1], f"Avsnitt {i}.1", f"Del {i}.1.1"]


def test_a_link_to_another_records_page_is_left_out(tmp_path: Path) -> None:
    """It would bring that page (and its content) into the record's file."""
    whole = tmp_path / "whole.pdf"
    with pikepdf.open(RECORDS_PDF) as source:
        first, other = source.pages[0], source.pages[1]
        link = pikepdf.Dictionary(
            Type=pikepdf.Name.Annot,
            Subtype=pikepdf.Name.Link,
            Rect=[0, 0, 10, 10],
            Contents=pikepdf.String("Nästa brev"),
            StructParent=999,
            Dest=pikepdf.Array([other.obj, pikepdf.Name.Fit]),
        )
        first.obj.Annots.append(source.make_indirect(link))
        source.save(whole)
    targets = _targets(tmp_path)
    split_records(whole, "Rec", targets)
    with pikepdf.open(targets[0][0]) as record:
        pages = [
            o
            for o in record.objects
            if isinstance(o, pikepdf.Dictionary) and o.get("/Type") == "/Page"
        ]
        assert len(pages) == len(record.pages) == 1
        contents = [str(a.get("/Contents")) for a in record.pages[0].obj.Annots]
        assert "Nästa brev" not in contents
    assert_pdfua(targets[0][0])


def test_split_is_byte_identical_with_source_date_epoch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    outputs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        pdf = Path(shutil.copy(RECORDS_PDF, folder / "whole.pdf"))
        split_records(pdf, "Rec", _targets(folder))
        outputs.append([path.read_bytes() for path, _ in _targets(folder)])
    assert outputs[0] == outputs[1]


@pytest.mark.engine
def test_split_is_byte_identical_across_two_exports(
    engine: Engine,
    inputs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """LibreOffice stamps each export with the time (Info, XMP, the ICC profile)."""
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    outputs = []
    for run in ("a", "b"):
        folder = tmp_path / run
        folder.mkdir()
        pdf = folder / "whole.pdf"
        engine.convert(
            inputs["linked_letters"],
            pdf,
            title="Brev",
            options=PdfOptions(bookmark_destinations=True),
        )
        targets = [(folder / f"brev-{i}.pdf", META) for i in range(1, 7)]
        split_records(pdf, "Rec", targets)
        outputs.append([path.read_bytes() for path, _ in targets])
    assert outputs[0] == outputs[1]


def test_split_refuses_a_record_count_that_does_not_match(tmp_path: Path) -> None:
    with pytest.raises(EngineError) as caught:
        split_records(RECORDS_PDF, "Rec", _targets(tmp_path, count=2))
    assert str(caught.value) == (
        "records.pdf: found 3 records (named destinations Rec…) where 2 were rendered"
    )
    assert list(tmp_path.iterdir()) == []


def test_split_refuses_pages_outside_the_pdf(tmp_path: Path) -> None:
    from strukturer.pdf.records_split import RecordPart  # noqa: PLC0415
    from strukturer.pdf.splitting import split  # noqa: PLC0415

    with pytest.raises(EngineError) as caught:
        split(RECORDS_PDF, [RecordPart(4, 6, tmp_path / "x.pdf", META)])
    assert str(caught.value) == f"{RECORDS_PDF}: pages 4-6 are not in 1-5"
