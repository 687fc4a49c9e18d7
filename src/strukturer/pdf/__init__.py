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
    from strukturer.pdf.converter import Converter, open_converter
    from strukturer.pdf.engine import Engine
    from strukturer.pdf.finishing import PageLabelRange, finish
    from strukturer.pdf.locate import find_office, find_uno_python, libreoffice_version
    from strukturer.pdf.metadata import PdfMetadata
    from strukturer.pdf.metadata_pypdf import read_provenance
    from strukturer.pdf.options import PdfOptions
    from strukturer.pdf.pool import EnginePool
    from strukturer.pdf.prerequisites import DoctorReport, FontStatus, doctor
    from strukturer.pdf.records_split import (
        RecordPart,
        destination_spans,
        spans_from_starts,
        split_records,
    )
    from strukturer.pdf.remote import RemoteEngine
    from strukturer.pdf.splitting import split

_LAZY = {
    "Converter": "strukturer.pdf.converter",
    "DoctorReport": "strukturer.pdf.prerequisites",
    "Engine": "strukturer.pdf.engine",
    "EnginePool": "strukturer.pdf.pool",
    "Finding": "strukturer.pdf.accessibility",
    "FontStatus": "strukturer.pdf.prerequisites",
    "PageLabelRange": "strukturer.pdf.finishing",
    "PdfMetadata": "strukturer.pdf.metadata",
    "PdfOptions": "strukturer.pdf.options",
    "RecordPart": "strukturer.pdf.records_split",
    "RemoteEngine": "strukturer.pdf.remote",
    "check_pdfua": "strukturer.pdf.accessibility",
    "combine": "strukturer.pdf.combining",
    "destination_spans": "strukturer.pdf.records_split",
    "doctor": "strukturer.pdf.prerequisites",
    "find_office": "strukturer.pdf.locate",
    "find_uno_python": "strukturer.pdf.locate",
    "finish": "strukturer.pdf.finishing",
    "libreoffice_version": "strukturer.pdf.locate",
    "open_converter": "strukturer.pdf.converter",
    "read_provenance": "strukturer.pdf.metadata_pypdf",
    "spans_from_starts": "strukturer.pdf.records_split",
    "split": "strukturer.pdf.splitting",
    "split_records": "strukturer.pdf.records_split",
}

__all__ = [
    "Converter",
    "DoctorReport",
    "Engine",
    "EnginePool",
    "Finding",
    "FontStatus",
    "PageLabelRange",
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
    "libreoffice_version",
    "open_converter",
    "read_provenance",
    "spans_from_starts",
    "split",
    "split_records",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
