"""A PDF's pages as PNG images (pdftoppm) and the text of each page (pypdf)."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import attrs
from pypdf import PdfReader

from strukturer.errors import EngineError

#: Resolution of the page images: a page is 595 × 842 points, so 80 dpi is 661 × 935 px.
DPI = 80


@attrs.frozen
class Page:
    """One page: its image file and its text (for search and for a screen reader)."""

    image: Path
    text: str


def render_pages(pdf: Path, folder: Path) -> list[Page]:
    """Write ``folder/page-N.png`` for each page of ``pdf`` and return the pages in order."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise EngineError("pdftoppm is not installed (Debian: apt-get install poppler-utils)")
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        [tool, "-r", str(DPI), "-png", str(pdf), str(folder / "page")],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    if done.returncode != 0:
        raise EngineError(f"pdftoppm could not render {pdf.name}: {done.stderr.strip()}")
    images = sorted(folder.glob("page-*.png"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    texts = [page.extract_text() or "" for page in PdfReader(pdf).pages]
    return [Page(image, text) for image, text in zip(images, texts, strict=False)]
