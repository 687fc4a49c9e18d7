"""A document's outline for the mail merge's split (:mod:`strukturer.pdf.qpdf_split`):
read once per document, and each record's entries written into its PDF."""

from __future__ import annotations

import itertools

import pikepdf
from pikepdf import Array, Dictionary, Name, Pdf

#: An object's number and generation (pikepdf's ``objgen``).
ObjGen = tuple[int, int]

Entry = tuple[str, int | None, list["Entry"]]  # title, page index, children


def read_outline(src: Pdf, pages: dict[ObjGen, int]) -> list[Entry]:
    """The outline of ``src``: each entry's title, the index of its page, its children."""
    outlines = src.Root.get("/Outlines")
    return _entries(outlines.get("/First"), pages) if outlines is not None else []


def _entries(item: pikepdf.Object | None, pages: dict[ObjGen, int]) -> list[Entry]:
    found: list[Entry] = []
    seen: set[ObjGen] = set()
    while item is not None and item.objgen not in seen:
        seen.add(item.objgen)
        dest = item.get("/Dest")
        if dest is None and "/A" in item:
            dest = item.A.get("/D")
        page = None
        if isinstance(dest, Array) and len(dest) and isinstance(dest[0], Dictionary):
            page = pages.get(dest[0].objgen)
        found.append((str(item.get("/Title", "")), page, _entries(item.get("/First"), pages)))
        item = item.get("/Next")
    return found


def add_outline(out: Pdf, entries: list[Entry], span: range, pages: list[pikepdf.Object]) -> None:
    """Add the entries pointing into ``span`` (indexes of the source's pages, whose
    copies are ``pages``) as ``out``'s outline."""
    top = out.make_indirect(Dictionary(Type=Name.Outlines))
    if _outline_items(out, entries, span, pages, top):
        out.Root.Outlines = top


def _outline_items(
    out: Pdf,
    entries: list[Entry],
    span: range,
    pages: list[pikepdf.Object],
    parent: pikepdf.Object,
) -> int:
    """Add the entries pointing into ``span`` under ``parent``; return how many."""
    items = []
    for title, page, children in entries:
        if page is None or page not in span:
            continue
        item = out.make_indirect(
            Dictionary(
                Title=pikepdf.String(title),
                Parent=parent,
                Dest=Array([pages[page - span.start], Name.Fit]),
            )
        )
        count = _outline_items(out, children, span, pages, item)
        if count:
            item.Count = count
        items.append(item)
    for before, after in itertools.pairwise(items):
        before.Next, after.Prev = after, before
    if items:
        parent.First, parent.Last = items[0], items[-1]
        parent.Count = len(items)
    return len(items)
