"""Landscape pages for wide tables: a section of its own, page numbers running on.

A Word section ends with a paragraph whose properties hold a ``w:sectPr``. A landscape
table gets one section break before it (ending the portrait pages so far) and one
after it (ending its landscape pages), both copies of the template's last section.
After rendering, :func:`continue_page_numbers` makes the page numbers run on across
the new sections: only the first section of the body part keeps a restart at 1.
"""

from __future__ import annotations

import copy

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

#: Marks the section breaks made here until the rendered document is finished.
_MARK = "{urn:strukturer:render}section"


def section_break(template_section: etree._Element, *, landscape: bool) -> etree._Element:
    """An empty paragraph ending a section laid out like ``template_section``."""
    sect = copy.deepcopy(template_section)
    for child in list(sect):
        if child.tag in (qn("w:titlePg"), qn("w:type")):
            sect.remove(child)
    size = sect.find(qn("w:pgSz"))
    if size is not None:
        width, height = size.get(qn("w:w")), size.get(qn("w:h"))
        portrait = int(height or 0) >= int(width or 0)
        if landscape == portrait and width and height:
            size.set(qn("w:w"), height)
            size.set(qn("w:h"), width)
        if landscape:
            size.set(qn("w:orient"), "landscape")
        else:
            _drop(size, "w:orient")
    sect.set(_MARK, "1")
    p = OxmlElement("w:p")
    ppr = OxmlElement("w:pPr")
    ppr.append(sect)
    p.append(ppr)
    return p


def continue_page_numbers(body: etree._Element) -> None:
    """Let page numbers run on across the sections :func:`section_break` made.

    The first new section takes over the restart of the section it split (if any);
    no later section restarts. The marks are removed.
    """
    made = [s for s in body.iter(qn("w:sectPr")) if s.get(_MARK) is not None]
    if not made:
        return
    final = body.find(qn("w:sectPr"))
    restart = None
    if final is not None:
        numbers = final.find(qn("w:pgNumType"))
        if numbers is not None:
            restart = numbers.get(qn("w:start"))
            _drop(numbers, "w:start")
    for index, sect in enumerate(made):
        del sect.attrib[_MARK]
        numbers = sect.find(qn("w:pgNumType"))
        if numbers is not None:
            _drop(numbers, "w:start")
            if index == 0 and restart is not None:
                numbers.set(qn("w:start"), restart)


def _drop(element: etree._Element, name: str) -> None:
    if qn(name) in element.attrib:
        del element.attrib[qn(name)]
