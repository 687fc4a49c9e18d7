"""Word tables (``w:tbl``) in the template's table style, with the header row repeated.

Cells that hold a plain number are right-aligned and written the Swedish way
(``1 234,5``, ``25 %``; N1, N3, N5) by :func:`swedish_cell`; a column of four-digit whole
numbers (years) is kept as written, since years are never grouped (N2).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

import attrs
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from strukturer.format import number, percent
from strukturer.render.captions import styled_paragraph

_NUMBER = re.compile(r"^([-\u2212]?)(\d{1,3}(?:[ \u00a0\u202f]\d{3})+|\d+)(?:[.,](\d+))?(\s?%)?$")
_TWIPS_PER_EMU = 1 / 635
#: A table spans the text width: 5000 fiftieths of a per cent.
_FULL_WIDTH_PCT = "5000"


@attrs.frozen
class Cell:
    """A table cell: its runs and whether it is right-aligned."""

    runs: tuple[etree._Element, ...]
    right: bool = False


def parse_number(text: str) -> tuple[Decimal, int, bool] | None:
    """(value, decimals, is percent) when ``text`` is a plain number such as ``1 234,5``."""
    match = _NUMBER.match(text.strip())
    if match is None:
        return None
    sign, integer, fraction, percent_sign = match.groups()
    digits = re.sub(r"\D", "", integer)
    value = Decimal(f"{'-' if sign else ''}{digits}.{fraction or '0'}")
    return value, len(fraction or ""), bool(percent_sign)


def is_year_column(texts: Sequence[str]) -> bool:
    """Whether every number in a column is a four-digit whole number (a year; N2)."""
    numbers = [t.strip() for t in texts if parse_number(t) is not None]
    return bool(numbers) and all(re.fullmatch(r"\d{4}", t) for t in numbers)


def swedish_cell(text: str) -> str | None:
    """``text`` rewritten as a Swedish number (``1 234,5``, ``25 %``), or None if not a number."""
    parsed = parse_number(text)
    if parsed is None:
        return None
    value, decimals, is_percent = parsed
    if is_percent:
        return percent(value, decimals, style="table")
    return number(value, decimals)


def table_element(
    rows: Sequence[Sequence[Cell]],
    *,
    table_style: str,
    text_style: str,
    text_width: int,
    widths: Sequence[float] | None = None,
) -> etree._Element:
    """A ``w:tbl`` whose first row is a header row repeated on every page.

    ``text_width`` is in EMU; ``widths`` are the columns' shares of it in per cent.
    """
    columns = max(len(row) for row in rows)
    total = int(text_width * _TWIPS_PER_EMU) or 9000
    shares = list(widths) if widths else [100 / columns] * columns
    twips = [int(total * share / 100) for share in shares]
    tbl = OxmlElement("w:tbl")
    tbl_pr = OxmlElement("w:tblPr")
    _child(tbl_pr, "w:tblStyle", val=table_style)
    _child(
        tbl_pr,
        "w:tblW",
        w=str(sum(twips)) if widths else _FULL_WIDTH_PCT,
        type="dxa" if widths else "pct",
    )
    if widths:
        _child(tbl_pr, "w:tblLayout", type="fixed")
    _child(
        tbl_pr,
        "w:tblLook",
        val="04A0",
        firstRow="1",
        lastRow="0",
        firstColumn="0",
        lastColumn="0",
        noHBand="0",
        noVBand="1",
    )
    tbl.append(tbl_pr)
    grid = OxmlElement("w:tblGrid")
    for width in twips:
        _child(grid, "w:gridCol", w=str(width))
    tbl.append(grid)
    for index, row in enumerate(rows):
        tr = OxmlElement("w:tr")
        tr_pr = OxmlElement("w:trPr")
        tr_pr.append(OxmlElement("w:cantSplit"))
        if index == 0:
            tr_pr.append(OxmlElement("w:tblHeader"))
        tr.append(tr_pr)
        for column in range(columns):
            cell = row[column] if column < len(row) else Cell(())
            tc = OxmlElement("w:tc")
            tc_pr = OxmlElement("w:tcPr")
            _child(tc_pr, "w:tcW", w=str(twips[column]), type="dxa")
            tc.append(tc_pr)
            align = "right" if cell.right else None
            runs = [_bold(run) for run in cell.runs] if index == 0 else list(cell.runs)
            tc.append(styled_paragraph(text_style, runs, align=align))
            tr.append(tc)
        tbl.append(tr)
    return tbl


def _bold(run: etree._Element) -> etree._Element:
    """``run`` in bold: header cells are bold in every application, not only by table style."""
    if run.tag != qn("w:r"):
        return run
    rpr = run.find(qn("w:rPr"))
    if rpr is None:
        rpr = OxmlElement("w:rPr")
        run.insert(0, rpr)
    if rpr.find(qn("w:b")) is None:
        rstyle = rpr.find(qn("w:rStyle"))
        rpr.insert(0 if rstyle is None else 1, OxmlElement("w:b"))
    return run


def _child(parent: etree._Element, tag: str, **values: str) -> etree._Element:
    element = OxmlElement(tag)
    for key, value in values.items():
        element.set(qn(f"w:{key}"), value)
    parent.append(element)
    return element


def table_widths(option: str | None, columns: int) -> list[float] | None:
    """Column widths from ``widths="40 20 20 20"`` (per cent of the text width); None if unset.

    Raises ValueError with the reason when the option is malformed.
    """
    if option is None:
        return None
    try:
        shares = [float(part) for part in option.replace(",", " ").split()]
    except ValueError:
        raise ValueError(
            f'widths={option!r} must be numbers (per cent), e.g. "40 20 20 20"'
        ) from None
    if len(shares) != columns:
        raise ValueError(f"widths={option!r} gives {len(shares)} widths for {columns} columns")
    if any(s <= 0 for s in shares) or sum(shares) > 100.5:
        raise ValueError(f"widths={option!r} must be positive and add up to at most 100")
    return shares
