"""The command line, through click's CliRunner, with exact messages."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from strukturer import __version__
from strukturer.cli import main
from tests.conftest import edit


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"strukturer, version {__version__}\n"


def test_templates_lists_names_versions_and_models() -> None:
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 0
    rows = [line.split("\t")[:3] for line in result.output.splitlines()]
    assert ["missiv", "1.0.0", "cover_letter"] in rows
    assert ["pressmeddelande", "1.0.0", "press_release"] in rows
    assert ["rapport", "1.0.0", "report"] in rows
    assert ["regeringsbeslut", "1.0.0", "assignment"] in rows


def test_build_only_one(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", "--out", str(tmp_path), "--only", "missiv", "--format", "docx"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'strukturer-for-stod' / 'missiv.docx'}\n"
    assert "warning: strukturer-for-stod/cover-letter.yaml:2:8: warning placeholder" in (
        result.stderr
    )


def test_bad_content_is_one_clean_message(tmp_path: Path, project_dir: Path) -> None:
    edit(project_dir / "assignment.yaml", "date: 2020-06-15", "date: 2020-06-31")
    result = CliRunner().invoke(main, ["build", str(project_dir), "--out", str(tmp_path)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output == (
        "error: strukturer-for-stod/assignment.yaml:57: reporting[0].date: '2020-06-31' is not "
        "a date that exists (day is out of range for month)\n"
    )


def test_unknown_deliverable(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path), "--only", "x"])
    assert result.exit_code == 1
    assert result.output.startswith("error: no deliverable named 'x' in project")


def test_unknown_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["build", "--nope"])
    assert result.exit_code == 2
    assert "Error: No such option '--nope'." in result.output


def test_doctor_reports_engine_fonts_and_dictionaries() -> None:
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "LibreOffice: " in result.output
    assert "font Liberation Serif" in result.output
    assert "font Liberation Sans" in result.output
    assert "Swedish hunspell" in result.output
