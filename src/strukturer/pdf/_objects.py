"""Small helpers over pypdf objects shared by finishing, combining, splitting and checking."""

from __future__ import annotations

from typing import cast

from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NumberObject, PdfObject


def as_list(obj: PdfObject | None) -> list[PdfObject]:
    """An array's items, a single object as a one-item list, nothing for None."""
    if obj is None:
        return []
    resolved = obj.get_object()
    return list(resolved) if isinstance(resolved, ArrayObject) else [obj]


def as_int(obj: PdfObject) -> int:
    return int(cast(NumberObject, obj.get_object()))


def idnum(obj: PdfObject | None) -> int:
    """The object number of an indirect reference, -1 for a direct object."""
    return obj.idnum if isinstance(obj, IndirectObject) else -1


def number_tree_pairs(node: DictionaryObject) -> list[tuple[int, PdfObject]]:
    """The (key, value) pairs of a number tree (e.g. the ``/ParentTree``)."""
    pairs: list[tuple[int, PdfObject]] = []
    nums = node.get("/Nums")
    if nums is not None:
        arr = cast(ArrayObject, nums.get_object())
        pairs += [(int(arr[i]), arr[i + 1]) for i in range(0, len(arr) - 1, 2)]
    for kid in as_list(node.get("/Kids")):
        pairs += number_tree_pairs(cast(DictionaryObject, kid.get_object()))
    return pairs
