"""The PDF/UA-1 machine check: each condition fails on a PDF made to fail it, and the
finished fixture passes. The real deliverables are checked in test_deliverables_pdfua."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    TextStringObject,
)

from strukturer.errors import EngineError
from strukturer.pdf.accessibility import Finding, check_pdfua
from strukturer.pdf.finishing import finish
from strukturer.pdf.fonts import descendant, iter_fonts
from strukturer.pdf.metadata import Conformance, build_xmp

from .pdfcheck import RECORDS_PDF
from .test_finishing import META

Change = Callable[[PdfWriter], None]


@pytest.fixture(scope="module")
def finished(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = Path(shutil.copy(RECORDS_PDF, tmp_path_factory.mktemp("ua") / "records.pdf"))
    finish(pdf, META)
    return pdf


def _elements(writer: PdfWriter, kind: str) -> list[DictionaryObject]:
    """Structure elements whose /S is *kind*, in document order."""
    found: list[DictionaryObject] = []

    def walk(elem: DictionaryObject) -> None:
        kids = elem.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            obj = kid.get_object()
            if isinstance(obj, DictionaryObject) and "/S" in obj:
                if obj["/S"] == kind:
                    found.append(obj)
                walk(obj)

    walk(writer.root_object["/StructTreeRoot"].get_object())
    return found


def _first_annotation(writer: PdfWriter) -> DictionaryObject:
    return writer.pages[0]["/Annots"][0].get_object()


def _xmp_without_pdfua(writer: PdfWriter) -> None:
    writer.xmp_metadata = build_xmp(
        META,
        conformance=Conformance(pdfa="2"),
        when=writer.metadata.creation_date,  # type: ignore[union-attr,arg-type]
        producer="LibreOffice; strukturer",
        document_id="",
    )


def _xmp_without_title(writer: PdfWriter) -> None:
    writer.xmp_metadata = build_xmp(
        META.__class__(title="", author=META.author),
        conformance=Conformance(pdfa="2", pdfua="1"),
        when=writer.metadata.creation_date,  # type: ignore[union-attr,arg-type]
        producer="LibreOffice; strukturer",
        document_id="",
    )


def _untagged_content(writer: PdfWriter) -> None:
    page = writer.pages[0]
    extra = DecodedStreamObject()
    extra.set_data(b"q 0 0 1 rg 10 10 20 20 re f Q\n")
    contents = page.get_contents()
    assert contents is not None
    page.replace_contents(
        ArrayObject([writer._add_object(extra), writer._add_object(contents)])  # type: ignore[list-item]
    )


def _no_display_doc_title(writer: PdfWriter) -> None:
    writer.root_object["/ViewerPreferences"][NameObject("/DisplayDocTitle")] = BooleanObject(False)


def _rename(kind: str, new: str, index: int = 0) -> Change:
    def change(writer: PdfWriter) -> None:
        _elements(writer, kind)[index][NameObject("/S")] = NameObject(new)

    return change


def _drop(kind: str, key: str, index: int = 0) -> Change:
    def change(writer: PdfWriter) -> None:
        del _elements(writer, kind)[index][key]

    return change


def _drop_first_mcid(writer: PdfWriter) -> None:
    """The first heading no longer lists its marked content."""
    heading = _elements(writer, "/H1")[0]
    kids = heading["/K"]
    heading[NameObject("/K")] = ArrayObject(kids[1:]) if isinstance(kids, list) else ArrayObject()


def _headers_to_cells(writer: PdfWriter) -> None:
    for cell in _elements(writer, "/TH"):
        cell[NameObject("/S")] = NameObject("/TD")


def _drop_th_scope(writer: PdfWriter) -> None:
    del _elements(writer, "/TH")[0]["/A"]


def _duplicate_note_id(writer: PdfWriter) -> None:
    notes = _elements(writer, "/Note")
    notes[1][NameObject("/ID")] = notes[0]["/ID"]


def _bad_lang(writer: PdfWriter) -> None:
    _elements(writer, "/Span")[0][NameObject("/Lang")] = TextStringObject("en_GB")


def _remap_standard(writer: PdfWriter) -> None:
    tree = writer.root_object["/StructTreeRoot"].get_object()
    tree["/RoleMap"][NameObject("/P")] = NameObject("/Span")


def _link_out_of_tree(writer: PdfWriter) -> None:
    """Page 1's links lose their OBJR and /StructParent."""
    on_page = {ref.idnum for ref in writer.pages[0]["/Annots"]}
    for link in _elements(writer, "/Link"):
        link[NameObject("/K")] = ArrayObject(
            k
            for k in link["/K"]
            if not isinstance(k.get_object(), DictionaryObject)
            or k.get_object().raw_get("/Obj").idnum not in on_page
        )
    for ref in writer.pages[0]["/Annots"]:
        del ref.get_object()["/StructParent"]


def _font_not_embedded(writer: PdfWriter) -> None:
    for font in iter_fonts(writer.pages):
        desc = descendant(font)["/FontDescriptor"]
        for key in ("/FontFile", "/FontFile2", "/FontFile3"):
            desc.pop(key, None)
        break


def _no_unicode_map(writer: PdfWriter) -> None:
    for font in iter_fonts(writer.pages):
        del font["/ToUnicode"]
        break


def _set(key: str, value: object) -> Change:
    def change(writer: PdfWriter) -> None:
        if value is None:
            del writer.root_object[key]
        else:
            writer.root_object[NameObject(key)] = value  # type: ignore[assignment]

    return change


def _annotation(key: str) -> Change:
    def change(writer: PdfWriter) -> None:
        del _first_annotation(writer)[key]

    return change


def _page_key(key: str) -> Change:
    def change(writer: PdfWriter) -> None:
        del writer.pages[0][key]

    return change


CASES: dict[str, tuple[Change, list[Finding]]] = {
    "01 untagged content": (
        _untagged_content,
        [Finding(1, "page 1: 1 content operators neither tagged nor artifacts")],
    ),
    "01 marked content outside the tree": (
        _drop_first_mcid,
        [Finding(1, "page 1: marked content 0 is not in the structure tree")],
    ),
    "01 not marked": (
        _set("/MarkInfo", DictionaryObject({NameObject("/Marked"): BooleanObject(False)})),
        [Finding(1, "/MarkInfo /Marked is not true")],
    ),
    "01 suspects": (
        _set(
            "/MarkInfo",
            DictionaryObject(
                {
                    NameObject("/Marked"): BooleanObject(True),
                    NameObject("/Suspects"): BooleanObject(True),
                }
            ),
        ),
        [Finding(1, "/MarkInfo /Suspects is true: the tags may not match the content")],
    ),
    "01 no structure tree": (
        _set("/StructTreeRoot", None),
        [Finding(1, "the document is not tagged (no /StructTreeRoot)")],
    ),
    "02 standard type remapped": (
        _remap_standard,
        [Finding(2, "the standard type P is remapped to Span")],
    ),
    "02 unknown type": (
        _rename("/Standard", "/Fancy"),
        [Finding(2, "the structure type Fancy is not mapped to a standard type")],
    ),
    "06 no pdfuaid": (
        _xmp_without_pdfua,
        [Finding(6, "the XMP does not declare pdfuaid:part 1 (found None)")],
    ),
    "06 no dc:title": (_xmp_without_title, [Finding(6, "the XMP has no dc:title")]),
    "06 XMP not XML": (
        lambda writer: setattr(writer, "xmp_metadata", b"<x:xmpmeta"),
        [Finding(6, "the XMP metadata is not well-formed XML")],
    ),
    "06 no XMP": (_set("/Metadata", None), [Finding(6, "no XMP metadata stream in the catalog")]),
    "07 DisplayDocTitle false": (
        _no_display_doc_title,
        [Finding(7, "/DisplayDocTitle is false: viewers show the file name")],
    ),
    "07 no DisplayDocTitle": (
        _set("/ViewerPreferences", DictionaryObject()),
        [Finding(7, "the viewer preferences have no /DisplayDocTitle")],
    ),
    "09 table row outside a table": (
        _rename("/Table", "/Div"),
        [Finding(9, "TR inside Div (allowed: TBody, TFoot, THead, Table)")] * 3,
    ),
    "10 no Unicode map": (
        _no_unicode_map,
        [
            Finding(
                10, "font BAAAAA+LiberationSerif has no ToUnicode map: its text cannot be read out"
            )
        ],
    ),
    "11 no document language": (
        _set("/Lang", None),
        [Finding(11, "the catalog has no /Lang: the natural language is unknown")],
    ),
    "11 not a language tag": (
        _bad_lang,
        [Finding(11, "Span element has /Lang 'en_GB', not a language tag")],
    ),
    "13 figure without alt text": (
        _drop("/Figure", "/Alt"),
        [Finding(13, "Figure on page 5 has no /Alt text")],
    ),
    "14 first heading not H1": (
        _rename("/H1", "/H2"),
        [Finding(14, "the first heading is H2, not H1 (page 1)")],
    ),
    "14 skipped level": (
        _rename("/H2", "/H4"),
        [Finding(14, "heading level skipped: H1 then H4 (page 1)")],
    ),
    "14 H and Hn mixed": (
        _rename("/H3", "/H"),
        [Finding(14, "the document uses both H and numbered headings H1-H6")],
    ),
    "15 table without header cells": (
        _headers_to_cells,
        [
            Finding(
                15,
                "table on page 2 has no header cells (TH): a data table needs them, a layout "
                "table should not be a table",
            )
        ],
    ),
    "15 header cell without scope": (
        _drop_th_scope,
        [Finding(15, "TH on page 2 has no /Scope attribute")],
    ),
    "19 note without ID": (_drop("/Note", "/ID"), [Finding(19, "Note on page 1 has no /ID")]),
    "19 note ID twice": (
        _duplicate_note_id,
        [Finding(19, "the Note /ID 'id14' is used 2 times")],
    ),
    "28 link outside the tree": (
        _link_out_of_tree,
        [
            f
            for _ in range(3)
            for f in (
                Finding(28, "Link annotation on page 1 is not in the structure tree"),
                Finding(28, "Link annotation on page 1 has no /StructParent"),
            )
        ],
    ),
    "28 link in the wrong element": (
        _rename("/Link", "/Span"),
        [Finding(28, "Link annotation on page 1 is inside Span, not Link")],
    ),
    "28 link without Contents": (
        _annotation("/Contents"),
        [Finding(28, "Link annotation on page 1 has no /Contents")],
    ),
    "28 no StructParent": (
        _annotation("/StructParent"),
        [Finding(28, "Link annotation on page 1 has no /StructParent")],
    ),
    "28 tab order": (
        _page_key("/Tabs"),
        [Finding(28, "page 1 has annotations but /Tabs is not /S")],
    ),
    "31 font not embedded": (
        _font_not_embedded,
        [Finding(31, "font BAAAAA+LiberationSerif is not embedded")],
    ),
}


def test_the_finished_fixture_passes(finished: Path) -> None:
    assert check_pdfua(PdfReader(finished)) == []


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_condition_fails_a_pdf_made_to_fail_it(
    finished: Path, tmp_path: Path, case: str
) -> None:
    change, expected = CASES[case]
    writer = PdfWriter(clone_from=PdfReader(finished))
    change(writer)
    broken = tmp_path / "broken.pdf"
    writer.write(broken)
    assert check_pdfua(PdfReader(broken)) == expected


def test_findings_name_their_checkpoint() -> None:
    assert str(Finding(7, "x")) == "Matterhorn 07: x"


def test_a_file_that_is_not_a_pdf_is_an_engine_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.pdf"
    bad.write_bytes(b"%PDF-1.7 but nothing else")
    with pytest.raises(EngineError) as caught:
        check_pdfua(bad)
    assert str(caught.value).startswith(f"{bad}: not a readable PDF (")
