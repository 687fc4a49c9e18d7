"""The build end to end: the four DOCX deliverables, atomic outputs, a second project."""

from __future__ import annotations

import os
import shutil
import textwrap
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

import strukturer
from strukturer import RenderError, StrukturerError
from tests.conftest import edit

NAMES = ["rapport", "missiv", "pressmeddelande", "regeringsbeslut"]


def texts(path: Path) -> str:
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def instructions(element: object) -> str:
    return " ".join(t.text or "" for t in element.iter(qn("w:instrText")))  # type: ignore[attr-defined]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    result = strukturer.build(out=out, formats=["docx"])
    assert sorted(p.name for p in result.files) == sorted(f"{n}.docx" for n in NAMES)
    return out / "strukturer-for-stod"


def test_four_deliverables_hold_the_corrected_facts(built: Path) -> None:
    all_texts = {name: texts(built / f"{name}.docx") for name in NAMES}
    decision = all_texts["regeringsbeslut"]
    assert "Migrationsverket" in decision
    assert "Ivligrationsverket" not in "".join(all_texts.values())
    assert "förttyck" not in "".join(all_texts.values())
    assert "15\u00a0juni\u00a02020" in decision
    assert "U2011/4322/JÄM" in all_texts["rapport"]
    assert "Borlänge, Karlstad, Norrköping, Söderhamn, Umeå och Västerås" in decision
    assert "Regeringens beslut" in decision
    assert "På regeringens vägnar" in decision
    assert "Redovisning av uppdrag att utvärdera" in all_texts["missiv"]
    assert "Daniel Zetterberg" in all_texts["pressmeddelande"]
    assert "[beslutsdatum]" in decision  # a missing fact stays visible


def test_headings_use_heading_styles_and_the_report_has_fields(built: Path) -> None:
    report = docx.Document(str(built / "rapport.docx"))
    headings = [p.text for p in report.paragraphs if p.style.name == "Heading 1"]
    assert any("Inledning" in h for h in headings)
    assert any(p.style.name == "Heading 2" and p.text == "Uppdraget" for p in report.paragraphs)
    assert any(p.style.name == "List Bullet" for p in report.paragraphs)
    assert "TOC" in instructions(report.element.body)
    footers = " ".join(instructions(s.footer._element) for s in report.sections)
    assert "PAGE" in footers
    assert "*" not in "\n".join(p.text for p in report.paragraphs)


def test_failed_build_keeps_earlier_outputs(tmp_path: Path, project_dir: Path) -> None:
    out = tmp_path / "dist"
    first = strukturer.build(project_dir, out=out, formats=["docx"])
    before = {p.name: p.read_bytes() for p in first.files}
    edit(project_dir / "report.yaml", "title: Strukturer för stöd", "title: Ny titel")
    broken = project_dir / "templates" / "missiv" / "2.0.0"
    shutil.copytree(strukturer.TemplateLibrary().get("missiv", "2.0.0").path, broken)
    document = docx.Document(str(broken / "template.docx"))
    document.add_paragraph("{{ saknas }}")
    document.save(str(broken / "template.docx"))
    with pytest.raises(StrukturerError, match="saknas"):  # the check stops it first
        strukturer.build(project_dir, out=out, formats=["docx"])
    with pytest.raises(RenderError, match="saknas"):  # and rendering, without the check
        strukturer.build(project_dir, out=out, formats=["docx"], check=False)
    folder = out / "strukturer-for-stod"
    assert sorted(os.listdir(folder)) == sorted(before)
    assert {name: (folder / name).read_bytes() for name in before} == before


def test_only_builds_the_named_deliverables(tmp_path: Path) -> None:
    result = strukturer.build(out=tmp_path, only="missiv,pressmeddelande", formats=["docx"])
    assert sorted(p.name for p in result.files) == ["missiv.docx", "pressmeddelande.docx"]
    with pytest.raises(StrukturerError, match="no deliverable named 'nope'"):
        strukturer.build(out=tmp_path, only=["nope"], formats=["docx"])


SECOND_PROJECT = {
    "strukturer.toml": """
        [project]
        name = "tillsyn-av-skolor"
        title = "Tillsyn i förändring"

        [agency]
        name = "Statens skolinspektion"

        [deliverables.beslut]
        template = "regeringsbeslut"
        version = "1.0.0"

        [deliverables.rapport]
        template = "rapport"
        version = "1.0.0"
    """,
    "assignment.yaml": """
        department: Utbildningsdepartementet
        decision_number: I:7
        decision_date: 2023-03-02
        diarienummer: [U2023/00871]
        recipient:
          name: Statens skolinspektion
          address: {street: Box 3177, postcode: 103 63, town: Stockholm}
        title: Uppdrag att följa upp tillsynen av fristående skolor
        decision: Regeringen uppdrar åt Statens skolinspektion att följa upp tillsynen.
        consult: [Statens skolverk, Sveriges Kommuner och Regioner]
        report_to: Regeringskansliet (Utbildningsdepartementet)
        reporting: [{kind: redovisning, date: 2024-01-31}]
        minister: {name: Anna Andersson, title: statsråd}
        official: {name: Bo Berg, title: kansliråd}
    """,
    "findings.yaml": """
        findings:
          - {id: f1, text: Tillsynen har blivit mer riskbaserad.}
        recommendations:
          - {id: r1, addressees: [regeringen], text: Följ upp igen 2026., based_on: [f1]}
    """,
    "report.yaml": """
        series: Rapport 2024:1
        title: Tillsyn i förändring
        date: 2024-01-15
        isbn: 978-91-87213-63-2
        foreword: Vi redovisar här uppdraget.
        foreword_signatory: {name: Cecilia Ceder, title: generaldirektör}
        summary: Tillsynen har **blivit** mer riskbaserad.
        chapters:
          - {title: Bakgrund, body: "Text om bakgrunden.[^1]\\n\\n[^1]: En fotnot."}
    """,
}


def test_a_second_project_builds_with_no_code_change(tmp_path: Path) -> None:
    folder = tmp_path / "tillsyn"
    folder.mkdir()
    for name, text in SECOND_PROJECT.items():
        (folder / name).write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    result = strukturer.build(folder, out=tmp_path / "dist", formats=["docx"])
    out = tmp_path / "dist" / "tillsyn-av-skolor"
    assert sorted(p.name for p in result.files) == ["beslut.docx", "rapport.docx"]
    decision = texts(out / "beslut.docx")
    assert "Utbildningsdepartementet" in decision
    assert "U2023/00871" in decision
    assert "31\u00a0januari\u00a02024" in decision
    assert "Statens skolverk samt Sveriges Kommuner och Regioner" in decision
    assert "Box 3177" in decision
    report = texts(out / "rapport.docx")
    assert "Rapport 2024:1" in report
    assert "Tillsyn i förändring" in report
