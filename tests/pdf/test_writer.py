"""The default build with PDFs, end to end with the real LibreOffice (no mocks)."""

from __future__ import annotations

import os
import re
import signal
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

import strukturer
import strukturer.provenance
from strukturer.dependencies import deliverable_content_sha256
from strukturer.errors import EngineError
from strukturer.pdf import Engine, EnginePool, libreoffice_version

pytestmark = pytest.mark.engine

NAMES = ["rapport", "missiv", "pressmeddelande", "regeringsbeslut"]


@pytest.fixture(scope="module")
def built(example_build: Path) -> Path:
    """The default build (tests/conftest.py): four deliverables as DOCX and PDF, and the
    combined redovisning.pdf."""
    expected = {f"{n}.{ext}" for n in NAMES for ext in ("docx", "pdf")} | {"redovisning.pdf"}
    assert {p.name for p in example_build.iterdir()} == expected
    return example_build


def text_of(pdf: Path) -> str:
    """The PDF's text with all white space (line breaks too) folded to single spaces."""
    return " ".join(" ".join(page.extract_text() for page in PdfReader(pdf).pages).split())


def fonts_embedded(reader: PdfReader) -> list[tuple[str, bool]]:
    found = []
    for page in reader.pages:
        fonts = page.get("/Resources", {}).get_object().get("/Font", {})
        for ref in fonts.get_object().values():
            font = ref.get_object()
            descriptors = [font.get("/FontDescriptor")]
            for descendant in font.get("/DescendantFonts", []):
                descriptors.append(descendant.get_object().get("/FontDescriptor"))
            for desc_ref in descriptors:
                if desc_ref is None:
                    continue
                desc = desc_ref.get_object()
                embedded = any(k in desc for k in ("/FontFile", "/FontFile2", "/FontFile3"))
                found.append((str(font.get("/BaseFont")), embedded))
    return found


@pytest.mark.parametrize("name", [*NAMES, "redovisning"])
def test_every_pdf_is_tagged_archivable_swedish_and_embeds_its_fonts(
    built: Path, name: str
) -> None:
    reader = PdfReader(built / f"{name}.pdf")
    root = reader.trailer["/Root"]
    assert root.get("/Lang") == "sv-SE"
    assert "/StructTreeRoot" in root
    mark_info = root.get("/MarkInfo")
    assert isinstance(mark_info, DictionaryObject)
    assert mark_info.get("/Marked") == True  # noqa: E712 - a pypdf BooleanObject
    xmp = root["/Metadata"].get_object().get_data().decode()
    assert re.search(r"pdfaid:part(>|=\")2", xmp)
    assert re.search(r"pdfaid:conformance(>|=\")B", xmp)
    fonts = fonts_embedded(reader)
    assert fonts
    assert all(embedded for _, embedded in fonts), fonts
    assert {f.split("+")[-1].split(",")[0] for f, _ in fonts} <= {
        "/LiberationSerif",
        "/LiberationSans",
        "/LiberationSerif-Bold",
        "/LiberationSans-Bold",
        "/LiberationSerif-Italic",
        "/LiberationSerif-BoldItalic",
        "/LiberationSans-Italic",
        "LiberationSerif",
        "LiberationSans",
        "LiberationSerif-Bold",
        "LiberationSans-Bold",
        "LiberationSerif-Italic",
        "LiberationSerif-BoldItalic",
        "LiberationSans-Italic",
    }
    assert reader.metadata is not None
    assert reader.metadata.author == (  # each document names its own author (issue 11)
        "Regeringen, Arbetsmarknadsdepartementet"
        if name == "regeringsbeslut"
        else "Myndigheten för vård- och omsorgsanalys"
    )
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == True  # noqa: E712


def test_texts_hold_the_key_facts(built: Path) -> None:
    decision = text_of(built / "regeringsbeslut.pdf")
    assert "Migrationsverket" in decision
    assert "15 juni 2020" in decision
    assert "Borlänge, Karlstad, Norrköping, Söderhamn, Umeå och Västerås" in decision
    assert "U2011/4322/JÄM" in text_of(built / "rapport.pdf")
    assert "Daniel Zetterberg" in text_of(built / "pressmeddelande.pdf")


def test_report_outline_toc_and_page_labels(built: Path) -> None:
    reader = PdfReader(built / "rapport.pdf")
    chapters = [c.title for c in strukturer.load_project().evaluation.report.chapters]
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    for number, title in enumerate(chapters, start=1):
        assert f"{number} {title}" in outline
    toc_page = next(p.extract_text() for p in reader.pages if "Innehåll" in p.extract_text())
    assert "Innehållsförteckningen uppdateras" not in toc_page
    for number, title in enumerate(chapters, start=1):
        assert re.search(rf"{number} {re.escape(title)}\.*\s*\d+", toc_page), toc_page
    labels = reader.page_labels
    first_chapter = outline.index(f"1 {chapters[0]}")
    assert labels[:2] == ["Omslag 1", "Omslag 2"]
    assert "i" in labels
    assert labels[reader.get_destination_page_number(reader.outline[first_chapter])] == "1"


def test_combined_redovisning_has_letter_then_report(built: Path) -> None:
    reader = PdfReader(built / "redovisning.pdf")
    parts = [item.title for item in reader.outline if not isinstance(item, list)]
    assert parts[0].startswith("Redovisning av uppdrag att utvärdera")
    assert parts[1].startswith("Strukturer för stöd")
    letter = len(PdfReader(built / "missiv.pdf").pages)
    report = len(PdfReader(built / "rapport.pdf").pages)
    assert len(reader.pages) == letter + report


def test_source_date_epoch_builds_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine_pool: EnginePool
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1592179200")
    first = strukturer.build(out=tmp_path / "a", only="missiv,rapport", engine=engine_pool)
    second = strukturer.build(out=tmp_path / "b", only="missiv,rapport")  # engines of its own
    assert [p.name for p in first.files] == [p.name for p in second.files]
    for a, b in zip(first.files, second.files, strict=True):
        assert a.read_bytes() == b.read_bytes(), a.name


def test_two_concurrent_builds_into_different_folders(tmp_path: Path) -> None:
    results: dict[str, object] = {}

    def run(name: str) -> None:
        try:
            results[name] = strukturer.build(out=tmp_path / name, only="pressmeddelande")
        except Exception as exc:
            results[name] = exc

    threads = [threading.Thread(target=run, args=(n,)) for n in ("one", "two")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for name in ("one", "two"):
        assert isinstance(results[name], strukturer.BuildResult), results[name]
        pdf = tmp_path / name / "strukturer-for-stod" / "pressmeddelande.pdf"
        assert "Daniel Zetterberg" in text_of(pdf)


def test_parallel_engines_give_the_same_documents(tmp_path: Path, built: Path) -> None:
    result = strukturer.build(out=tmp_path, formats=["pdf"], jobs=2)
    assert sorted(p.name for p in result.files) == sorted(
        [f"{n}.pdf" for n in NAMES] + ["redovisning.pdf"]
    )
    for path in result.files:  # the session's build ran on one engine
        one_engine = PdfReader(built / path.name)
        assert len(PdfReader(path).pages) == len(one_engine.pages), path.name
        assert text_of(path) == text_of(built / path.name), path.name


def test_pdf_provenance_is_readable_with_strukturer_info(built: Path) -> None:
    stamp = strukturer.provenance.read_provenance(built / "rapport.pdf")
    assert stamp["pdf_engine_version"] == libreoffice_version()
    assert stamp["template_name"] == "rapport"
    assert stamp["template_version"] == "2.0.0"
    assert stamp["content_sha256"] == deliverable_content_sha256(
        strukturer.load_project(), strukturer.TemplateLibrary().get("rapport", "2.0.0")
    )
    combined = strukturer.provenance.read_provenance(built / "redovisning.pdf")
    assert combined["template_name"] == "missiv; rapport"
    assert combined["pdf_engine_version"] == libreoffice_version()


def test_relative_output_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, engine_pool: EnginePool
) -> None:
    monkeypatch.chdir(tmp_path)
    result = strukturer.build(
        out="dist", only="missiv", formats=["pdf"], check=False, engine=engine_pool
    )
    assert [p.name for p in result.files] == ["missiv.pdf"]
    assert (tmp_path / "dist" / "strukturer-for-stod" / "missiv.pdf").stat().st_size > 0


def test_a_failed_conversion_names_the_deliverable_and_keeps_the_cause(tmp_path: Path) -> None:
    with Engine() as engine:

        def kill_before_export(op: str) -> None:  # a real fault: the office dies
            pid = engine.office_pid
            if op == "export" and pid is not None:
                os.kill(pid, signal.SIGKILL)
                while engine.office_pid is not None:
                    threading.Event().wait(0.01)

        engine.before_request = kill_before_export
        with pytest.raises(EngineError) as failed:
            strukturer.build(
                out=tmp_path, only="missiv", formats=["pdf"], check=False, engine=engine
            )
    assert str(failed.value) == (
        "missiv.pdf: LibreOffice failed on missiv.docx: LibreOffice stopped unexpectedly "
        "(also after a restart)"
    )
    cause = failed.value.__cause__
    assert isinstance(cause, EngineError)
    assert cause.__cause__ is not None  # LibreOffice's own failure
    assert ".staging" not in str(failed.value)
    assert not (tmp_path / "strukturer-for-stod").exists()  # a failed first build leaves none
