"""Mail merge: one template rendered for many records as one document.

The template's body is wrapped in a loop over the records, with a bookmark and a page
break at the start of each record, and rendered once per batch of records; the PDF
engine then loads each such document once and exports it whole, and the PDF is split per
record by its bookmarks (docs/merge.md: render once, load once, export once). Each
record's own DOCX comes from :class:`RecordDocx`.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from typing import Any

import jinja2
from docx.oxml import OxmlElement
from docx.oxml.ns import nsmap, qn
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from lxml import etree
from markupsafe import Markup

from strukturer.content.records import Record
from strukturer.errors import TemplateError
from strukturer.model import Prose
from strukturer.model._validators import describe_char, first_invalid_xml_char
from strukturer.render.docx import DocumentInfo, render_docx
from strukturer.render.jinja import current_prose_renderer, make_environment
from strukturer.render.package import INTERMEDIATE_TIME, write_package
from strukturer.render.template_library import TemplateVersion

#: The bookmark at the start of each record. Letters only: LibreOffice exports bookmarks as
#: PDF named destinations (how the merge finds each record's pages) and hex-escapes
#: every other character in their names.
BOOKMARK_PREFIX = "StrukturerRecord"
_DOCUMENT = "word/document.xml"
_FIELD_RE = re.compile(r"\{([^{}]+)\}")
_UNSAFE_FILENAME = re.compile(r"[^\w.-]+")


def record_fields(template: TemplateVersion) -> frozenset[str]:
    """The fields of ``record`` the template uses (``record.kommun``, ``record["kod"]``)."""
    tpl = DocxTemplate(str(template.docx))
    document = tpl.get_docx()
    xml = tpl.patch_xml(tpl.xml_to_string(document.element.body))
    try:
        tree = make_environment().parse(xml)
    except TemplateSyntaxError as exc:
        raise TemplateError(f"template {template}: {exc.message}") from exc
    fields = set()
    for node in tree.find_all(nodes.Getattr):
        assert isinstance(node, nodes.Getattr)
        if isinstance(node.node, nodes.Name) and node.node.name == "record":
            fields.add(node.attr)
    for item in tree.find_all(nodes.Getitem):
        assert isinstance(item, nodes.Getitem)
        is_record = isinstance(item.node, nodes.Name) and item.node.name == "record"
        if is_record and isinstance(item.arg, nodes.Const) and isinstance(item.arg.value, str):
            fields.add(item.arg.value)
    return frozenset(fields)


def output_name(pattern: str, record: Record) -> str:
    """The file name (without suffix) for ``record`` from a pattern like ``brev-{kommun}``.

    Raises KeyError naming a field the record lacks.
    """

    def field(match: re.Match[str]) -> str:
        return record.values[match[1].strip()]

    name = _UNSAFE_FILENAME.sub("-", _FIELD_RE.sub(field, pattern)).strip("-.")
    return name or f"record-{record.number}"


def problems_of(record: Record, fields: frozenset[str], pattern: str) -> list[str]:
    """Why ``record`` cannot be rendered (empty when it can)."""
    found = []
    if record.extra_cells:
        found.append("the row has more cells than the header")
    for name in sorted(fields):
        if not record.values.get(name, "").strip():
            found.append(f"field {name!r} is missing or empty")
    for name, value in sorted(record.values.items()):
        bad = first_invalid_xml_char(value)
        if bad is not None:
            found.append(f"field {name!r} contains {describe_char(bad)}")
    try:
        output_name(pattern, record)
    except KeyError as exc:
        found.append(f"the file name pattern {pattern!r} needs field {exc.args[0]!r}")
    return found


def merged_source(template: TemplateVersion) -> bytes:
    """The template's DOCX with its body repeated once per record (see module docstring)."""
    with zipfile.ZipFile(template.docx) as package:
        parts = {name: package.read(name) for name in package.namelist()}
    root = etree.fromstring(parts[_DOCUMENT])
    body = root.find(qn("w:body"))
    if body is None:
        raise TemplateError(f"template {template}: the document has no body")
    content = [child for child in body if child.tag != qn("w:sectPr")]
    if not content:
        raise TemplateError(f"template {template}: the document body is empty")
    first = content[0]
    if first.tag != qn("w:p"):
        first = OxmlElement("w:p")
        content[0].addprevious(first)
    _mark_record_start(first)
    content[0].addprevious(_tag_paragraph("{%p for record in records %}"))
    content[-1].addnext(_tag_paragraph("{%p endfor %}"))
    parts[_DOCUMENT] = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    return write_package(parts, INTERMEDIATE_TIME)  # docxtpl re-packs it with the build time


def _tag_paragraph(tag: str) -> etree._Element:
    p = OxmlElement("w:p")
    r = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = tag
    r.append(t)
    p.append(r)
    return p


def _mark_record_start(paragraph: etree._Element) -> None:
    ppr = paragraph.find(qn("w:pPr"))
    if ppr is None:
        ppr = OxmlElement("w:pPr")
        paragraph.insert(0, ppr)
    if ppr.find(qn("w:pageBreakBefore")) is None:
        brk = OxmlElement("w:pageBreakBefore")
        style = ppr.find(qn("w:pStyle"))
        if style is not None:
            style.addnext(brk)
        else:
            ppr.insert(0, brk)
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), "{{ 900000 + loop.index }}")
    start.set(qn("w:name"), BOOKMARK_PREFIX + "{{ loop.index }}")
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), "{{ 900000 + loop.index }}")
    ppr.addnext(start)
    start.addnext(end)


def merge_context(context: Mapping[str, Any], records: Sequence[Record]) -> dict[str, Any]:
    """The context for the merged document: everything plus ``records``."""
    return {**context, "records": [dict(r.values) for r in records]}


class _NeedsFullRender(Exception):
    """The fast path cannot promise the bytes ``render_docx`` would write."""


class _ProseReplay:
    """The first record's prose, in the order it was rendered, given again.

    Prose in a record template is the project's, the same for every record; its XML and
    what it added to other parts (footnotes, numbering, links) are in the first record's
    package. Any other prose, or the same prose in another order, needs a full render.
    """

    def __init__(self, log: list[tuple[Prose, Markup]]) -> None:
        self._log = log
        self._next = 0

    def __call__(self, prose: Prose) -> Markup:
        if self._next >= len(self._log) or self._log[self._next][0] != prose:
            raise _NeedsFullRender
        self._next += 1
        return self._log[self._next - 1][1]

    def done(self) -> None:
        """Raise unless every logged prose was given again."""
        if self._next != len(self._log):
            raise _NeedsFullRender


class RecordDocx:
    """One template's DOCX for many records, each byte-identical to :func:`render_docx`.

    ``render_docx`` opens the package, patches and compiles the Jinja of nine parts and
    saves every part again for each call: 30-40 ms for a one-page letter. Here the
    template is opened and its body's Jinja compiled once; the first record is rendered
    by ``render_docx`` and its parts kept; every later record renders only the body and
    reuses the other parts. That holds when the body is the only part with template
    markup and the records render the same prose as the first (the project's, whose
    links and footnotes are already in the kept parts); otherwise, or when the fast
    render fails, ``render_docx`` renders the record (and reports the error as it
    always does).
    """

    def __init__(
        self, template: TemplateVersion, context: Mapping[str, Any], info: DocumentInfo
    ) -> None:
        self._template = template
        self._context = context
        self._info = info
        self._package: _Package | None = None
        self._prose: list[tuple[Prose, Markup]] = []
        tpl = DocxTemplate(str(template.docx))
        self._root = tpl.get_docx().element
        self._fast = _only_body_has_markup(tpl, template)
        source = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml()))
        self._body = make_environment().from_string(source) if self._fast else None
        self._tpl = tpl

    @property
    def fast(self) -> bool:
        """Whether records after the first are rendered from the pre-built parts."""
        return self._fast

    def render(self, values: Mapping[str, str]) -> bytes:
        """The DOCX of the record with ``values``."""
        context = {**self._context, "record": dict(values)}
        if self._fast and self._package is not None:
            try:
                return self._package.with_part(self._render_body(context))
            except (_NeedsFullRender, jinja2.TemplateError):
                self._fast = False  # render_docx gives the exact bytes or error from now on
        first = self._fast and self._package is None
        data = render_docx(
            self._template, context, self._info, prose_log=self._prose if first else None
        )
        if first:
            self._package = _Package(data, _DOCUMENT)
        return data

    def _render_body(self, context: dict[str, Any]) -> bytes:
        """What DocxTemplate.render and render_docx do to the body, without the rest."""
        assert self._body is not None
        replay = _ProseReplay(self._prose)
        token = current_prose_renderer.set(replay)
        try:
            xml = self._body.render(context)
        finally:
            current_prose_renderer.reset(token)
        replay.done()
        xml = re.sub(r"\n<w:p([ >])", r"<w:p\1", xml)
        xml = xml.replace("{_{", "{{").replace("}_}", "}}").replace("{_%", "{%")
        xml = xml.replace("%_}", "%}")
        if any(char in xml for char in "\t\a\n\f"):  # else it would change nothing
            xml = self._tpl.resolve_listing(xml)
        body = self._tpl.fix_tables(xml)
        for number, element in enumerate(body.xpath("//wp:docPr", namespaces=nsmap), 1001):
            element.attrib["id"] = str(number)
        if body.xpath(".//w:p//w:p[not(ancestor::w:txbxContent)]", namespaces=nsmap):
            raise _NeedsFullRender  # render_docx raises the error that explains it
        self._root.replace(self._root[_body_index(self._root)], body)
        return bytes(etree.tostring(self._root, encoding="UTF-8", standalone=True))


class _Package:
    """A package written by ``write_package``, written again with one part replaced.

    The other entries are copied as they were compressed (their deflating was most of a
    record's time); the replaced entry is deflated as ``zipfile`` does, and its sizes,
    CRC and the offsets after it are set in the headers, so the bytes are the ones
    ``write_package`` writes for the same parts.
    """

    def __init__(self, data: bytes, name: str) -> None:
        with zipfile.ZipFile(io.BytesIO(data)) as package:
            entry = package.getinfo(name)
        end = data.rindex(b"PK\x05\x06")  # the end of central directory (no comment)
        directory = struct.unpack_from("<L", data, end + 16)[0]
        start = entry.header_offset
        header = start + 30 + sum(struct.unpack_from("<HH", data, start + 26))
        self._before = data[:start]
        self._header = data[start:header]
        self._after = data[header + entry.compress_size : directory]
        self._directory = data[directory:end]
        self._end = data[end:]
        self._old_size = entry.compress_size
        self._entries: list[tuple[int, bool]] = []  # (offset in directory, after the part)
        offset = 0
        while offset < len(self._directory):
            local = struct.unpack_from("<L", self._directory, offset + 42)[0]
            self._entries.append((offset, local >= start))
            offset += 46 + sum(struct.unpack_from("<HHH", self._directory, offset + 28))

    def with_part(self, payload: bytes) -> bytes:
        """The package with the part's content replaced by ``payload``."""
        deflate = zlib.compressobj(zlib.Z_DEFAULT_COMPRESSION, zlib.DEFLATED, -15)
        compressed = deflate.compress(payload) + deflate.flush()
        sizes = struct.pack("<LLL", zlib.crc32(payload), len(compressed), len(payload))
        shift = len(compressed) - self._old_size
        header = self._header[:14] + sizes + self._header[26:]
        directory = bytearray(self._directory)
        for offset, after in self._entries:
            local = struct.unpack_from("<L", directory, offset + 42)[0]
            if local == len(self._before):
                directory[offset + 16 : offset + 28] = sizes
            elif after:
                struct.pack_into("<L", directory, offset + 42, local + shift)
        end = bytearray(self._end)
        struct.pack_into("<L", end, 16, struct.unpack_from("<L", end, 16)[0] + shift)
        return b"".join(
            (self._before, header, compressed, self._after, bytes(directory), bytes(end))
        )


def _body_index(root: etree._Element) -> int:
    return next(i for i, child in enumerate(root) if child.tag == qn("w:body"))


def _only_body_has_markup(tpl: DocxTemplate, template: TemplateVersion) -> bool:
    """Whether ``word/document.xml`` is the only part docxtpl would render differently."""
    with zipfile.ZipFile(template.docx) as package:
        for name in package.namelist():
            if name == _DOCUMENT or not name.endswith((".xml", ".rels")):
                continue
            text = tpl.patch_xml(package.read(name).decode("utf-8", "replace"))
            if any(mark in text for mark in ("{{", "{%", "{#")):
                return False
    return True
