"""PDF engine: DOCX → tagged PDF/A through headless LibreOffice, and pypdf finishing.

See ``docs/pdf.md``.

Names are imported on first use, like the package's own (see ``strukturer``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from strukturer._lazy import lazy_names

if TYPE_CHECKING:
    from strukturer.pdf.converter import Converter, open_converter
    from strukturer.pdf.engine import Engine
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
    from strukturer.pdf.locate import find_office, find_uno_python, libreoffice_version
    from strukturer.pdf.options import PdfOptions
    from strukturer.pdf.pool import EnginePool
    from strukturer.pdf.prerequisites import DoctorReport, FontStatus, doctor
    from strukturer.pdf.remote import RemoteEngine

_LAZY = {
    "Converter": "strukturer.pdf.converter",
    "DoctorReport": "strukturer.pdf.prerequisites",
    "Engine": "strukturer.pdf.engine",
    "EnginePool": "strukturer.pdf.pool",
    "FontStatus": "strukturer.pdf.prerequisites",
    "PageLabelRange": "strukturer.pdf.finishing",
    "PdfMetadata": "strukturer.pdf.finishing",
    "PdfOptions": "strukturer.pdf.options",
    "RecordPart": "strukturer.pdf.finishing",
    "RemoteEngine": "strukturer.pdf.remote",
    "combine": "strukturer.pdf.finishing",
    "destination_spans": "strukturer.pdf.finishing",
    "doctor": "strukturer.pdf.prerequisites",
    "find_office": "strukturer.pdf.locate",
    "find_uno_python": "strukturer.pdf.locate",
    "finish": "strukturer.pdf.finishing",
    "libreoffice_version": "strukturer.pdf.locate",
    "open_converter": "strukturer.pdf.converter",
    "read_provenance": "strukturer.pdf.finishing",
    "roman_then_arabic": "strukturer.pdf.finishing",
    "split": "strukturer.pdf.finishing",
    "split_records": "strukturer.pdf.finishing",
}

__all__ = [
    "Converter",
    "DoctorReport",
    "Engine",
    "EnginePool",
    "FontStatus",
    "PageLabelRange",
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
    "libreoffice_version",
    "open_converter",
    "read_provenance",
    "roman_then_arabic",
    "split",
    "split_records",
]


__getattr__, __dir__ = lazy_names(__name__, _LAZY)
