"""The mail merge's split with pikepdf (qpdf's C++): what is the same for every record
of a document is done once, the copying and writing in C++.

:func:`strukturer.pdf.records_split.split_records` comes here for every document it can
split this way (:func:`describe_links` says when not) and writes the same things the pypdf
split does: each record's pages, the structure elements on them and the parent-tree
entries of those pages, its outline entries, links, output intent, ``/Lang``,
``/MarkInfo``, and its own Info and XMP metadata. What is done once per document, not
per record: parsing it; finding the pages each structure element lies on; normalising
the ICC profile's date (:func:`strukturer.pdf.metadata.normalised_icc`); reading the
conformance claims and the producer. The font programs, the ICC profile and the content
streams are copied as LibreOffice compressed them, never decoded or deflated again.

The structure tree is copied by qpdf too: before each record's copy, the elements that
hold other records' content as well (the ``Document`` element, typically) are given
only this record's kids, and the tree's root only this record's parent-tree entries, so
that following ``/P`` and ``/K`` reaches this record's elements and nothing else. The
source is an in-memory copy that is never written.
"""

from __future__ import annotations

import hashlib
import io
import uuid
import zlib
from collections.abc import Iterator, Sequence
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

from strukturer.errors import EngineError
from strukturer.pdf._files import atomic_target
from strukturer.pdf.metadata import (
    conformance_of_packet,
    info_dict,
    normalised_icc,
    producer_from,
)
from strukturer.pdf.qpdf_outline import ObjGen, add_outline, read_outline
from strukturer.pdf.xmp_stamp import XmpStamper

if TYPE_CHECKING:
    from strukturer.pdf.metadata import PdfMetadata
    from strukturer.pdf.records_split import RecordPart

_Placed = dict[ObjGen, list[int]]  # page -> the indexes of the kids on it


def destination_starts(src: Pdf, prefix: str) -> list[int]:
    """The 1-based pages of the named destinations starting with ``prefix``, sorted."""
    pages = {page.obj.objgen: index for index, page in enumerate(src.pages)}
    found = []
    for name, dest in _named_destinations(src):
        if not name.startswith(prefix):
            continue
        target = dest.get("/D") if isinstance(dest, Dictionary) else dest
        if isinstance(target, Array) and len(target) and target[0].objgen in pages:
            found.append(pages[target[0].objgen] + 1)
    return sorted(found)


def _named_destinations(src: Pdf) -> Iterator[tuple[str, pikepdf.Object]]:
    root = src.Root
    if "/Dests" in root:  # PDF 1.1 style: a dictionary, as LibreOffice writes
        for key, value in root.Dests.items():
            yield key.lstrip("/"), value
    if "/Names" in root and "/Dests" in root.Names:
        for name, value in pikepdf.NameTree(root.Names.Dests).items():
            yield name if isinstance(name, str) else name.decode("latin-1"), value


def describe_links(src: Pdf) -> bool:
    """Give each web link without an alternate description its URI, as
    :func:`strukturer.pdf.annotations.repair_links` does (in the source, once for all
    records); return whether every link now has what PDF/UA wants. A link without a
    ``/StructParent``, or one within the document without a description (``repair_links``
    describes it by the heading it leads to), needs the pypdf split."""
    for page in src.pages:
        for annot in page.obj.get("/Annots", ()):
            if annot.get("/Subtype") != Name.Link:
                continue
            if "/StructParent" not in annot:
                return False
            if str(annot.get("/Contents", "")).strip():
                continue
            action = annot.get("/A")
            if action is None or "/URI" not in action:
                return False
            annot.Contents = pikepdf.String(str(action.URI))
    return True


class _Document:
    """What every record of one document shares, computed once."""

    def __init__(self, src: Pdf) -> None:
        self.src = src
        root = src.Root
        self.page_ids = [page.obj.objgen for page in src.pages]
        self.struct_parents = {
            page.obj.objgen: int(page.obj.StructParents)
            for page in src.pages
            if "/StructParents" in page.obj
        }
        self.tree = root.get("/StructTreeRoot")
        self._pages_of: dict[ObjGen, frozenset[ObjGen]] = {}
        self.parents: dict[int, pikepdf.Object] = {}
        # Of each indirect element: its kids and page as written, and the elements by page.
        self.kids: dict[ObjGen, tuple[list[pikepdf.Object], _Placed, dict[int, ObjGen]]] = {}
        self.page_of: dict[ObjGen, pikepdf.Object] = {}
        self.by_page: dict[ObjGen, list[pikepdf.Object]] = {}
        self.documents: list[pikepdf.Object] = []
        self.top: list[pikepdf.Object] = []
        if self.tree is not None:
            if "/ParentTree" in self.tree:
                self.parents = dict(_number_tree(self.tree.ParentTree))
            for kid in _as_list(self.tree.get("/K")):
                if isinstance(kid, Dictionary) and "/S" in kid and kid.is_indirect:
                    self._pages(kid)
                    self.top.append(kid)
            for key in ("/IDTree", "/ParentTreeNextKey"):  # every record's ids; set per record
                if key in self.tree:
                    del self.tree[key]
        metadata = root.get("/Metadata")
        packet = metadata.read_bytes() if metadata is not None else b""
        info = src.trailer.get("/Info")
        producer = str(info.get("/Producer", "")) if info is not None else ""
        self.xmp = XmpStamper(conformance_of_packet(packet), producer_from(producer))
        self.outline = read_outline(src, {page: i for i, page in enumerate(self.page_ids)})
        self.version = src.pdf_version
        self._icc_stamped: datetime | None = None

    def _pages(self, ref: pikepdf.Object) -> frozenset[ObjGen]:
        """The pages an element's content lies on. Of an indirect element, also records
        its kids as LibreOffice wrote them, indexed by the page each lies on, and its
        page (restricting changes both)."""
        key = ref.objgen
        if key in self._pages_of:
            return self._pages_of[key]
        own = ref.get("/Pg")
        kids = _as_list(ref.get("/K"))
        placed: dict[ObjGen, list[int]] = {}
        links: dict[int, ObjGen] = {}  # kid index -> the annotation of an OBJR
        for index, kid in enumerate(kids):
            on: frozenset[ObjGen] | set[ObjGen] = set()
            if not isinstance(kid, Dictionary):  # a marked-content id on the element's page
                on = {own.objgen} if own is not None else set()
            elif "/S" in kid:
                on = self._pages(kid)
            elif (page := kid.get("/Pg", own)) is not None:
                on = {page.objgen}
                if kid.get("/Type") == Name.OBJR:
                    links[index] = kid.Obj.objgen
            for page_id in on:
                placed.setdefault(page_id, []).append(index)
        result = frozenset(placed) | ({own.objgen} if own is not None else frozenset())
        if key != (0, 0):  # indirect, so it can be restricted
            self._pages_of[key] = result
            self.kids[key] = (kids, placed, links)
            if own is not None:
                self.page_of[key] = own
            for page_id in result:
                self.by_page.setdefault(page_id, []).append(ref)
            if ref.get("/S") == Name.Document:
                self.documents.append(ref)
        return result

    def stamp_icc(self, when: datetime) -> None:
        """Date the output intents' ICC profiles as the build (once per document)."""
        if self._icc_stamped == when:
            return
        self._icc_stamped = when
        for intent in _as_list(self.src.Root.get("/OutputIntents")):
            profile = intent.get("/DestOutputProfile")
            if profile is None:
                continue
            data = normalised_icc(profile.read_bytes(), when)
            if data is not None:
                profile.write(zlib.compress(data), filter=Name.FlateDecode)

    def restrict(self, span: set[ObjGen], annots: set[ObjGen]) -> None:
        """Leave in the tree only what lies on ``span`` (see the module docstring)."""
        if self.tree is None:
            return
        touched = {e.objgen: e for page in span for e in self.by_page.get(page, ())}
        touched |= {e.objgen: e for e in self.documents}
        for key, elem in touched.items():
            kids, placed, links = self.kids[key]
            chosen = sorted({i for page in span for i in placed.get(page, ())})
            kept = [kids[i] for i in chosen if i not in links or links[i] in annots]
            if len(kept) != len(kids) or not self._pages_of[key] <= span:
                elem.K = Array(kept)
            page = self.page_of.get(key)
            if page is not None and page.objgen in span:
                elem.Pg = page
            elif "/Pg" in elem:
                del elem["/Pg"]
        self.tree.K = Array(
            kid for kid in self.top if self._pages(kid) & span or kid.get("/S") == Name.Document
        )
        keys = sorted(self._parent_keys(span, annots))
        nums = Array(item for key in keys for item in (key, self.parents[key]))
        self.tree.ParentTree = self.src.make_indirect(Dictionary(Nums=nums))

    def _parent_keys(self, span: set[ObjGen], annots: set[ObjGen]) -> Iterator[int]:
        for page in span:
            key = self.struct_parents.get(page)
            if key is not None and key in self.parents:
                yield key
        for annot_id in annots:
            annot = self.src.get_object(annot_id)
            if "/StructParent" in annot and int(annot.StructParent) in self.parents:
                yield int(annot.StructParent)


def _as_list(obj: pikepdf.Object | None) -> list[pikepdf.Object]:
    if obj is None:
        return []
    return list(obj) if isinstance(obj, Array) else [obj]


def _number_tree(node: pikepdf.Object) -> Iterator[tuple[int, pikepdf.Object]]:
    nums = _as_list(node.get("/Nums"))
    for i in range(0, len(nums) - 1, 2):
        yield int(nums[i]), nums[i + 1]
    for kid in _as_list(node.get("/Kids")):
        yield from _number_tree(kid)


def split(src: Pdf, parts: Sequence[RecordPart]) -> None:
    """Write each part's pages of ``src`` as its own finished PDF (module docstring)."""
    document = _Document(src)
    count = len(src.pages)
    for part in parts:
        if not 1 <= part.first <= part.last <= count:
            where = f"pages {part.first}-{part.last}"
            raise EngineError(f"{src.filename}: {where} are not in 1-{count}")
    for part in parts:
        document.stamp_icc(part.metadata.created)
        data = _record(document, part)
        with atomic_target(part.dst) as tmp:
            tmp.write_bytes(data)


def _record(document: _Document, part: RecordPart) -> bytes:
    src = document.src
    span = range(part.first - 1, part.last)
    span_ids = {document.page_ids[i] for i in span}
    out = Pdf.new()
    new_pages: list[pikepdf.Object] = []
    stashed = []
    for index in span:  # links are added below: one to another record would copy its page
        page = src.pages[index].obj
        stashed.append(page.get("/Annots"))
        if "/Annots" in page:
            del page["/Annots"]
        out.pages.append(src.pages[index])
        new_pages.append(out.pages[-1].obj)
    kept_annots: set[ObjGen] = set()
    for index, new_page, annots in zip(span, new_pages, stashed, strict=True):
        if annots is None:
            continue
        src.pages[index].obj.Annots = annots
        inside = [a for a in annots if _inside(a, span_ids)]
        kept_annots |= {a.objgen for a in inside}
        if inside:
            new_page.Annots = Array(_copy(out, a) for a in inside)
    root = out.Root
    if document.tree is not None:
        document.restrict(span_ids, kept_annots)
        root.StructTreeRoot = out.copy_foreign(document.tree)
        keys = [int(k) for k in list(document.tree.ParentTree.Nums)[::2]]
        root.StructTreeRoot.ParentTreeNextKey = max(keys, default=-1) + 1
        root.MarkInfo = Dictionary(Marked=True)
    if "/OutputIntents" in src.Root:
        root.OutputIntents = _copy(out, src.Root.OutputIntents)
    add_outline(out, document.outline, span, new_pages)
    _add_metadata(out, document, part.metadata, new_pages)
    buf = io.BytesIO()
    out.save(
        buf,
        min_version=document.version,
        compress_streams=False,  # what is compressed stays as it was; the XMP stays plain
        stream_decode_level=pikepdf.StreamDecodeLevel.none,
        object_stream_mode=pikepdf.ObjectStreamMode.disable,
        deterministic_id=True,
        fix_metadata_version=False,
    )
    return buf.getvalue()


def _copy(out: Pdf, obj: pikepdf.Object) -> pikepdf.Object:
    """``obj`` of another PDF in ``out``: indirect objects through qpdf's copier (each
    once per output), direct containers rebuilt around them."""
    if obj.is_indirect:
        return out.copy_foreign(obj)
    if isinstance(obj, Array):
        return Array(_copy(out, item) for item in obj)
    if isinstance(obj, Dictionary):
        return Dictionary({key: _copy(out, value) for key, value in obj.items()})
    return obj


def _inside(annot: pikepdf.Object, span: set[ObjGen]) -> bool:
    """False for a link to a page outside the span (it would drag that page along)."""
    dest = annot.get("/Dest")
    action = annot.get("/A")
    if action is not None and "/D" in action:
        dest = action.D
    if dest is None:
        return True
    if isinstance(dest, Array):
        return not len(dest) or not isinstance(dest[0], Dictionary) or dest[0].objgen in span
    return False  # named destinations are not copied


def _add_metadata(
    out: Pdf, document: _Document, metadata: PdfMetadata, pages: list[pikepdf.Object]
) -> None:
    """Info and XMP as :func:`strukturer.pdf.finishing.finalize` writes them, with a
    document id from the content, ``/Lang`` and ``/DisplayDocTitle``."""
    digest = hashlib.sha256(document.xmp.packet(metadata, ""))
    for page in pages:
        for stream in _as_list(page.get("/Contents")):
            digest.update(stream.read_raw_bytes())
    packet = document.xmp.packet(metadata, f"uuid:{uuid.UUID(bytes=digest.digest()[:16])}")
    stream = out.make_stream(packet, Type=Name.Metadata, Subtype=Name.XML)
    root = out.Root
    root.Metadata = stream
    root.Lang = pikepdf.String(metadata.language)
    root.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    info = info_dict(metadata, metadata.created, document.xmp.producer)
    out.trailer.Info = out.make_indirect(
        Dictionary({key: pikepdf.String(value) for key, value in info.items()})
    )


def open_source(pdf: Path) -> Pdf:
    """``pdf`` opened for splitting, or EngineError naming it."""
    try:
        return Pdf.open(pdf)
    except pikepdf.PdfError as exc:
        raise EngineError(f"{pdf}: not a readable PDF ({exc})") from exc
