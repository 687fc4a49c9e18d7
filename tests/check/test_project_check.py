"""`strukturer check` on whole projects, from the CLI and as the gate before a build."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

import strukturer
from strukturer import CheckError
from strukturer.check.project_check import check_project
from strukturer.cli import main
from strukturer.content.sources import Positions, load_yaml
from strukturer.errors import ContentError
from tests.conftest import edit
from tests.own_template import own_template

pytestmark = pytest.mark.hunspell

SEEDS = Path(__file__).parents[1] / "fixtures" / "seeds"


def test_default_project_has_no_errors() -> None:
    report = check_project()
    assert report.errors == 0
    assert report.exit_code == 0
    assert {d.rule_id for d in report.diagnostics} <= {
        "placeholder",
        "lix",
        "former-name",
        "template-unused-field",
    }


def position(path: Path, needle: str) -> tuple[int, int]:
    """1-based line and column of the first ``needle`` in the file, found independently."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(f"{needle!r} not in {path}")


@pytest.mark.parametrize(
    ("old", "new", "file", "rule", "needle"),
    [
        (
            "  - Migrationsverket",
            "  - Ivligrationsverket",
            "assignment.yaml",
            "unknown-authority",
            "Ivligrationsverket",
        ),
        (
            "Hedersrelaterat våld och förtryck är",
            "Hedersrelaterat våld och förttyck är",
            "chapters/01-inledning.md",
            "spelling",
            "förttyck",
        ),
        (
            "sedan 2011, *i synnerhet*",
            "sedan 2011 , *i synnerhet*",
            "chapters/01-inledning.md",
            "space-before-punctuation",
            " ,",
        ),
        (
            "Uppdraget 2011–2013 har",
            "Uppdraget 2011-2013 har",
            "chapters/01-inledning.md",
            "range-dash",
            "2011-2013",
        ),
        ("den 15 juni 2020.", "den 15/6 2020.", "chapters/01-inledning.md", "date-format", "15/6"),
        (
            "department: Arbetsmarknadsdepartementet",
            "department: Arbetsmarknads\\-departementet",
            "assignment.yaml",
            "markdown-escape",
            "\\-",
        ),
        (
            "Därmed är uppdraget",
            "Därmed är är uppdraget",
            "cover-letter.yaml",
            "doubled-word",
            "är uppdraget",
        ),
        (
            "  - Polismyndigheten",
            "  - Polismyndigheten t ex",
            "assignment.yaml",
            "abbreviation",
            "t ex",
        ),
        (
            'title = "Strukturer för stöd"',
            'title = "Strukturrer för stöd"',
            "strukturer.toml",
            "spelling",
            "Strukturrer",
        ),
        (
            'name = "Myndigheten för vård- och omsorgsanalys"',
            'name = "Myndigheten för vård och omsorgsanalys"',
            "strukturer.toml",
            "unknown-authority",
            "Myndigheten för vård och omsorgsanalys",
        ),
        (
            "  - relevanta organisationer",
            "  - organisationer (2020-06-31) och relevanta",
            "assignment.yaml",
            "invalid-date",
            "2020-06-31",
        ),
    ],
)
def test_each_kind_of_error_is_located(
    project_dir: Path, *, old: str, new: str, file: str, rule: str, needle: str
) -> None:

    edit(project_dir / file, old, new)
    line, column = position(project_dir / file, needle)
    report = check_project(project_dir)
    found = [(d.rule_id, d.file, d.line, d.column) for d in report.diagnostics if d.rule_id == rule]
    assert (rule, f"strukturer-for-stod/{file}", line, column) in found


def test_loader_keeps_each_text_as_written_and_where(tmp_path: Path) -> None:
    file = tmp_path / "a.yaml"
    file.write_text(
        'a: "[[x]]"\nb: >-\n  Rad ett\n  rad två\nid: f1\nn: 3\nc: &t Text\nd: [*t, *t]\n',
        encoding="utf-8",
    )
    positions = Positions()
    load_yaml(file, "a.yaml", ("x",), positions)
    found = [(t.path, t.source, t.line, t.column) for t in positions.texts.values()]
    assert found == [
        (("x", "a"), "[[x]]", 0, 4),
        (("x", "b"), "  Rad ett\n  rad två\n", 2, 0),
        (("x", "id"), "f1", 4, 4),
        (("x", "c"), "Text", 6, 6),  # once: the aliases repeat it, not a new place
    ]


def test_only_the_files_the_project_names_are_checked(project_dir: Path, tmp_path: Path) -> None:
    typo = "Hedersrelaterat våld och förttyck är"
    chapter = project_dir / "chapters" / "01-inledning.md"
    stray = chapter.read_text(encoding="utf-8").replace(
        "Hedersrelaterat våld och förtryck är", typo
    )
    (project_dir / "notes.md").write_text(stray, encoding="utf-8")
    (project_dir / "chapters" / "00-utkast.md").write_text(stray, encoding="utf-8")
    backup = (project_dir / "findings.yaml").read_text(encoding="utf-8")
    (project_dir / "findings.yaml~").write_text(backup.replace("räcker inte", "räcker intte"))
    (project_dir / "old.yaml").write_text(backup.replace("räcker inte", "räcker intte"))
    assert check_project(project_dir).errors == 0
    # A chapter outside the project folder is checked where it is, because it is named.
    shared = tmp_path / "delat"
    shared.mkdir()
    (shared / "kapitel.md").write_text(stray, encoding="utf-8")
    edit(project_dir / "report.yaml", "file: chapters/01-inledning.md", "file: ../delat/kapitel.md")
    line, column = position(shared / "kapitel.md", "förttyck")
    report = check_project(project_dir)
    assert [
        (d.rule_id, d.file, d.line, d.column)
        for d in report.diagnostics
        if d.severity.value == "error"
    ] == [("spelling", "delat/kapitel.md", line, column)]
    assert "delat/kapitel.md" in report.files
    assert "strukturer-for-stod/chapters/01-inledning.md" not in report.files


def test_the_project_files_identifiers_are_not_prose(project_dir: Path) -> None:
    edit(project_dir / "strukturer.toml", 'name = "strukturer-for-stod"', 'name = "fnordorna"')
    assert check_project(project_dir).errors == 0
    edit(project_dir / "strukturer.toml", 'title = "Strukturer', 'title = "Fnordorna')
    assert [d.text for d in check_project(project_dir).diagnostics if d.rule_id == "spelling"] == [
        "Fnordorna"
    ]


def test_the_check_reads_yaml_within_the_loaders_limits(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    laughs = "a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a]\n"
    (project_dir / "findings.yaml").write_text(
        laughs + "c: [*b, *b, *b, *b, *b, *b, *b, *b]\n", encoding="utf-8"
    )
    monkeypatch.setenv("STRUKTURER_LIMIT_YAML_NODES", "500")
    with pytest.raises(ContentError) as raised:
        check_project(project_dir)
    assert str(raised.value) == (
        "strukturer-for-stod/findings.yaml:1: c[4][3][4]: the file expands to too many values "
        "(are aliases repeating each other?): over the limit of 500 "
        "(STRUKTURER_LIMIT_YAML_NODES; docs/limits.md)"
    )


def test_cli_check_seed_reports_true_positions_and_exits_1() -> None:
    result = CliRunner().invoke(main, ["check", str(SEEDS / "regeringsuppdrag.txt")])
    assert result.exit_code == 1
    lines = result.output.splitlines()
    seed = str(SEEDS / "regeringsuppdrag.txt")
    assert (
        f'{seed}:6:207: error unknown-authority: "Ivligrationsverket" is not a known '
        'authority name; did you mean "Migrationsverket"? (suggestion: Migrationsverket)' in lines
    )
    assert any(
        line.startswith(f'{seed}:9:39: error spelling: unknown word "förttyck"') for line in lines
    )
    assert any(line.startswith(f"{seed}:12:370: error spelling:") for line in lines)
    assert (
        f"{seed}:12:518: error diarienummer-space: space inside a diarienummer "
        "(suggestion: U2011/4322/JÄM)" in lines
    )
    assert any(line.startswith(f"{seed}:3:43: error markdown-escape:") for line in lines)


def test_cli_check_json_for_ci(project_dir: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(project_dir), "--format", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.output)
    assert {"file", "line", "column", "severity", "rule_id", "message", "suggestion"} <= set(
        items[0]
    )


def test_build_stops_on_check_errors_and_no_check_skips(tmp_path: Path, project_dir: Path) -> None:
    edit(project_dir / "assignment.yaml", "  - Migrationsverket", "  - Ivligrationsverket")
    with pytest.raises(CheckError, match=r"strukturer check found 1 error\(s\)"):
        strukturer.build(project_dir, out=tmp_path, formats=["docx"])
    assert not (tmp_path / "strukturer-for-stod" / "regeringsbeslut.docx").exists()
    result = strukturer.build(project_dir, out=tmp_path, formats=["docx"], check=False)
    assert len(result.files) == 4


def test_build_returns_warnings(tmp_path: Path) -> None:
    result = strukturer.build(out=tmp_path, formats=["docx"], only="missiv")
    assert any("placeholder" in w for w in result.warnings)


def test_project_word_list_is_used(project_dir: Path) -> None:
    edit(project_dir / "chapters/01-inledning.md", "Flera\nundersökningar", "Flera\nfnordorna")
    assert any(d.rule_id == "spelling" for d in check_project(project_dir).diagnostics)
    edit(
        project_dir / "strukturer.toml", 'words = ["Barnafrid"', 'words = ["fnordorna", "Barnafrid"'
    )
    assert not any(d.rule_id == "spelling" for d in check_project(project_dir).diagnostics)


def test_project_templates_folder_is_not_checked(project_dir: Path) -> None:
    (project_dir / "templates").mkdir()
    shutil.copy(SEEDS / "regeringsuppdrag.txt", project_dir / "templates" / "x.md")
    assert check_project(project_dir).errors == 0


def test_project_check_includes_the_template_contract(project_dir: Path) -> None:
    local = own_template(project_dir, "missiv", "eget-missiv")  # built-ins cannot be shadowed
    import docx  # noqa: PLC0415

    document = docx.Document(str(local / "template.docx"))
    document.add_paragraph("{{ cover_letter.departmnet }}")
    document.save(str(local / "template.docx"))
    report = check_project(project_dir)
    found = [d for d in report.diagnostics if d.rule_id == "template-unknown-variable"]
    assert len(found) == 1
    assert found[0].file.endswith("missiv/2.0.0/template.docx")
    assert found[0].suggestion == "department"
    assert report.exit_code == 1


def test_template_rules_can_be_configured(project_dir: Path) -> None:
    edit(project_dir / "strukturer.toml", "[check]", '[check]\ndisable = ["template-unused-field"]')
    report = check_project(project_dir)
    assert not any(d.rule_id == "template-unused-field" for d in report.diagnostics)


def test_a_file_that_does_not_load_is_reported_where_it_breaks(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project_dir.parent)
    edit(project_dir / "findings.yaml", "findings:", "findings: [")
    result = CliRunner().invoke(main, ["check", str(project_dir)])
    assert (result.exit_code, result.output) == (
        1,
        "error: strukturer-for-stod/findings.yaml:3: invalid YAML: expected the node content, "
        "but found '-'\n",
    )
