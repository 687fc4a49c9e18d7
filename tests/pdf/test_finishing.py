"""Finishing with pypdf: metadata in Info and XMP, labels, provenance, combining."""

from __future__ import annotations

import itertools
import shutil
from pathlib import Path

import attrs
import pytest
from lxml import etree
from pypdf import PdfReader

from strukturer.errors import EngineError
from strukturer.pdf import Engine, PdfOptions
from strukturer.pdf.finishing import (
    PdfMetadata,
    combine,
    destination_spans,
    finish,
    read_provenance,
    roman_then_arabic,
    split_records,
)

from .conftest import CHAPTERS
from .pdfcheck import (
    assert_accessible_pdfa,
    assert_marked_content_owned,
    assert_struct_tree_consistent,
    outline_titles,
)

pytestmark = pytest.mark.engine

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
}


@pytest.fixture(scope="module")
def exported(
    engine: Engine, inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("exported")
    engine.convert(inputs["report"], root / "rapport.pdf", title="Rapport")
    engine.convert(inputs["letter"], root / "missiv.pdf", title="Missiv")
    return {"report": root / "rapport.pdf", "letter": root / "missiv.pdf"}


def _xmp(reader: PdfReader) -> etree._Element:
    return etree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())


def test_finish_writes_matching_info_and_xmp(exported: dict[str, Path], tmp_path: Path) -> None:
    pdf = tmp_path / "r.pdf"
    shutil.copy(exported["report"], pdf)
    finish(pdf, META, page_labels=roman_then_arabic(1))

    reader = assert_accessible_pdfa(pdf, title=META.title)
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
    assert xmp.findtext(".//dc:language/rdf:Bag/rdf:li", namespaces=NS) == "sv-SE"
    # Structure, outline and output intent survive.
    assert outline_titles(reader)[0] == CHAPTERS[0]
    assert_struct_tree_consistent(reader)
    assert reader.page_labels == ["i", "1", "2", "3", "4"]
    assert read_provenance(pdf) == dict(META.extra)
    assert info["/content_sha256"] == "a" * 64
    assert len(reader.trailer["/ID"][0]) == 16


def test_finish_is_atomic_on_bad_input(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"not a pdf")
    with pytest.raises(EngineError, match="not a readable PDF"):
        finish(bad, META)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bad.pdf"]


def test_invalid_provenance_key() -> None:
    with pytest.raises(EngineError, match="provenance key"):
        PdfMetadata(title="t", author="a", extra={"has space": "x"})
    with pytest.raises(EngineError, match="provenance key"):
        PdfMetadata(title="t", author="a", extra={"Title": "x"})


def test_combine_keeps_tags_pdfa_and_nests_outlines(
    exported: dict[str, Path], tmp_path: Path
) -> None:
    dst = tmp_path / "leverans.pdf"
    combine([(exported["letter"], "Missiv"), (exported["report"], "Rapport")], dst, META)

    reader = assert_accessible_pdfa(dst, title=META.title)
    assert len(reader.pages) == 1 + len(PdfReader(exported["report"]).pages)
    top = [item for item in reader.outline if not isinstance(item, list)]
    assert [str(t.title) for t in top] == ["Missiv", "Rapport"]
    assert reader.get_destination_page_number(top[1]) == 1
    titles = outline_titles(reader)
    assert titles[:2] == ["Missiv", "Brev till Kommun 001"]
    assert CHAPTERS[0] in titles[titles.index("Rapport") :]
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    document = tree["/K"][0].get_object()
    assert document["/S"] == "/Document"
    assert [k.get_object()["/S"] for k in document["/K"]] == ["/Part", "/Part"]
    assert_struct_tree_consistent(reader)
    text = reader.pages[1].extract_text()
    assert "Inledning" in text
    assert read_provenance(dst)["content_sha256"] == "a" * 64


@pytest.fixture(scope="module")
def records_pdf(
    engine: Engine, inputs: dict[str, Path], tmp_path_factory: pytest.TempPathFactory
) -> Path:
    """Six letters with links, every third over two pages, exported once as a whole."""
    pdf = tmp_path_factory.mktemp("records") / "letters.pdf"
    engine.convert(
        inputs["linked_letters"], pdf, title="Brev", options=PdfOptions(bookmark_destinations=True)
    )
    return pdf


def _letter_targets(folder: Path, count: int = 6) -> list[tuple[Path, PdfMetadata]]:
    return [
        (folder / f"brev-{i}.pdf", attrs.evolve(META, title=f"Brev till Kommun {i:03d}"))
        for i in range(1, count + 1)
    ]


def test_destination_spans_follow_the_layout(records_pdf: Path) -> None:
    reader = PdfReader(records_pdf)
    spans = destination_spans(reader, "Rec")
    assert len(spans) == 6
    assert spans[0][0] == 1
    assert spans[-1][1] == len(reader.pages)
    assert all(nxt[0] == last + 1 for (_, last), nxt in itertools.pairwise(spans))
    lengths = [last - first + 1 for first, last in spans]
    assert [n > 1 for n in lengths] == [False, False, True, False, False, True]


def test_split_gives_each_record_its_own_tagged_pdfa(records_pdf: Path, tmp_path: Path) -> None:
    targets = _letter_targets(tmp_path)
    spans = destination_spans(PdfReader(records_pdf), "Rec")
    split_records(records_pdf, "Rec", targets)
    for i, (path, metadata) in enumerate(targets, start=1):
        reader = assert_accessible_pdfa(path, title=metadata.title)
        first, last = spans[i - 1]
        assert len(reader.pages) == last - first + 1
        text = " ".join(page.extract_text() for page in reader.pages)
        assert f"Kommun {i:03d}" in text
        assert not any(f"Kommun {k:03d}" in text for k in range(1, 7) if k != i)
        assert outline_titles(reader) == [f"Brev till Kommun {i:03d}"]
        assert_struct_tree_consistent(reader)
        assert_marked_content_owned(reader)
        links = [a.get_object() for a in reader.pages[0].get("/Annots", [])]
        assert [a["/A"]["/URI"] for a in links] == [f"https://example.se/kommun/{i:03d}"]
        root = reader.trailer["/Root"]
        assert "/Dests" not in root
        assert "/Names" not in root
        assert read_provenance(path)["content_sha256"] == "a" * 64


def test_split_is_byte_identical_with_source_date_epoch(
    engine: Engine,
    inputs: dict[str, Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")
    outputs = []
    for run in ("a", "b"):  # two exports: LibreOffice stamps each with the time
        folder = tmp_path / run
        folder.mkdir()
        pdf = folder / "whole.pdf"
        engine.convert(
            inputs["linked_letters"],
            pdf,
            title="Brev",
            options=PdfOptions(bookmark_destinations=True),
        )
        split_records(pdf, "Rec", _letter_targets(folder))
        outputs.append([path.read_bytes() for path, _ in _letter_targets(folder)])
    assert outputs[0] == outputs[1]


def test_split_refuses_a_record_count_that_does_not_match(
    records_pdf: Path, tmp_path: Path
) -> None:
    with pytest.raises(EngineError, match=r"found 6 records .* where 5 were rendered"):
        split_records(records_pdf, "Rec", _letter_targets(tmp_path, count=5))
    assert list(tmp_path.iterdir()) == []
