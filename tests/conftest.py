"""Shared fixtures: the default project and editable copies of it."""

from __future__ import annotations

import functools
import os
import shutil
from pathlib import Path

import pytest

from strukturer._resources import default_project_dir
from strukturer.errors import EngineError


@functools.cache
def engine_missing() -> str | None:
    """Why the PDF engine (LibreOffice with uno) cannot run here, or None when it can."""
    from strukturer.pdf import find_office, find_uno_python  # noqa: PLC0415

    try:
        find_uno_python(find_office())
    except EngineError as exc:
        return str(exc)
    return None


@pytest.fixture(autouse=True)
def _require_engine(request: pytest.FixtureRequest) -> None:
    """Tests marked ``engine`` skip without LibreOffice, but fail in CI (``CI=true``)."""
    if request.node.get_closest_marker("engine") is None or engine_missing() is None:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"LibreOffice is required in CI: {engine_missing()}")
    pytest.skip(engine_missing() or "")


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
