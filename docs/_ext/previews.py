"""Sphinx extension: page previews of the shipped examples' deliverables.

On ``builder-inited`` the examples' PDFs are built with the public API into a
temporary folder, and chosen pages are rendered to PNG with ``pdftoppm`` into
``<srcdir>/_build/previews/`` (git-ignored), where ``previews.md`` picks them up as
figures. LibreOffice and poppler-utils are required: without them the build fails
with a message that says what to install.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

import attrs
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError
from sphinx.util import logging
from sphinx.util.typing import ExtensionMetadata

logger = logging.getLogger(__name__)

#: Where the PNGs go, relative to the source folder (``docs/``).
PREVIEW_DIR = "_build/previews"

#: Folders of PDFs already built, to draw the previews from instead of building:
#: ``default=DIR`` and ``<example>=DIR`` separated by the path separator (the tests pass
#: the examples they built once; ``./dev docs`` builds them).
BUILDS_ENV = "STRUKTURER_PREVIEW_BUILDS"

#: Resolution of the previews, dots per inch.
DPI = 60

INSTALL_HINT = (
    "the documentation's page previews build the default project's PDFs and need "
    "LibreOffice and poppler-utils: run `./dev setup` (as root) or "
    "`sudo apt-get install libreoffice-writer-nogui python3-uno poppler-utils`"
)


@attrs.frozen
class Preview:
    """One page to render: the deliverable's PDF and the page (a number or a heading,
    then ``after`` pages on), of the example ``project`` (None: the default one)."""

    deliverable: str
    page: int | str
    name: str
    project: str | None = None
    after: int = 0


#: The second example, whose report has a table, a chart and a figure (docs/figures.md).
SECOND = "digital-tillganglighet"


#: The pages shown on ``previews.md``; ``page`` as text is the heading that starts the page.
PREVIEWS = (
    Preview("rapport", 1, "rapport-cover"),
    Preview("rapport", "Innehåll", "rapport-contents"),
    Preview("missiv", 1, "missiv"),
    Preview("pressmeddelande", 1, "pressmeddelande"),
    Preview("regeringsbeslut", 1, "regeringsbeslut"),
    Preview("delrapport", "3 Läget i siffror", "table-and-chart", SECOND),
    Preview("delrapport", "3 Läget i siffror", "figure", SECOND, after=1),
)


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise ExtensionError(f"{name} was not found: {INSTALL_HINT}")
    return path


def find_page(pdf: Path, heading: str) -> int:
    """The first page whose text starts with ``heading`` (e.g. the table of contents)."""
    pdftotext = _tool("pdftotext")
    count = 0
    while True:
        count += 1
        proc = subprocess.run(
            [pdftotext, "-f", str(count), "-l", str(count), str(pdf), "-"],
            capture_output=True,
            text=True,
            check=False,
        )
        if proc.returncode != 0:
            raise ExtensionError(f"no page of {pdf.name} starts with {heading!r}")
        lines = [line.strip() for line in proc.stdout.splitlines() if line.strip()]
        # The running header (the report title) may come first.
        if heading in lines[:3]:
            return count


def render_page(pdf: Path, page: int, target: Path) -> Path:
    """Render one page of ``pdf`` to ``target`` (a .png) with pdftoppm."""
    pdftoppm = _tool("pdftoppm")
    prefix = target.with_suffix("")
    cmd = [pdftoppm, "-png", "-r", str(DPI), "-f", str(page), "-l", str(page), "-singlefile"]
    proc = subprocess.run(
        [*cmd, str(pdf), str(prefix)], capture_output=True, text=True, check=False
    )
    if proc.returncode != 0 or not target.is_file():
        raise ExtensionError(f"pdftoppm failed on {pdf.name} page {page}: {proc.stderr.strip()}")
    return target


def built_pdfs(project: str | None) -> dict[str, Path] | None:
    """The example's PDFs named in ``$STRUKTURER_PREVIEW_BUILDS``, or None."""
    for entry in os.environ.get(BUILDS_ENV, "").split(os.pathsep):
        name, _, folder = entry.partition("=")
        if folder and name == (project or "default"):
            return {path.stem: path for path in sorted(Path(folder).glob("*.pdf"))}
    return None


def build_pdfs(out: Path, project: str | None = None) -> dict[str, Path]:
    """Build an example's PDFs into ``out`` (None: the default); deliverable name → PDF."""
    given = built_pdfs(project)
    if given is not None:
        return given
    import strukturer  # noqa: PLC0415 - imported when the hook runs
    from strukturer._resources import builtin_content_dir  # noqa: PLC0415
    from strukturer.pdf import find_office  # noqa: PLC0415

    source = builtin_content_dir() / project if project else None
    try:
        find_office()
        result = strukturer.build(source, out=out, formats=["pdf"], check=False)
    except strukturer.StrukturerError as exc:
        raise ExtensionError(f"{exc}\n{INSTALL_HINT}") from exc
    return {path.stem: path for path in result.files}


def make_previews(target: Path) -> list[Path]:
    """Build the PDFs and write every page in :data:`PREVIEWS` as PNG into ``target``."""
    _tool("pdftoppm")
    target.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory(prefix="strukturer-docs-") as tmp:
        built: dict[str | None, dict[str, Path]] = {}
        for item in PREVIEWS:
            if item.project not in built:
                folder = Path(tmp) / (item.project or "default")
                built[item.project] = build_pdfs(folder, item.project)
            pdf = built[item.project].get(item.deliverable)
            if pdf is None:
                raise ExtensionError(f"the example built no {item.deliverable}.pdf")
            page = item.page if isinstance(item.page, int) else find_page(pdf, item.page)
            written.append(render_page(pdf, page + item.after, target / f"{item.name}.png"))
    return written


def _on_builder_inited(app: Sphinx) -> None:
    """Render the previews before any page is read (every builder reads previews.md)."""
    started = time.perf_counter()
    written = make_previews(Path(app.srcdir) / PREVIEW_DIR)
    elapsed = time.perf_counter() - started
    logger.info("previews: %d pages rendered in %.1f s", len(written), elapsed)


def setup(app: Sphinx) -> ExtensionMetadata:
    """Register the hook that renders the previews."""
    app.connect("builder-inited", _on_builder_inited)
    return {"version": "1", "parallel_read_safe": True, "parallel_write_safe": True}
