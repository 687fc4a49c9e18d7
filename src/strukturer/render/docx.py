"""Rendering one DOCX from a pinned template version: the single adapter over docxtpl."""

from __future__ import annotations

import contextlib
import io
import zipfile
from collections.abc import Mapping, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

import attrs
import jinja2
from docx.oxml.ns import nsmap, qn
from docxtpl import DocxTemplate
from lxml import etree
from markupsafe import Markup

from strukturer.clock import default_build_time
from strukturer.errors import RenderError, TemplateError
from strukturer.model import Project, Prose
from strukturer.render.captions import FIGURE_STYLE_NAMES, styled_paragraph, text_run
from strukturer.render.jinja import current_prose_renderer, make_environment
from strukturer.render.markdown import (
    STYLE_NAMES,
    DocumentTarget,
    hyperlink_relater,
    render_prose,
)
from strukturer.render.numbering import Numbering, plan_numbering
from strukturer.render.package import write_package
from strukturer.render.sections import continue_page_numbers
from strukturer.render.template_library import TemplateVersion

_FOOTNOTES_PART = "word/footnotes.xml"
CUSTOM_PROPERTIES = "docProps/custom.xml"
CUSTOM_NS = "http://schemas.openxmlformats.org/officeDocument/2006/custom-properties"
_VT_NS = "http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes"
_CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
_REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
_CUSTOM_REL = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/custom-properties"
)
_CUSTOM_CT = "application/vnd.openxmlformats-officedocument.custom-properties+xml"


@attrs.frozen(kw_only=True)
class DocumentInfo:
    """Document properties written into the DOCX (and later the PDF)."""

    title: str
    author: str
    subject: str = ""
    keywords: tuple[str, ...] = ()
    language: str = "sv-SE"
    custom: Mapping[str, str] = attrs.field(factory=dict)
    #: The build time stamped into the properties and zip entries (docs/limits.md).
    created: datetime = attrs.field(factory=default_build_time)


_ENV = make_environment()
#: Names every template receives besides the context: the lists of tables and figures.
LISTINGS: Mapping[str, str] = {"list_of_tables": "table", "list_of_figures": "figure"}


def render_docx(
    template: TemplateVersion,
    context: Mapping[str, Any],
    info: DocumentInfo,
    *,
    source: bytes | None = None,
    project: Project | None = None,
    prose_log: list[tuple[Prose, Markup]] | None = None,
) -> bytes:
    """Render ``template`` with ``context``; return the DOCX file's bytes.

    ``source`` replaces the template's file, e.g. by the mail-merge form of it;
    ``project`` is where figures and chart data files are found (its folder);
    ``prose_log``, when given, receives each prose value rendered and its XML, in order.
    The template also receives ``list_of_tables`` and ``list_of_figures``
    (see :func:`listing`).
    """
    tpl = DocxTemplate(io.BytesIO(source) if source is not None else str(template.docx))
    document = tpl.get_docx()
    project_dir = Path(project.source).parent if project and project.source else None
    numbering = plan_numbering(context, project_dir)
    target = DocumentTarget(
        _style_ids(document, template),
        hyperlink_relater(document.part),
        _numbering(document),
        part=document.part,
        text_width=_text_width(document),
        section=document.element.body.find(qn("w:sectPr")),
        landscape_width=_landscape_width(document),
        numbering=numbering,
        project_dir=project_dir,
        template=str(template),
    )

    def prose_to_xml(prose: Prose) -> Markup:
        paragraphs = render_prose(prose, target)
        xml = Markup("".join(etree.tostring(p, encoding="unicode") for p in paragraphs))
        if prose_log is not None:
            prose_log.append((prose, xml))
        return xml

    token = current_prose_renderer.set(prose_to_xml)
    try:
        lists = {name: listing(numbering, kind, target) for name, kind in LISTINGS.items()}
        tpl.render({**context, **lists}, jinja_env=_ENV)
    except jinja2.TemplateError as exc:
        raise _template_error(template, exc) from exc
    finally:
        current_prose_renderer.reset(token)

    _check_no_nested_paragraphs(document, template)
    continue_page_numbers(document.element.body)
    _set_properties(document, info)
    buffer = io.BytesIO()
    tpl.save(buffer)
    return _finish_package(buffer.getvalue(), target.footnotes, template, info)


def listing(numbering: Numbering, kind: str, target: DocumentTarget) -> Markup:
    """A list of the document's tables or figures (``kind``): one paragraph per caption.

    Templates show it as ``{{p list_of_tables }}`` or ``{{p list_of_figures }}``.
    """
    paragraphs = [
        styled_paragraph(
            target.style("paragraph"), [text_run(numbering.resolve(entry.title, strict=False))]
        )
        for entry in numbering.listing(kind)
    ]
    return Markup("".join(etree.tostring(p, encoding="unicode") for p in paragraphs))


def _text_width(document: Any) -> int:
    """The width between the margins of the document's last section, in EMU."""
    section = document.sections[-1]
    width = section.page_width - section.left_margin - section.right_margin
    return int(width)


def _landscape_width(document: Any) -> int:
    """The text width of the last section turned to landscape, in EMU."""
    section = document.sections[-1]
    width = section.page_height - section.left_margin - section.right_margin
    return int(width)


def _template_error(template: TemplateVersion, exc: jinja2.TemplateError) -> RenderError:
    message = exc.message or str(exc)
    if isinstance(exc, jinja2.UndefinedError):
        message = f"unknown variable: {message}"
    near = [line.strip() for line in getattr(exc, "docx_context", ()) if line.strip()]
    where = f" (near: {' | '.join(near)[:200]})" if near else ""
    return RenderError(f"template {template}: {message}{where}")


def _style_ids(document: Any, template: TemplateVersion) -> dict[str, str]:
    ids: dict[str, str] = {}
    missing = []
    for name in STYLE_NAMES.values():
        try:
            ids[name] = document.styles[name].style_id
        except KeyError:
            missing.append(name)
    for name in FIGURE_STYLE_NAMES.values():  # needed only when a table or figure is used
        with contextlib.suppress(KeyError):
            ids[name] = document.styles[name].style_id
    if missing:
        raise TemplateError(
            f"template {template} lacks the Word style(s) {', '.join(missing)} "
            "that prose renders into (see docs/templates.md)"
        )
    return ids


def _numbering(document: Any) -> Any:
    """A function giving a fresh numId that restarts a numbered list style at 1."""
    styles = document.styles.element
    numbering = document.part.numbering_part.element

    def new_numbering(style_id: str) -> str | None:
        style = next(
            (s for s in styles.iterchildren(qn("w:style")) if s.get(qn("w:styleId")) == style_id),
            None,
        )
        num_id = (
            style.find(f"{qn('w:pPr')}/{qn('w:numPr')}/{qn('w:numId')}")
            if style is not None
            else None
        )
        if num_id is None:
            return None
        num = next((n for n in numbering.num_lst if str(n.numId) == num_id.get(qn("w:val"))), None)
        if num is None:
            return None
        fresh = numbering.add_num(num.abstractNumId.val)
        fresh.add_lvlOverride(ilvl=0).add_startOverride(1)
        return str(fresh.numId)

    return new_numbering


#: Paragraphs inside paragraphs (but for text boxes): what a prose field used within a
#: paragraph leaves. Each paragraph's ancestors are looked at, not each one's descendants
#: (``.//w:p//w:p`` took 7 ms on a document of 49 letters).
NESTED_PARAGRAPHS = etree.XPath(
    ".//w:p[ancestor::w:p][not(ancestor::w:txbxContent)]", namespaces=nsmap
)


def _check_no_nested_paragraphs(document: Any, template: TemplateVersion) -> None:
    if NESTED_PARAGRAPHS(document.element.body):
        raise RenderError(
            f"template {template}: a prose field is used inside a paragraph; write it as "
            "{{p field }} alone in its own paragraph (docs/templates.md)"
        )


def _set_properties(document: Any, info: DocumentInfo) -> None:
    props = document.core_properties
    props.title = info.title
    props.author = info.author
    props.subject = info.subject
    props.keywords = ", ".join(info.keywords)
    props.language = info.language
    props.last_modified_by = info.author
    props.revision = 1
    stamp = info.created.replace(tzinfo=None)
    props.created = stamp
    props.modified = stamp


def _finish_package(
    data: bytes,
    footnotes: Sequence[etree._Element],
    template: TemplateVersion,
    info: DocumentInfo,
) -> bytes:
    """Add prose footnotes and custom properties; give every zip entry a fixed timestamp."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = source.namelist()
    if footnotes and _FOOTNOTES_PART not in names:
        raise TemplateError(
            f"template {template} has no footnotes part, so prose footnotes cannot be "
            "added (see docs/templates.md)"
        )
    parts = {name: source.read(name) for name in names}
    if footnotes:
        parts[_FOOTNOTES_PART] = _append_footnotes(parts[_FOOTNOTES_PART], footnotes)
    if info.custom:
        _add_custom_properties(parts, info.custom)
    return write_package(parts, info.created)


def _append_footnotes(payload: bytes, footnotes: Sequence[etree._Element]) -> bytes:
    root = etree.fromstring(payload)
    for note in footnotes:
        root.append(note)
    return _xml_bytes(root)


def _add_custom_properties(parts: dict[str, bytes], values: Mapping[str, str]) -> None:
    """Write ``values`` as the package's custom properties (``docProps/custom.xml``)."""
    nsmap = {None: CUSTOM_NS, "vt": _VT_NS}
    root = etree.Element(f"{{{CUSTOM_NS}}}Properties", nsmap=nsmap)  # type: ignore[arg-type]
    for pid, (name, value) in enumerate(sorted(values.items()), start=2):
        prop = etree.SubElement(root, f"{{{CUSTOM_NS}}}property")
        prop.set("fmtid", "{D5CDD505-2E9C-101B-9397-08002B2CF9AE}")
        prop.set("pid", str(pid))
        prop.set("name", name)
        etree.SubElement(prop, f"{{{_VT_NS}}}lpwstr").text = value
    parts[CUSTOM_PROPERTIES] = _xml_bytes(root)

    types = etree.fromstring(parts["[Content_Types].xml"])
    partname = f"/{CUSTOM_PROPERTIES}"
    if not any(o.get("PartName") == partname for o in types.iter(f"{{{_CT_NS}}}Override")):
        override = etree.SubElement(types, f"{{{_CT_NS}}}Override")
        override.set("PartName", partname)
        override.set("ContentType", _CUSTOM_CT)
        parts["[Content_Types].xml"] = _xml_bytes(types)

    rels = etree.fromstring(parts["_rels/.rels"])
    existing = list(rels.iter(f"{{{_REL_NS}}}Relationship"))
    if not any(r.get("Type") == _CUSTOM_REL for r in existing):
        ids = {r.get("Id") for r in existing}
        number = next(n for n in range(1, len(ids) + 2) if f"rId{n}" not in ids)
        rel = etree.SubElement(rels, f"{{{_REL_NS}}}Relationship")
        rel.set("Id", f"rId{number}")
        rel.set("Type", _CUSTOM_REL)
        rel.set("Target", CUSTOM_PROPERTIES)
        parts["_rels/.rels"] = _xml_bytes(rels)


def _xml_bytes(root: etree._Element) -> bytes:
    return bytes(etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True))
