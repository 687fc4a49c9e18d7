"""The export options: one table for the local worker and for unoservers."""

from __future__ import annotations

from strukturer.pdf import PdfOptions


def test_default_export_is_pdfa_2b_and_pdfua_1() -> None:
    assert PdfOptions().filter_data() == {
        "UseTaggedPDF": True,
        "ExportBookmarks": True,
        "ExportNotes": False,
        "ExportFormFields": False,
        "EmbedStandardFonts": True,
        "DisplayPDFDocumentTitle": True,
        "UseLosslessCompression": True,
        "ReduceImageResolution": False,
        "PDFUACompliance": True,
        "ExportBookmarksToPDFDestination": False,
        "SelectPdfVersion": 2,
    }


def test_options_change_only_their_keys() -> None:
    base = PdfOptions().filter_data()
    plain = PdfOptions(pdfa=None, pdfua=False, bookmark_destinations=True).filter_data()
    assert {k: v for k, v in base.items() if plain.get(k) != v} == {
        "PDFUACompliance": True,
        "ExportBookmarksToPDFDestination": False,
        "SelectPdfVersion": 2,
    }
    assert "SelectPdfVersion" not in plain
    assert PdfOptions(pdfa="1b").filter_data()["SelectPdfVersion"] == 1


def test_unoserver_gets_the_same_table_as_text() -> None:
    options = PdfOptions(pdfa="1b", bookmark_destinations=True)
    assert options.filter_options() == [
        f"{k}={str(v).lower()}" for k, v in options.filter_data().items()
    ]
    assert "SelectPdfVersion=1" in options.filter_options()
    assert "PDFUACompliance=true" in options.filter_options()
