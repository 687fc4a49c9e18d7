"""Assertions on exported PDFs (pypdf + lxml), shared by the tests."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from lxml import etree
from pypdf import PdfReader
from pypdf.generic import BooleanObject

PDFAID = "http://www.aiim.org/pdfa/ns/id/"


def fonts_not_embedded(reader: PdfReader) -> list[str]:
    """Names of fonts (other than Type3) without an embedded font program."""
    from strukturer.pdf.fonts import descendant, font_file, iter_fonts  # noqa: PLC0415

    return [
        str(font.get("/BaseFont"))
        for font in iter_fonts(reader.pages)
        if descendant(font).get("/Subtype") != "/Type3" and font_file(font) is None
    ]


def pdfa_claim(reader: PdfReader) -> tuple[str, str]:
    """(part, conformance) from the XMP packet."""
    root = etree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    part = root.find(f".//{{{PDFAID}}}part")
    conf = root.find(f".//{{{PDFAID}}}conformance")
    assert part is not None, "no pdfaid:part in XMP"
    assert conf is not None, "no pdfaid:conformance in XMP"
    return (part.text or "", conf.text or "")


def outline_titles(reader: PdfReader) -> list[str]:
    titles: list[str] = []

    def walk(items: list[Any]) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(str(item.title))

    walk(reader.outline)
    return titles


def assert_accessible_pdfa(path: Path, *, title: str, part: str = "2") -> PdfReader:
    """Tagged, PDF/A-<part>b, fonts embedded, sv-SE, title shown (conventions A1, A2)."""
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert "/StructTreeRoot" in root
    assert root["/MarkInfo"]["/Marked"] == BooleanObject(True)
    assert root["/Lang"] == "sv-SE"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"] == BooleanObject(True)
    assert reader.metadata is not None
    assert reader.metadata.title == title
    assert pdfa_claim(reader) == (part, "B")
    assert "/OutputIntents" in root
    assert fonts_not_embedded(reader) == []
    return reader


def assert_struct_tree_consistent(reader: PdfReader) -> None:
    """Every page's /StructParents and annotation's /StructParent is in the ParentTree,
    and every OBJR points at an annotation that is on a page."""
    tree = reader.trailer["/Root"]["/StructTreeRoot"]
    nums = tree["/ParentTree"]["/Nums"]
    keys = {int(nums[i]) for i in range(0, len(nums), 2)}
    annots: set[int] = set()
    for page in reader.pages:
        if "/StructParents" in page:
            assert int(page["/StructParents"]) in keys
        for annot in page.get("/Annots", []):
            annots.add(annot.idnum)
            obj = annot.get_object()
            if "/StructParent" in obj:
                assert int(obj["/StructParent"]) in keys
    stack = [tree]
    while stack:
        node = stack.pop().get_object()
        kids = node.get("/K")
        if kids is None:
            continue
        kids = kids.get_object()
        for kid in kids if isinstance(kids, list) else [kids]:
            obj = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(obj, dict):
                if obj.get("/Type") == "/OBJR":
                    assert obj.raw_get("/Obj").idnum in annots
                elif "/S" in obj:
                    stack.append(obj)


def marked_content_ids(page: Any) -> set[int]:
    """The MCIDs of the marked content on *page* (BDC operators with an /MCID)."""
    from pypdf.generic import ContentStream  # noqa: PLC0415

    content = ContentStream(page.get_contents(), page.pdf)
    ids = set()
    for operands, operator in content.operations:
        if operator == b"BDC" and len(operands) > 1 and hasattr(operands[1], "get"):
            mcid = operands[1].get("/MCID")
            if mcid is not None:
                ids.add(int(mcid))
    return ids


def assert_marked_content_owned(reader: PdfReader) -> None:
    """Each element belongs to this file's tree and pages; every marked-content id on a
    page reaches, through the ParentTree, the element that lists it for that page."""
    root = reader.trailer["/Root"]
    tree = root["/StructTreeRoot"].get_object()
    pages = {page.indirect_reference.idnum for page in reader.pages}
    owners: dict[tuple[int, int], int] = {}

    def walk(ref: Any, parent: int) -> None:
        elem = ref.get_object()
        assert elem.raw_get("/P").idnum == parent, "an element's /P is not its parent"
        page = elem.raw_get("/Pg").idnum if "/Pg" in elem else None
        assert page is None or page in pages, "an element points to a page of another file"
        kids = elem.get("/K")
        kids = kids.get_object() if kids is not None else []
        for kid in kids if isinstance(kids, list) else [kids]:
            obj = kid.get_object() if hasattr(kid, "get_object") else kid
            if isinstance(obj, int):
                assert page is not None
                owners[(page, int(obj))] = ref.idnum
            elif obj.get("/Type") == "/MCR":
                mcr_page = obj.raw_get("/Pg").idnum if "/Pg" in obj else page
                assert mcr_page in pages
                owners[(mcr_page, int(obj["/MCID"]))] = ref.idnum
            elif "/S" in obj:
                walk(kid, ref.idnum)

    for kid in tree["/K"] if isinstance(tree["/K"], list) else [tree["/K"]]:
        walk(kid, root.raw_get("/StructTreeRoot").idnum)
    nums = tree["/ParentTree"]["/Nums"]
    entries = {int(nums[i]): nums[i + 1].get_object() for i in range(0, len(nums), 2)}
    for page in reader.pages:
        ids = marked_content_ids(page)
        if not ids:
            continue
        entry = entries[int(page["/StructParents"])]
        for mcid in ids:
            assert entry[mcid].idnum == owners[(page.indirect_reference.idnum, mcid)]


FIXTURES = Path(__file__).parent.parent / "fixtures" / "pdf"
#: LibreOffice 25.2's tagged PDF/A-2b + PDF/UA-1 export of three records (5 pages) and a
#: letter; made by tests/fixtures/make_pdf_fixtures.py.
RECORDS_PDF = FIXTURES / "records.pdf"
LETTER_PDF = FIXTURES / "letter.pdf"
RECORD_TITLES = ["Brev till Kommun 001", "Brev till Kommun 002", "Brev till Kommun 003"]


def pdfua_claim(reader: PdfReader) -> str | None:
    """``pdfuaid:part`` from the XMP packet."""
    root = etree.fromstring(reader.trailer["/Root"]["/Metadata"].get_object().get_data())
    return root.findtext(".//{http://www.aiim.org/pdfua/ns/id/}part")


def outline_levels(reader: PdfReader) -> list[int]:
    """The depth (1 = top) of each outline entry, in order."""
    levels: list[int] = []

    def walk(items: list[Any], depth: int) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item, depth + 1)
            else:
                levels.append(depth)

    walk(reader.outline, 1)
    return levels


def heading_levels(reader: PdfReader) -> list[int]:
    """The level of each H1-H6 structure element, in document order."""
    from strukturer.pdf.structure import StructWalk  # noqa: PLC0415

    return [int(e.kind[1]) for e in StructWalk(reader).elements if e.kind[:1] == "H" and e.kind[1:]]


def assert_pdfua(path: Path) -> PdfReader:
    """Declares PDF/A-2b and PDF/UA-1, header 1.4 or later, no machine-check findings."""
    from strukturer.pdf.accessibility import check_pdfua  # noqa: PLC0415

    reader = PdfReader(path)
    assert check_pdfua(reader) == []
    assert pdfa_claim(reader) == ("2", "B")
    assert pdfua_claim(reader) == "1"
    assert reader.pdf_header >= "%PDF-1.4"
    return reader
