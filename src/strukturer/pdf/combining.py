"""Joining finished PDFs into one (e.g. missiv + rapport = ``redovisning.pdf``).

**Decision: merge the PDFs and their structure trees, not the DOCX files** (docs/pdf.md).
pypdf does not merge structure trees by itself, so :class:`_Combiner` does it.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any, cast

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from strukturer.errors import EngineError
from strukturer.pdf._objects import as_int, as_list, number_tree_pairs
from strukturer.pdf.finishing import PageLabelRange, finalize, open_pdf, write_pdf
from strukturer.pdf.fonts import unique_subset_tags
from strukturer.pdf.metadata import Conformance, PdfMetadata
from strukturer.pdf.metadata_pypdf import read_conformance


def _outline_items(
    writer: PdfWriter,
    reader: PdfReader,
    items: list[Any],
    parent: IndirectObject,
    page_offset: int,
) -> None:
    last: IndirectObject | None = None
    for item in items:
        if isinstance(item, list):
            if last is not None:
                _outline_items(writer, reader, item, last, page_offset)
            continue
        page = reader.get_destination_page_number(item)
        if page is None or page < 0:
            continue
        left = item.get("/Left")
        top = item.get("/Top")
        fit = Fit.xyz(
            float(left) if left is not None else None,
            float(top) if top is not None else None,
        )
        last = writer.add_outline_item(
            title=str(item.title), page_number=page + page_offset, parent=parent, fit=fit
        )


class _Combiner:
    """Appends parts to one writer, merging structure trees and outlines."""

    def __init__(self, writer: PdfWriter) -> None:
        self.writer = writer
        doc_elem = DictionaryObject({NameObject("/Type"): NameObject("/StructElem")})
        doc_elem[NameObject("/S")] = NameObject("/Document")
        self.doc_elem = doc_elem
        self.doc_ref = writer._add_object(doc_elem)
        self.struct_root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        self.root_ref = writer._add_object(self.struct_root)
        doc_elem[NameObject("/P")] = self.root_ref
        self.doc_kids = ArrayObject()
        self.role_map = DictionaryObject()
        self.nums = ArrayObject()
        self.key_offset = 0

    def add(self, reader: PdfReader, title: str, tagged: bool) -> None:
        writer = self.writer
        page_offset = len(writer.pages)
        for page in reader.pages:
            new_page = writer.add_page(page, excluded_keys=("/Annots",))
            if "/StructParents" in page:  # pypdf drops it when adding a page
                new_page[NameObject("/StructParents")] = NumberObject(
                    as_int(page["/StructParents"]) + self.key_offset
                )
        # Annotations after all pages, so link destinations map to the cloned pages.
        for page, new_page in zip(reader.pages, writer.pages[page_offset:], strict=True):
            annots = ArrayObject(self._clone_annot(a) for a in as_list(page.get("/Annots")))
            if annots:
                new_page[NameObject("/Annots")] = annots
        part_struct = reader.root_object.get("/StructTreeRoot")
        if tagged and part_struct is not None:
            self._merge_struct(cast(DictionaryObject, part_struct.get_object()), title)
        # Outline: one entry per part, the part's own outline nested under it.
        if len(writer.pages) > page_offset:
            entry = writer.add_outline_item(
                title=title, page_number=page_offset, parent=writer.get_outline_root()
            )
            _outline_items(writer, reader, reader.outline, entry, page_offset)

    def _clone_annot(self, annot: PdfObject) -> IndirectObject:
        writer = self.writer
        new_annot = (
            annot.clone(writer)
            if isinstance(annot, IndirectObject)
            else writer._add_object(annot.clone(writer)).indirect_reference
        )
        obj = cast(DictionaryObject, new_annot.get_object())
        if "/StructParent" in obj:
            obj[NameObject("/StructParent")] = NumberObject(
                as_int(obj["/StructParent"]) + self.key_offset
            )
        return new_annot

    def _merge_struct(self, src_root: DictionaryObject, title: str) -> None:
        writer = self.writer
        for kid in as_list(src_root.get("/K")):
            kid_obj = cast(DictionaryObject, kid.get_object())
            kid_obj.pop("/P", None)  # re-parented below; avoids cloning the old root
            new_kid = kid.clone(writer)
            new_obj = cast(DictionaryObject, new_kid.get_object())
            new_obj[NameObject("/P")] = self.doc_ref
            if new_obj.get("/S") == "/Document":
                new_obj[NameObject("/S")] = NameObject("/Part")
                new_obj[NameObject("/T")] = TextStringObject(title)
            self.doc_kids.append(new_kid)
        role_map = src_root.get("/RoleMap")
        if role_map is not None:
            for name, value in cast(DictionaryObject, role_map.get_object()).items():
                self.role_map.setdefault(NameObject(name), value.clone(writer))
        tree = src_root.get("/ParentTree")
        pairs = number_tree_pairs(cast(DictionaryObject, tree.get_object())) if tree else []
        for key, value in sorted(pairs, key=lambda kv: kv[0]):
            self.nums.append(NumberObject(key + self.key_offset))
            self.nums.append(value.clone(writer))
        next_key = src_root.get("/ParentTreeNextKey")
        self.key_offset += (
            as_int(next_key) if next_key is not None else max((k for k, _ in pairs), default=-1) + 1
        )

    def finish_tree(self) -> None:
        root = self.writer.root_object
        self.doc_elem[NameObject("/K")] = self.doc_kids
        self.struct_root[NameObject("/K")] = ArrayObject([self.doc_ref])
        self.struct_root[NameObject("/RoleMap")] = self.role_map
        self.struct_root[NameObject("/ParentTree")] = self.writer._add_object(
            DictionaryObject({NameObject("/Nums"): self.nums})
        )
        self.struct_root[NameObject("/ParentTreeNextKey")] = NumberObject(self.key_offset)
        root[NameObject("/StructTreeRoot")] = self.root_ref
        root[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )


def combine(
    parts: Sequence[tuple[Path, str]],
    dst: Path,
    metadata: PdfMetadata,
    *,
    page_labels: Sequence[PageLabelRange] | None = None,
) -> None:
    """Join PDFs (e.g. cover letter + report) into *dst*, keeping tags and PDF/A.

    Each part gets an outline entry titled as given, with its own outline nested
    under it. The parts' structure trees are merged under one ``Document`` element
    (each part becomes a ``Part``), with ``/StructParents`` keys renumbered, so the
    result stays tagged. All parts must make the same PDF/A claim.
    """
    if not parts:
        raise EngineError("combine() needs at least one part")
    readers = [open_pdf(Path(p)) for p, _ in parts]
    claims = {read_conformance(r) for r in readers}
    if len(claims) != 1:
        raise EngineError(
            "Cannot combine PDFs with different PDF/A or PDF/UA claims: "
            + ", ".join(
                f"{p}: {_describe(read_conformance(r))}"
                for (p, _), r in zip(parts, readers, strict=True)
            )
        )
    tagged = all("/StructTreeRoot" in r.root_object for r in readers)
    writer = PdfWriter()
    combiner = _Combiner(writer)
    for (_, title), reader in zip(parts, readers, strict=True):
        combiner.add(reader, title, tagged)
    if tagged:
        combiner.finish_tree()
    root = writer.root_object
    first_root = readers[0].root_object
    if "/OutputIntents" in first_root:
        root[NameObject("/OutputIntents")] = first_root["/OutputIntents"].clone(writer)
    root[NameObject("/PageMode")] = NameObject("/UseOutlines")
    unique_subset_tags(writer.pages)
    finalize(writer, metadata, readers, conformance=claims.pop(), page_labels=page_labels)
    write_pdf(writer, Path(dst))


def _describe(claims: Conformance) -> str:
    return f"PDF/A-{claims.pdfa or '(none)'}, PDF/UA-{claims.pdfua or '(none)'}"
