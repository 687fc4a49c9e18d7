"""Checking a template's zip package before anything parses it.

A template.docx comes from many hands. Before python-docx or docxtpl opens it, this
module makes sure it is a complete zip package, that no part inflates beyond the
limits (a 0.4 MB file can hold a document.xml of hundreds of MB), and that every
internal relationship points at a part that exists, and that every XML part is
well-formed XML, read without entities or network access (docs/limits.md).
"""

from __future__ import annotations

import hashlib
import io
import posixpath
import zipfile
from pathlib import Path

from lxml import etree

from strukturer._cache import code_digest, has_mark, set_mark
from strukturer.errors import LimitError, TemplateError
from strukturer.limits import Limits, current_limits

_RELS_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)


def verify_package(path: Path, limits: Limits | None = None) -> None:
    """Raise TemplateError (or LimitError) naming ``path`` if it is not a sound package.

    A package once found sound is not checked again: its bytes, the limits and
    strukturer's source files (``_cache.code_digest``) make a key kept in memory and in
    the user's cache (docs/performance.md).
    """
    limits = limits or current_limits()
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template ({exc.strerror or exc})") from exc
    key = _verified_key(data, limits)
    if key in _verified or has_mark(_CACHE_KIND, key):
        _verified.add(key)
        return
    _verify(path, data, limits)
    _verified.add(key)
    set_mark(_CACHE_KIND, key)


_CACHE_KIND = "sound-templates"
_verified: set[str] = set()


def _verified_key(data: bytes, limits: Limits) -> str:
    parts = (hashlib.sha256(data).digest(), repr(limits).encode(), code_digest())
    return hashlib.sha256(b"\0".join(parts)).hexdigest()


def _verify(path: Path, data: bytes, limits: Limits) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            infos = package.infolist()
            _check_sizes(path, infos, limits)
            names = {info.filename for info in infos}
            if "[Content_Types].xml" not in names:
                raise TemplateError(
                    f"{path}: not a Word file: the package has no [Content_Types].xml"
                )
            damaged = package.testzip()  # reads every part: sizes are bounded above
            if damaged is not None:
                raise TemplateError(f"{path}: the part {damaged} is damaged (bad checksum)")
            for name in sorted(n for n in names if n.endswith((".xml", ".rels"))):
                root = _parse(path, name, package.read(name))
                if name.endswith(".rels"):
                    _check_relationships(path, name, root, names)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError) as exc:
        raise TemplateError(
            f"{path}: not a Word file, or a truncated one (the zip package cannot be read: {exc})"
        ) from exc
    except OSError as exc:
        raise TemplateError(f"{path}: cannot read the template ({exc.strerror or exc})") from exc


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo], limits: Limits) -> None:
    # zipfile stops reading a part at its declared size (and then fails its checksum),
    # so the declared sizes bound what parsing can inflate.
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.template_part_bytes:
            raise LimitError(
                f"{path}: the part {info.filename} inflates to {info.file_size:,} bytes, "
                + limits.over("template_part_bytes")
            )
    if total > limits.template_package_bytes:
        raise LimitError(
            f"{path}: the package inflates to {total:,} bytes, "
            + limits.over("template_package_bytes")
        )


def _parse(path: Path, name: str, data: bytes) -> etree._Element:
    """The part ``name`` parsed (no entities, no network, no huge text nodes)."""
    try:
        return etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise TemplateError(f"{path}: the part {name} is not valid XML ({exc.msg})") from exc


def _check_relationships(path: Path, rels: str, root: etree._Element, names: set[str]) -> None:
    """Every internal target of ``rels`` must be a part of the package."""
    # "word/_rels/document.xml.rels" describes "word/document.xml"; targets are relative
    # to the folder of that source part ("_rels/.rels": the package root).
    base = posixpath.dirname(posixpath.dirname(rels))
    for rel in root.iter(f"{{{_RELS_NS}}}Relationship"):
        if rel.get("TargetMode") == "External":
            continue
        target = rel.get("Target", "")
        resolved = (
            target.lstrip("/")
            if target.startswith("/")
            else posixpath.normpath(posixpath.join(base, target))
        )
        if resolved not in names:
            raise TemplateError(
                f"{path}: relationship {rel.get('Id')} in {rels} points at the part "
                f"{resolved}, which the package does not have"
            )
