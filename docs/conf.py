"""Sphinx configuration for the strukturer documentation (``nox -s docs``)."""

from __future__ import annotations

import sys
from pathlib import Path

DOCS = Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS / "_ext"))

import strukturer  # noqa: E402 - after the path set-up above

project = "strukturer"
author = "strukturer contributors"
copyright = "strukturer contributors"
release = version = strukturer.__version__

extensions = [
    "myst_parser",
    "sphinx.ext.autodoc",
    "sphinx_click",
    "modelref",
    "previews",
]

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "_ext", "Thumbs.db", ".DS_Store"]

# MyST: heading anchors so that links such as ``content.md#values`` resolve.
myst_heading_anchors = 3
myst_enable_extensions = ["colon_fence"]

# autodoc: type hints in the descriptions; unresolvable references are not errors.
nitpicky = False
autodoc_typehints = "description"
autodoc_member_order = "bysource"
autodoc_default_options = {"undoc-members": False}

html_theme = "furo"
html_title = f"strukturer {release}"
