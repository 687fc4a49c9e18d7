"""Whether a DOCX has anything for LibreOffice's field and index refresh to update.

The refresh before export (``PdfOptions.update_indexes``, docs/pdf.md "Export") took
about an eighth of LibreOffice's time for the mail merge's documents, which have no
fields. A document whose Word parts hold no field (simple or complex), no old
page-number element and no content control has nothing the refresh could change, so the
engines skip it there. Anything unreadable counts as having fields: the refresh then
runs, as before.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Callable
from pathlib import Path

import attrs

from strukturer.pdf.options import PdfOptions

#: Markup the refresh can act on: fields (``w:fldSimple``; ``w:fldChar`` and
#: ``w:instrText`` of complex fields, a table of contents among them), Word 97's page
#: number (``w:pgNum``) and content controls (``w:sdt``), which LibreOffice may import
#: as fields.
_MARKERS = (b"<w:fldSimple", b"<w:fldChar", b"<w:instrText", b"<w:pgNum", b"<w:sdt")
#: The parts that hold text, and so fields: not styles, numbering, theme or settings
#: (the styles of a template are its largest part, 350 kB for the letter).
_STORIES = re.compile(r"word/(document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml")
_CHUNK = 1 << 16
_OVERLAP = max(len(marker) for marker in _MARKERS) - 1


def options_for(docx: Path, options: PdfOptions | None) -> PdfOptions:
    """``options`` (default :class:`PdfOptions`) for converting ``docx``: without the
    refresh when it has nothing to refresh."""
    options = options or PdfOptions()
    if options.update_indexes and not has_fields(docx):
        return attrs.evolve(options, update_indexes=False)
    return options


def has_fields(docx: Path) -> bool:
    """Whether any of ``docx``'s text parts holds a field or content control.

    Each part is read in chunks (a hostile package cannot make this hold it whole) and
    the search stops at the first marker.
    """
    try:
        with zipfile.ZipFile(docx) as package:
            for info in package.infolist():
                if _STORIES.fullmatch(info.filename):
                    with package.open(info) as part:
                        if _part_has_marker(part.read, _CHUNK):
                            return True
    except (OSError, zipfile.BadZipFile, RuntimeError, ValueError, EOFError):
        return True  # LibreOffice reports what is wrong with the file
    return False


def _part_has_marker(read: Callable[[int], bytes], size: int) -> bool:
    tail = b""
    while chunk := read(size):
        window = tail + chunk
        if any(marker in window for marker in _MARKERS):
            return True
        tail = window[-_OVERLAP:]
    return False


__all__ = ["has_fields", "options_for"]
