"""PDF engine: DOCX → tagged PDF/A through headless LibreOffice, and pypdf finishing.

See ``docs/pdf.md``.

Names are imported on first use, like the package's own (see ``strukturer``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strukturer._lazy import lazy_names

if TYPE_CHECKING:
    from strukturer.pdf.accessibility import Finding, check_pdfua
    from strukturer.pdf.combining import combine
    from strukturer.pdf.engine import (
        ConvertJob,
        Engine,
        PageRangeJob,
        PdfOptions,
        find_office,
        find_uno_python,
        spans_from_starts,
    )
    from strukturer.pdf.finishing import PageLabelRange, finish
    from strukturer.pdf.health import DoctorReport, FontStatus, doctor
    from strukturer.pdf.metadata import PdfMetadata, read_provenance
    from strukturer.pdf.pool import EnginePool
    from strukturer.pdf.remote import RemoteEngine, open_engine
    from strukturer.pdf.splitting import RecordPart, destination_spans, split, split_records

_LAZY = {
    "ConvertJob": "strukturer.pdf.engine",
    "DoctorReport": "strukturer.pdf.health",
    "Engine": "strukturer.pdf.engine",
    "EnginePool": "strukturer.pdf.pool",
    "Finding": "strukturer.pdf.accessibility",
    "FontStatus": "strukturer.pdf.health",
    "PageLabelRange": "strukturer.pdf.finishing",
    "PageRangeJob": "strukturer.pdf.engine",
    "PdfMetadata": "strukturer.pdf.metadata",
    "RecordPart": "strukturer.pdf.splitting",
    "destination_spans": "strukturer.pdf.splitting",
    "split": "strukturer.pdf.splitting",
    "split_records": "strukturer.pdf.splitting",
    "PdfOptions": "strukturer.pdf.engine",
    "RemoteEngine": "strukturer.pdf.remote",
    "check_pdfua": "strukturer.pdf.accessibility",
    "combine": "strukturer.pdf.combining",
    "doctor": "strukturer.pdf.health",
    "find_office": "strukturer.pdf.engine",
    "find_uno_python": "strukturer.pdf.engine",
    "finish": "strukturer.pdf.finishing",
    "open_engine": "strukturer.pdf.remote",
    "read_provenance": "strukturer.pdf.metadata",
    "spans_from_starts": "strukturer.pdf.engine",
}

__all__ = [
    "ConvertJob",
    "DoctorReport",
    "Engine",
    "EnginePool",
    "Finding",
    "FontStatus",
    "PageLabelRange",
    "PageRangeJob",
    "PdfMetadata",
    "PdfOptions",
    "RecordPart",
    "RemoteEngine",
    "check_pdfua",
    "combine",
    "destination_spans",
    "doctor",
    "find_office",
    "find_uno_python",
    "finish",
    "open_engine",
    "read_provenance",
    "spans_from_starts",
    "split",
    "split_records",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
