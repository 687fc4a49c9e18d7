"""How a document is exported: :class:`PdfOptions` and LibreOffice's PDF filter options.

One table of ``writer_pdf_Export`` FilterData serves the local worker and the remote
unoserver path alike (docs/pdf.md, "Export").
"""

from __future__ import annotations

from typing import Literal

import attrs

#: FilterData that every export uses, whatever the options (docs/pdf.md, "Export").
_FIXED: dict[str, bool] = {
    "UseTaggedPDF": True,  # A1: structure tree, /MarkInfo /Marked
    "ExportBookmarks": True,  # A1: an outline from the headings
    "ExportNotes": False,
    "ExportFormFields": False,
    "EmbedStandardFonts": True,  # A2: every font embedded
    "DisplayPDFDocumentTitle": True,  # A1: /DisplayDocTitle (needs a document title)
    "UseLosslessCompression": True,  # figures stay crisp
    "ReduceImageResolution": False,
}


@attrs.frozen
class PdfOptions:
    """How a document is exported.

    ``pdfa``: ``"2b"`` (default, conventions A2), ``"1b"`` for strict archives, or
    ``None`` for plain tagged PDF 1.7. ``pdfua`` declares PDF/UA-1 (LibreOffice 7.5 and
    later; older versions ignore it). ``update_indexes`` refreshes fields and the table
    of contents before export (two passes). ``bookmark_destinations`` exports the Word
    bookmarks as named destinations (the mail merge finds its records by them).
    ``timeout`` is seconds per document.
    """

    pdfa: Literal["2b", "1b"] | None = "2b"
    pdfua: bool = True
    update_indexes: bool = True
    bookmark_destinations: bool = False
    timeout: float = 60.0

    @property
    def pdf_version(self) -> int:
        """LibreOffice's ``SelectPdfVersion`` value."""
        return {"2b": 2, "1b": 1, None: 0}[self.pdfa]

    def filter_data(self) -> dict[str, bool | int]:
        """The ``writer_pdf_Export`` FilterData for these options."""
        data: dict[str, bool | int] = {
            **_FIXED,
            "PDFUACompliance": self.pdfua,
            # Word bookmarks as named destinations; non-alphanumerics come out hex-escaped.
            "ExportBookmarksToPDFDestination": self.bookmark_destinations,
        }
        if self.pdf_version:
            data["SelectPdfVersion"] = self.pdf_version
        return data

    def filter_options(self) -> list[str]:
        """The same FilterData as unoserver's ``Name=value`` strings."""

        def text(value: bool | int) -> str:
            return str(value).lower() if isinstance(value, bool) else str(value)

        return [f"{name}={text(value)}" for name, value in self.filter_data().items()]
