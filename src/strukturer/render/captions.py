"""Caption and source-line paragraphs, and the styles tables and figures render into."""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

#: Styles tables and figures use, by role; ``tools/template_tables.py`` adds them to a
#: template. A template without them renders prose but no table or figure.
FIGURE_STYLE_NAMES: dict[str, str] = {
    "table": "Strukturer Tabell",
    "table_text": "Tabelltext",
    "caption": "Caption",
    "source": "Källa",
    "figure": "Figur",
}
#: What a source line starts with: ``Källa: SCB``.
SOURCE_PREFIX = "Källa: "


def text_run(
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    style: str | None = None,
    lang: str | None = None,
) -> etree._Element:
    """A ``w:r`` holding ``text`` (spaces kept), in character style ``style`` if given,
    marked as language ``lang`` (a BCP 47 tag) when it is not the document's."""
    r = OxmlElement("w:r")
    rpr = OxmlElement("w:rPr")
    if style is not None:
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), style)
        rpr.append(rstyle)
    if bold:
        rpr.append(OxmlElement("w:b"))
    if italic:
        rpr.append(OxmlElement("w:i"))
    if lang is not None:
        language = OxmlElement("w:lang")
        language.set(qn("w:val"), lang)
        rpr.append(language)
    if len(rpr):
        r.append(rpr)
    t = OxmlElement("w:t")
    t.set("{http://www.w3.org/XML/1998/namespace}space", "preserve")
    t.text = text
    r.append(t)
    return r


def styled_paragraph(
    style_id: str, runs: list[etree._Element], *, keep_next: bool = False, align: str | None = None
) -> etree._Element:
    """A ``w:p`` in ``style_id`` holding ``runs``."""
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    style = OxmlElement("w:pStyle")
    style.set(qn("w:val"), style_id)
    ppr.append(style)
    if keep_next:
        ppr.append(OxmlElement("w:keepNext"))
    if align is not None:
        jc = OxmlElement("w:jc")
        jc.set(qn("w:val"), align)
        ppr.append(jc)
    p.append(ppr)
    for run in runs:
        p.append(run)
    return p


def caption_paragraph(style_id: str, title: str, *, keep_next: bool) -> etree._Element:
    """A caption (``Tabell 2.1 Antal ärenden``) in the caption style.

    The number is written as text computed at build time, not as a Word SEQ field:
    the rapport template numbers its chapters as text, which a SEQ field's chapter
    switch cannot follow in LibreOffice (docs/figures.md).
    """
    return styled_paragraph(style_id, [text_run(title)], keep_next=keep_next)


def source_paragraph(style_id: str, source: str) -> etree._Element:
    """A source line (``Källa: SCB``) in the source style."""
    return styled_paragraph(style_id, [text_run(SOURCE_PREFIX + source)])
