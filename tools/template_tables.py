"""Add the styles tables and figures render into to a Word template.

``add_table_figure_styles(document)`` adds, to a python-docx document:

- the table style ``Strukturer Tabell``: thin grey rules, a header row shaded light blue
  (#DCE6F0) with bold black text (contrast about 16:1, WCAG 1.4.3), cell margins;
- ``Tabelltext``: the paragraph style of table cells (sans-serif, 9 pt, no spacing);
- ``Caption`` (Swedish Word: "Beskrivning"): captions "Tabell 2.1 …" / "Figur 3.1 …";
- ``Källa``: the source line below a table or figure ("Källa: SCB");
- ``Figur``: the paragraph that holds a picture (centred, kept with its caption).

The names are :data:`strukturer.render.captions.FIGURE_STYLE_NAMES`, the one place the
renderer reads them from. Run by ``tools/make_templates.py`` when it makes a template
version (the lead wires it in); tests apply it to a copy of a released template.
"""

from __future__ import annotations

from typing import Any

from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import nsdecls
from docx.oxml.parser import parse_xml
from docx.shared import Pt, RGBColor

from strukturer.render.captions import FIGURE_STYLE_NAMES

FONT = "Liberation Sans"
HEADER_FILL = "DCE6F0"
RULE_COLOUR = "7F7F7F"


def add_table_figure_styles(document: Document) -> None:
    """Add (or replace the formatting of) the table, caption, source and figure styles."""
    styles = document.styles
    text = _style(document, FIGURE_STYLE_NAMES["table_text"], WD_STYLE_TYPE.PARAGRAPH)
    _font(text, size=9)
    text.paragraph_format.space_before = Pt(0)
    text.paragraph_format.space_after = Pt(0)
    text.paragraph_format.first_line_indent = Pt(0)

    caption = _style(document, FIGURE_STYLE_NAMES["caption"], WD_STYLE_TYPE.PARAGRAPH)
    _font(caption, size=10, bold=True)
    caption.paragraph_format.space_before = Pt(12)
    caption.paragraph_format.space_after = Pt(6)
    caption.next_paragraph_style = styles["Normal"]

    source = _style(document, FIGURE_STYLE_NAMES["source"], WD_STYLE_TYPE.PARAGRAPH)
    _font(source, size=9)
    source.paragraph_format.space_before = Pt(3)
    source.paragraph_format.space_after = Pt(12)
    source.next_paragraph_style = styles["Normal"]

    figure = _style(document, FIGURE_STYLE_NAMES["figure"], WD_STYLE_TYPE.PARAGRAPH)
    figure.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    figure.paragraph_format.keep_with_next = True
    figure.paragraph_format.space_before = Pt(12)
    figure.paragraph_format.space_after = Pt(0)
    figure.paragraph_format.first_line_indent = Pt(0)

    table = _style(document, FIGURE_STYLE_NAMES["table"], WD_STYLE_TYPE.TABLE)
    element = table.element
    for old in element.findall(f"{{{element.nsmap['w']}}}tblPr"):
        element.remove(old)
    for old in element.findall(f"{{{element.nsmap['w']}}}tblStylePr"):
        element.remove(old)
    rule = f'w:val="single" w:sz="4" w:space="0" w:color="{RULE_COLOUR}"'
    element.append(
        parse_xml(
            f"<w:tblPr {nsdecls('w')}><w:tblBorders><w:top {rule}/><w:bottom {rule}/>"
            f"<w:insideH {rule}/></w:tblBorders><w:tblCellMar>"
            '<w:top w:w="40" w:type="dxa"/><w:left w:w="85" w:type="dxa"/>'
            '<w:bottom w:w="40" w:type="dxa"/><w:right w:w="85" w:type="dxa"/>'
            "</w:tblCellMar></w:tblPr>"
        )
    )
    element.append(
        parse_xml(
            f'<w:tblStylePr {nsdecls("w")} w:type="firstRow"><w:rPr><w:b/><w:bCs/>'
            '<w:color w:val="000000"/></w:rPr><w:tblPr/><w:trPr><w:tblHeader/></w:trPr>'
            f'<w:tcPr><w:shd w:val="clear" w:color="auto" w:fill="{HEADER_FILL}"/></w:tcPr>'
            "</w:tblStylePr>"
        )
    )


def _style(document: Document, name: str, kind: WD_STYLE_TYPE) -> Any:
    try:
        return document.styles[name]
    except KeyError:
        style = document.styles.add_style(name, kind)
        if kind == WD_STYLE_TYPE.PARAGRAPH:
            style.base_style = document.styles["Normal"]
        style.quick_style = True
        return style


def _font(style: Any, *, size: float, bold: bool = False) -> None:
    style.font.name = FONT
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.italic = False
    style.font.color.rgb = RGBColor(0, 0, 0)
