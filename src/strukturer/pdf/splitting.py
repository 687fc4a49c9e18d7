"""Splitting one exported PDF into per-record PDFs (the mail merge), keeping tags.

The mail merge exports a document of many records once and splits it here, ten times
cheaper than LibreOffice exporting every record by page range (docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

import attrs
from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    TreeObject,
)

from strukturer.errors import EngineError
from strukturer.pdf._objects import as_int, as_list, idnum, number_tree_pairs
from strukturer.pdf.finishing import finalize, open_pdf, write_pdf
from strukturer.pdf.metadata_pypdf import read_conformance

if TYPE_CHECKING:
    from strukturer.pdf.records_split import RecordPart


@attrs.define
class _OutlineEntry:
    title: str
    page: int | None
    children: list[_OutlineEntry]


class _Source:
    """What every part of one split reads: the pages each structure element touches
    (computed once, not once per part) and the outline."""

    def __init__(self, reader: PdfReader) -> None:
        self.reader = reader
        self._pages_of: dict[int, frozenset[int]] = {}
        self._kids: dict[int, list[tuple[PdfObject, PdfObject, frozenset[int]]]] = {}
        self.outline = self._entries(reader.outline)

    def kids(self, ref: PdfObject) -> list[tuple[PdfObject, PdfObject, frozenset[int]]]:
        """An element's kids, resolved, each with the pages it touches (memoised)."""
        key = idnum(ref)
        cached = self._kids.get(key)
        if cached is not None:
            return cached
        elem = cast(DictionaryObject, ref.get_object())
        kids: list[tuple[PdfObject, PdfObject, frozenset[int]]] = []
        for kid in as_list(elem.get("/K")):
            obj = cast(PdfObject, kid.get_object())
            pages: frozenset[int] = frozenset()
            if isinstance(obj, DictionaryObject):
                pages = self.pages_of(kid) if "/S" in obj else frozenset({idnum(obj.get("/Pg"))})
            kids.append((kid, obj, pages))
        if key != -1:
            self._kids[key] = kids
        return kids

    def _entries(self, items: list[Any]) -> list[_OutlineEntry]:
        entries: list[_OutlineEntry] = []
        for item in items:
            if isinstance(item, list):
                if entries:
                    entries[-1].children = self._entries(item)
                continue
            page = self.reader.get_destination_page_number(item)
            entries.append(_OutlineEntry(str(item.title), page, []))
        return entries

    def pages_of(self, ref: PdfObject) -> frozenset[int]:
        """The source page ids an element's content lies on (memoised by object id)."""
        key = idnum(ref)
        cached = self._pages_of.get(key)
        if cached is not None:
            return cached
        elem = cast(DictionaryObject, ref.get_object())
        pages = {idnum(elem.get("/Pg"))}
        for _, _, kid_pages in self.kids(ref):
            pages |= kid_pages
        result = frozenset(pages - {-1})
        if key != -1:
            self._pages_of[key] = result
        return result


class _Splitter:
    """Copies a page span of a tagged PDF into a new writer with its own structure tree.

    Structure elements are copied by hand rather than with ``clone``: their ``/P`` links
    lead to the whole tree, which would pull every other record's pages along.
    """

    def __init__(self, source: _Source, part: RecordPart) -> None:
        self.source = source
        reader = self.reader = source.reader
        self.writer = PdfWriter()
        self.span = range(part.first - 1, part.last)
        self.pages: dict[int, IndirectObject] = {}  # source page idnum -> new page
        self.annots: dict[int, IndirectObject] = {}  # source annotation idnum -> new
        self.elems: dict[int, IndirectObject] = {}  # source element idnum -> new element
        self.nums = ArrayObject()
        self.next_key = 0
        self.span_pages = {idnum(reader.pages[i].indirect_reference) for i in self.span}

    def copy_pages(self) -> list[tuple[DictionaryObject, DictionaryObject]]:
        """Add the span's pages; return (source, new) page pairs."""
        pairs: list[tuple[DictionaryObject, DictionaryObject]] = []
        for index in self.span:
            page = self.reader.pages[index]
            added = self.writer.add_page(page, excluded_keys=("/Annots",))
            self.pages[idnum(page.indirect_reference)] = cast(
                IndirectObject, added.indirect_reference
            )
            pairs.append((page, added))
        for source, new_page in pairs:
            kept = ArrayObject()
            for annot in as_list(source.get("/Annots")):
                if self._inside(annot):
                    new_annot = annot.clone(self.writer)
                    ref = (
                        new_annot
                        if isinstance(new_annot, IndirectObject)
                        else self.writer._add_object(new_annot)
                    )
                    self.annots[idnum(annot)] = ref
                    kept.append(ref)
            if kept:
                new_page[NameObject("/Annots")] = kept
        return pairs

    def _inside(self, annot: PdfObject) -> bool:
        """False for a link to a page outside the span (it would drag that page along)."""
        obj = cast(DictionaryObject, annot.get_object())
        action = obj.get("/A")
        dest = obj.get("/Dest")
        if action is not None and "/D" in cast(DictionaryObject, action.get_object()):
            dest = cast(DictionaryObject, action.get_object())["/D"]
        if dest is None:
            return True
        target = dest.get_object()
        if isinstance(target, ArrayObject) and target and isinstance(target[0], IndirectObject):
            return idnum(target[0]) in self.span_pages
        return not isinstance(target, ArrayObject)  # named destinations are not copied

    def copy_structure(self, pairs: list[tuple[DictionaryObject, DictionaryObject]]) -> None:
        src_root = self.reader.root_object.get("/StructTreeRoot")
        if src_root is None:
            return
        src = cast(DictionaryObject, src_root.get_object())
        writer = self.writer
        root = DictionaryObject({NameObject("/Type"): NameObject("/StructTreeRoot")})
        root_ref = writer._add_object(root)
        kids = ArrayObject(
            ref
            for kid in as_list(src.get("/K"))
            if (ref := self._copy_elem(kid, root_ref)) is not None
        )
        root[NameObject("/K")] = kids
        for key in ("/RoleMap", "/ClassMap"):
            if key in src:
                root[NameObject(key)] = src[key].clone(writer)
        tree = src.get("/ParentTree")
        entries = {}
        if tree is not None:
            entries = dict(number_tree_pairs(cast(DictionaryObject, tree.get_object())))
        for page, new_page in pairs:
            if "/StructParents" in page:
                new_page[NameObject("/StructParents")] = self._parent_entry(
                    entries.get(as_int(page["/StructParents"]))
                )
        for sourceidnum, ref in self.annots.items():
            annot = cast(DictionaryObject, ref.get_object())
            if "/StructParent" in annot:
                source = cast(DictionaryObject, self.reader.get_object(sourceidnum))
                annot[NameObject("/StructParent")] = self._parent_entry(
                    entries.get(as_int(source["/StructParent"]))
                )
        root[NameObject("/ParentTree")] = writer._add_object(
            DictionaryObject({NameObject("/Nums"): self.nums})
        )
        root[NameObject("/ParentTreeNextKey")] = NumberObject(self.next_key)
        writer.root_object[NameObject("/StructTreeRoot")] = root_ref
        writer.root_object[NameObject("/MarkInfo")] = DictionaryObject(
            {NameObject("/Marked"): BooleanObject(True)}
        )

    def _parent_entry(self, value: PdfObject | None) -> NumberObject:
        """Add a renumbered parent-tree entry mapped to the copied elements."""
        key = NumberObject(self.next_key)
        self.next_key += 1
        resolved = value.get_object() if value is not None else None
        if isinstance(resolved, ArrayObject):
            mapped: PdfObject = ArrayObject(self._mapped_elem(item) for item in resolved)
        else:
            mapped = self._mapped_elem(value)
        self.nums.extend([key, mapped])
        return key

    def _mapped_elem(self, item: PdfObject | None) -> PdfObject:
        if isinstance(item, IndirectObject) and item.idnum in self.elems:
            return self.elems[item.idnum]
        return NullObject()

    def _copy_elem(self, ref: PdfObject, parent: IndirectObject) -> IndirectObject | None:
        elem = ref.get_object()
        if not isinstance(elem, DictionaryObject) or "/S" not in elem:
            return None
        if elem.get("/S") != "/Document" and not self.source.pages_of(ref) & self.span_pages:
            return None
        writer = self.writer
        new = DictionaryObject()
        new_ref = writer._add_object(new)
        if isinstance(ref, IndirectObject):
            self.elems[ref.idnum] = new_ref
        for key, value in elem.items():
            if key in ("/P", "/K"):
                continue
            if key == "/Pg":
                page = self.pages.get(idnum(value))
                if page is not None:
                    new[NameObject(key)] = page
                continue
            new[NameObject(key)] = value.clone(writer)
        new[NameObject("/P")] = parent
        kids = ArrayObject()
        for kid, obj, pages in self.source.kids(ref):
            if isinstance(obj, DictionaryObject) and "/S" in obj and not pages & self.span_pages:
                continue  # another record's element: skipped without reading it
            copied = self._copy_kid(kid, obj, new_ref)
            if copied is not None:
                kids.append(copied)
        if "/K" in elem:
            new[NameObject("/K")] = kids
        return new_ref

    def _copy_kid(self, kid: PdfObject, obj: PdfObject, parent: IndirectObject) -> PdfObject | None:
        if isinstance(obj, NumberObject):
            return NumberObject(obj)  # a marked-content id on the element's page
        if not isinstance(obj, DictionaryObject):
            return None
        if "/S" in obj:
            return self._copy_elem(kid, parent)
        page = self.pages.get(idnum(obj.get("/Pg")))
        kind = obj.get("/Type")
        if kind == "/MCR":
            if page is None and "/Pg" in obj:
                return None
            mcr = DictionaryObject({NameObject("/Type"): NameObject("/MCR")})
            mcr[NameObject("/MCID")] = NumberObject(as_int(obj["/MCID"]))
            if page is not None:
                mcr[NameObject("/Pg")] = page
            return mcr
        if kind == "/OBJR":
            target = self.annots.get(idnum(obj.get("/Obj")))
            if target is None:
                return None
            objr = DictionaryObject({NameObject("/Type"): NameObject("/OBJR")})
            objr[NameObject("/Obj")] = target
            if page is not None:
                objr[NameObject("/Pg")] = page
            return objr
        return None

    def copy_outline(self) -> None:
        """The outline entries that point into the span, at their new pages."""
        self._outline(self.source.outline, self.writer.get_outline_root())

    def _outline(self, entries: list[_OutlineEntry], parent: TreeObject | IndirectObject) -> None:
        for entry in entries:
            if entry.page is None or entry.page not in self.span:
                continue
            added = self.writer.add_outline_item(
                title=entry.title, page_number=entry.page - self.span.start, parent=parent
            )
            self._outline(entry.children, added)


def split(pdf: Path | PdfReader, parts: Sequence[RecordPart]) -> None:
    """Write each part's pages of *pdf* as its own finished PDF, keeping tags and PDF/A.

    The mail merge exports a document of many records once and splits it here, ten
    times cheaper than LibreOffice exporting every record by page range
    (docs/performance.md). Each part gets its own structure tree (the elements on its
    pages, with the parent tree renumbered), its outline entries, the output intent,
    /Lang and /MarkInfo, and its own metadata as :func:`finish` writes it.
    """
    reader = pdf if isinstance(pdf, PdfReader) else open_pdf(Path(pdf))
    claims = read_conformance(reader)
    count = len(reader.pages)
    source_root = reader.root_object
    source = _Source(reader)
    for part in parts:
        if not 1 <= part.first <= part.last <= count:
            raise EngineError(f"{pdf}: pages {part.first}-{part.last} are not in 1-{count}")
        splitter = _Splitter(source, part)
        pairs = splitter.copy_pages()
        splitter.copy_structure(pairs)
        splitter.copy_outline()
        writer = splitter.writer
        if "/OutputIntents" in source_root:  # /Lang comes with the metadata
            intents = source_root["/OutputIntents"].clone(writer)
            writer.root_object[NameObject("/OutputIntents")] = intents
        finalize(writer, part.metadata, [reader], conformance=claims)
        write_pdf(writer, part.dst)
