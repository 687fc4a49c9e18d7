"""Where the built-in templates and the default content live.

In a wheel they are package data under ``strukturer/_data``; in a source checkout
(editable install) they are the repository's top-level ``templates/`` and ``content/``.
"""

from __future__ import annotations

from pathlib import Path

DEFAULT_PROJECT = "strukturer-for-stod"
#: The file that makes a folder a project (light to import, for the CLI's discovery).
PROJECT_FILE = "strukturer.toml"


def _data_dir(name: str) -> Path:
    packaged = Path(__file__).parent / "_data" / name
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / name


def builtin_templates_dir() -> Path:
    """The folder that holds the built-in templates."""
    return _data_dir("templates")


def builtin_content_dir() -> Path:
    """The folder that holds the built-in example content."""
    return _data_dir("content")


def default_project_dir() -> Path:
    """The default project, "Strukturer för stöd"."""
    return builtin_content_dir() / DEFAULT_PROJECT


def find_project(start: Path) -> Path | None:
    """The nearest folder from ``start`` upwards that holds a ``strukturer.toml``."""
    start = start.absolute()
    for folder in (start, *start.parents):
        if (folder / PROJECT_FILE).is_file():
            return folder
    return None
