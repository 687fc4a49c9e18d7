"""Combining finished PDFs into one, keeping tags, PDF/A and PDF/UA (no LibreOffice)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DictionaryObject, NameObject

from strukturer.errors import EngineError
from strukturer.pdf.accessibility import Finding, check_pdfua
from strukturer.pdf.combining import combine
from strukturer.pdf.finishing import finish
from strukturer.pdf.fonts import font_digest, iter_fonts, subset_tag
from strukturer.pdf.metadata import Conformance, build_xmp
from strukturer.pdf.metadata_pypdf import read_provenance

from .pdfcheck import (
    LETTER_PDF,
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


@pytest.fixture
def parts(tmp_path: Path) -> tuple[Path, Path]:
    """The letter and the records, finished as the build finishes them."""
    letter = Path(shutil.copy(LETTER_PDF, tmp_path / "missiv.pdf"))
    records = Path(shutil.copy(RECORDS_PDF, tmp_path / "rapport.pdf"))
    finish(letter, META)
    finish(records, META)
    return letter, records


def test_combine_keeps_tags_pdfa_pdfua_and_nests_outlines(
    parts: tuple[Path, Path], tmp_path: Path
) -> None:
    letter, records = parts
    dst = tmp_path / "redovisning.pdf"
    combine([(letter, "Missiv"), (records, "Rapport")], dst, META)

    reader = assert_accessible_pdfa(dst, title=META.title)
    assert_pdfua(dst)
    assert reader.pdf_header == "%PDF-1.7"
    assert len(reader.pages) == 1 + 5
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [str(t.title) for t in top] == ["Missiv", "Rapport"]
    assert reader.get_destination_page_number(top[1]) == 1
    titles = outline_titles(reader)
    assert titles[:4] == ["Missiv", "Missiv till Regeringskansliet", "Sammanfattning", "Rapport"]
    assert titles[4:7] == [RECORD_TITLES[0], "Avsnitt 1.1", "Del 1.1.1"]
    assert heading_levels(reader) == [1, 2] + [1, 2, 3] * 3
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document"
    parts_kids = [k.get_object() for k in document["/K"]]
    assert [(k["/S"], k["/T"]) for k in parts_kids] == [("/Part", "Missiv"), ("/Part", "Rapport")]
    assert_struct_tree_consistent(reader)
    assert_marked_content_owned(reader)
    assert "Kommun 001" in reader.pages[1].extract_text()
    assert read_provenance(dst)["content_sha256"] == "a" * 64


def test_combine_gives_each_font_subset_its_own_tag(
    parts: tuple[Path, Path], tmp_path: Path
) -> None:
    letter, records = parts
    tags = {
        subset_tag(font) for pdf in (letter, records) for font in iter_fonts(PdfReader(pdf).pages)
    }
    assert tags == {"BAAAAA", "CAAAAA"}  # LibreOffice numbers the tags per export
    dst = tmp_path / "redovisning.pdf"
    combine([(letter, "Missiv"), (records, "Rapport")], dst, META)

    by_tag: dict[str, set[str]] = {}
    for font in iter_fonts(PdfReader(dst).pages):
        by_tag.setdefault(str(subset_tag(font)), set()).add(font_digest(font))
    assert len(by_tag) == 4
    assert all(len(digests) == 1 for digests in by_tag.values())
    assert {"BAAAAA", "CAAAAA"} < set(by_tag)


def test_joining_without_combine_reuses_subset_tags(
    parts: tuple[Path, Path], tmp_path: Path
) -> None:
    """What combine prevents: pypdf's plain append keeps both BAAAAA subsets."""
    writer = PdfWriter()
    for pdf in parts:
        writer.append(str(pdf))
    writer.write(tmp_path / "naive.pdf")
    fonts = [f for f in check_pdfua(PdfReader(tmp_path / "naive.pdf")) if f.checkpoint == 31]
    assert fonts == [
        Finding(
            31,
            "subset tag BAAAAA is used for 2 different subsets: BAAAAA+LiberationSerif, "
            "BAAAAA+LiberationSerif",
        ),
        Finding(
            31,
            "subset tag CAAAAA is used for 2 different subsets: CAAAAA+LiberationSans-Bold, "
            "CAAAAA+LiberationSans-Bold",
        ),
    ]


def test_combine_refuses_parts_with_different_claims(
    parts: tuple[Path, Path], tmp_path: Path
) -> None:
    letter, records = parts
    writer = PdfWriter(clone_from=PdfReader(letter))
    writer.xmp_metadata = build_xmp(
        META,
        conformance=Conformance(pdfa="2"),
        when=PdfReader(letter).metadata.creation_date,  # type: ignore[union-attr,arg-type]
        producer="x",
        document_id="",
    )
    writer.write(letter)
    with pytest.raises(EngineError) as caught:
        combine([(letter, "Missiv"), (records, "Rapport")], tmp_path / "r.pdf", META)
    assert str(caught.value) == (
        f"Cannot combine PDFs with different PDF/A or PDF/UA claims: {letter}: PDF/A-2, "
        f"PDF/UA-(none), {records}: PDF/A-2, PDF/UA-1"
    )
    assert not (tmp_path / "r.pdf").exists()


def test_combine_needs_a_part(tmp_path: Path) -> None:
    with pytest.raises(EngineError, match=r"^combine\(\) needs at least one part$"):
        combine([], tmp_path / "r.pdf", META)


def test_two_fonts_of_one_subset_keep_one_tag(parts: tuple[Path, Path], tmp_path: Path) -> None:
    letter, records = parts
    writer = PdfWriter(clone_from=PdfReader(records))
    fonts = writer.pages[0]["/Resources"]["/Font"]
    first = next(iter(fonts.values())).get_object()
    twin = DictionaryObject(first)  # a second font dictionary sharing the descriptor
    fonts[NameObject("/Ftwin")] = writer._add_object(twin)
    writer.write(records)
    dst = tmp_path / "redovisning.pdf"
    combine([(letter, "Missiv"), (records, "Rapport")], dst, META)

    tags_by_digest: dict[str, set[str]] = {}
    for font in iter_fonts(PdfReader(dst).pages):
        name = str(font["/FontDescriptor"]["/FontName"]).lstrip("/")
        assert subset_tag(font) == name[:6]  # font and descriptor renamed together
        tags_by_digest.setdefault(font_digest(font), set()).add(str(subset_tag(font)))
    assert all(len(tags) == 1 for tags in tags_by_digest.values())
    assert check_pdfua(PdfReader(dst)) == []
