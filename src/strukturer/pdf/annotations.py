"""Link annotations as PDF/UA-1 wants them, where LibreOffice 25.2 falls short.

* A link needs an alternate description in ``/Contents`` (ISO 14289-1 7.18.5;
  Matterhorn 28). LibreOffice leaves it out for the links of an updated table of
  contents; they get the title of the outline entry they lead to, a web link its URI.
* Every link must be in the structure tree: an ``OBJR`` in a ``Link`` element and a
  ``/StructParent`` on the annotation (ISO 14289-1 7.18.1, 7.18.5). LibreOffice tags the
  footnote number in the footnote area as ``Note > Lbl > Link`` but leaves that link's
  annotation (back to the reference in the text) out of the tree; it is attached here.
"""

from __future__ import annotations

from typing import cast

from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    IndirectObject,
    NameObject,
    NumberObject,
    PdfObject,
    TextStringObject,
)

from strukturer.pdf._objects import as_int, as_list, idnum, number_tree_pairs


def repair_links(writer: PdfWriter) -> None:
    """Describe links without ``/Contents`` and adopt footnote links left out of the tree."""
    pages = {idnum(page.indirect_reference): index for index, page in enumerate(writer.pages)}
    headings = _outline_targets(writer, pages)
    for page in writer.pages:
        for ref in as_list(page.get("/Annots")):
            annot = cast(DictionaryObject, ref.get_object())
            if annot.get("/Subtype") == "/Link" and not str(annot.get("/Contents", "")).strip():
                annot[NameObject("/Contents")] = TextStringObject(_describe(annot, pages, headings))
    _adopt_footnote_links(writer)


def _destination(annot: DictionaryObject) -> PdfObject | None:
    action = annot.get("/A")
    if action is not None:
        action_obj = cast(DictionaryObject, action.get_object())
        return action_obj.get("/D")
    return annot.get("/Dest")


def _target(dest: PdfObject | None, pages: dict[int, int]) -> tuple[int, float] | None:
    """(page index, top) of an explicit destination, or None."""
    arr = dest.get_object() if dest is not None else None
    if not isinstance(arr, ArrayObject) or not arr or idnum(arr[0]) not in pages:
        return None
    top = arr[3] if len(arr) > 3 and arr[1] == "/XYZ" else None
    return pages[idnum(arr[0])], float(top) if isinstance(top, (int, float)) else 0.0


def _outline_targets(writer: PdfWriter, pages: dict[int, int]) -> list[tuple[int, float, str]]:
    """(page index, top, title) of every outline entry with an explicit destination."""
    found: list[tuple[int, float, str]] = []
    outlines = writer.root_object.get("/Outlines")
    stack = [cast(DictionaryObject, outlines.get_object()).get("/First")] if outlines else []
    seen: set[int] = set()
    while stack:
        ref = stack.pop()
        if ref is None or idnum(ref) in seen:
            continue
        if idnum(ref) != -1:
            seen.add(idnum(ref))
        item = cast(DictionaryObject, ref.get_object())
        target = _target(_destination(item), pages)
        if target is not None:
            found.append((*target, str(item.get("/Title", ""))))
        stack += [item.get("/Next"), item.get("/First")]
    return found


def _describe(
    annot: DictionaryObject, pages: dict[int, int], headings: list[tuple[int, float, str]]
) -> str:
    action = annot.get("/A")
    if action is not None and "/URI" in cast(DictionaryObject, action.get_object()):
        return str(cast(DictionaryObject, action.get_object())["/URI"])
    target = _target(_destination(annot), pages)
    if target is None:
        return "Länk"
    page, top = target
    near = [(abs(t - top), title) for p, t, title in headings if p == page and title]
    return min(near)[1] if near else f"Sidan {page + 1}"


def _adopt_footnote_links(writer: PdfWriter) -> None:
    root_ref = writer.root_object.get("/StructTreeRoot")
    if root_ref is None:
        return
    root = cast(DictionaryObject, root_ref.get_object())
    tree = root.get("/ParentTree")
    tree_obj = cast(DictionaryObject, tree.get_object()) if tree is not None else None
    if tree_obj is None or "/Kids" in tree_obj or "/Nums" not in tree_obj:
        return  # a flat number tree is what LibreOffice, combine and split write
    labels = _label_links(root)
    next_key = root.get("/ParentTreeNextKey")
    key = (
        as_int(next_key)
        if next_key is not None
        else max((k for k, _ in number_tree_pairs(tree_obj)), default=-1) + 1
    )
    nums = cast(ArrayObject, tree_obj["/Nums"].get_object())
    for page in writer.pages:
        orphans = [
            ref
            for ref in as_list(page.get("/Annots"))
            if cast(DictionaryObject, ref.get_object()).get("/Subtype") == "/Link"
            and "/StructParent" not in cast(DictionaryObject, ref.get_object())
        ]
        candidates = labels.get(idnum(page.indirect_reference), [])
        if not orphans or len(orphans) != len(candidates):
            continue  # no safe pairing: the PDF/UA check reports what is left
        for annot_ref, elem_ref in zip(orphans, candidates, strict=True):
            elem = cast(DictionaryObject, elem_ref.get_object())
            objr = DictionaryObject({NameObject("/Type"): NameObject("/OBJR")})
            objr[NameObject("/Obj")] = annot_ref
            objr[NameObject("/Pg")] = page.indirect_reference
            elem[NameObject("/K")] = ArrayObject([*as_list(elem.get("/K")), objr])
            cast(DictionaryObject, annot_ref.get_object())[NameObject("/StructParent")] = (
                NumberObject(key)
            )
            nums.extend([NumberObject(key), elem_ref])
            key += 1
    root[NameObject("/ParentTreeNextKey")] = NumberObject(key)


def _label_links(root: DictionaryObject) -> dict[int, list[IndirectObject]]:
    """``Link`` elements in a ``Lbl`` without an annotation, by page, in tree order."""
    found: dict[int, list[IndirectObject]] = {}
    stack: list[tuple[PdfObject, str]] = [(kid, "") for kid in reversed(as_list(root.get("/K")))]
    while stack:
        ref, parent = stack.pop()
        elem = ref.get_object()
        if not isinstance(elem, DictionaryObject) or "/S" not in elem:
            continue
        kind = str(elem["/S"])
        kids = as_list(elem.get("/K"))
        has_objr = any(
            isinstance(obj := k.get_object(), DictionaryObject) and obj.get("/Type") == "/OBJR"
            for k in kids
        )
        if (
            kind == "/Link"
            and parent == "/Lbl"
            and not has_objr
            and isinstance(ref, IndirectObject)
        ):
            found.setdefault(idnum(elem.get("/Pg")), []).append(ref)
        stack += [(kid, kind) for kid in reversed(kids)]
    return found
