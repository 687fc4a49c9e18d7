"""Provenance stamped into deliverables, and `strukturer info` reading it back."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

import strukturer
from strukturer import StrukturerError
from strukturer.cli import main
from strukturer.dependencies import deliverable_content_sha256
from strukturer.provenance import content_sha256, read_provenance
from tests.conftest import edit


def test_docx_carries_provenance_as_custom_properties(tmp_path: Path) -> None:
    result = strukturer.build(out=tmp_path, formats=["docx"], only="rapport", check=False)
    (path,) = result.files
    stamp = read_provenance(path)
    assert stamp["template_name"] == "rapport"
    assert stamp["template_version"] == "2.0.0"
    assert stamp["strukturer_version"] == strukturer.__version__
    template = strukturer.TemplateLibrary().get("rapport", "2.0.0")
    project = strukturer.load_project()
    assert stamp["content_sha256"] == deliverable_content_sha256(project, template)
    assert len(stamp["content_sha256"]) == 64
    docx.Document(str(path))  # still a valid package for python-docx


def test_content_hash_follows_the_content_not_the_layout(project_dir: Path) -> None:
    before = content_sha256(strukturer.load_project(project_dir))
    edit(project_dir / "report.yaml", "# Rapporten", "# En kommentar ändrar inget\n# Rapporten")
    assert content_sha256(strukturer.load_project(project_dir)) == before
    edit(project_dir / "report.yaml", "title: Strukturer för stöd", "title: Strukturer för stöd 2")
    assert content_sha256(strukturer.load_project(project_dir)) != before


def test_info_command_prints_template_and_hash(tmp_path: Path) -> None:
    strukturer.build(out=tmp_path, formats=["docx"], only="missiv", check=False)
    path = tmp_path / "strukturer-for-stod" / "missiv.docx"
    result = CliRunner().invoke(main, ["info", str(path)])
    assert result.exit_code == 0, result.output
    assert "template_name: missiv\n" in result.output
    assert "template_version: 2.0.0\n" in result.output
    assert "content_sha256: " in result.output


def test_info_on_a_file_that_is_not_a_deliverable(tmp_path: Path) -> None:
    other = tmp_path / "notes.txt"
    other.write_text("x", encoding="utf-8")
    with pytest.raises(StrukturerError, match=r"expected a \.docx or \.pdf deliverable"):
        read_provenance(other)
    result = CliRunner().invoke(main, ["info", str(other)])
    assert result.exit_code == 1
    assert result.output.startswith("error: ")
