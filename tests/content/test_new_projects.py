"""Any agency, any assignment: projects other than the default build with no code change."""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import docx
import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

import strukturer
from strukturer.check.project_check import check_project
from tests.conftest import SECOND_EXAMPLE

NBSP = "\u00a0"

#: A third project, written from scratch: another agency, a yearly and a final reporting,
#: a recommendation to two addressees, persons written as names only.
THIRD = {
    "strukturer.toml": """
        [project]
        name = "lantbrukets-vatten"
        title = "Vatten i lantbruket"

        [agency]
        name = "Statens jordbruksverk"

        [deliverables.rapport]
        template = "rapport"
        version = "2.0.0"

        [deliverables.missiv]
        template = "missiv"
        version = "2.0.0"

        [deliverables.beslut]
        template = "regeringsbeslut"
        version = "2.0.0"
    """,
    "assignment.yaml": """
        department: Landsbygds- och infrastrukturdepartementet
        decision_number: I:12
        decision_date: 2024-02-08
        diarienummer: [LI2024/00312]
        recipient: {name: Statens jordbruksverk}
        title: Uppdrag att följa upp lantbrukets vattenanvändning
        decision: Regeringen uppdrar åt Statens jordbruksverk att följa upp vattenanvändningen.
        report_to: Regeringskansliet (Landsbygds- och infrastrukturdepartementet)
        reporting:
          - {kind: årlig redovisning, date: 2025-03-01}
          - {kind: slutredovisning, date: 2026-03-01}
        minister: Peter Ek
        official: "[[tjänsteman]]"
    """,
    "findings.yaml": """
        findings:
          - {id: f1, text: Uttagen av vatten har ökat.}
        recommendations:
          - id: r1
            addressees: [regeringen, länsstyrelserna]
            text: Följ upp uttagen.
            based_on: [f1]
    """,
    "report.yaml": """
        series: Rapport 2026:3
        title: Vatten i lantbruket
        date: 2026-02-20
        answers: slutredovisning
        authors: [Sara Lind]
        foreword: Vi redovisar här uppdraget.
        foreword_signatory: {name: Karin Berg, title: generaldirektör}
        summary: Uttagen av vatten har ökat.
        chapters:
          - {title: Bakgrund, body: Text om bakgrunden.}
    """,
    "cover-letter.yaml": """
        date: 2026-02-25
        agency_dnr: "[[dnr]]"
        addressee: Regeringen
        department: Landsbygds- och infrastrukturdepartementet
        body: Jordbruksverket överlämnar härmed slutrapporten.
        decision_maker: {name: Karin Berg, title: generaldirektör}
    """,
}


def structure_types(path: Path) -> set[str]:
    """Every structure element type (/S) in a tagged PDF."""
    found: set[str] = set()
    stack: list[Any] = [PdfReader(path).trailer["/Root"]["/StructTreeRoot"]]
    while stack:
        node = stack.pop().get_object()
        if not isinstance(node, DictionaryObject):
            continue
        if "/S" in node:
            found.add(str(node["/S"]))
        kids = node.get("/K")
        kids = kids.get_object() if kids is not None else None
        stack += list(kids) if isinstance(kids, ArrayObject) else [kids] if kids is not None else []
    return found


def texts(path: Path) -> str:
    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs).replace(NBSP, "_")


def test_a_third_project_written_from_scratch_builds(tmp_path: Path) -> None:
    folder = tmp_path / "vatten"
    folder.mkdir()
    for name, text in THIRD.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    result = strukturer.build(folder, out=tmp_path / "dist", formats=["docx"], check=False)
    out = tmp_path / "dist" / "lantbrukets-vatten"
    assert sorted(p.name for p in result.files) == ["beslut.docx", "missiv.docx", "rapport.docx"]
    assert (
        "Uppdraget ska redovisas årligen till Regeringskansliet (Landsbygds- och "
        "infrastrukturdepartementet) senast den_1_mars_2025 och slutredovisas senast "
        "den_1_mars_2026." in texts(out / "beslut.docx")
    )
    letter = texts(out / "missiv.docx")
    assert "\nSlutredovisning av uppdrag att följa upp lantbrukets vattenanvändning\n" in letter
    assert "2024-02-08\tLI2024/00312" in letter
    report = texts(out / "rapport.docx")
    assert "\nSlutrapport\n" in report
    assert "Författare: Sara Lind" in report
    assert "Rekommendationen riktas till regeringen och länsstyrelserna och bygger på " in report


def test_the_second_example_passes_check() -> None:
    report = check_project(SECOND_EXAMPLE)
    assert [str(d) for d in report.diagnostics if d.severity.name == "ERROR"] == []


@pytest.mark.engine
def test_the_second_example_builds_its_pdfs(second_example_build: Path) -> None:
    out = second_example_build
    assert {p.name for p in out.iterdir()} >= {
        "delrapport.pdf",
        "missiv.pdf",
        "pressmeddelande.pdf",
        "regeringsbeslut.pdf",
    }

    def pdf_text(name: str) -> str:
        reader = PdfReader(out / name)
        return " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)

    clause = (
        "Uppdraget ska delredovisas till Regeringskansliet (Finansdepartementet) senast den 31 "
        "mars 2025 och slutredovisas senast den 27 februari 2026."
    )
    assert clause in pdf_text("regeringsbeslut.pdf").replace(NBSP, " ")
    assert clause in pdf_text("delrapport.pdf").replace(NBSP, " ")
    letter = pdf_text("missiv.pdf")
    assert "Delredovisning av uppdrag att följa upp den offentliga sektorns arbete" in letter
    for letter_like in ("regeringsbeslut.pdf", "missiv.pdf"):  # header blocks are no tables
        assert not structure_types(out / letter_like) & {"/Table", "/TR", "/TD", "/TH"}
    assert "/H1" in structure_types(out / "pressmeddelande.pdf")  # the headline is a heading
    reader = PdfReader(out / "missiv.pdf")
    assert reader.metadata is not None
    assert reader.metadata.title == (
        "Delredovisning av uppdrag att följa upp den offentliga sektorns arbete med "
        "tillgänglig digital service"
    )


@pytest.mark.engine
def test_the_default_report_pdf_shows_every_finding(example_build: Path) -> None:
    project = strukturer.load_project()
    reader = PdfReader(example_build / "rapport.pdf")
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    for finding in project.evaluation.findings:
        assert " ".join(finding.text.split()) in text
