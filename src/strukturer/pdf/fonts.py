"""Fonts of a PDF: finding them, and keeping subset tags unique when files are joined.

A subset font's name starts with a six-letter tag (``BAAAAA+LiberationSerif``) that
must differ for different subsets in one file (ISO 32000-1, 9.6.4). LibreOffice numbers
the tags per export (``BAAAAA``, ``CAAAAA``, …), so two exports joined by ``combine``
carry the same tag for two different subsets; :func:`unique_subset_tags` renames the
later ones.
"""

from __future__ import annotations

import hashlib
import re
import string
from collections.abc import Iterable, Iterator
from typing import cast

from pypdf import PageObject
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, PdfObject, StreamObject

_TAG = re.compile(r"^([A-Z]{6})\+")
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def iter_fonts(pages: Iterable[PageObject]) -> Iterator[DictionaryObject]:
    """Each font dictionary used by *pages* (and their form XObjects), once.

    Type0 fonts are yielded, not their descendants: see :func:`descendant`.
    """
    seen: set[int] = set()

    def resources(res: PdfObject | None) -> Iterator[DictionaryObject]:
        if res is None:
            return
        res_obj = cast(DictionaryObject, res.get_object())
        if id(res_obj) in seen:
            return
        seen.add(id(res_obj))
        fonts = res_obj.get("/Font")
        for ref in cast(DictionaryObject, fonts.get_object()).values() if fonts else ():
            font = cast(DictionaryObject, ref.get_object())
            if id(font) not in seen:
                seen.add(id(font))
                yield font
        xobjects = res_obj.get("/XObject")
        for ref in cast(DictionaryObject, xobjects.get_object()).values() if xobjects else ():
            xobj = cast(DictionaryObject, ref.get_object())
            if xobj.get("/Subtype") == "/Form":
                yield from resources(xobj.get("/Resources"))

    for page in pages:
        yield from resources(page.get("/Resources"))


def descendant(font: DictionaryObject) -> DictionaryObject:
    """The font that has the descriptor: a Type0 font's descendant, else the font."""
    if font.get("/Subtype") == "/Type0":
        return cast(DictionaryObject, cast(ArrayObject, font["/DescendantFonts"])[0].get_object())
    return font


def font_file(font: DictionaryObject) -> StreamObject | None:
    """The embedded font program, or None (Type3 fonts have none and need none)."""
    desc = descendant(font).get("/FontDescriptor")
    if desc is None:
        return None
    desc_obj = cast(DictionaryObject, desc.get_object())
    for key in FONT_FILES:
        if key in desc_obj:
            return cast(StreamObject, desc_obj[key].get_object())
    return None


def subset_tag(font: DictionaryObject) -> str | None:
    """The six-letter subset tag of *font*'s name, or None for a whole font."""
    match = _TAG.match(str(font.get("/BaseFont", "")).lstrip("/"))
    return match.group(1) if match else None


def font_digest(font: DictionaryObject) -> str:
    """A digest of the embedded program (what distinguishes two subsets)."""
    program = font_file(font)
    data = program.get_data() if program is not None else str(font.get("/BaseFont")).encode()
    return hashlib.sha256(data).hexdigest()


def unique_subset_tags(pages: Iterable[PageObject]) -> int:
    """Give every distinct subset its own tag; return how many fonts were renamed.

    The new tag is derived from the font program, so equal input gives equal output.
    """
    fonts = [(font, subset_tag(font)) for font in iter_fonts(pages)]
    digests = {id(font): font_digest(font) for font, tag in fonts if tag is not None}
    owner: dict[str, str] = {}  # tag -> digest of the first subset using it
    for font, tag in fonts:
        if tag is not None:
            owner.setdefault(tag, digests[id(font)])
    assigned: dict[tuple[str, str], str] = {}  # (old tag, digest) -> new tag
    renamed = 0
    for font, tag in fonts:
        if tag is None or owner[tag] == (digest := digests[id(font)]):
            continue
        new = assigned.get((tag, digest))
        if new is None:  # two fonts of one subset (a shared descriptor) get one tag
            new = assigned[(tag, digest)] = _free_tag(digest, owner)
            owner[new] = digest
        _rename(font, tag, new)
        renamed += 1
    return renamed


def _free_tag(digest: str, used: dict[str, str]) -> str:
    value = int(digest, 16)
    while True:
        tag = ""
        rest = value
        for _ in range(6):
            rest, index = divmod(rest, 26)
            tag += string.ascii_uppercase[index]
        if tag not in used:
            return tag
        value += 1


def _rename(font: DictionaryObject, old: str, new: str) -> None:
    """Replace the tag in the font's, its descendant's and the descriptor's names."""
    targets = [font, descendant(font)]
    desc = descendant(font).get("/FontDescriptor")
    if desc is not None:
        targets.append(cast(DictionaryObject, desc.get_object()))
    for obj in targets:
        for key in ("/BaseFont", "/FontName"):
            name = str(obj.get(key, "")).lstrip("/")
            if name.startswith(f"{old}+"):
                obj[NameObject(key)] = NameObject(f"/{new}{name[len(old) :]}")
