"""Loading content: the default project, and every kind of bad input with its exact message."""

from __future__ import annotations

import warnings
from datetime import date
from pathlib import Path

import pytest

import strukturer
from strukturer import ContentError, ContentWarning, Placeholder, load_project
from strukturer.errors import Diagnostics
from tests.conftest import edit


def test_default_project_holds_the_corrected_seed_facts() -> None:
    project = load_project()
    assignment = project.evaluation.assignment
    assert project.name == "strukturer-for-stod"
    assert assignment.reporting[0].date == date(2020, 6, 15)
    assert "Migrationsverket" in assignment.consult
    assert assignment.municipalities == (
        "Borlänge",
        "Karlstad",
        "Norrköping",
        "Söderhamn",
        "Umeå",
        "Västerås",
    )
    assert str(assignment.earlier_assignments[0].diarienummer) == "U2011/4322/JÄM"
    assert assignment.decision_date == Placeholder("beslutsdatum")
    assert [d.name for d in project.deliverables] == [
        "rapport",
        "missiv",
        "pressmeddelande",
        "regeringsbeslut",
    ]


def test_chapter_files_give_title_body_and_origin() -> None:
    chapter = load_project().evaluation.report.chapters[0]
    assert chapter.title == "Inledning"
    assert chapter.body.markdown.startswith("Hedersrelaterat våld")
    assert chapter.body.origin is not None
    assert (chapter.body.origin.file, chapter.body.origin.line) == (
        "strukturer-for-stod/chapters/01-inledning.md",
        3,
    )


def errors(project_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_project(project_dir)
    return [str(p) for p in caught.value.problems]


def test_unknown_key(project_dir: Path) -> None:
    edit(project_dir / "assignment.yaml", "department:", "departmnet: X\ndepartment:")
    assert errors(project_dir) == [
        "strukturer-for-stod/assignment.yaml:3: departmnet: unknown key; did you mean 'department'?"
    ]


def test_missing_field(project_dir: Path) -> None:
    edit(
        project_dir / "findings.yaml",
        "    text: Insatserna räcker inte för att möta behovet av stöd.\n",
        "",
    )
    assert errors(project_dir) == [
        "strukturer-for-stod/findings.yaml:7: findings[1].text: missing required field"
    ]


def test_wrong_type(project_dir: Path) -> None:
    edit(
        project_dir / "assignment.yaml",
        "report_to: Regeringskansliet (Arbetsmarknadsdepartementet)",
        "report_to: 42",
    )
    assert errors(project_dir) == [
        "strukturer-for-stod/assignment.yaml:54: report_to: expected text, got a number (42)"
    ]


def test_text_where_a_list_is_expected(project_dir: Path) -> None:
    edit(
        project_dir / "assignment.yaml",
        "municipalities: [Borlänge, Karlstad, Norrköping, Söderhamn, Umeå, Västerås]",
        "municipalities: Borlänge",
    )
    assert errors(project_dir) == [
        "strukturer-for-stod/assignment.yaml:53: municipalities: expected a list, got 'Borlänge'"
    ]


def test_invalid_date(project_dir: Path) -> None:
    edit(project_dir / "assignment.yaml", "date: 2020-06-15", "date: 2020-06-31")
    assert errors(project_dir) == [
        "strukturer-for-stod/assignment.yaml:57: reporting[0].date: '2020-06-31' is not a date "
        "that exists (day is out of range for month)"
    ]


def test_date_in_the_wrong_form(project_dir: Path) -> None:
    edit(project_dir / "assignment.yaml", "date: 2020-06-15", "date: 15/6 2020")
    assert errors(project_dir) == [
        "strukturer-for-stod/assignment.yaml:57: reporting[0].date: '15/6 2020' is not a date; "
        "write it as YYYY-MM-DD, e.g. 2020-06-15 (D2)"
    ]


def test_bad_diarienummer(project_dir: Path) -> None:
    edit(
        project_dir / "assignment.yaml",
        "- diarienummer: U2011/4322/JÄM",
        "- diarienummer: U11-4322",
    )
    assert errors(project_dir) == [
        "strukturer-for-stod/assignment.yaml:59: earlier_assignments[0].diarienummer: "
        "'U11-4322' is not a diarienummer; expected department code, year, serial and optional "
        "unit, e.g. 'U2011/4322/JÄM' or 'Fi2025/02181' (RK I1)"
    ]


@pytest.fixture
def spaced_diarienummer(project_dir: Path) -> Path:
    """The default project with an earlier assignment's diarienummer written with a space."""
    edit(
        project_dir / "assignment.yaml",
        "- diarienummer: U2011/4322/JÄM",
        "- diarienummer: U2011/ 4322/JÄM",
    )
    return project_dir


def test_diarienummer_with_space_loads_with_a_located_warning(spaced_diarienummer: Path) -> None:
    project_dir = spaced_diarienummer
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        project = load_project(project_dir)
    assert str(project.evaluation.assignment.earlier_assignments[0].diarienummer) == (
        "U2011/4322/JÄM"
    )
    messages = [str(w.message) for w in caught if isinstance(w.message, ContentWarning)]
    assert messages == [
        "strukturer-for-stod/assignment.yaml:59: earlier_assignments[0].diarienummer: "
        "'U2011/ 4322/JÄM' normalised to 'U2011/4322/JÄM': a diarienummer has no spaces (RK I1)"
    ]


def test_control_character_from_word(project_dir: Path) -> None:
    edit(
        project_dir / "report.yaml", "title: Strukturer för stöd", 'title: "Strukturer\\vför stöd"'
    )
    assert errors(project_dir) == [
        "strukturer-for-stod/report.yaml:3: title: contains the character U+000B (vertical tab), "
        "which a Word document cannot store (often pasted from Word); remove it or use a new line"
    ]


def test_all_problems_are_reported_at_once(project_dir: Path) -> None:
    edit(project_dir / "assignment.yaml", "date: 2020-06-15", "date: 2020-02-30")
    edit(project_dir / "assignment.yaml", "department:", "departmnet: X\ndepartment:")
    edit(project_dir / "report.yaml", "title: Strukturer för stöd", "title: [1, 2]")
    assert [e.split(": ")[0:2] for e in errors(project_dir)] == [
        ["strukturer-for-stod/assignment.yaml:3", "departmnet"],
        ["strukturer-for-stod/assignment.yaml:58", "reporting[0].date"],
        ["strukturer-for-stod/report.yaml:3", "title"],
    ]


def test_unknown_finding_reference(project_dir: Path) -> None:
    edit(project_dir / "findings.yaml", "based_on: [samordning]", "based_on: [samordnig]")
    assert errors(project_dir) == [
        "strukturer-for-stod/findings.yaml:27: recommendations[1].based_on: recommendation "
        "'sektorsovergripande' rests on unknown finding(s) samordnig; known: maluppfyllelse, "
        "behov, samordning, metoder"
    ]


def test_invalid_yaml(project_dir: Path) -> None:
    edit(project_dir / "report.yaml", "title: Strukturer för stöd", "title: [oops")
    (message,) = errors(project_dir)
    assert message.startswith("strukturer-for-stod/report.yaml:")
    assert "invalid YAML" in message


def test_duplicate_key(project_dir: Path) -> None:
    edit(
        project_dir / "report.yaml",
        "title: Strukturer för stöd",
        "title: Strukturer för stöd\ntitle: Igen",
    )
    assert errors(project_dir) == ["strukturer-for-stod/report.yaml:4: title: key appears twice"]


def test_missing_chapter_file(project_dir: Path) -> None:
    (project_dir / "chapters" / "02-lansstyrelsens-arbete.md").unlink()
    assert errors(project_dir) == [
        "strukturer-for-stod/report.yaml:44: chapters[1].file: included file "
        "'chapters/02-lansstyrelsens-arbete.md' not found"
    ]


def test_unknown_table_in_project_file(project_dir: Path) -> None:
    edit(project_dir / "strukturer.toml", "[check]", "[chekc]\nx = 1\n\n[check]")
    assert errors(project_dir) == [
        "strukturer-for-stod/strukturer.toml:31: [chekc]: unknown table; did you mean 'check'?"
    ]


def test_bad_pin(project_dir: Path) -> None:
    edit(project_dir / "strukturer.toml", 'version = "2.0.0"', 'version = "2.0"')
    assert errors(project_dir) == [
        "strukturer-for-stod/strukturer.toml:17: [deliverables.rapport] version: '2.0' is not a "
        "pinned version such as '1.0.0'"
    ]


def test_missing_project(tmp_path: Path) -> None:
    assert errors(tmp_path) == [f"{tmp_path / 'strukturer.toml'}: project file not found"]


def test_unknown_table_far_from_any(project_dir: Path) -> None:
    edit(project_dir / "strukturer.toml", "[check]", "[layout]\nx = 1\n\n[check]")
    assert errors(project_dir) == [
        "strukturer-for-stod/strukturer.toml:31: [layout]: unknown table; expected one of "
        "agency, check, content, deliverables, project"
    ]


def test_unknown_content_file_key(project_dir: Path) -> None:
    edit(project_dir / "strukturer.toml", "[check]", '[content]\nreprot = "r.yaml"\n\n[check]')
    assert errors(project_dir) == [
        "strukturer-for-stod/strukturer.toml:32: [content] reprot: unknown key; "
        "did you mean 'report'?"
    ]


def test_loading_warnings_are_data_with_a_sink(spaced_diarienummer: Path) -> None:
    """With ``diagnostics`` the loader hands its warnings on as data: nothing goes through
    Python's process-wide ``warnings`` module."""
    project_dir = spaced_diarienummer
    diagnostics = Diagnostics()
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        load_project(project_dir, diagnostics=diagnostics)
    assert caught == []
    assert diagnostics.warnings == [
        "strukturer-for-stod/assignment.yaml:59: earlier_assignments[0].diarienummer: "
        "'U2011/ 4322/JÄM' normalised to 'U2011/4322/JÄM': a diarienummer has no spaces (RK I1)"
    ]


def test_a_build_returns_the_loading_warnings(spaced_diarienummer: Path, tmp_path: Path) -> None:
    project_dir = spaced_diarienummer
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        result = strukturer.build(
            project_dir, out=tmp_path, only="missiv", formats=["docx"], check=False
        )
    assert [w for w in caught if isinstance(w.message, ContentWarning)] == []
    assert result.warnings[0].startswith(
        "strukturer-for-stod/assignment.yaml:59: earlier_assignments[0].diarienummer: "
    )
