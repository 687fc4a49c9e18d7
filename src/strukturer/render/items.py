"""Tables, figures and charts inside prose: the numbered items between the paragraphs.

The prose builder hands each such block here; this module turns it into Word tables,
pictures, captions and source lines (docs/figures.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TYPE_CHECKING, Protocol

from lxml import etree
from markdown_it.token import Token

from strukturer.model import Prose
from strukturer.render.captions import (
    caption_paragraph,
    source_paragraph,
    styled_paragraph,
    text_run,
)
from strukturer.render.charts import (
    ChartProblem,
    chart_alt,
    data_rows,
    draw_chart,
    parse_chart,
)
from strukturer.render.figures import FigureProblem, picture_run, read_image, svg_fallback
from strukturer.render.numbering import KIND_WORDS, Entry
from strukturer.render.sections import section_break
from strukturer.render.syntax import (
    CHART_FENCE,
    Caption,
    MarkdownError,
    SyntaxProblem,
    figure_image,
    image_alt,
    image_caption,
    is_decorative,
    located,
    table_caption,
)
from strukturer.render.tables import Cell, is_year_column, swedish_cell, table_element, table_widths

if TYPE_CHECKING:
    from strukturer.render.markdown import DocumentTarget

_EMU_PER_INCH = 914400
NOT_ON_THEIR_OWN = "tables and figures must stand on their own, not in a list, quote or footnote"
#: The text width assumed when the document does not say (6 inches).
_DEFAULT_TEXT_WIDTH = 6 * _EMU_PER_INCH


class InlineRenderer(Protocol):
    """What items need from the prose builder: the paragraphs so far and inline runs."""

    paragraphs: list[etree._Element]

    def inline(self, inline: Token) -> Iterator[etree._Element]:
        """The runs of an inline token."""


class ItemRenderer:
    """Renders the tables, figures and charts of one prose field, numbered in order."""

    def __init__(self, prose: Prose, target: DocumentTarget, builder: InlineRenderer) -> None:
        self.prose = prose
        self.target = target
        self.builder = builder
        self.entries = iter(target.numbering.of(prose))
        self.caption: Caption | None = None
        self.table: list[Token] | None = None

    def fail(self, token: Token | None, message: str, offset: int = 0) -> MarkdownError:
        return located(self.prose, token, message, offset)

    def resolve(self, token: Token | None, text: str) -> str:
        """``text`` with its cross-references replaced by numbers."""
        try:
            return self.target.numbering.resolve(text)
        except KeyError as exc:
            label = exc.args[0]
            raise self.fail(
                token, f"unknown cross-reference label {label!r}: no table or figure has it"
            ) from None

    def collecting(self, token: Token) -> bool:
        """Take ``token`` when inside a table; True when it was taken."""
        if self.table is None:
            return False
        self.table.append(token)
        if token.type == "table_close":
            tokens, self.table = self.table, None
            self._emit_table(tokens)
        return True

    def refuse_item(self, inline: Token) -> None:
        """Refuse a caption or figure inside a heading, list, quote or footnote."""
        try:
            item = table_caption(inline) is not None or figure_image(inline) is not None
        except SyntaxProblem as exc:
            raise self.fail(inline, str(exc)) from None
        if item:
            raise self.fail(inline, NOT_ON_THEIR_OWN)

    def inline_block(self, inline: Token, following: Sequence[Token]) -> bool:
        """Render a figure or take a table caption; True when ``inline`` was one of them."""
        try:
            caption = table_caption(inline)
            image = figure_image(inline) if caption is None else None
        except SyntaxProblem as exc:
            raise self.fail(inline, str(exc)) from None
        if caption is not None:
            if not following or following[0].type != "table_open":
                raise self.fail(
                    inline,
                    "a table caption (Tabell: …) must stand on the line just before its table",
                )
            self.caption = caption
            return True
        if image is not None:
            self._figure(inline, image)
            return True
        return False

    def start_table(self, token: Token) -> None:
        """Start collecting a table's tokens."""
        self.table = [token]

    def fence(self, token: Token) -> None:
        """Render a ```chart block; refuse other fenced blocks."""
        if token.info.strip() != CHART_FENCE:
            raise self.fail(
                token, f"fenced blocks are not supported except ```{CHART_FENCE} (docs/figures.md)"
            )
        try:
            chart = parse_chart(token.content, self.target.project_dir)
        except ChartProblem as exc:
            raise self.fail(token, f"chart: {exc}", offset=1 + exc.line) from None
        entry = self._next("figure", token)
        images = draw_chart(chart, self._text_width() / _EMU_PER_INCH)
        self._picture(
            images.png, chart_alt(chart), decorative=False, width=self._text_width(), svg=images.svg
        )
        self._caption_below(token, entry, chart.source)
        if chart.table:
            title = f"Underlag till {KIND_WORDS['figure'].lower()} {entry.number}"
            out = self.builder.paragraphs
            out.append(
                caption_paragraph(self.target.figure_style("caption"), title, keep_next=True)
            )
            rows = data_rows(chart)
            cells = [[Cell((text_run(t),), right=i > 0) for i, t in enumerate(row)] for row in rows]
            out.append(self._table(cells, None))

    def _next(self, kind: str, token: Token) -> Entry:
        entry = next(self.entries, None)
        if entry is None or entry.kind != kind:  # the numbering pass saw other items
            raise self.fail(token, f"internal: no number planned for this {kind}")
        return entry

    def _text_width(self, *, landscape: bool = False) -> int:
        if landscape and self.target.landscape_width:
            return self.target.landscape_width
        return self.target.text_width or _DEFAULT_TEXT_WIDTH

    def _figure(self, inline: Token, image: Token) -> None:
        source = str(image.attrs.get("src", ""))
        alt = image_alt(image).strip()
        decorative = is_decorative(image)
        if not decorative and not alt:
            raise self.fail(
                inline,
                f"figure {source!r} has no alt text: describe it in ![…] "
                "or mark it {.decorative} (WCAG 1.1.1)",
            )
        caption = image_caption(image)
        width = self._text_width()
        share = caption.options.get("width")
        if share is not None:
            try:
                width = int(width * float(share.rstrip("%")) / 100)
            except ValueError:
                raise self.fail(inline, f"width={share!r} must be a per cent such as 60%") from None
        try:
            data = read_image(source, self.target.project_dir)
        except FigureProblem as exc:
            raise self.fail(inline, str(exc)) from None
        try:
            if source.lower().endswith(".svg"):
                self._picture(svg_fallback(data), alt, decorative=decorative, width=width, svg=data)
            else:
                self._picture(data, alt, decorative=decorative, width=width)
        except FigureProblem as exc:
            raise self.fail(inline, f"image {source!r}: {exc}") from None
        if not decorative:
            self._caption_below(inline, self._next("figure", inline), caption.source)

    def _picture(
        self, data: bytes, alt: str, *, decorative: bool, width: int, svg: bytes | None = None
    ) -> None:
        if self.target.part is None:
            raise FigureProblem("pictures need a document to be added to")
        run = picture_run(
            self.target.part,
            data,
            width=width,
            shape_id=self.target.shape_id(),
            alt=alt,
            decorative=decorative,
            svg=svg,
        )
        style = self.target.figure_style("figure")
        self.builder.paragraphs.append(styled_paragraph(style, [run], keep_next=not decorative))

    def _caption_below(self, token: Token, entry: Entry, source: str | None) -> None:
        out = self.builder.paragraphs
        out.append(
            caption_paragraph(
                self.target.figure_style("caption"),
                self.resolve(token, entry.title),
                keep_next=bool(source),
            )
        )
        if source:
            out.append(source_paragraph(self.target.figure_style("source"), source))

    def _emit_table(self, tokens: list[Token]) -> None:
        caption, self.caption = self.caption, None
        rows = _rows(tokens)
        columns = max(len(r) for r in rows)
        body_texts = [
            [r[c][1].content if c < len(r) else "" for r in rows[1:]] for c in range(columns)
        ]
        numeric = [
            all(swedish_cell(t) is not None for t in texts if t.strip())
            and any(t.strip() for t in texts)
            for texts in body_texts
        ]
        years = [is_year_column(texts) for texts in body_texts]
        numeric = [n and not y for n, y in zip(numeric, years, strict=True)]
        cells = []
        for row_index, row in enumerate(rows):
            out_row = []
            for column, (right, inline) in enumerate(row):
                formatted = (
                    swedish_cell(inline.content) if row_index and not years[column] else None
                )
                runs = (
                    [text_run(formatted)]
                    if formatted is not None
                    else list(self.builder.inline(inline))
                )
                out_row.append(Cell(tuple(runs), right=right or numeric[column]))
            cells.append(out_row)
        out = self.builder.paragraphs
        landscape = caption is not None and "landscape" in caption.classes
        if landscape:
            out.append(section_break(self._section(tokens[0]), landscape=False))
        entry = self._next("table", tokens[0]) if caption is not None else None
        if entry is not None:
            out.append(
                caption_paragraph(
                    self.target.figure_style("caption"),
                    self.resolve(tokens[0], entry.title),
                    keep_next=True,
                )
            )
        try:
            widths = table_widths(caption.options.get("widths") if caption else None, columns)
        except ValueError as exc:
            raise self.fail(tokens[0], str(exc), offset=-1) from None
        width = self._text_width(landscape=landscape)
        out.append(self._table(cells, widths, width))
        if caption is not None and caption.source:
            out.append(source_paragraph(self.target.figure_style("source"), caption.source))
        if landscape:
            out.append(section_break(self._section(tokens[0]), landscape=True))

    def _section(self, token: Token) -> etree._Element:
        if self.target.section is None:
            raise self.fail(token, "a landscape table needs a document with a section")
        return self.target.section

    def _table(
        self, cells: list[list[Cell]], widths: list[float] | None, text_width: int = 0
    ) -> etree._Element:
        return table_element(
            cells,
            table_style=self.target.figure_style("table"),
            text_style=self.target.figure_style("table_text"),
            text_width=text_width or self._text_width(),
            widths=widths,
        )


def _rows(tokens: Sequence[Token]) -> list[list[tuple[bool, Token]]]:
    """Each row's cells as (right-aligned in Markdown, inline token)."""
    rows: list[list[tuple[bool, Token]]] = []
    right = False
    for token in tokens:
        if token.type == "tr_open":
            rows.append([])
        elif token.type in ("th_open", "td_open"):
            right = "right" in str(token.attrs.get("style", ""))
        elif token.type == "inline":
            rows[-1].append((right, token))
    return rows
