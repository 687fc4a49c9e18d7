"""Shared fixtures: the default project and editable copies of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from strukturer._resources import default_project_dir


@pytest.fixture
def project_dir(tmp_path: Path) -> Path:
    """A writable copy of the default project's content."""
    target = tmp_path / "strukturer-for-stod"
    shutil.copytree(default_project_dir(), target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    """Replace ``old`` (which must occur) by ``new`` in a content file."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
