"""Markdown pipe tables to Word tables: header row, Swedish numbers, captions, widths."""

from __future__ import annotations

from pathlib import Path

import pytest
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st

from strukturer import TemplateError, TemplateLibrary
from strukturer.model import Origin, Prose
from strukturer.render.markdown import MarkdownError, render_prose
from strukturer.render.syntax import PARSER, Caption, table_caption
from strukturer.render.tables import parse_number, swedish_cell
from tests.conftest import edit
from tests.render.conftest import W, make_target, render_report, text

TABLE = (
    'Tabell: Ärenden {#tab:a source="SCB"}\n'
    "| År | Antal | Andel |\n|---|---|---|\n| 2019 | 1234 | 12,5 % |\n| 2020 | 10512.75 | 7% |\n"
)


def test_pipe_table_becomes_a_word_table_in_the_table_style() -> None:
    caption, table, source = render_prose(Prose(TABLE), make_target())
    assert caption.tag == f"{W}p"
    assert text(caption) == "Tabell 1 Ärenden"
    assert caption.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Caption"
    assert table.tag == f"{W}tbl"
    assert table.find(f"{W}tblPr/{W}tblStyle").get(f"{W}val") == "StrukturerTabell"
    rows = table.findall(f"{W}tr")
    assert [r.find(f"{W}trPr/{W}tblHeader") is not None for r in rows] == [True, False, False]
    assert [[text(c) for c in r.findall(f"{W}tc")] for r in rows] == [
        ["År", "Antal", "Andel"],
        ["2019", "1\u00a0234", "12,5\u00a0%"],
        ["2020", "10\u00a0512,75", "7\u00a0%"],
    ]
    assert text(source) == "Källa: SCB"
    assert source.find(f"{W}pPr/{W}pStyle").get(f"{W}val") == "Källa"


def test_numbers_are_right_aligned_years_and_text_are_not() -> None:
    _, table, _ = render_prose(Prose(TABLE), make_target())
    body = table.findall(f"{W}tr")[1]
    aligned = [c.find(f"{W}p/{W}pPr/{W}jc") for c in body.findall(f"{W}tc")]
    assert [a.get(f"{W}val") if a is not None else None for a in aligned] == [
        None,
        "right",
        "right",
    ]


def test_header_cells_are_bold() -> None:
    _, table, _ = render_prose(Prose(TABLE), make_target())
    header = table.findall(f"{W}tr")[0]
    assert all(r.find(f"{W}rPr/{W}b") is not None for r in header.iter(f"{W}r"))


def test_table_without_caption_is_not_numbered() -> None:
    (table,) = render_prose(Prose("| a | b |\n|---|---|\n| x | y |\n"), make_target())
    assert table.tag == f"{W}tbl"


def test_column_widths_in_per_cent_of_the_text_width() -> None:
    md = 'Tabell: Bred {widths="50 25 25"}\n| a | b | c |\n|---|---|---|\n| x | 1 | 2 |\n'
    _, table = render_prose(Prose(md), make_target(text_width=8504 * 635))
    assert [g.get(qn("w:w")) for g in table.iter(f"{W}gridCol")] == ["4252", "2126", "2126"]
    assert table.find(f"{W}tblPr/{W}tblLayout").get(qn("w:type")) == "fixed"


def test_wrong_number_of_widths_names_file_and_line() -> None:
    md = 'Text.\n\nTabell: Bred {widths="50 50"}\n| a | b | c |\n|---|---|---|\n| x | 1 | 2 |\n'
    with pytest.raises(MarkdownError) as caught:
        render_prose(Prose(md, origin=Origin("kapitel.md", 10)), make_target())
    assert str(caught.value) == "kapitel.md:12: widths='50 50' gives 2 widths for 3 columns"


def test_caption_not_followed_by_a_table_is_an_error() -> None:
    md = "Tabell: Ensam\n\nBara text.\n"
    with pytest.raises(MarkdownError) as caught:
        render_prose(Prose(md, origin=Origin("kapitel.md", 4)), make_target())
    assert str(caught.value) == (
        "kapitel.md:4: a table caption (Tabell: …) must stand on the line just before its table"
    )


def test_malformed_caption_attributes_are_an_error() -> None:
    md = "Tabell: Trasig {#tab:x source=}\n| a |\n|---|\n| 1 |\n"
    with pytest.raises(
        MarkdownError, match=r"^kapitel\.md:1: the caption's attribute block is malformed"
    ):
        render_prose(Prose(md, origin=Origin("kapitel.md", 1)), make_target())


def test_report_holds_a_real_table_from_the_demo_chapter(
    figures_project: Path, styled_library: TemplateLibrary
) -> None:
    document = render_report(figures_project, styled_library)
    table = document.tables[0]
    assert table.style.name == "Strukturer Tabell"
    assert [c.text for c in table.rows[0].cells] == ["År", "Ärenden", "Andel från skolan"]
    assert table.rows[0]._tr.find(f"{W}trPr/{W}tblHeader") is not None
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions[0] == "Tabell 4.1 Ärenden till stödtelefonen"


def test_template_without_the_table_style_is_a_clear_error(figures_project: Path) -> None:
    edit(
        figures_project / "strukturer.toml",
        'template = "rapport"\nversion = "2.0.0"',
        'template = "rapport"\nversion = "1.0.0"',
    )
    with pytest.raises(TemplateError) as caught:
        render_report(figures_project, TemplateLibrary())
    assert str(caught.value) == (
        "template rapport 1.0.0 has no style 'Strukturer Tabell' for tables and figures "
        "(see docs/figures.md)"
    )


@given(st.integers(min_value=-(10**12), max_value=10**12), st.integers(0, 4))
def test_swedish_cell_round_trips(whole: int, decimals: int) -> None:
    raw = f"{whole}.{'5' * decimals}" if decimals else str(whole)
    formatted = swedish_cell(raw)
    assert formatted is not None
    assert "." not in formatted
    assert parse_number(formatted) == parse_number(raw)


def test_landscape_table_gets_a_landscape_section_and_page_numbers_run_on(
    figures_project: Path, styled_library: TemplateLibrary
) -> None:
    chapter = figures_project / "chapters" / "04-siffror.md"
    chapter.write_text(
        chapter.read_text(encoding="utf-8")
        + "\nTabell: Bred {#tab:bred .landscape}\n| A | B |\n|---|---|\n| 1 | 2 |\n",
        encoding="utf-8",
    )
    document = render_report(figures_project, styled_library)
    landscape = [s.page_width > s.page_height for s in document.sections]
    assert landscape == [False, False, False, True, False]
    numbering = [s.find(f"{W}pgNumType") for s in document.element.body.iter(f"{W}sectPr")]
    starts = [n.get(qn("w:start")) if n is not None else None for n in numbering]
    assert starts == [None, "1", "1", None, None]  # chapter 1 starts at 1; then it runs on
    wide = document.element.body.findall(f"{W}tbl")[-1]
    assert text(wide.find(f"{W}tr")) == "AB"
    assert sum(int(g.get(qn("w:w"))) for g in wide.iter(f"{W}gridCol")) == 16838 - 2 * 1701


caption_words = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N"), whitelist_characters=" –,.()%"),
    min_size=1,
    max_size=40,
).filter(str.strip)
labels = st.from_regex(r"tab:[a-z][a-z0-9-]{0,12}", fullmatch=True)


@given(caption_words, labels, caption_words)
def test_caption_line_round_trips(title: str, label: str, source: str) -> None:
    escaped = source.replace('"', "")
    md = f'Tabell: {title} {{#{label} source="{escaped}"}}\n| a |\n|---|\n| 1 |\n'
    tokens = PARSER.parse(md)
    caption = table_caption(tokens[1])
    assert caption == Caption(text=title.strip(), label=label, source=escaped)
