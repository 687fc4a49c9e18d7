"""A PDF's pages as JPEG images (pdftoppm) and the text of each page (pypdf).

JPEG and one pdftoppm per core, each for its share of the pages: a 12-page report is
drawn in about a third of the time one process takes for PNG, which is most of the
time between saving a chapter and the page showing it (docs/performance.md).
"""

from __future__ import annotations

import itertools
import os
import shutil
import subprocess
from pathlib import Path

import attrs
from pypdf import PdfReader

from strukturer.errors import EngineError

#: Resolution of the page images: a page is 595 × 842 points, so 80 dpi is 661 × 935 px.
DPI = 80
#: JPEG quality of the page images: text stays sharp at 80 dpi.
QUALITY = 90
#: The image files' suffix and media type, for the server.
SUFFIX, MEDIA_TYPE = ".jpg", "image/jpeg"


@attrs.frozen
class Page:
    """One page: its image file and its text (for search and for a screen reader)."""

    image: Path
    text: str


def render_pages(pdf: Path, folder: Path) -> list[Page]:
    """Write ``folder/page-N.jpg`` for each page of ``pdf`` and return the pages in order."""
    tool = shutil.which("pdftoppm")
    if tool is None:
        raise EngineError("pdftoppm is not installed (Debian: apt-get install poppler-utils)")
    folder.mkdir(parents=True, exist_ok=True)
    reader = PdfReader(pdf)
    count = len(reader.pages)
    parts = max(1, min(count, os.cpu_count() or 1))
    bounds = [round(i * count / parts) for i in range(parts + 1)]
    command = [tool, "-r", str(DPI), "-jpeg", "-jpegopt", f"quality={QUALITY}"]
    running = [
        subprocess.Popen(
            [*command, "-f", str(first + 1), "-l", str(last), str(pdf), str(folder / "page")],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        for first, last in itertools.pairwise(bounds)
        if last > first
    ]
    texts = [page.extract_text() or "" for page in reader.pages]  # while pdftoppm draws
    answers = [(p.communicate(timeout=120)[1], p.returncode) for p in running]
    failed = [error.strip() for error, code in answers if code != 0]
    if failed:
        raise EngineError(f"pdftoppm could not render {pdf.name}: {failed[0]}")
    images = sorted(folder.glob(f"page-*{SUFFIX}"), key=lambda p: int(p.stem.rsplit("-", 1)[1]))
    return [Page(image, text) for image, text in zip(images, texts, strict=False)]
