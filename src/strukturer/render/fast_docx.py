"""Per-record DOCX without docxtpl's per-call package work: one record's, or a mail-merge
document of many records.

``render_docx`` opens the package, patches and compiles the Jinja of nine parts and
saves every part again for each call: 30-40 ms for a one-page letter. Here the template
is opened and its body's Jinja compiled once; the first render is ``render_docx``'s and
its parts are kept; every later render renders only the body and reuses the other parts
(copied as they were compressed). That holds when the body is the only part with
template markup and the prose rendered is the first render's (the project's, whose
links and footnotes are already in the kept parts); otherwise, or when the fast render
fails, ``render_docx`` renders (and reports any error as it always does).
"""

from __future__ import annotations

import copy
import io
import re
import struct
import zipfile
import zlib
from collections.abc import Mapping, Sequence
from typing import Any, cast

import jinja2
from docx.oxml.ns import nsmap, qn
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

from strukturer.content.records import Record
from strukturer.model import Project, Prose
from strukturer.render.docx import NESTED_PARAGRAPHS, DocumentInfo, render_docx
from strukturer.render.jinja import current_prose_renderer, make_environment
from strukturer.render.merge import merge_context, merged_source
from strukturer.render.template_library import TemplateVersion

_DOCUMENT = "word/document.xml"
#: The drawings, numbered from 1001 in document order as docxtpl numbers them.
_DRAWINGS = etree.XPath(".//wp:docPr", namespaces=nsmap)
_BODY_START = re.compile(r'<w:body((?: xmlns:[\w.-]+="[^"]*")*)>')
#: A namespace declaration in a tag: before the tag's ``>``, no ``<`` between (text and
#: attribute values hold neither unescaped: lxml and the autoescape write ``&lt;``/``&gt;``).
_IN_TAG = r"(?=[^<>]*>)"
_DECLARATION = re.compile(r' xmlns:([\w.-]+)="([^"]*)"' + _IN_TAG)


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


#: What makes a prose value's XML refer to other parts or to numbers counted over the
#: document: such XML is not given again for another record (:class:`_ProseCache`).
_NOT_SELF_CONTAINED = (
    "footnoteReference",
    "endnoteReference",
    "numId",
    "r:id",
    "r:embed",
    "fldChar",
    "fldSimple",
    "bookmarkStart",
    "docPr",
)


class _ProseCache:
    """The first render's prose given again by value, as often as it comes, where its
    XML refers to nothing outside itself (so rendering it again gives the same XML)."""

    def __init__(self, log: list[tuple[Prose, Markup]]) -> None:
        self._log = [
            (prose, xml)
            for prose, xml in log
            if not any(mark in xml for mark in _NOT_SELF_CONTAINED)
        ]

    def __call__(self, prose: Prose) -> Markup:
        for known, xml in self._log:
            if known == prose:
                return xml
        raise _NeedsFullRender

    def done(self) -> None:
        """Nothing to check: each prose given was the same as rendered."""


class RecordDocx:
    """One template's DOCX for many records, each byte-identical to :func:`render_docx`
    (see the module docstring). Not thread-safe: one per thread."""

    def __init__(
        self,
        template: TemplateVersion,
        context: Mapping[str, Any],
        info: DocumentInfo,
        *,
        source: bytes | None = None,
        project: Project | None = None,
    ) -> None:
        self._template = template
        self._context = context
        self._info = info
        self._source = source
        self._project = project
        self._package: _Package | None = None
        self._prose: list[tuple[Prose, Markup]] = []
        tpl = DocxTemplate(io.BytesIO(source) if source is not None else str(template.docx))
        self._root = tpl.get_docx().element
        self._fast = _only_body_has_markup(tpl, template)
        body = re.sub(r"<w:p([ >])", r"\n<w:p\1", tpl.patch_xml(tpl.get_xml()))
        self._frame = _Frame.of(self._root, body) if self._fast else None
        if self._frame is not None:
            body = self._frame.body
        self._body = make_environment().from_string(body) if self._fast else None
        self._tpl = tpl

    @property
    def fast(self) -> bool:
        """Whether renders after the first are made from the pre-built parts."""
        return self._fast

    def render(self, values: Mapping[str, str]) -> bytes:
        """The DOCX of the record with ``values``."""
        return self._render({**self._context, "record": dict(values)})

    def _render(self, context: dict[str, Any]) -> bytes:
        if self._fast and self._package is not None:
            try:
                return self._package.with_part(self._render_body(context))
            except (_NeedsFullRender, jinja2.TemplateError):
                self._fast = False  # render_docx gives the exact bytes or error from now on
        first = self._fast and self._package is None
        data = render_docx(
            self._template,
            context,
            self._info,
            source=self._source,
            project=self._project,
            prose_log=self._prose if first else None,
        )
        if first:
            self._package = _Package(data, _DOCUMENT)
        return data

    def _prose_again(self) -> _ProseReplay | _ProseCache:
        return _ProseReplay(self._prose)

    def _render_body(self, context: dict[str, Any]) -> bytes:
        """What DocxTemplate.render and render_docx do to the body, without the rest."""
        assert self._body is not None
        replay = self._prose_again()
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
        whole = self._frame.around(xml) if self._frame is not None else None
        if whole is None:
            body = self._tpl.fix_tables(xml)
            self._number_and_check(body)
            self._root.replace(self._root[_body_index(self._root)], body)
            return bytes(etree.tostring(self._root, encoding="UTF-8", standalone=True))
        assert self._frame is not None
        document = self._tpl.fix_tables(whole)
        self._number_and_check(document[self._frame.index])
        return bytes(etree.tostring(document, encoding="UTF-8", standalone=True))

    @staticmethod
    def _number_and_check(body: etree._Element) -> None:
        for number, element in enumerate(cast(list[etree._Element], _DRAWINGS(body)), 1001):
            element.attrib["id"] = str(number)
        if NESTED_PARAGRAPHS(body):
            raise _NeedsFullRender  # render_docx raises the error that explains it


class MergedDocx(RecordDocx):
    """The mail merge's documents of many records (the template's body once per record,
    :func:`~strukturer.render.merge.merged_source`), each the document ``render_docx``
    renders from that source, but for the prose: the project's, the same in every record,
    is rendered once and given again where its XML is self-contained (plain paragraphs);
    anything else renders in full. These documents only go to LibreOffice.
    """

    def __init__(
        self,
        template: TemplateVersion,
        context: Mapping[str, Any],
        info: DocumentInfo,
        *,
        project: Project | None = None,
    ) -> None:
        super().__init__(template, context, info, source=merged_source(template), project=project)

    def render_records(self, records: Sequence[Record]) -> bytes:
        """The DOCX of one document holding ``records``."""
        if self._fast and self._package is None and len(records) > 1:
            # The parts to keep and the prose come from a render of one record, a
            # fraction of the first document's full render.
            self._render(merge_context(self._context, records[:1]))
        return self._render(merge_context(self._context, records))

    def _prose_again(self) -> _ProseReplay | _ProseCache:
        return _ProseCache(self._prose)


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


class _Frame:
    """The document around its body, as bytes: a record's body is parsed in place, not
    parsed alone and moved into the document. The move made lxml walk the whole body and
    drop every namespace declaration the document already makes (prose paragraphs
    declare ``w`` again): 6 ms for a document of 49 letters. Here those declarations are
    left out of the text, the same ones."""

    def __init__(
        self, head: bytes, tail: bytes, body: str, index: int, nsmap: dict[str, str]
    ) -> None:
        self.head, self.tail, self.body, self.index = head, tail, body, index
        self._nsmap = nsmap
        declarations = "|".join(
            re.escape(f' xmlns:{prefix}="{uri}"') for prefix, uri in nsmap.items()
        )
        self._redundant = re.compile(f"(?:{declarations}){_IN_TAG}")

    @classmethod
    def of(cls, root: etree._Element, body: str) -> _Frame | None:
        """The frame of ``root`` and its body's source without the namespaces the body
        repeats (the same the move left out), or None where it would write otherwise."""
        start = _BODY_START.match(body)
        if start is None:
            return None
        nsmap = {prefix: uri for prefix, uri in root.nsmap.items() if prefix is not None}
        declared = dict(_DECLARATION.findall(start[0]))
        if not nsmap or any(nsmap.get(prefix) != uri for prefix, uri in declared.items()):
            return None
        index = _body_index(root)
        shell = copy.deepcopy(root)
        empty = etree.SubElement(shell, qn("w:body"))
        shell.replace(shell[index], empty)
        data = bytes(etree.tostring(shell, encoding="UTF-8", standalone=True))
        if data.count(b"<w:body/>") != 1:
            return None
        head, tail = data.split(b"<w:body/>")
        return cls(head, tail, "<w:body>" + body[start.end() :], index, nsmap)

    def around(self, body: str) -> bytes | None:
        """The whole document with ``body``, or None where a declaration in ``body`` gives
        one of the document's prefixes another namespace (then only a move gives what
        render_docx writes)."""
        found = _DECLARATION.findall(body)
        if any(self._nsmap.get(prefix, uri) != uri for prefix, uri in found):
            return None
        return self.head + self._redundant.sub("", body).encode("utf-8") + self.tail


def _body_index(root: etree._Element) -> int:
    return next(i for i, child in enumerate(root) if child.tag == qn("w:body"))


def _only_body_has_markup(tpl: DocxTemplate, template: TemplateVersion) -> bool:
    """Whether ``word/document.xml`` is the only part docxtpl would render differently."""
    with zipfile.ZipFile(template.docx) as package:
        for name in package.namelist():
            if name == _DOCUMENT or not name.endswith((".xml", ".rels")):
                continue
            text = package.read(name).decode("utf-8", "replace")
            if "{" not in text:  # patch_xml makes no tag of a part without a brace
                continue
            if any(mark in tpl.patch_xml(text) for mark in ("{{", "{%", "{#")):
                return False
    return True
