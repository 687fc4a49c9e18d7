"""Markdown prose to WordprocessingML in a template's own styles.

Parsed with markdown-it-py (CommonMark) and its footnote plugin; each block becomes
a ``w:p`` with the template's paragraph style (Heading 1-3, List Bullet, List Number,
Quote), emphasis becomes run formatting, links real hyperlinks and footnotes real
Word footnotes.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import attrs
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree
from markdown_it.token import Token

from strukturer.errors import TemplateError
from strukturer.model import Prose
from strukturer.render.captions import FIGURE_STYLE_NAMES, text_run
from strukturer.render.items import NOT_ON_THEIR_OWN, ItemRenderer
from strukturer.render.numbering import Numbering
from strukturer.render.syntax import LANGUAGE_TAG, PARSER, MarkdownError, located, main_tokens

__all__ = ["STYLE_NAMES", "DocumentTarget", "MarkdownError", "hyperlink_relater", "render_prose"]
_UNDEFINED_FOOTNOTE = re.compile(r"\[\^[^\]\s]+\]")

#: Paragraph styles prose renders into, by role; the template must define them.
STYLE_NAMES: dict[str, str] = {
    "paragraph": "Normal",
    "heading1": "Heading 1",
    "heading2": "Heading 2",
    "heading3": "Heading 3",
    "bullet1": "List Bullet",
    "bullet2": "List Bullet 2",
    "number1": "List Number",
    "number2": "List Number 2",
    "quote": "Quote",
    "footnote_text": "Footnote Text",
    "footnote_reference": "Footnote Reference",
    "hyperlink": "Hyperlink",
}


@attrs.frozen
class RunFormat:
    """Character formatting of the text being emitted."""

    bold: bool = False
    italic: bool = False
    link: str | None = None
    lang: str | None = None


class DocumentTarget:
    """What prose needs from the document it renders into: styles, links, footnotes.

    ``style_ids`` maps the names in :data:`STYLE_NAMES` to the template's style ids;
    ``relate`` adds an external hyperlink relationship and returns its rId;
    ``new_numbering`` returns a numId that restarts the given list style's numbering.
    Tables and figures also need ``part`` (the python-docx part pictures are added to),
    ``text_width`` (EMU), the document's ``numbering`` and, for pictures and data files,
    ``project_dir``; ``template`` names the template in messages. Landscape tables
    copy ``section`` (the template's last ``w:sectPr``), ``landscape_width`` (EMU) wide.
    """

    def __init__(
        self,
        style_ids: dict[str, str],
        relate: Callable[[str], str],
        new_numbering: Callable[[str], str | None],
        *,
        part: Any = None,
        text_width: int = 0,
        numbering: Numbering | None = None,
        project_dir: Path | None = None,
        template: str = "the template",
        section: etree._Element | None = None,
        landscape_width: int = 0,
    ) -> None:
        self.style_ids = style_ids
        self.relate = relate
        self.new_numbering = new_numbering
        self.part = part
        self.text_width = text_width
        self.project_dir = project_dir
        self.numbering = numbering if numbering is not None else Numbering(project_dir)
        self.template = template
        self.section = section
        self.landscape_width = landscape_width
        self.footnotes: list[etree._Element] = []
        self._next_footnote_id = 1
        self._next_shape_id = 5000

    def figure_style(self, role: str) -> str:
        """The style id for a table or figure role such as ``"caption"``."""
        name = FIGURE_STYLE_NAMES[role]
        style_id = self.style_ids.get(name)
        if style_id is None:
            raise TemplateError(
                f"template {self.template} has no style {name!r} for tables and figures "
                "(see docs/figures.md)"
            )
        return style_id

    def shape_id(self) -> int:
        """A drawing id unique in the document."""
        self._next_shape_id += 1
        return self._next_shape_id

    def style(self, role: str) -> str:
        """The style id for a role such as ``"bullet1"``."""
        return self.style_ids[STYLE_NAMES[role]]

    def add_footnote(self, paragraphs: list[etree._Element]) -> int:
        """Register a footnote made of ``paragraphs``; return its id."""
        footnote_id = self._next_footnote_id
        self._next_footnote_id += 1
        note = OxmlElement("w:footnote")
        note.set(qn("w:id"), str(footnote_id))
        for paragraph in paragraphs:
            note.append(paragraph)
        self.footnotes.append(note)
        return footnote_id


def render_prose(prose: Prose, target: DocumentTarget) -> list[etree._Element]:
    """Render ``prose`` into a list of ``w:p`` elements for ``target``."""
    tokens = PARSER.parse(prose.markdown)
    notes = _footnote_definitions(tokens)
    builder = _Builder(prose, target, notes)
    builder.blocks(main_tokens(tokens))
    return builder.paragraphs


def _footnote_definitions(tokens: Sequence[Token]) -> dict[int, list[Token]]:
    notes: dict[int, list[Token]] = {}
    current: list[Token] | None = None
    for token in tokens:
        if token.type == "footnote_open":
            current = notes.setdefault(int(token.meta["id"]), [])
        elif token.type == "footnote_close":
            current = None
        elif current is not None and token.type != "footnote_anchor":
            current.append(token)
    return notes


#: List levels the template's list styles provide (List Bullet, List Bullet 2, …).
_LIST_LEVELS = 2


class _Builder:
    def __init__(self, prose: Prose, target: DocumentTarget, notes: dict[int, list[Token]]):
        self.prose = prose
        self.target = target
        self.notes = notes
        self.paragraphs: list[etree._Element] = []
        self.lists: list[tuple[str, str | None]] = []  # (kind, numId) per open list
        self.quote_depth = 0
        self.in_footnote = False
        self.footnote_ids: dict[int, int] = {}
        self.current: Token | None = None
        self.items = ItemRenderer(prose, target, self)

    def fail(self, token: Token | None, message: str) -> MarkdownError:
        return located(self.prose, token, message)

    def blocks(self, tokens: Sequence[Token]) -> None:
        heading_level = 0
        for index, token in enumerate(tokens):
            kind = token.type
            if self.items.collecting(token):
                continue
            if kind == "heading_open":
                heading_level = int(token.tag[1])
                if heading_level > 3:
                    raise self.fail(
                        token,
                        f"heading level {heading_level} is too deep; use #, "
                        "## or ### (Heading 1-3)",
                    )
            elif kind == "heading_close":
                heading_level = 0
            elif kind in ("bullet_list_open", "ordered_list_open"):
                if len(self.lists) == _LIST_LEVELS:
                    raise self.fail(
                        token,
                        f"a list nested {_LIST_LEVELS + 1} levels deep; the template's list "
                        f"styles have {_LIST_LEVELS} levels, so indent at most once",
                    )
                list_kind = "bullet" if kind == "bullet_list_open" else "number"
                num_id = None
                if list_kind == "number":
                    role = f"number{len(self.lists) + 1}"
                    num_id = self.target.new_numbering(self.target.style(role))
                self.lists.append((list_kind, num_id))
            elif kind in ("bullet_list_close", "ordered_list_close"):
                self.lists.pop()
            elif kind == "blockquote_open":
                self.quote_depth += 1
            elif kind == "blockquote_close":
                self.quote_depth -= 1
            elif kind == "inline":
                if self.in_footnote or heading_level or self.lists or self.quote_depth:
                    self.items.refuse_item(token)
                elif self.items.inline_block(token, tokens[index + 2 : index + 3]):
                    continue
                self.paragraphs.append(self.paragraph(token, heading_level))
            elif kind == "table_open":
                self.items.start_table(token)
            elif kind == "fence":
                if self.in_footnote or self.lists or self.quote_depth:
                    raise self.fail(token, NOT_ON_THEIR_OWN)
                self.items.fence(token)

    def paragraph(self, inline: Token, heading_level: int) -> etree._Element:
        p = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        num_id: str | None = None
        if self.in_footnote:
            role = "footnote_text"
        elif heading_level:
            role = f"heading{heading_level}"
        elif self.lists:
            kind, num_id = self.lists[-1]
            role = f"{kind}{len(self.lists)}"
        elif self.quote_depth:
            role = "quote"
        else:
            role = "paragraph"
        style.set(qn("w:val"), self.target.style(role))
        ppr.append(style)
        if num_id is not None:
            num_pr = OxmlElement("w:numPr")
            ilvl = OxmlElement("w:ilvl")
            ilvl.set(qn("w:val"), "0")
            num = OxmlElement("w:numId")
            num.set(qn("w:val"), num_id)
            num_pr.append(ilvl)
            num_pr.append(num)
            ppr.append(num_pr)
        p.append(ppr)
        for element in self.inline(inline):
            p.append(element)
        return p

    def inline(self, inline: Token) -> Iterator[etree._Element]:
        self.current = inline
        fmt = RunFormat()
        link_element: etree._Element | None = None
        for child in inline.children or ():
            kind = child.type
            if kind in ("text", "code_inline"):
                content = self.text(child) if kind == "text" else child.content
                run = self.run(content, fmt)
                if link_element is not None:
                    link_element.append(run)
                else:
                    yield run
            elif kind == "softbreak":
                yield self.run(" ", fmt)
            elif kind == "hardbreak":
                yield self.line_break()
            elif kind == "strong_open":
                fmt = attrs.evolve(fmt, bold=True)
            elif kind == "strong_close":
                fmt = attrs.evolve(fmt, bold=False)
            elif kind == "em_open":
                fmt = attrs.evolve(fmt, italic=True)
            elif kind == "em_close":
                fmt = attrs.evolve(fmt, italic=False)
            elif kind == "link_open":
                href = str(child.attrs.get("href", ""))
                fmt = attrs.evolve(fmt, link=href)
                if self.in_footnote:
                    link_element = None
                else:
                    link_element = OxmlElement("w:hyperlink")
                    link_element.set(qn("r:id"), self.target.relate(href))
                    link_element.set(qn("w:history"), "1")
            elif kind == "link_close":
                if link_element is not None:
                    yield link_element
                    link_element = None
                elif fmt.link:
                    yield self.run(f" ({fmt.link})", attrs.evolve(fmt, link=None))
                fmt = attrs.evolve(fmt, link=None)
            elif kind == "span_open":
                fmt = attrs.evolve(fmt, lang=self.language(inline, child))
            elif kind == "span_close":
                fmt = attrs.evolve(fmt, lang=None)
            elif kind == "footnote_ref":
                yield self.footnote_reference(child)
            else:
                raise self.fail(inline, f"unsupported Markdown element {kind!r}")

    def language(self, inline: Token, span: Token) -> str:
        """The language of ``[…]{lang=xx}``, the one attribute a span may have."""
        tag = str(span.attrs.get("lang", ""))
        if set(span.attrs) != {"lang"} or not LANGUAGE_TAG.match(tag):
            written = " ".join(f"{k}={v}" for k, v in span.attrs.items())
            raise self.fail(
                inline,
                f"a [text]{{…}} span marks another language, as {{lang=en}} (a BCP 47 tag "
                f"such as en, en-GB, fi, se); not {{{written}}}",
            )
        return tag

    def text(self, token: Token) -> str:
        """A text token's content with cross-references resolved; refuses stray footnotes."""
        undefined = _UNDEFINED_FOOTNOTE.search(token.content)
        if undefined:
            raise self.fail(self.current, f"footnote {undefined[0]} has no definition")
        return self.items.resolve(self.current, token.content)

    def run(self, text: str, fmt: RunFormat) -> etree._Element:
        linked = bool(fmt.link) and not self.in_footnote
        style = self.target.style("hyperlink") if linked else None
        return text_run(text, bold=fmt.bold, italic=fmt.italic, style=style, lang=fmt.lang)

    @staticmethod
    def line_break() -> etree._Element:
        r = OxmlElement("w:r")
        r.append(OxmlElement("w:br"))
        return r

    def footnote_reference(self, token: Token) -> etree._Element:
        if self.in_footnote:
            raise self.fail(token, "a footnote cannot hold another footnote")
        markdown_id = int(token.meta["id"])
        word_id = self.footnote_ids.get(markdown_id)
        if word_id is None:
            word_id = self.target.add_footnote(self.footnote_paragraphs(markdown_id))
            self.footnote_ids[markdown_id] = word_id
        r = OxmlElement("w:r")
        rpr = OxmlElement("w:rPr")
        rstyle = OxmlElement("w:rStyle")
        rstyle.set(qn("w:val"), self.target.style("footnote_reference"))
        rpr.append(rstyle)
        r.append(rpr)
        ref = OxmlElement("w:footnoteReference")
        ref.set(qn("w:id"), str(word_id))
        r.append(ref)
        return r

    def footnote_paragraphs(self, markdown_id: int) -> list[etree._Element]:
        saved = self.paragraphs, self.lists, self.quote_depth
        self.paragraphs, self.lists, self.quote_depth = [], [], 0
        self.in_footnote = True
        try:
            self.blocks(self.notes.get(markdown_id, []))
            paragraphs = self.paragraphs
        finally:
            self.in_footnote = False
            self.paragraphs, self.lists, self.quote_depth = saved
        if paragraphs:
            first = paragraphs[0]
            mark = OxmlElement("w:r")
            rpr = OxmlElement("w:rPr")
            rstyle = OxmlElement("w:rStyle")
            rstyle.set(qn("w:val"), self.target.style("footnote_reference"))
            rpr.append(rstyle)
            mark.append(rpr)
            mark.append(OxmlElement("w:footnoteRef"))
            space = self.run(" ", RunFormat())
            ppr = first.find(qn("w:pPr"))
            index = 1 if ppr is not None else 0
            first.insert(index, mark)
            first.insert(index + 1, space)
        return paragraphs


def hyperlink_relater(part: Any) -> Callable[[str], str]:
    """A ``relate`` function that adds external hyperlinks to a python-docx part."""

    def relate(url: str) -> str:
        return str(part.relate_to(url, RT.HYPERLINK, is_external=True))

    return relate
