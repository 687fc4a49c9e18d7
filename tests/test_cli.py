"""The command line, through click's CliRunner, with exact messages and exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

import strukturer.builder
from strukturer import __version__, content, unchanged
from strukturer._resources import PROJECT_FILE, default_project_dir
from strukturer.cli import ExitCode, main
from strukturer.content import loader
from tests.conftest import edit

REPO = Path(__file__).resolve().parents[1]


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"strukturer, version {__version__}\n"


def test_python_dash_m_strukturer() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "strukturer", "--version"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (done.returncode, done.stdout) == (0, f"strukturer, version {__version__}\n")


def test_the_exit_codes_are_the_documented_ones() -> None:
    assert {code.name: int(code) for code in ExitCode} == {
        "OK": 0,
        "ERRORS": 1,
        "USAGE": 2,
        "ENVIRONMENT": 3,
        "INTERNAL": 70,
    }
    text = (REPO / "docs" / "cli.md").read_text(encoding="utf-8")
    for code in ExitCode:
        assert f"| {int(code)} |" in text, f"docs/cli.md does not document exit code {code}"


def test_templates_lists_names_versions_and_models() -> None:
    result = CliRunner().invoke(main, ["templates"])
    assert result.exit_code == 0
    rows = [line.split("\t")[:3] for line in result.output.splitlines()]
    assert ["missiv", "1.0.0", "cover_letter"] in rows
    assert ["pressmeddelande", "1.0.0", "press_release"] in rows
    assert ["rapport", "1.0.0", "report"] in rows
    assert ["regeringsbeslut", "1.0.0", "assignment"] in rows


def test_build_the_example_with_paths_relative_to_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(default_project_dir() / "chapters")
    result = CliRunner().invoke(
        main, ["build", "--example", "--out", str(tmp_path), "--only", "missiv", "--to", "docx"]
    )
    assert result.exit_code == 0, result.output
    assert result.stdout == f"{tmp_path / 'strukturer-for-stod' / 'missiv.docx'}\n"
    # below the current folder: relative to it; elsewhere: relative to the project's parent
    assert "warning: ../cover-letter.yaml:2:8: warning placeholder" not in result.stderr
    assert (
        "warning: strukturer-for-stod/cover-letter.yaml:2:8: warning placeholder" in result.stderr
    )
    monkeypatch.chdir(default_project_dir())
    again = CliRunner().invoke(
        main, ["build", "--out", str(tmp_path), "--only", "missiv", "--to", "docx"]
    )
    assert again.exit_code == 0, again.output
    assert "warning: cover-letter.yaml:2:8: warning placeholder" in again.stderr


def test_build_reads_the_project_and_fingerprints_it_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def counted(name: str, original: Any) -> Any:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            calls.append(name)
            return original(*args, **kwargs)

        return wrapper

    monkeypatch.setattr(loader, "_load", counted("load", loader._load))
    monkeypatch.setattr(
        unchanged, "inputs_fingerprint", counted("fingerprint", unchanged.inputs_fingerprint)
    )
    args = ["build", "--example", "--out", str(tmp_path), "--only", "missiv", "--to", "docx"]
    first = CliRunner().invoke(main, args)
    assert first.exit_code == 0, first.output
    warnings = [line for line in first.stderr.splitlines() if line.startswith("warning: ")]
    assert any("warning placeholder" in line for line in warnings)
    assert len(warnings) == len(set(warnings))  # the loading's warnings, each once
    assert sorted(calls) == ["fingerprint", "load"]
    calls.clear()
    second = CliRunner().invoke(main, args)  # nothing changed: the last build's answer
    assert (second.exit_code, second.stdout) == (0, first.stdout)
    assert calls == ["fingerprint"]
    calls.clear()
    forced = CliRunner().invoke(main, [*args, "--force"])
    assert (forced.exit_code, forced.stdout) == (0, first.stdout)
    assert sorted(calls) == ["fingerprint", "load"]


def test_build_format_is_a_deprecated_alias_of_to(tmp_path: Path) -> None:
    args = ["build", "--example", "--out", str(tmp_path), "--only", "missiv", "--format", "docx"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert result.stderr.startswith(
        "warning: build --format is deprecated; use --to (--format is check's report format)\n"
    )
    both = CliRunner().invoke(main, [*args, "--to", "docx"])
    assert both.exit_code == ExitCode.USAGE
    assert both.output == "error: --format is the old name of --to; give only --to\n"


def test_bad_content_is_one_clean_message(
    tmp_path: Path, project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project_dir.parent)
    edit(project_dir / "assignment.yaml", "date: 2020-06-15", "date: 2020-06-31")
    result = CliRunner().invoke(main, ["build", str(project_dir), "--out", str(tmp_path)])
    assert result.exit_code == ExitCode.ERRORS
    assert "Traceback" not in result.output
    assert result.output == (
        "error: strukturer-for-stod/assignment.yaml:57: reporting[0].date: '2020-06-31' is not "
        "a date that exists (day is out of range for month)\n"
    )


def test_the_project_is_found_from_the_current_folder_upwards(
    tmp_path: Path, project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    edit(project_dir / "assignment.yaml", "date: 2020-06-15", "date: 2020-06-31")
    monkeypatch.chdir(project_dir)
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path)])
    assert result.exit_code == ExitCode.ERRORS
    assert result.output == (  # relative to the current folder: the project itself
        "error: assignment.yaml:57: reporting[0].date: '2020-06-31' is not a date "
        "that exists (day is out of range for month)\n"
    )
    edit(project_dir / "assignment.yaml", "date: 2020-06-31", "date: 2020-06-15")
    monkeypatch.chdir(project_dir / "chapters")
    built = CliRunner().invoke(
        main, ["build", "--out", str(tmp_path), "--only", "missiv", "--to", "docx", "-q"]
    )
    assert built.exit_code == 0, built.output
    assert built.output == f"{tmp_path / 'strukturer-for-stod' / 'missiv.docx'}\n"


def test_outside_any_project_says_what_to_do(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for command in ("build", "check", "release"):
        result = CliRunner().invoke(main, [command])
        assert result.exit_code == ExitCode.USAGE
        assert result.output == (
            f"error: no strukturer.toml in {tmp_path} or any folder above it, so there is no "
            f"project to {command}.\n"
            "  Start one:              strukturer new FOLDER\n"
            f"  Or use the example:     strukturer {command} --example\n"
            f"  Or name a project:      strukturer {command} path/to/project\n"
        )


def test_a_project_and_example_together_is_a_usage_error(project_dir: Path) -> None:
    result = CliRunner().invoke(main, ["check", str(project_dir), "--example"])
    assert result.exit_code == ExitCode.USAGE
    assert result.output == "error: give either PROJECT or --example, not both\n"


def test_unknown_deliverable(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--example", "--out", str(tmp_path), "--only", "x"])
    assert result.exit_code == ExitCode.ERRORS
    assert result.output.startswith("error: no deliverable named 'x' in project")


def test_unknown_option_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["build", "--nope"])
    assert result.exit_code == ExitCode.USAGE
    assert "Error: No such option '--nope'." in result.output


def test_an_unreachable_engine_is_an_environment_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "build",
            "--example",
            "--only",
            "missiv",
            "--engine",
            "127.0.0.1:9",
            "--out",
            str(tmp_path),
        ],
    )
    assert result.exit_code == ExitCode.ENVIRONMENT
    assert result.output == (
        "error: No unoserver is reachable: 127.0.0.1:9: [Errno 111] Connection refused\n"
    )


def test_a_bug_is_an_internal_error_with_where_to_report_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(strukturer.builder, "build", broken)  # fault injection: a bug
    monkeypatch.delenv("STRUKTURER_TRACEBACK", raising=False)
    result = CliRunner().invoke(
        main, ["build", "--example", "--to", "docx", "--out", str(tmp_path)]
    )
    assert result.exit_code == ExitCode.INTERNAL
    assert "Traceback" not in result.output
    assert result.output.startswith(
        "error: internal error: ZeroDivisionError: division by zero\n"
        f"This is a bug in strukturer {__version__}, not in your content. Please report it at "
    )
    assert result.output.endswith(
        "with the command you ran and this message (set STRUKTURER_TRACEBACK=1 to include the "
        "traceback).\n"
    )


def test_check_strict_quiet_and_json(project_dir: Path) -> None:
    plain = CliRunner().invoke(main, ["check", str(project_dir)])
    assert plain.exit_code == 0, plain.output
    assert " warning placeholder: " in plain.output
    strict = CliRunner().invoke(main, ["check", str(project_dir), "--strict"])
    assert strict.exit_code == ExitCode.ERRORS
    assert strict.output == plain.output
    quiet = CliRunner().invoke(main, ["check", str(project_dir), "--quiet"])
    assert (quiet.exit_code, quiet.output) == (0, "")  # no errors: nothing to say
    as_json = CliRunner().invoke(main, ["check", str(project_dir), "--format", "json"])
    assert as_json.exit_code == 0
    assert as_json.output.endswith("]\n")
    items = json.loads(as_json.output)
    keys = {"file", "line", "column", "severity", "rule_id", "message", "suggestion", "text"}
    assert items
    assert all(set(item) == keys for item in items)


def test_quiet_check_prints_only_the_errors(
    project_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(project_dir.parent)
    edit(project_dir / "findings.yaml", "Insatserna räcker inte", "Insatserna räcker intte")
    result = CliRunner().invoke(main, ["check", str(project_dir), "-q"])
    assert result.exit_code == ExitCode.ERRORS
    assert result.output.splitlines() == [
        'strukturer-for-stod/findings.yaml:8:29: error spelling: unknown word "intte" '
        "(other suggestions: nitet, inte, mintte) (suggestion: intet)"
    ]


def test_doctor_reports_engine_fonts_and_dictionaries() -> None:
    result = CliRunner().invoke(main, ["doctor"])
    assert result.exit_code == 0, result.output
    assert "LibreOffice: " in result.output
    assert "font Liberation Serif" in result.output
    assert "font Liberation Sans" in result.output
    assert "Swedish hunspell" in result.output


def test_build_strict_stops_on_warnings_before_writing(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["build", "--example", "--strict", "--to", "docx", "--out", str(tmp_path), "-q"]
    )
    assert result.exit_code == ExitCode.ERRORS
    assert result.stdout == ""
    assert result.stderr.startswith("error: ")
    assert result.stderr.endswith(" warning(s), and --strict treats warnings as errors\n")
    assert list(tmp_path.iterdir()) == []


def test_build_strict_after_a_build_with_warnings_fails_though_nothing_changed(
    tmp_path: Path,
) -> None:
    args = ["build", "--example", "--to", "docx", "--only", "missiv", "--out", str(tmp_path)]
    assert CliRunner().invoke(main, args).exit_code == 0  # with warnings
    strict = CliRunner().invoke(main, [*args, "--strict", "-q"])
    assert strict.exit_code == ExitCode.ERRORS
    assert strict.stderr.endswith(" warning(s), and --strict treats warnings as errors\n")


def test_discovery_looks_for_the_file_the_loader_reads() -> None:
    assert PROJECT_FILE == content.PROJECT_FILE
