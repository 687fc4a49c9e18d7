"""`strukturer new`: a project that builds and passes the check at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from pypdf import PdfReader

from strukturer.cli import ExitCode, main
from strukturer.scaffold import slug
from tests.conftest import DEFAULT_FILES

ANSWERS = [
    "--agency",
    "Myndigheten för vård- och omsorgsanalys",
    "--department",
    "Socialdepartementet",
    "--deadline",
    "2027-06-15",
]


@pytest.mark.engine
def test_new_yes_then_build_then_check(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    created = CliRunner().invoke(
        main, ["new", "mitt-uppdrag", "--yes", *ANSWERS, "--diarienummer", "S2026/01234"]
    )
    assert created.exit_code == 0, created.output
    assert created.stdout.splitlines() == [
        f"mitt-uppdrag/{name}"
        for name in (
            ".gitignore",
            "README.md",
            "assignment.yaml",
            "chapters/01-inledning.md",
            "cover-letter.yaml",
            "findings.yaml",
            "press-release.yaml",
            "report.yaml",
            "strukturer.toml",
        )
    ]
    monkeypatch.chdir(tmp_path / "mitt-uppdrag")
    built = CliRunner().invoke(main, ["build"])  # into the project's dist/
    assert built.exit_code == 0, built.output
    out = tmp_path / "mitt-uppdrag" / "dist" / "mitt-uppdrag"
    assert sorted(p.name for p in out.iterdir()) == list(DEFAULT_FILES)
    decision = "".join(page.extract_text() for page in PdfReader(out / "regeringsbeslut.pdf").pages)
    assert "S2026/01234" in decision
    assert "Socialdepartementet" in decision
    report = "\n".join(p.text for p in Document(str(out / "rapport.docx")).paragraphs)
    assert "Inledning" in report
    (tmp_path / "mitt-uppdrag" / "chapters" / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "mitt-uppdrag" / "chapters" / "sub")
    checked = CliRunner().invoke(main, ["check"])
    assert checked.exit_code == 0, checked.output
    assert checked.output.splitlines()[-1].startswith("0 errors, ")


def test_new_asks_for_what_it_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    answers = "\n".join(
        [
            "Myndigheten för vård- och omsorgsanalys",
            "Socialdepartementet",
            "Uppdrag att utvärdera stödet",
            "Stöd som når fram",
            "S2026/01234",
            "2026-01-15",
            "2027-06-15",
            "rapport",
        ]
    )
    result = CliRunner().invoke(main, ["new", "Nytt uppdrag"], input=answers + "\n")
    assert result.exit_code == 0, result.output
    folder = tmp_path / "Nytt uppdrag"
    assert sorted(p.name for p in folder.iterdir()) == [
        ".gitignore",
        "README.md",
        "assignment.yaml",
        "chapters",
        "findings.yaml",
        "report.yaml",
        "strukturer.toml",
    ]
    toml = (folder / "strukturer.toml").read_text(encoding="utf-8")
    assert 'name = "nytt-uppdrag"\ntitle = "Stöd som når fram"\n' in toml
    assert '[deliverables.rapport]\ntemplate = "rapport"\nversion = "2.0.0"\n' in toml
    assert "missiv" not in toml
    assignment = (folder / "assignment.yaml").read_text(encoding="utf-8")
    assert 'decision_date: "2026-01-15"' in assignment
    assert "reporting:\n  - kind: redovisning\n    date: 2027-06-15\n" in assignment
    assert 'title: "Uppdrag att utvärdera stödet"' in assignment


def test_new_refuses_to_overwrite(tmp_path: Path) -> None:
    (tmp_path / "x").mkdir()
    (tmp_path / "x" / "notes.txt").write_text("mine", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(tmp_path / "x"), "--yes", *ANSWERS])
    assert result.exit_code == ExitCode.ERRORS
    assert result.output == (
        f"error: {tmp_path / 'x'} already exists and is not empty; strukturer new writes a "
        "project only into a new or empty folder\n"
    )
    assert [p.name for p in (tmp_path / "x").iterdir()] == ["notes.txt"]


def test_new_yes_needs_the_facts_without_a_placeholder(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", str(tmp_path / "x"), "--yes", "--agency", "A"])
    assert result.exit_code == ExitCode.USAGE
    assert result.output == "error: strukturer new --yes needs --department, --deadline\n"
    assert not (tmp_path / "x").exists()


def test_bad_answers_write_nothing(tmp_path: Path) -> None:
    bad_number = CliRunner().invoke(
        main, ["new", str(tmp_path / "x"), "--yes", *ANSWERS, "--diarienummer", "nope"]
    )
    assert bad_number.exit_code == ExitCode.ERRORS
    assert bad_number.output.startswith("error: diarienummer 'nope': ")
    bad_title = CliRunner().invoke(
        main, ["new", str(tmp_path / "x"), "--yes", *ANSWERS, "--title", "Ett uppdrag"]
    )
    assert bad_title.exit_code == ExitCode.ERRORS
    assert "assignment.yaml:10: title: " in bad_title.output
    assert not (tmp_path / "x").exists()
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("folder", "name"),
    [("Mitt uppdrag", "mitt-uppdrag"), ("Årsrapport_2026", "arsrapport-2026"), ("!!", "projekt")],
)
def test_slug(folder: str, name: str) -> None:
    assert slug(folder) == name
