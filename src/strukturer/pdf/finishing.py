"""Finishing exported PDFs with pypdf: metadata, page labels, determinism, combining.

Everything here keeps what LibreOffice produced for PDF/A-2b and accessibility
(conventions A1, A2): ``/StructTreeRoot``, ``/MarkInfo``, ``/OutputIntents``, the
outline, ``/ViewerPreferences /DisplayDocTitle`` and the ``pdfaid`` claim. The Info
dictionary and the XMP packet are written together from one :class:`PdfMetadata`, so
they agree as PDF/A requires (ISO 19005-2, 6.6.2.3).
"""

from __future__ import annotations

import hashlib
import io
import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any, Literal, cast

import attrs
from lxml import etree
from pypdf import PdfReader, PdfWriter
from pypdf.constants import PageLabelStyle
from pypdf.generic import (
    ArrayObject,
    BooleanObject,
    ByteStringObject,
    DictionaryObject,
    Fit,
    IndirectObject,
    NameObject,
    NullObject,
    NumberObject,
    PdfObject,
    StreamObject,
    TextStringObject,
    TreeObject,
)

from strukturer.clock import default_build_time
from strukturer.errors import EngineError
from strukturer.pdf.engine import atomic_target, spans_from_starts

NS = {
    "x": "adobe:ns:meta/",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "pdfaid": "http://www.aiim.org/pdfa/ns/id/",
    "dc": "http://purl.org/dc/elements/1.1/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdfaExtension": "http://www.aiim.org/pdfa/ns/extension/",
    "pdfaSchema": "http://www.aiim.org/pdfa/ns/schema#",
    "pdfaProperty": "http://www.aiim.org/pdfa/ns/property#",
    "strukturer": "urn:strukturer:ns:provenance:1.0/",
}
_STANDARD_INFO = {"Title", "Author", "Subject", "Keywords", "Creator", "Producer"}
_STANDARD_INFO |= {"CreationDate", "ModDate", "Trapped"}
CREATOR = "strukturer"


def _str_dict(value: Mapping[str, str]) -> dict[str, str]:
    return {str(k): str(v) for k, v in value.items()}


@attrs.frozen
class PdfMetadata:
    """Document metadata written to both the Info dictionary and XMP.

    ``author`` is the agency. ``extra`` holds provenance strings (strukturer version,
    template versions, content sha256 ...) stored under their own XMP namespace
    (declared with a PDF/A extension schema) and as custom Info keys.
    """

    title: str
    author: str
    subject: str = ""
    keywords: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    language: str = "sv-SE"
    extra: Mapping[str, str] = attrs.field(factory=dict, converter=_str_dict, hash=False)
    #: The build time written as the creation and modification dates.
    created: datetime = attrs.field(factory=default_build_time)

    def __attrs_post_init__(self) -> None:
        for key in self.extra:
            if not _is_xml_name(key) or ":" in key or key in _STANDARD_INFO:
                raise EngineError(
                    f"Invalid provenance key {key!r}: use letters, digits, '_', '-' or '.', "
                    "starting with a letter, and not a standard PDF Info key"
                )


def _is_xml_name(key: str) -> bool:
    if not key or not key.isascii() or not (key[0].isalpha() or key[0] == "_"):
        return False
    return all(ch.isalnum() or ch in "_-." for ch in key)


@attrs.frozen
class PageLabelRange:
    """Pages from ``first_index`` (0-based) on are labelled in ``style`` from ``start``.

    ``style``: ``"D"`` arabic, ``"r"``/``"R"`` lower/upper roman, ``"a"``/``"A"`` letters.
    """

    first_index: int
    style: Literal["D", "r", "R", "a", "A"] = "D"
    start: int = 1
    prefix: str = ""


def roman_then_arabic(roman_pages: int) -> tuple[PageLabelRange, ...]:
    """Labels i, ii, … for the first *roman_pages* pages, then 1, 2, … ."""
    if roman_pages <= 0:
        return (PageLabelRange(0, "D"),)
    return (PageLabelRange(0, "r"), PageLabelRange(roman_pages, "D"))


# -- dates and determinism -----------------------------------------------------------


def _pdf_date(when: datetime) -> str:
    return when.strftime("D:%Y%m%d%H%M%S+00'00'")


def _xmp_date(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S+00:00")


# -- XMP -------------------------------------------------------------------------------


def _q(prefix: str, name: str) -> str:
    return f"{{{NS[prefix]}}}{name}"


def _pdfa_claim(reader: PdfReader) -> tuple[str, str] | None:
    """``(part, "B")`` for the PDF/A part claimed in the XMP, or None without a claim.

    LibreOffice 7.4 labels tagged PDF/A-1 output conformance "A" (cf. gotenberg#746);
    level A was never verified here, so the claim is normalised to level B.
    """
    meta = reader.root_object.get("/Metadata")
    if meta is None:
        return None
    try:
        root = etree.fromstring(cast(StreamObject, meta.get_object()).get_data())
    except etree.XMLSyntaxError:
        return None
    part_el = root.find(f".//{_q('pdfaid', 'part')}")
    part = (part_el.text or "").strip() if part_el is not None else ""
    if not part:  # the attribute form: <rdf:Description pdfaid:part="2" .../>
        for desc in root.iter(_q("rdf", "Description")):
            part = part or desc.get(_q("pdfaid", "part"), "")
    return (part, "B") if part else None


def build_xmp(
    metadata: PdfMetadata,
    *,
    pdfa: tuple[str, str] | None,
    when: datetime,
    producer: str,
    document_id: str,
) -> bytes:
    """The XMP packet matching the Info dictionary written by :func:`_info_dict`."""
    rdf_ns = NS["rdf"]
    xmpmeta = etree.Element(_q("x", "xmpmeta"), nsmap={"x": NS["x"]})
    rdf = etree.SubElement(xmpmeta, _q("rdf", "RDF"), nsmap={"rdf": rdf_ns})

    def description(*prefixes: str) -> etree._Element:
        desc = etree.SubElement(rdf, _q("rdf", "Description"), nsmap={p: NS[p] for p in prefixes})
        desc.set(_q("rdf", "about"), "")
        return desc

    def text(parent: etree._Element, prefix: str, name: str, value: str) -> None:
        etree.SubElement(parent, _q(prefix, name)).text = value

    def container(parent: etree._Element, tag: str, kind: str, values: Iterable[str]) -> None:
        holder = etree.SubElement(etree.SubElement(parent, tag), _q("rdf", kind))
        for value in values:
            li = etree.SubElement(holder, _q("rdf", "li"))
            if kind == "Alt":
                li.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")
            li.text = value

    if pdfa is not None:
        desc = description("pdfaid")
        text(desc, "pdfaid", "part", pdfa[0])
        if pdfa[1]:
            text(desc, "pdfaid", "conformance", pdfa[1])
    desc = description("dc")
    container(desc, _q("dc", "title"), "Alt", [metadata.title])
    container(desc, _q("dc", "creator"), "Seq", [metadata.author])
    if metadata.subject:
        container(desc, _q("dc", "description"), "Alt", [metadata.subject])
    container(desc, _q("dc", "language"), "Bag", [metadata.language])
    text(desc, "dc", "format", "application/pdf")
    desc = description("pdf")
    text(desc, "pdf", "Producer", producer)
    if metadata.keywords:
        text(desc, "pdf", "Keywords", ", ".join(metadata.keywords))
    desc = description("xmp")
    text(desc, "xmp", "CreatorTool", CREATOR)
    text(desc, "xmp", "CreateDate", _xmp_date(when))
    text(desc, "xmp", "ModifyDate", _xmp_date(when))
    text(desc, "xmp", "MetadataDate", _xmp_date(when))
    desc = description("xmpMM")
    text(desc, "xmpMM", "DocumentID", document_id)
    text(desc, "xmpMM", "InstanceID", document_id)
    if metadata.extra:
        desc = description("strukturer")
        for key, value in sorted(metadata.extra.items()):
            text(desc, "strukturer", key, value)
        _extension_schema(description("pdfaExtension", "pdfaSchema", "pdfaProperty"), metadata)
    body = etree.tostring(xmpmeta, encoding="utf-8")
    padding = (b" " * 99 + b"\n") * 20  # room for in-place edits, as XMP recommends
    return (
        b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        + body
        + b"\n"
        + padding
        + b'<?xpacket end="w"?>'
    )


def _extension_schema(desc: etree._Element, metadata: PdfMetadata) -> None:
    """Declare the provenance namespace: PDF/A allows only declared XMP properties."""
    schemas = etree.SubElement(desc, _q("pdfaExtension", "schemas"))
    li = etree.SubElement(etree.SubElement(schemas, _q("rdf", "Bag")), _q("rdf", "li"))
    li.set(_q("rdf", "parseType"), "Resource")
    etree.SubElement(li, _q("pdfaSchema", "schema")).text = "strukturer build provenance"
    etree.SubElement(li, _q("pdfaSchema", "namespaceURI")).text = NS["strukturer"]
    etree.SubElement(li, _q("pdfaSchema", "prefix")).text = "strukturer"
    seq = etree.SubElement(etree.SubElement(li, _q("pdfaSchema", "property")), _q("rdf", "Seq"))
    for key in sorted(metadata.extra):
        prop = etree.SubElement(seq, _q("rdf", "li"))
        prop.set(_q("rdf", "parseType"), "Resource")
        etree.SubElement(prop, _q("pdfaProperty", "name")).text = key
        etree.SubElement(prop, _q("pdfaProperty", "valueType")).text = "Text"
        etree.SubElement(prop, _q("pdfaProperty", "category")).text = "external"
        etree.SubElement(prop, _q("pdfaProperty", "description")).text = f"strukturer {key}"


def read_provenance(pdf: Path) -> dict[str, str]:
    """The provenance strings stamped by :func:`finish` (``PdfMetadata.extra``)."""
    reader = PdfReader(pdf)
    meta = reader.root_object.get("/Metadata")
    if meta is None:
        return {}
    root = etree.fromstring(cast(StreamObject, meta.get_object()).get_data())
    found: dict[str, str] = {}
    for desc in root.iter(_q("rdf", "Description")):
        for child in desc:
            tag = etree.QName(child)
            if tag.namespace == NS["strukturer"]:
                found[tag.localname] = child.text or ""
    return found


# -- writing ---------------------------------------------------------------------------


def _info_dict(metadata: PdfMetadata, when: datetime, producer: str) -> dict[str, str]:
    info = {
        "/Title": metadata.title,
        "/Author": metadata.author,
        "/Creator": CREATOR,
        "/Producer": producer,
        "/CreationDate": _pdf_date(when),
        "/ModDate": _pdf_date(when),
    }
    if metadata.subject:
        info["/Subject"] = metadata.subject
    if metadata.keywords:
        info["/Keywords"] = ", ".join(metadata.keywords)
    for key, value in sorted(metadata.extra.items()):
        info[f"/{key}"] = value
    return info


def _content_digest(writer: PdfWriter, xmp: bytes) -> bytes:
    """A digest of what the reader sees: page contents, fonts and metadata, not dates."""
    h = hashlib.sha256(xmp)
    for page in writer.pages:
        contents = page.get_contents()
        if contents is not None:
            h.update(contents.get_data())
    return h.digest()


def _apply(
    writer: PdfWriter,
    metadata: PdfMetadata,
    *,
    pdfa: tuple[str, str] | None,
    producer: str,
    page_labels: Sequence[PageLabelRange] | None,
) -> None:
    """Write metadata, /Lang, viewer preferences, page labels and a content-derived /ID."""
    when = metadata.created  # the build's time: reproducible output
    root = writer.root_object
    root[NameObject("/Lang")] = TextStringObject(metadata.language)
    prefs = root.get("/ViewerPreferences")
    prefs_obj = (
        cast(DictionaryObject, prefs.get_object()) if prefs is not None else DictionaryObject()
    )
    prefs_obj[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    root[NameObject("/ViewerPreferences")] = prefs_obj
    if page_labels:
        if "/PageLabels" in root:
            del root["/PageLabels"]
        ranges = sorted(page_labels, key=lambda r: r.first_index)
        count = len(writer.pages)
        for i, lab in enumerate(ranges):
            last = (ranges[i + 1].first_index if i + 1 < len(ranges) else count) - 1
            if lab.first_index < count and last >= lab.first_index:
                writer.set_page_label(
                    lab.first_index,
                    last,
                    PageLabelStyle(f"/{lab.style}"),
                    lab.prefix or None,
                    lab.start,
                )
    # The /ID and xmpMM ids come from the content, so equal input gives equal bytes.
    provisional = build_xmp(metadata, pdfa=pdfa, when=when, producer=producer, document_id="")
    digest = _content_digest(writer, provisional)
    document_id = f"uuid:{uuid.UUID(bytes=digest[:16])}"
    xmp = build_xmp(metadata, pdfa=pdfa, when=when, producer=producer, document_id=document_id)
    stream = StreamObject()
    stream._data = xmp  # uncompressed: PDF/A-1 forbids a filter on the metadata stream
    stream[NameObject("/Type")] = NameObject("/Metadata")
    stream[NameObject("/Subtype")] = NameObject("/XML")
    old = root.get("/Metadata")
    if isinstance(old, IndirectObject):  # reuse the object so no stale packet is left
        writer._objects[old.idnum - 1] = stream
        stream.indirect_reference = IndirectObject(old.idnum, 0, writer)
    else:
        root[NameObject("/Metadata")] = writer._add_object(stream)
    writer.metadata = _info_dict(metadata, when, producer)
    _normalise_icc_profiles(writer, when)
    writer._ID = ArrayObject([ByteStringObject(digest[:16]), ByteStringObject(digest[:16])])
    writer.compress_identical_objects(remove_duplicates=False, remove_unreferenced=True)


def _normalise_icc_profiles(writer: PdfWriter, when: datetime) -> None:
    """Set the creation date in each output intent's ICC header to *when*.

    LibreOffice generates the sRGB profile with lcms at export time, stamping the
    current time into the header (bytes 24-35), which breaks reproducibility.
    """
    for intent in cast(ArrayObject, writer.root_object.get("/OutputIntents", ArrayObject())):
        profile_ref = cast(DictionaryObject, intent.get_object()).get("/DestOutputProfile")
        if profile_ref is None:
            continue
        profile = cast(StreamObject, profile_ref.get_object())
        data = bytearray(profile.get_data())
        if len(data) < 128 or data[36:40] != b"acsp":
            continue
        stamp = (when.year, when.month, when.day, when.hour, when.minute, when.second)
        data[24:36] = b"".join(v.to_bytes(2, "big") for v in stamp)
        if any(data[84:100]):  # an ICC v4 profile ID: MD5 with flags, intent, ID zeroed
            scratch = bytearray(data)
            scratch[44:48] = scratch[64:68] = b"\0" * 4
            scratch[84:100] = b"\0" * 16
            data[84:100] = hashlib.md5(scratch, usedforsecurity=False).digest()
        profile.set_data(bytes(data))


def _producer(reader: PdfReader) -> str:
    info = reader.metadata
    base = str(info.get("/Producer", "")) if info else ""
    base = base.split(";")[0].strip()
    return f"{base}; {CREATOR}" if base else CREATOR


def _write(writer: PdfWriter, dst: Path) -> None:
    buf = io.BytesIO()
    writer.write(buf)
    with atomic_target(dst) as tmp:
        tmp.write_bytes(buf.getvalue())


def finish(
    pdf: Path,
    metadata: PdfMetadata,
    *,
    page_labels: Sequence[PageLabelRange] | None = None,
    dst: Path | None = None,
) -> None:
    """Stamp *metadata* (Info and XMP), /Lang and optional page labels into *pdf*.

    Writes in place (or to *dst*) atomically. With ``SOURCE_DATE_EPOCH`` set, the
    output is byte-for-byte reproducible: dates come from it and /ID from the content.
    """
    pdf = Path(pdf)
    try:
        reader = PdfReader(pdf)
    except Exception as exc:
        raise EngineError(f"{pdf}: not a readable PDF ({exc})") from exc
    writer = PdfWriter(clone_from=reader)
    _apply(
        writer,
        metadata,
        pdfa=_pdfa_claim(reader),
        producer=_producer(reader),
        page_labels=page_labels,
    )
    _write(writer, Path(dst) if dst is not None else pdf)


# -- combining -----------------------------------------------------------------------


def _number_tree_pairs(node: DictionaryObject) -> list[tuple[int, PdfObject]]:
    pairs: list[tuple[int, PdfObject]] = []
    nums = node.get("/Nums")
    if nums is not None:
        arr = cast(ArrayObject, nums.get_object())
        pairs += [(int(arr[i]), arr[i + 1]) for i in range(0, len(arr) - 1, 2)]
    for kid in cast(ArrayObject, node.get("/Kids", ArrayObject())):
        pairs += _number_tree_pairs(cast(DictionaryObject, kid.get_object()))
    return pairs


def _int(obj: PdfObject) -> int:
    return int(cast(NumberObject, obj.get_object()))


def _as_list(obj: PdfObject | None) -> list[PdfObject]:
    if obj is None:
        return []
    resolved = obj.get_object()
    return list(resolved) if isinstance(resolved, ArrayObject) else [obj]


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
                    _int(page["/StructParents"]) + self.key_offset
                )
        # Annotations after all pages, so link destinations map to the cloned pages.
        for page, new_page in zip(reader.pages, writer.pages[page_offset:], strict=True):
            annots = ArrayObject(self._clone_annot(a) for a in _as_list(page.get("/Annots")))
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
                _int(obj["/StructParent"]) + self.key_offset
            )
        return new_annot

    def _merge_struct(self, src_root: DictionaryObject, title: str) -> None:
        writer = self.writer
        for kid in _as_list(src_root.get("/K")):
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
        pairs = _number_tree_pairs(cast(DictionaryObject, tree.get_object())) if tree else []
        for key, value in sorted(pairs, key=lambda kv: kv[0]):
            self.nums.append(NumberObject(key + self.key_offset))
            self.nums.append(value.clone(writer))
        next_key = src_root.get("/ParentTreeNextKey")
        self.key_offset += (
            _int(next_key) if next_key is not None else max((k for k, _ in pairs), default=-1) + 1
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
    try:
        readers = [PdfReader(Path(p)) for p, _ in parts]
    except Exception as exc:
        raise EngineError(f"combine(): cannot read a part ({exc})") from exc
    claims = {_pdfa_claim(r) for r in readers}
    if len(claims) != 1:
        raise EngineError(
            "Cannot combine PDFs with different PDF/A claims: "
            + ", ".join(f"{p}: {_pdfa_claim(r)}" for (p, _), r in zip(parts, readers, strict=True))
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
    writer.pdf_header = readers[0].pdf_header
    _apply(
        writer,
        metadata,
        pdfa=claims.pop(),
        producer=_producer(readers[0]),
        page_labels=page_labels,
    )
    _write(writer, Path(dst))


def retitle(pdf: Path, title: str) -> None:
    """Set the title in both Info and XMP ``dc:title`` of *pdf*, in place, and show it
    in the viewer's title bar (conventions A1).

    For exports whose title could not be set before export (the remote backend):
    LibreOffice writes ``/DisplayDocTitle`` only when the document has a title.
    """
    reader = PdfReader(pdf)
    writer = PdfWriter(clone_from=reader)
    prefs = writer.root_object.get("/ViewerPreferences")
    prefs_obj = (
        cast(DictionaryObject, prefs.get_object()) if prefs is not None else DictionaryObject()
    )
    prefs_obj[NameObject("/DisplayDocTitle")] = BooleanObject(True)
    writer.root_object[NameObject("/ViewerPreferences")] = prefs_obj
    info = {str(k): str(v) for k, v in (reader.metadata or {}).items()}
    info["/Title"] = title
    writer.metadata = info
    meta = writer.root_object.get("/Metadata")
    if meta is not None:
        stream = cast(StreamObject, meta.get_object())
        root = etree.fromstring(stream.get_data())
        for holder in root.iter(_q("dc", "title")):
            for li in holder.iter(_q("rdf", "li")):
                li.text = title
        if root.find(f".//{_q('dc', 'title')}") is None:
            rdf = root.find(_q("rdf", "RDF"))
            if rdf is not None:
                desc = etree.SubElement(rdf, _q("rdf", "Description"), nsmap={"dc": NS["dc"]})
                desc.set(_q("rdf", "about"), "")
                alt = etree.SubElement(etree.SubElement(desc, _q("dc", "title")), _q("rdf", "Alt"))
                li = etree.SubElement(alt, _q("rdf", "li"))
                li.set("{http://www.w3.org/XML/1998/namespace}lang", "x-default")
                li.text = title
        body = etree.tostring(root, encoding="utf-8")
        new = StreamObject()
        new._data = (
            b'<?xpacket begin="\xef\xbb\xbf" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
            + body
            + b'\n<?xpacket end="w"?>'
        )
        new[NameObject("/Type")] = NameObject("/Metadata")
        new[NameObject("/Subtype")] = NameObject("/XML")
        if isinstance(meta, IndirectObject):
            writer._objects[meta.idnum - 1] = new
            new.indirect_reference = IndirectObject(meta.idnum, 0, writer)
    buf = io.BytesIO()
    writer.write(buf)
    pdf.write_bytes(buf.getvalue())


# -- splitting -----------------------------------------------------------------------


@attrs.frozen
class RecordPart:
    """Pages ``first``..``last`` (1-based, inclusive) of a PDF, written to ``dst``."""

    first: int
    last: int
    dst: Path = attrs.field(converter=Path)
    metadata: PdfMetadata


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
        key = _idnum(ref)
        cached = self._kids.get(key)
        if cached is not None:
            return cached
        elem = cast(DictionaryObject, ref.get_object())
        kids: list[tuple[PdfObject, PdfObject, frozenset[int]]] = []
        for kid in _as_list(elem.get("/K")):
            obj = cast(PdfObject, kid.get_object())
            pages: frozenset[int] = frozenset()
            if isinstance(obj, DictionaryObject):
                pages = self.pages_of(kid) if "/S" in obj else frozenset({_idnum(obj.get("/Pg"))})
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
        key = _idnum(ref)
        cached = self._pages_of.get(key)
        if cached is not None:
            return cached
        elem = cast(DictionaryObject, ref.get_object())
        pages = {_idnum(elem.get("/Pg"))}
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
        self.span_pages = {_idnum(reader.pages[i].indirect_reference) for i in self.span}

    def copy_pages(self) -> list[tuple[DictionaryObject, DictionaryObject]]:
        """Add the span's pages; return (source, new) page pairs."""
        pairs: list[tuple[DictionaryObject, DictionaryObject]] = []
        for index in self.span:
            page = self.reader.pages[index]
            added = self.writer.add_page(page, excluded_keys=("/Annots",))
            self.pages[_idnum(page.indirect_reference)] = cast(
                IndirectObject, added.indirect_reference
            )
            pairs.append((page, added))
        for source, new_page in pairs:
            kept = ArrayObject()
            for annot in _as_list(source.get("/Annots")):
                if self._inside(annot):
                    new_annot = annot.clone(self.writer)
                    ref = (
                        new_annot
                        if isinstance(new_annot, IndirectObject)
                        else self.writer._add_object(new_annot)
                    )
                    self.annots[_idnum(annot)] = ref
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
            return _idnum(target[0]) in self.span_pages
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
            for kid in _as_list(src.get("/K"))
            if (ref := self._copy_elem(kid, root_ref)) is not None
        )
        root[NameObject("/K")] = kids
        for key in ("/RoleMap", "/ClassMap"):
            if key in src:
                root[NameObject(key)] = src[key].clone(writer)
        tree = src.get("/ParentTree")
        entries = {}
        if tree is not None:
            entries = dict(_number_tree_pairs(cast(DictionaryObject, tree.get_object())))
        for page, new_page in pairs:
            if "/StructParents" in page:
                new_page[NameObject("/StructParents")] = self._parent_entry(
                    entries.get(_int(page["/StructParents"]))
                )
        for source_idnum, ref in self.annots.items():
            annot = cast(DictionaryObject, ref.get_object())
            if "/StructParent" in annot:
                source = cast(DictionaryObject, self.reader.get_object(source_idnum))
                annot[NameObject("/StructParent")] = self._parent_entry(
                    entries.get(_int(source["/StructParent"]))
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
                page = self.pages.get(_idnum(value))
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
        page = self.pages.get(_idnum(obj.get("/Pg")))
        kind = obj.get("/Type")
        if kind == "/MCR":
            if page is None and "/Pg" in obj:
                return None
            mcr = DictionaryObject({NameObject("/Type"): NameObject("/MCR")})
            mcr[NameObject("/MCID")] = NumberObject(_int(obj["/MCID"]))
            if page is not None:
                mcr[NameObject("/Pg")] = page
            return mcr
        if kind == "/OBJR":
            target = self.annots.get(_idnum(obj.get("/Obj")))
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


def _idnum(obj: PdfObject | None) -> int:
    return obj.idnum if isinstance(obj, IndirectObject) else -1


def destination_spans(pdf: PdfReader, prefix: str) -> list[tuple[int, int]]:
    """Page spans ``(first, last)`` (1-based) of records whose named destinations start
    with *prefix*: each runs from its destination's page to the page before the next.

    The engine exports Word bookmarks as named destinations on request
    (``PdfOptions.bookmark_destinations``), so the layout tells where each record lies.
    """
    starts = sorted(
        page + 1
        for name, dest in pdf.named_destinations.items()
        if name.lstrip("/").startswith(prefix)
        and (page := pdf.get_destination_page_number(dest)) is not None
        and page >= 0
    )
    return spans_from_starts(starts, len(pdf.pages))


def split(pdf: Path | PdfReader, parts: Sequence[RecordPart]) -> None:
    """Write each part's pages of *pdf* as its own finished PDF, keeping tags and PDF/A.

    The mail merge exports a document of many records once and splits it here, ten
    times cheaper than LibreOffice exporting every record by page range
    (docs/performance.md). Each part gets its own structure tree (the elements on its
    pages, with the parent tree renumbered), its outline entries, the output intent,
    /Lang and /MarkInfo, and its own metadata as :func:`finish` writes it.
    """
    try:
        reader = pdf if isinstance(pdf, PdfReader) else PdfReader(Path(pdf))
    except Exception as exc:
        raise EngineError(f"{pdf}: not a readable PDF ({exc})") from exc
    pdfa, producer = _pdfa_claim(reader), _producer(reader)
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
        writer.pdf_header = reader.pdf_header
        if "/OutputIntents" in source_root:  # /Lang comes from the metadata, in _apply
            intents = source_root["/OutputIntents"].clone(writer)
            writer.root_object[NameObject("/OutputIntents")] = intents
        _apply(writer, part.metadata, pdfa=pdfa, producer=producer, page_labels=None)
        _write(writer, part.dst)


def split_records(pdf: Path, prefix: str, targets: Sequence[tuple[Path, PdfMetadata]]) -> None:
    """Split *pdf* at its named destinations ``prefix…`` into one finished PDF per
    record: ``targets`` are each record's ``(dst, metadata)`` in document order."""
    reader = PdfReader(Path(pdf))
    spans = destination_spans(reader, prefix)
    if len(spans) != len(targets):
        raise EngineError(
            f"{Path(pdf).name}: found {len(spans)} records (named destinations {prefix}…) "
            f"where {len(targets)} were rendered"
        )
    split(
        reader,
        [
            RecordPart(first, last, dst, metadata)
            for (first, last), (dst, metadata) in zip(spans, targets, strict=True)
        ],
    )
