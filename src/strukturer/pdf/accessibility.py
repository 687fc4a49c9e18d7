"""A PDF/UA-1 machine check over the Matterhorn Protocol's machine-checkable conditions.

``check_pdfua(pdf)`` returns a :class:`Finding` per failure, numbered by the Matterhorn
Protocol 1.1 checkpoint it belongs to (PDF Association; ISO 14289-1). What it covers and
what only a person can check are listed in docs/pdf.md ("Accessibility").
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import cast

import attrs
from pypdf import PdfReader
from pypdf.generic import BooleanObject, DictionaryObject, PdfObject

from strukturer.pdf._objects import as_int, as_list, idnum
from strukturer.pdf.finishing import open_pdf
from strukturer.pdf.fonts import descendant, font_digest, font_file, iter_fonts, subset_tag
from strukturer.pdf.metadata import NS
from strukturer.pdf.metadata_pypdf import read_conformance, xmp_root
from strukturer.pdf.structure import STANDARD_TYPES, StructWalk, page_content

#: ISO 32000-1 Table 337 and 14.8.4.3.3: the parents table and list elements need (a
#: Lbl may also label a Note or BibEntry, as LibreOffice's footnotes do).
_PARENTS = {
    "TR": {"Table", "THead", "TBody", "TFoot"},
    "TH": {"TR"},
    "TD": {"TR"},
    "THead": {"Table"},
    "TBody": {"Table"},
    "TFoot": {"Table"},
    "LI": {"L"},
    "TOCI": {"TOC"},
    "LBody": {"LI"},
}
_LANGUAGE = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")  # BCP 47 (RFC 5646) shape
_STANDARD_ENCODINGS = {"/WinAnsiEncoding", "/MacRomanEncoding", "/StandardEncoding"}
_NOT_IN_TREE = {"/Popup", "/PrinterMark"}  # ISO 14289-1 7.18.1


@attrs.frozen
class Finding:
    """One failed condition: the Matterhorn checkpoint and what is wrong."""

    checkpoint: int
    message: str

    def __str__(self) -> str:
        return f"Matterhorn {self.checkpoint:02d}: {self.message}"


def check_pdfua(pdf: Path | PdfReader) -> list[Finding]:
    """The PDF/UA-1 failures of *pdf* that a machine can find (empty: none found)."""
    reader = pdf if isinstance(pdf, PdfReader) else open_pdf(Path(pdf))
    findings = [*_metadata(reader), *_catalog(reader)]
    if "/StructTreeRoot" not in reader.root_object:
        findings.append(Finding(1, "the document is not tagged (no /StructTreeRoot)"))
    else:
        walk = StructWalk(reader)
        findings += _roles(walk)
        findings += _elements(walk)
        findings += _headings(walk)
        findings += _tables(walk)
        findings += _annotations(reader, walk)
        findings += _content(reader, walk)
    findings += _fonts(reader)
    return findings


def _metadata(reader: PdfReader) -> Iterator[Finding]:
    if "/Metadata" not in reader.root_object:
        yield Finding(6, "no XMP metadata stream in the catalog")
        return
    root = xmp_root(reader)
    if root is None:
        yield Finding(6, "the XMP metadata is not well-formed XML")
        return
    part = read_conformance(reader).pdfua
    if part != "1":
        yield Finding(6, f"the XMP does not declare pdfuaid:part 1 (found {part!r})")
    title = root.findtext(f".//{{{NS['dc']}}}title/{{{NS['rdf']}}}Alt/{{{NS['rdf']}}}li")
    if not (title or "").strip():
        yield Finding(6, "the XMP has no dc:title")


def _catalog(reader: PdfReader) -> Iterator[Finding]:
    root = reader.root_object
    prefs = root.get("/ViewerPreferences")
    prefs_obj = cast(DictionaryObject, prefs.get_object()) if prefs is not None else {}
    if "/DisplayDocTitle" not in prefs_obj:
        yield Finding(7, "the viewer preferences have no /DisplayDocTitle")
    elif not _true(prefs_obj["/DisplayDocTitle"]):
        yield Finding(7, "/DisplayDocTitle is false: viewers show the file name")
    mark_info = root.get("/MarkInfo")
    marks = cast(DictionaryObject, mark_info.get_object()) if mark_info is not None else {}
    if not _true(marks.get("/Marked")):
        yield Finding(1, "/MarkInfo /Marked is not true")
    if _true(marks.get("/Suspects")):
        yield Finding(1, "/MarkInfo /Suspects is true: the tags may not match the content")
    lang = str(root.get("/Lang", "") or "")
    if not lang:
        yield Finding(11, "the catalog has no /Lang: the natural language is unknown")
    elif not _LANGUAGE.match(lang):
        yield Finding(11, f"the catalog's /Lang {lang!r} is not a language tag")


def _true(value: PdfObject | None) -> bool:
    """A PDF boolean is true (pypdf's ``BooleanObject`` is truthy either way)."""
    return value is not None and value.get_object() == BooleanObject(True)


def _roles(walk: StructWalk) -> Iterator[Finding]:
    for name, target in sorted(walk.role_map.items()):
        if name in STANDARD_TYPES:
            yield Finding(2, f"the standard type {name} is remapped to {target}")
    for name in sorted(walk.unknown_types):
        yield Finding(2, f"the structure type {name} is not mapped to a standard type")


def _elements(walk: StructWalk) -> Iterator[Finding]:
    note_ids: dict[str, int] = {}
    for elem in walk.elements:
        allowed = _PARENTS.get(elem.kind)
        if allowed is not None and elem.parent_kind not in allowed:
            yield Finding(
                9,
                f"{elem.kind} inside {elem.parent_kind or 'the root'} (allowed: "
                f"{', '.join(sorted(allowed))})",
            )
        if elem.lang is not None and not _LANGUAGE.match(elem.lang):
            yield Finding(11, f"{elem.kind} element has /Lang {elem.lang!r}, not a language tag")
        if elem.kind == "Figure" and not (elem.alt or elem.actual_text):
            yield Finding(13, f"Figure on page {elem.page_label} has no /Alt text")
        if elem.kind == "Note":
            if not elem.id:
                yield Finding(19, f"Note on page {elem.page_label} has no /ID")
            else:
                note_ids[elem.id] = note_ids.get(elem.id, 0) + 1
    for note_id, count in sorted(note_ids.items()):
        if count > 1:
            yield Finding(19, f"the Note /ID {note_id!r} is used {count} times")


def _headings(walk: StructWalk) -> Iterator[Finding]:
    headings = [e for e in walk.elements if re.fullmatch(r"H[1-6]?", e.kind)]
    numbered = [e for e in headings if e.kind != "H"]
    if numbered and len(numbered) != len(headings):
        yield Finding(14, "the document uses both H and numbered headings H1-H6")
    previous = 0
    for elem in numbered:
        level = int(elem.kind[1])
        if previous == 0 and level != 1:
            yield Finding(14, f"the first heading is {elem.kind}, not H1 (page {elem.page_label})")
        elif level > previous + 1:
            yield Finding(
                14, f"heading level skipped: H{previous} then {elem.kind} (page {elem.page_label})"
            )
        previous = level


def _tables(walk: StructWalk) -> Iterator[Finding]:
    for table in (e for e in walk.elements if e.kind == "Table"):
        cells = [e for e in walk.descendants(table) if e.kind in ("TH", "TD")]
        headers = [e for e in cells if e.kind == "TH"]
        if cells and not headers:
            yield Finding(
                15,
                f"table on page {table.page_label} has no header cells (TH): a data table "
                "needs them, a layout table should not be a table",
            )
        uses_ids = any(e.headers for e in cells)
        for cell in headers:
            if cell.scope is None and not uses_ids:
                yield Finding(15, f"TH on page {cell.page_label} has no /Scope attribute")


def _annotations(reader: PdfReader, walk: StructWalk) -> Iterator[Finding]:
    for number, page in enumerate(reader.pages, start=1):
        annots = as_list(page.get("/Annots"))
        kinds = [cast(DictionaryObject, a.get_object()).get("/Subtype") for a in annots]
        if any(k not in _NOT_IN_TREE for k in kinds) and page.get("/Tabs") != "/S":
            yield Finding(28, f"page {number} has annotations but /Tabs is not /S")
        for ref, kind in zip(annots, kinds, strict=True):
            if kind in _NOT_IN_TREE:
                continue
            annot = cast(DictionaryObject, ref.get_object())
            owner = walk.annotation_owner.get(idnum(ref))
            name = str(kind).lstrip("/")
            if owner is None:
                yield Finding(
                    28, f"{name} annotation on page {number} is not in the structure tree"
                )
            elif kind == "/Link" and owner != "Link":
                yield Finding(28, f"Link annotation on page {number} is inside {owner}, not Link")
            elif kind not in ("/Link", "/Widget") and owner != "Annot":
                yield Finding(
                    28, f"{name} annotation on page {number} is inside {owner}, not Annot"
                )
            if "/StructParent" not in annot:
                yield Finding(28, f"{name} annotation on page {number} has no /StructParent")
            elif as_int(annot["/StructParent"]) not in walk.parent_keys:
                yield Finding(
                    28,
                    f"{name} annotation on page {number}: /StructParent is not in the ParentTree",
                )
            if not str(annot.get("/Contents", "") or "").strip() and kind != "/Widget":
                yield Finding(28, f"{name} annotation on page {number} has no /Contents")


def _content(reader: PdfReader, walk: StructWalk) -> Iterator[Finding]:
    for number, page in enumerate(reader.pages, start=1):
        untagged, mcids = page_content(page)
        if untagged:
            yield Finding(
                1, f"page {number}: {untagged} content operators neither tagged nor artifacts"
            )
        owned = walk.mcids.get(idnum(page.indirect_reference), set())
        for mcid in sorted(mcids - owned):
            yield Finding(1, f"page {number}: marked content {mcid} is not in the structure tree")


def _maps_to_unicode(font: DictionaryObject) -> bool:
    """A ToUnicode map, or an encoding that defines Unicode values (ISO 32000-1 9.10.2)."""
    if "/ToUnicode" in font:
        return True
    encoding = font.get("/Encoding")
    encoding = encoding.get_object() if encoding is not None else None
    if font.get("/Subtype") == "/Type0":
        return isinstance(encoding, str) and encoding not in ("/Identity-H", "/Identity-V")
    if isinstance(encoding, DictionaryObject):
        encoding = encoding.get("/BaseEncoding")
    return encoding in _STANDARD_ENCODINGS


def _fonts(reader: PdfReader) -> Iterator[Finding]:
    tags: dict[str, dict[str, str]] = {}  # tag -> digest -> font name
    for font in iter_fonts(reader.pages):
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        if not _maps_to_unicode(font):
            yield Finding(10, f"font {name} has no ToUnicode map: its text cannot be read out")
        if descendant(font).get("/Subtype") != "/Type3" and font_file(font) is None:
            yield Finding(31, f"font {name} is not embedded")
        tag = subset_tag(font)
        if tag is not None:
            tags.setdefault(tag, {}).setdefault(font_digest(font), name)
    for tag, subsets in sorted(tags.items()):
        if len(subsets) > 1:
            names = ", ".join(sorted(subsets.values()))
            yield Finding(
                31, f"subset tag {tag} is used for {len(subsets)} different subsets: {names}"
            )
