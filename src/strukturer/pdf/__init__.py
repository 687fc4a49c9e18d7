"""PDF engine: DOCX → tagged PDF/A through headless LibreOffice, and pypdf finishing.

See ``docs/pdf.md``.

Names are imported on first use, like the package's own (see ``strukturer``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strukturer._lazy import lazy_names

if TYPE_CHECKING:
    from strukturer.pdf.engine import (
        ConvertJob,
        Engine,
        PageRangeJob,
        PdfOptions,
        find_office,
        find_uno_python,
        spans_from_starts,
    )
    from strukturer.pdf.finishing import (
        PageLabelRange,
        PdfMetadata,
        RecordPart,
        combine,
        destination_spans,
        finish,
        read_provenance,
        roman_then_arabic,
        split,
        split_records,
    )
    from strukturer.pdf.health import DoctorReport, FontStatus, doctor
    from strukturer.pdf.pool import EnginePool
    from strukturer.pdf.remote import RemoteEngine, open_engine

_LAZY = {
    "ConvertJob": "strukturer.pdf.engine",
    "DoctorReport": "strukturer.pdf.health",
    "Engine": "strukturer.pdf.engine",
    "EnginePool": "strukturer.pdf.pool",
    "FontStatus": "strukturer.pdf.health",
    "PageLabelRange": "strukturer.pdf.finishing",
    "PageRangeJob": "strukturer.pdf.engine",
    "PdfMetadata": "strukturer.pdf.finishing",
    "RecordPart": "strukturer.pdf.finishing",
    "destination_spans": "strukturer.pdf.finishing",
    "split": "strukturer.pdf.finishing",
    "split_records": "strukturer.pdf.finishing",
    "PdfOptions": "strukturer.pdf.engine",
    "RemoteEngine": "strukturer.pdf.remote",
    "combine": "strukturer.pdf.finishing",
    "doctor": "strukturer.pdf.health",
    "find_office": "strukturer.pdf.engine",
    "find_uno_python": "strukturer.pdf.engine",
    "finish": "strukturer.pdf.finishing",
    "open_engine": "strukturer.pdf.remote",
    "read_provenance": "strukturer.pdf.finishing",
    "roman_then_arabic": "strukturer.pdf.finishing",
    "spans_from_starts": "strukturer.pdf.engine",
}

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
    "RecordPart",
    "RemoteEngine",
    "combine",
    "destination_spans",
    "doctor",
    "find_office",
    "find_uno_python",
    "finish",
    "open_engine",
    "read_provenance",
    "roman_then_arabic",
    "spans_from_starts",
    "split",
    "split_records",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
