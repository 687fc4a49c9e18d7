"""A project's own copy of a built-in template, under its own name, for tests to change."""

from __future__ import annotations

import shutil
from pathlib import Path

import docx

import strukturer
from tests.conftest import edit


def own_template(project_dir: Path, name: str, new_name: str, version: str = "2.0.0") -> Path:
    """Copy built-in template ``name`` (the version the examples pin) as ``new_name``; pin it."""
    folder = project_dir / "templates" / new_name / version
    shutil.copytree(strukturer.TemplateLibrary().get(name, version).path, folder)
    edit(folder / "manifest.toml", f'name = "{name}"', f'name = "{new_name}"')
    edit(project_dir / "strukturer.toml", f'template = "{name}"\n', f'template = "{new_name}"\n')
    return folder


def add_paragraph(folder: Path, text: str) -> None:
    """Append a paragraph holding ``text`` to the template in ``folder``."""
    document = docx.Document(str(folder / "template.docx"))
    document.add_paragraph(text)
    document.save(str(folder / "template.docx"))
