"""Fixtures for tables and figures: a styled copy of the rapport template, a demo project."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import docx
import pytest

from strukturer import TemplateLibrary
from tests.conftest import edit

FIXTURES = Path(__file__).parents[1] / "fixtures" / "figures"
sys.path.insert(0, str(Path(__file__).parents[2] / "tools"))

from template_tables import add_table_figure_styles  # noqa: E402


@pytest.fixture
def styled_library(tmp_path: Path) -> TemplateLibrary:
    """A library whose rapport 1.0.0 is a copy with the table and figure styles added."""
    source = TemplateLibrary().get("rapport", "1.0.0")
    folder = tmp_path / "library" / "rapport" / "1.0.0"
    shutil.copytree(source.path, folder)
    document = docx.Document(str(folder / "template.docx"))
    add_table_figure_styles(document)
    document.save(str(folder / "template.docx"))
    return TemplateLibrary([tmp_path / "library"])


@pytest.fixture
def figures_project(project_dir: Path) -> Path:
    """The default project with the demo chapter (a table, a figure, a chart) added."""
    shutil.copy(FIXTURES / "kapitel.md", project_dir / "chapters" / "04-siffror.md")
    shutil.copytree(FIXTURES / "figurer", project_dir / "figurer")
    edit(
        project_dir / "report.yaml",
        "  - file: chapters/03-slutsatser.md\n",
        "  - file: chapters/03-slutsatser.md\n  - file: chapters/04-siffror.md\n",
    )
    return project_dir
