"""Markdown prose to WordprocessingML: styles, runs, links, footnotes, errors."""

from __future__ import annotations

import pytest
from docx.oxml.ns import qn
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from strukturer.model import Origin, Prose
from strukturer.render.markdown import MarkdownError, render_prose
from tests.render.conftest import W, make_target


def styles(paragraphs: list[etree._Element]) -> list[str]:
    return [p.find(f"{W}pPr/{W}pStyle").get(f"{W}val") for p in paragraphs]


def text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(f"{W}t"))


def test_list_deeper_than_the_template_levels_names_file_and_line() -> None:
    prose = Prose("Text.\n\n- a\n  - b\n    - c\n", origin=Origin("kapitel.md", 3))
    with pytest.raises(MarkdownError) as caught:
        render_prose(prose, make_target())
    assert str(caught.value) == (
        "kapitel.md:7: a list nested 3 levels deep; the template's list styles have 2 levels, "
        "so indent at most once"
    )


def test_footnote_reference_without_definition_names_file_and_line() -> None:
    prose = Prose("Första.\n\nText med not.[^saknas]\n", origin=Origin("kapitel.md", 1))
    with pytest.raises(MarkdownError) as caught:
        render_prose(prose, make_target())
    assert str(caught.value) == "kapitel.md:3: footnote [^saknas] has no definition"


def test_fenced_block_other_than_chart_is_refused() -> None:
    prose = Prose("```python\nprint(1)\n```\n", origin=Origin("kapitel.md", 1))
    with pytest.raises(MarkdownError) as caught:
        render_prose(prose, make_target())
    assert str(caught.value) == (
        "kapitel.md:1: fenced blocks are not supported except ```chart (docs/figures.md)"
    )


def test_blocks_render_into_the_template_styles() -> None:
    md = (
        "# Rubrik\n\nStycke ett\nfortsätter.\n\n## Under\n\n"
        "- a\n- b\n  - c\n\n1. ett\n2. två\n\n> citat\n"
    )
    paragraphs = render_prose(Prose(md), make_target())
    assert styles(paragraphs) == [
        "Heading1",
        "Normal",
        "Heading2",
        "ListBullet",
        "ListBullet",
        "ListBullet2",
        "ListNumber",
        "ListNumber",
        "Quote",
    ]
    assert text(paragraphs[1]) == "Stycke ett fortsätter."


def test_each_numbered_list_restarts() -> None:
    paragraphs = render_prose(Prose("1. a\n2. b\n\nmellan\n\n1. c\n"), make_target())
    num_ids = [
        p.find(f"{W}pPr/{W}numPr/{W}numId").get(f"{W}val")
        for p in paragraphs
        if p.find(f"{W}pPr/{W}numPr") is not None
    ]
    assert num_ids == ["100", "100", "101"]


def test_emphasis_becomes_run_formatting_not_asterisks() -> None:
    (p,) = render_prose(Prose("vanlig **fet** och *kursiv*"), make_target())
    runs = p.findall(f"{W}r")
    assert [
        (text(r), r.find(f"{W}rPr/{W}b") is not None, r.find(f"{W}rPr/{W}i") is not None)
        for r in runs
    ] == [
        ("vanlig ", False, False),
        ("fet", True, False),
        (" och ", False, False),
        ("kursiv", False, True),
    ]
    assert "*" not in text(p)


def test_links_are_hyperlinks() -> None:
    (p,) = render_prose(Prose("Se [Vårdanalys](https://www.vardanalys.se)."), make_target())
    link = p.find(f"{W}hyperlink")
    assert link is not None
    assert link.get(qn("r:id")) == "rIdhttps://www.vardanalys.se"
    assert text(link) == "Vårdanalys"


def test_footnotes_become_word_footnotes() -> None:
    target = make_target()
    (p,) = render_prose(Prose("Text.[^a] Mer.[^b]\n\n[^a]: Första *noten*.\n[^b]: Andra."), target)
    refs = [r.get(f"{W}id") for r in p.iter(f"{W}footnoteReference")]
    assert refs == ["1", "2"]
    assert [n.get(f"{W}id") for n in target.footnotes] == ["1", "2"]
    assert text(target.footnotes[0]) == " Första noten."
    assert target.footnotes[0].find(f".//{W}footnoteRef") is not None
    assert "[^a]" not in text(p)


def test_footnote_ids_continue_across_prose_fields() -> None:
    target = make_target()
    render_prose(Prose("A.[^x]\n\n[^x]: Ett."), target)
    (p,) = render_prose(Prose("B.[^x]\n\n[^x]: Två."), target)
    assert [r.get(f"{W}id") for r in p.iter(f"{W}footnoteReference")] == ["2"]


def test_too_deep_heading_names_file_and_line() -> None:
    prose = Prose("Stycke.\n\n#### Djup\n", origin=Origin("kapitel.md", 10))
    with pytest.raises(MarkdownError, match=r"^kapitel\.md:12: heading level 4 is too deep"):
        render_prose(prose, make_target())


def test_raw_html_and_escapes_are_text() -> None:
    (p,) = render_prose(Prose("<b>inte html</b> & vård\\- och"), make_target())
    assert text(p) == "<b>inte html</b> & vård- och"


words = st.text(alphabet="abcdefghijklmnopqrstuvwxyzåäöÅÄÖ", min_size=1, max_size=12)


@given(st.lists(st.lists(words, min_size=1, max_size=8), min_size=1, max_size=6))
def test_paragraph_text_survives(paragraphs_words: list[list[str]]) -> None:
    md = "\n\n".join(" ".join(ws) for ws in paragraphs_words)
    paragraphs = render_prose(Prose(md), make_target())
    assert [text(p) for p in paragraphs] == [" ".join(ws) for ws in paragraphs_words]
    assert set(styles(paragraphs)) == {"Normal"}


def test_a_span_in_another_language_marks_its_runs() -> None:
    (paragraph,) = render_prose(
        Prose("På engelska: [Web Accessibility *Directive*]{lang=en-GB}."), make_target()
    )
    marked = [
        (text(r), r.find(f"{W}rPr/{W}lang").get(f"{W}val"))
        for r in paragraph.iter(f"{W}r")
        if r.find(f"{W}rPr/{W}lang") is not None
    ]
    assert marked == [("Web Accessibility ", "en-GB"), ("Directive", "en-GB")]
    assert text(paragraph) == "På engelska: Web Accessibility Directive."


@pytest.mark.parametrize("attributes", ["{lang=english}", "{lang=en .x}", "{.x}"])
def test_a_span_is_only_for_a_language(attributes: str) -> None:
    prose = Prose(f"Text [med]{attributes} span.", origin=Origin("kapitel.md", 4))
    with pytest.raises(MarkdownError) as caught:
        render_prose(prose, make_target())
    assert str(caught.value).startswith(
        "kapitel.md:4: a [text]{…} span marks another language, as {lang=en} (a BCP 47 tag "
        "such as en, en-GB, fi, se); not {"
    )
