"""Mail merge: one template rendered for many records as one document.

The template's body is wrapped in a loop over the records, with a bookmark and a page
break at the start of each record, and rendered once per batch of records; the PDF
engine then loads each such document once and exports it whole, and the PDF is split per
record by its bookmarks (docs/merge.md: render once, load once, export once). Each
record's own DOCX, and these documents, are rendered by :mod:`strukturer.render.fast_docx`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Mapping, Sequence
from typing import Any

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from lxml import etree

from strukturer.content.records import Record
from strukturer.errors import TemplateError
from strukturer.model._validators import describe_char, first_invalid_xml_char
from strukturer.render.jinja import make_environment
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
