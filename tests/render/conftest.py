"""Fixtures for tables and figures: a styled copy of the rapport template, a demo project."""

from __future__ import annotations

import io
import shutil
import sys
from pathlib import Path

import docx
import docx.document
import pytest
from lxml import etree

from strukturer import TemplateLibrary, load_project
from strukturer.render.captions import FIGURE_STYLE_NAMES
from strukturer.render.docx import render_docx
from strukturer.render.markdown import STYLE_NAMES, DocumentTarget
from strukturer.render.writer import Job
from tests.conftest import edit

FIXTURES = Path(__file__).parents[1] / "fixtures" / "figures"
sys.path.insert(0, str(Path(__file__).parents[2] / "tools"))


@pytest.fixture
def styled_library(tmp_path: Path) -> TemplateLibrary:
    """A library with a copy of rapport 2.0.0 (which holds the table and figure styles)
    that a test may change."""
    source = TemplateLibrary().get("rapport", "2.0.0")
    shutil.copytree(source.path, tmp_path / "library" / "rapport" / "2.0.0")
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


W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


def make_target(**options: object) -> DocumentTarget:
    """A target whose style ids are the style names without spaces; numIds count from 100."""
    names = [*STYLE_NAMES.values(), *FIGURE_STYLE_NAMES.values()]
    ids = {name: name.replace(" ", "") for name in names}
    counter = iter(range(100, 1000))
    return DocumentTarget(
        ids,
        lambda url: f"rId{url}",
        lambda style: str(next(counter)),
        **options,  # type: ignore[arg-type]
    )


def render_report(project_dir: Path, library: TemplateLibrary) -> docx.document.Document:
    """The project's rapport rendered from ``library``, opened with python-docx."""
    project = load_project(project_dir)
    deliverable = project.deliverable("rapport")
    template = library.get(deliverable.template, deliverable.version)
    job = Job.create(project, deliverable, template)
    data = render_docx(template, job.context, job.info, project=project)
    return docx.Document(io.BytesIO(data))


def text(element: etree._Element) -> str:
    """The text of the ``w:t`` elements under ``element``."""
    return "".join(t.text or "" for t in element.iter(f"{W}t"))
