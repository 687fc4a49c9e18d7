"""Messages a user understands: no Python internals, "did you mean", keys as written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

import strukturer
from strukturer import ContentError, Placeholder, load_project
from strukturer.errors import TemplateError
from strukturer.model import Person
from tests.conftest import edit


def errors(project_dir: Path) -> list[str]:
    with pytest.raises(ContentError) as caught:
        load_project(project_dir)
    return [str(p) for p in caught.value.problems]


def test_a_close_key_gets_did_you_mean_and_no_missing_field(project_dir: Path) -> None:
    edit(project_dir / "findings.yaml", "    text: Insatserna", "    txet: Insatserna")
    assert errors(project_dir) == [
        "strukturer-for-stod/findings.yaml:8: findings[1].txet: unknown key; did you mean 'text'?"
    ]


def test_a_key_far_from_any_lists_the_keys(project_dir: Path) -> None:
    edit(project_dir / "findings.yaml", "    text: Insatserna", "    text: Insatserna\n    x: 1\n#")
    assert errors(project_dir) == [
        "strukturer-for-stod/findings.yaml:9: findings[1].x: unknown key; expected one of id, text"
    ]


def test_text_where_a_mapping_belongs(project_dir: Path) -> None:
    edit(
        project_dir / "assignment.yaml",
        "recipient:\n  name: Myndigheten för vård- och omsorgsanalys",
        "recipient: Myndigheten för vård- och omsorgsanalys",
    )
    assert errors(project_dir) == [
        "strukturer-for-stod/assignment.yaml:8: recipient: expected a mapping with name, "
        "short_name, address, website; got 'Myndigheten för vård- och omsorgsanalys'"
    ]


def test_a_number_where_a_mapping_belongs(project_dir: Path) -> None:
    edit(
        project_dir / "report.yaml",
        "  - file: chapters/03-slutsatser.md",
        "  - file: chapters/03-slutsatser.md\n  - 5",
    )
    assert errors(project_dir) == [
        "strukturer-for-stod/report.yaml:46: chapters[3]: expected a mapping with title, body; "
        "got a number (5)"
    ]


def test_a_key_of_an_earlier_content_version_says_what_replaced_it(project_dir: Path) -> None:
    edit(project_dir / "assignment.yaml", "reporting:", "deadline: 2020-06-15\nreporting:")
    assert errors(project_dir) == [
        "strukturer-for-stod/assignment.yaml:55: deadline: unknown key: replaced by "
        "'reporting', a list of {kind, date}, e.g. reporting: [{kind: redovisning, "
        "date: 2020-06-15}]"
    ]


def test_toml_keys_are_named_as_written(project_dir: Path) -> None:
    toml = project_dir / "strukturer.toml"
    edit(toml, 'template = "rapport"\nversion', 'template = "rapport"\nverison')
    edit(toml, 'short_name = "Vårdanalys"', 'shortname = "Vårdanalys"')
    assert errors(project_dir) == [
        "strukturer-for-stod/strukturer.toml:10: [agency] shortname: unknown key; "
        "did you mean 'short_name'?",
        "strukturer-for-stod/strukturer.toml:17: [deliverables.rapport] verison: unknown key; "
        "did you mean 'version'?",
    ]


def test_a_wrong_value_in_the_project_table(project_dir: Path) -> None:
    edit(project_dir / "strukturer.toml", 'name = "strukturer-for-stod"', "name = 5")
    assert errors(project_dir) == [
        "strukturer-for-stod/strukturer.toml:5: [project] name: expected text, got a number (5)"
    ]


def test_unknown_reporting_kind(project_dir: Path) -> None:
    edit(project_dir / "assignment.yaml", "kind: redovisning", "kind: redovising")
    assert errors(project_dir) == [
        "strukturer-for-stod/assignment.yaml:56: reporting[0].kind: 'redovising' is not one of: "
        "redovisning, delredovisning, slutredovisning, årlig redovisning, löpande redovisning"
    ]


def test_answers_must_match_the_assignment(project_dir: Path) -> None:
    edit(project_dir / "report.yaml", "answers: redovisning", "answers: slutredovisning")
    assert errors(project_dir) == [
        "strukturer-for-stod/report.yaml:8: answers: the assignment asks for no "
        "slutredovisning; it asks for: redovisning"
    ]


def test_deliverables_know_where_they_were_declared() -> None:
    project = load_project()
    origin = project.deliverable("missiv").origin
    assert origin is not None
    assert (origin.file, origin.line) == ("strukturer-for-stod/strukturer.toml", 19)


def test_a_person_may_be_written_as_a_name_or_a_placeholder() -> None:
    report = load_project().evaluation.report
    assert report.authors == (Person(name=Placeholder("författare")),)


def test_the_second_example_loads() -> None:
    root = Path(__file__).resolve().parents[2] / "content" / "digital-tillganglighet"
    evaluation = load_project(root).evaluation
    assert [(r.kind, r.date) for r in evaluation.assignment.reporting] == [
        ("delredovisning", date(2025, 3, 31)),
        ("slutredovisning", date(2026, 2, 27)),
    ]
    assert evaluation.answered.report_label == "Delrapport"
    assert evaluation.assignment.municipalities == ()
    assert evaluation.assignment.consult == ()


def test_a_missing_template_version_names_file_and_line(project_dir: Path, tmp_path: Path) -> None:
    edit(project_dir / "strukturer.toml", 'version = "2.0.0"', 'version = "2.0.9"')
    message = (
        "strukturer-for-stod/strukturer.toml:15: [deliverables.rapport] version: template "
        "'rapport' has no version 2.0.9; released versions: 1.0.0, 2.0.0"
    )
    for check in (True, False):
        with pytest.raises(TemplateError) as caught:
            strukturer.build(project_dir, out=tmp_path / "dist", formats=["docx"], check=check)
        assert str(caught.value) == message


def test_a_deliverable_that_is_not_a_table(project_dir: Path) -> None:
    edit(
        project_dir / "strukturer.toml",
        '[deliverables.rapport]\ntemplate = "rapport"\nversion = "2.0.0"',
        "[deliverables]\nrapport = 5",
    )
    assert errors(project_dir) == [
        "strukturer-for-stod/strukturer.toml:16: [deliverables] rapport: expected a table "
        "[deliverables.rapport] with template and version"
    ]


def test_a_content_file_name_that_is_not_text(project_dir: Path) -> None:
    edit(project_dir / "strukturer.toml", "[check]", "[content]\nreport = 5\n\n[check]")
    assert errors(project_dir) == [
        "strukturer-for-stod/strukturer.toml:32: [content] report: expected a file name, "
        "got a number (5)"
    ]
