"""PDF engine: DOCX → tagged PDF/A through headless LibreOffice, and pypdf finishing.

See ``docs/pdf.md``.
"""

from strukturer.pdf.engine import (
    ConvertJob,
    Engine,
    PageRangeJob,
    PdfOptions,
    find_office,
    find_uno_python,
    spans_from_starts,
)

__all__ = [
    "ConvertJob",
    "Engine",
    "PageRangeJob",
    "PdfOptions",
    "find_office",
    "find_uno_python",
    "spans_from_starts",
]
