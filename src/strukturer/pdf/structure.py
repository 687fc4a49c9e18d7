"""Reading a tagged PDF's structure tree and page content, for the PDF/UA check."""

from __future__ import annotations

from typing import cast

import attrs
from pypdf import PageObject, PdfReader
from pypdf.generic import ContentStream, DictionaryObject, NumberObject, PdfObject

from strukturer.pdf._objects import as_int, as_list, idnum, number_tree_pairs

#: ISO 32000-1 14.8.4: the standard structure types (PDF/UA-1 builds on PDF 1.7).
STANDARD_TYPES = frozenset(
    [
        "Document",
        "Part",
        "Art",
        "Sect",
        "Div",
        "BlockQuote",
        "Caption",
        "TOC",
        "TOCI",
        "Index",
        "NonStruct",
        "Private",
        "P",
        "H",
        "H1",
        "H2",
        "H3",
        "H4",
        "H5",
        "H6",
        "L",
        "LI",
        "Lbl",
        "LBody",
        "Table",
        "TR",
        "TH",
        "TD",
        "THead",
        "TBody",
        "TFoot",
        "Span",
        "Quote",
        "Note",
        "Reference",
        "BibEntry",
        "Code",
        "Link",
        "Annot",
        "Ruby",
        "RB",
        "RT",
        "RP",
        "Warichu",
        "WT",
        "WP",
        "Figure",
        "Formula",
        "Form",
    ]
)
# Operators that put something on the page (ISO 32000-1 Tables 59, 107, 87, 77).
_PAINTING = {b"Tj", b"TJ", b"'", b'"', b"Do", b"sh", b"INLINE IMAGE", b"BI"}
_PAINTING |= {b"f", b"F", b"f*", b"B", b"B*", b"b", b"b*", b"S", b"s"}


@attrs.define
class Element:
    """One structure element, with its type resolved through the role map."""

    kind: str
    parent_kind: str
    page_label: str
    alt: str | None = None
    actual_text: str | None = None
    lang: str | None = None
    id: str | None = None
    scope: str | None = None
    headers: bool = False
    children: list[Element] = attrs.field(factory=list)


class StructWalk:
    """The structure tree of *reader* walked once, in document order."""

    def __init__(self, reader: PdfReader) -> None:
        tree = cast(DictionaryObject, reader.root_object["/StructTreeRoot"].get_object())
        role_map = tree.get("/RoleMap")
        self.role_map = {
            str(k).lstrip("/"): str(v).lstrip("/")
            for k, v in (cast(DictionaryObject, role_map.get_object()) if role_map else {}).items()
        }
        self.page_numbers = {
            idnum(page.indirect_reference): number
            for number, page in enumerate(reader.pages, start=1)
        }
        self.unknown_types: set[str] = set()
        self.elements: list[Element] = []
        self.mcids: dict[int, set[int]] = {}  # page idnum -> marked-content ids in the tree
        self.annotation_owner: dict[int, str] = {}  # annotation idnum -> element type
        parent_tree = tree.get("/ParentTree")
        self.parent_keys = {
            key
            for key, _ in (
                number_tree_pairs(cast(DictionaryObject, parent_tree.get_object()))
                if parent_tree is not None
                else []
            )
        }
        seen: set[int] = set()
        stack: list[tuple[PdfObject, str, Element | None]] = [
            (kid, "", None) for kid in reversed(as_list(tree.get("/K")))
        ]
        while stack:
            ref, parent_kind, parent = stack.pop()
            if idnum(ref) in seen:  # a cycle (or an element listed twice): once is enough
                continue
            if idnum(ref) != -1:  # direct objects cannot repeat
                seen.add(idnum(ref))
            elem = self._element(ref, parent_kind)
            if elem is None:
                continue
            (parent.children if parent is not None else []).append(elem)
            kids = as_list(cast(DictionaryObject, ref.get_object()).get("/K"))
            elements = self._content_kids(ref, elem.kind, kids)
            stack += [(kid, elem.kind, elem) for kid in reversed(elements)]

    def resolve(self, name: str) -> str:
        """The standard type *name* is mapped to (through the role map), or *name*."""
        seen = {name}
        while name not in STANDARD_TYPES:
            target = self.role_map.get(name)
            if target is None or target in seen:
                self.unknown_types.add(name)
                return name
            seen.add(target)
            name = target
        return name

    def _element(self, ref: PdfObject, parent_kind: str) -> Element | None:
        obj = ref.get_object()
        if not isinstance(obj, DictionaryObject) or "/S" not in obj:
            return None
        page = self.page_numbers.get(idnum(obj.get("/Pg")))
        elem = Element(
            kind=self.resolve(str(obj["/S"]).lstrip("/")),
            parent_kind=parent_kind,
            page_label=str(page) if page is not None else "?",
            alt=_text(obj.get("/Alt")),
            actual_text=_text(obj.get("/ActualText")),
            lang=_text(obj.get("/Lang")),
            id=_text(obj.get("/ID")),
        )
        for attributes in as_list(obj.get("/A")):
            attr = attributes.get_object()
            if isinstance(attr, DictionaryObject) and attr.get("/O") == "/Table":
                if "/Scope" in attr:
                    elem.scope = str(attr["/Scope"]).lstrip("/")
                elem.headers = elem.headers or "/Headers" in attr
        self.elements.append(elem)
        return elem

    def _content_kids(self, ref: PdfObject, kind: str, kids: list[PdfObject]) -> list[PdfObject]:
        """Record marked content and annotations; return the kids that are elements."""
        elem = cast(DictionaryObject, ref.get_object())
        page = idnum(elem.get("/Pg"))
        elements: list[PdfObject] = []
        for kid in kids:
            obj = kid.get_object()
            if isinstance(obj, NumberObject):
                self.mcids.setdefault(page, set()).add(int(obj))
            elif isinstance(obj, DictionaryObject) and obj.get("/Type") == "/MCR":
                mcr_page = idnum(obj.get("/Pg")) if "/Pg" in obj else page
                self.mcids.setdefault(mcr_page, set()).add(as_int(obj["/MCID"]))
            elif isinstance(obj, DictionaryObject) and obj.get("/Type") == "/OBJR":
                self.annotation_owner[idnum(obj.get("/Obj"))] = kind
            elif isinstance(obj, DictionaryObject) and "/S" in obj:
                elements.append(kid)
        return elements

    def descendants(self, elem: Element) -> list[Element]:
        found: list[Element] = []
        stack = list(elem.children)
        while stack:
            child = stack.pop()
            found.append(child)
            stack += child.children
        return found


def _text(value: PdfObject | None) -> str | None:
    return str(value.get_object()) if value is not None else None


def page_content(page: PageObject) -> tuple[int, set[int]]:
    """How many painting operators on *page* are neither in tagged marked content nor
    in an artifact, and the marked-content ids used on it."""
    properties = cast(DictionaryObject, page.get("/Resources") or DictionaryObject()).get(
        "/Properties"
    )
    named = cast(DictionaryObject, properties.get_object()) if properties is not None else {}
    contents = page.get_contents()
    if contents is None:
        return 0, set()
    stack: list[str] = []  # "artifact", "tagged" or "other" per open marked-content
    untagged = 0
    mcids: set[int] = set()
    for operands, operator in ContentStream(contents, page.pdf).operations:
        if operator in (b"BDC", b"BMC"):
            tag = operands[0] if operands else None
            props = operands[1] if operator == b"BDC" and len(operands) > 1 else None
            if props is not None and not isinstance(props, DictionaryObject):
                props = named.get(props)
                props = props.get_object() if props is not None else None
            if tag == "/Artifact":
                stack.append("artifact")
            elif isinstance(props, DictionaryObject) and "/MCID" in props:
                mcids.add(as_int(props["/MCID"]))
                stack.append("tagged")
            else:
                stack.append("other")
        elif operator == b"EMC":
            if stack:
                stack.pop()
        elif operator in _PAINTING and "artifact" not in stack and "tagged" not in stack:
            untagged += 1
    return untagged, mcids
