"""Charts from data: parsing, Swedish number formatting, alt text, bytes, errors."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from strukturer.model import Origin, Prose
from strukturer.render.charts import (
    THIN_NO_BREAK_SPACE,
    chart_alt,
    data_rows,
    draw_chart,
    format_value,
    parse_chart,
)
from strukturer.render.markdown import MarkdownError, render_prose
from tests.render.conftest import FIXTURES, W, make_target, text

WP = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BLOCK = """kind: grouped-bar
title: Ärenden per län
unit: procent
data:
  categories: [Östergötland, Skåne]
  series:
    2020: [12.5, 30]
    2021: [14, 27.25]
"""


def chart_md(block: str) -> str:
    return f"Text.\n\n```chart\n{block}```\n"


def render(md: str, folder: Path | None = None) -> list:  # type: ignore[type-arg]
    document = docx.Document()
    target = make_target(part=document.part, text_width=8504 * 635, project_dir=folder)
    return render_prose(Prose(md, origin=Origin("kapitel.md", 10)), target)


def test_alt_text_names_kind_series_range_and_extremes() -> None:
    assert chart_alt(parse_chart(BLOCK, None)) == (
        "Grupperat stapeldiagram: Ärenden per län. Visar 2020, 2021 för Östergötland–Skåne. "
        f"Högst 30,00{THIN_NO_BREAK_SPACE}% (2020, Skåne), "
        f"lägst 12,50{THIN_NO_BREAK_SPACE}% (2020, Östergötland)."
    )


def test_given_alt_text_is_used_as_written() -> None:
    chart = parse_chart(BLOCK + "alt: Andelen ökar i båda länen.\n", None)
    assert chart_alt(chart) == "Andelen ökar i båda länen."


def test_chart_is_a_picture_with_generated_alt_and_a_numbered_caption() -> None:
    _, picture, caption = render(chart_md(BLOCK))
    assert picture.find(".//{*}docPr").get("descr").startswith("Grupperat stapeldiagram:")
    assert text(caption) == "Figur 1 Ärenden per län"


def test_table_switch_prints_the_data_as_a_table() -> None:
    paragraphs = render(chart_md(BLOCK + "table: true\nsource: SCB\n"))
    assert [p.tag.split("}")[1] for p in paragraphs] == ["p", "p", "p", "p", "p", "tbl"]
    assert text(paragraphs[3]) == "Källa: SCB"
    assert text(paragraphs[4]) == "Underlag till figur 1"
    rows = [[text(c) for c in r.iter(f"{W}tc")] for r in paragraphs[5].iter(f"{W}tr")]
    assert rows == data_rows(parse_chart(BLOCK, None))
    assert rows[1] == [
        "Östergötland",
        f"12,50{THIN_NO_BREAK_SPACE}%",
        f"14,00{THIN_NO_BREAK_SPACE}%",
    ]


def test_data_from_a_csv_file(tmp_path: Path) -> None:
    (tmp_path / "data.csv").write_text("Län;Andel\nÖstergötland;12,5\nSkåne;30\n", encoding="utf-8")
    chart = parse_chart("kind: bar\ntitle: T\ndata: data.csv\n", tmp_path)
    assert chart.categories == ("Östergötland", "Skåne")
    assert [s.values for s in chart.series] == [(12.5, 30.0)]


def test_same_chart_same_bytes_without_timestamp_or_version() -> None:
    chart = parse_chart(BLOCK, None)
    first = draw_chart(chart, 6.0)
    assert first == draw_chart(chart, 6.0)
    assert first.png.startswith(b"\x89PNG")
    assert b"tIME" not in first.png
    assert b"matplotlib" not in first.png.lower()
    assert first.svg.startswith(b"<?xml")
    assert b"<dc:date>" not in first.svg
    assert b"Matplotlib v" not in first.svg


def test_chart_is_svg_with_a_png_fallback() -> None:
    document = docx.Document()
    target = make_target(part=document.part, text_width=8504 * 635)
    _, picture, _ = render_prose(Prose(chart_md(BLOCK)), target)
    blip = picture.find(".//{*}blip")
    fallback = document.part.related_parts[blip.get(qn("r:embed"))]
    assert fallback.content_type == "image/png"
    svg_blip = blip.find(".//{http://schemas.microsoft.com/office/drawing/2016/SVG/main}svgBlip")
    svg = document.part.related_parts[svg_blip.get(qn("r:embed"))]
    assert svg.content_type == "image/svg+xml"
    assert svg.partname.endswith(".svg")


@pytest.mark.parametrize(
    ("block", "message"),
    [
        (
            "kind: pie\ntitle: T\n",
            "kapitel.md:13: chart: 'kind' must be one of bar, grouped-bar, stacked-bar, line, "
            "not 'pie'",
        ),
        (
            "kind: bar\ntitle: T\ncolour: red\n",
            "kapitel.md:13: chart: unknown key 'colour'; expected one of kind, title, label, "
            "source, unit, x_label, y_label, alt, table, data",
        ),
        (
            "kind: bar\ntitle: T\ndata:\n  categories: [a, b]\n  series:\n    S: [1]\n",
            "kapitel.md:13: chart: series 'S' has 1 values but there are 2 categories",
        ),
        (
            "kind: bar\ntitle: T\ndata:\n  categories: [a]\n  series:\n    S: [många]\n",
            "kapitel.md:13: chart: value 'många' in series 'S' is not a number",
        ),
        (
            "kind: bar\ntitle: T\ndata: [\n",
            "kapitel.md:16: chart: invalid YAML: expected the node content, "
            "but found '<stream end>'",
        ),
        (
            "kind: bar\ntitle: &t T\nlabel: *t\n",
            "kapitel.md:15: chart: YAML aliases (*name) are not allowed",
        ),
        (
            "kind: bar\ndata: saknas.csv\n",
            "kapitel.md:13: chart: 'title' is required (it becomes the figure caption)",
        ),
    ],
)
def test_malformed_chart_block_names_file_and_line(block: str, message: str) -> None:
    with pytest.raises(MarkdownError) as caught:
        render(chart_md(block))
    assert str(caught.value) == message


def test_missing_csv_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(MarkdownError) as caught:
        render(chart_md("kind: bar\ntitle: T\ndata: saknas.csv\n"), tmp_path)
    assert str(caught.value) == (
        "kapitel.md:13: chart: cannot read data file 'saknas.csv': No such file or directory"
    )


def test_demo_chapter_chart_block_parses() -> None:
    block = (FIXTURES / "kapitel.md").read_text(encoding="utf-8").split("```chart\n")[1]
    chart = parse_chart(block.split("```")[0], None)
    assert chart.kind == "line"
    assert chart.label == "fig:andel"
    assert chart.table


def _plain(formatted: str) -> Decimal:
    digits = formatted.replace(THIN_NO_BREAK_SPACE, "").replace("\u2212", "-").replace(",", ".")
    return Decimal(digits.removesuffix("%").strip())


@given(st.integers(min_value=-(10**12), max_value=10**12))
def test_whole_numbers_group_in_threes_with_thin_no_break_spaces(value: int) -> None:
    formatted = format_value(float(value))
    assert _plain(formatted) == value
    groups = formatted.lstrip("\u2212").split(THIN_NO_BREAK_SPACE)
    assert 1 <= len(groups[0]) <= 3
    assert all(len(g) == 3 for g in groups[1:])
    assert "." not in formatted
    assert " " not in formatted


@given(st.decimals(min_value=-(10**6), max_value=10**6, places=2, allow_nan=False))
def test_decimals_use_a_comma_and_keep_their_value(value: Decimal) -> None:
    formatted = format_value(float(value), decimals=2)
    assert _plain(formatted) == value
    assert formatted.count(",") == 1
    assert "." not in formatted


@given(st.floats(min_value=0, max_value=100, allow_nan=False))
def test_percent_unit_adds_a_no_break_per_cent_sign(value: float) -> None:
    formatted = format_value(value, "procent", 1)
    assert formatted.endswith(f"{THIN_NO_BREAK_SPACE}%")
    assert abs(_plain(formatted) - Decimal(repr(value))) <= Decimal("0.05")


def test_floating_point_noise_is_rounded_away() -> None:
    assert format_value(0.1 + 0.2) == "0,3"
    assert format_value(-2.5) == "\u22122,5"


def test_chart_without_project_folder_cannot_read_csv() -> None:
    with pytest.raises(MarkdownError, match=r"^kapitel\.md:13: chart: data file 'x\.csv' needs"):
        render(chart_md("kind: bar\ntitle: T\ndata: x.csv\n"))


def test_chart_in_a_footnote_is_refused() -> None:
    md = "Text.[^n]\n\n[^n]: Not.\n\n    ```chart\n    kind: bar\n    ```\n"
    with pytest.raises(MarkdownError) as caught:
        render(md)
    assert str(caught.value) == (
        "kapitel.md:14: tables and figures must stand on their own, not in a list, quote "
        "or footnote"
    )


def test_chart_in_a_list_is_refused() -> None:
    block = "".join(f"  {line}\n" for line in BLOCK.splitlines())
    with pytest.raises(MarkdownError) as caught:
        render(f"- punkt\n\n  ```chart\n{block}  ```\n")
    assert str(caught.value) == (
        "kapitel.md:12: tables and figures must stand on their own, not in a list, quote "
        "or footnote"
    )
