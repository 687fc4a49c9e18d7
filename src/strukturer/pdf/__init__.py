"""PDF engine: DOCX → tagged PDF/A through headless LibreOffice, and pypdf finishing.

See ``docs/pdf.md``.
"""

from strukturer.pdf.doctor import DoctorReport, FontStatus, doctor
from strukturer.pdf.engine import (
    ConvertJob,
    Engine,
    PageRangeJob,
    PdfOptions,
    find_office,
    find_uno_python,
    spans_from_starts,
)
from strukturer.pdf.finish import (
    PageLabelRange,
    PdfMetadata,
    combine,
    finish,
    read_provenance,
    roman_then_arabic,
)
from strukturer.pdf.pool import EnginePool
from strukturer.pdf.remote import RemoteEngine, open_engine

__all__ = [
    "ConvertJob",
    "DoctorReport",
    "Engine",
    "EnginePool",
    "FontStatus",
    "PageLabelRange",
    "PageRangeJob",
    "PdfMetadata",
    "PdfOptions",
    "RemoteEngine",
    "combine",
    "doctor",
    "find_office",
    "find_uno_python",
    "finish",
    "open_engine",
    "read_provenance",
    "roman_then_arabic",
    "spans_from_starts",
]
