"""Numbering per chapter, cross-references by label, and the lists of tables and figures."""

from __future__ import annotations

from pathlib import Path

import attrs
import docx
import pytest
from lxml import etree

from strukturer import TemplateLibrary, load_project
from strukturer.model import Chapter, Origin, Prose
from strukturer.render.docx import listing
from strukturer.render.markdown import MarkdownError, render_prose
from strukturer.render.numbering import plan_numbering
from tests.render.conftest import make_target, render_report, text

TABLE = "Tabell: {title} {{#{label}}}\n| a |\n|---|\n| 1 |\n"


def test_demo_chapter_numbers_items_per_chapter_and_resolves_references(
    figures_project: Path, styled_library: TemplateLibrary
) -> None:
    document = render_report(figures_project, styled_library)
    captions = [p.text for p in document.paragraphs if p.style.name == "Caption"]
    assert captions == [
        "Tabell 4.1 Ärenden till stödtelefonen",
        "Figur 4.1 Stödtelefonens placering",
        "Figur 4.2 Andel ärenden från skolan",
        "Underlag till figur 4.2",
    ]
    prose = next(p.text for p in document.paragraphs if p.text.startswith("Tabell 4.1 visar"))
    assert prose == (
        "Tabell 4.1 visar antalet ärenden per år, och figur 4.2 visar hur andelen ärenden "
        "från skolan har ökat. Kartan i figur 4.1 visar var stödtelefonen finns."
    )


def test_items_outside_chapters_are_numbered_without_chapter(project_dir: Path) -> None:
    project = load_project(project_dir)
    report = project.evaluation.report
    chapters = (Chapter(title="Ett", body=Prose(TABLE.format(title="I kapitlet", label="tab:k"))),)
    report = attrs.evolve(
        report,
        summary=Prose(TABLE.format(title="I sammanfattningen", label="tab:s")),
        chapters=chapters,
    )
    numbering = plan_numbering({"report": report})
    assert [(e.title, e.label) for e in numbering.entries] == [
        ("Tabell 1.1 I kapitlet", "tab:k"),
        ("Tabell 1 I sammanfattningen", "tab:s"),
    ]
    root = etree.fromstring(f"<root>{listing(numbering, 'table', make_target())}</root>")
    assert [text(p) for p in root] == ["Tabell 1.1 I kapitlet", "Tabell 1 I sammanfattningen"]


def test_unknown_cross_reference_label_names_file_and_line() -> None:
    prose = Prose("Stycke.\n\nSe tabell {ref:tab:saknas}.\n", origin=Origin("kapitel.md", 5))
    with pytest.raises(MarkdownError) as caught:
        render_prose(prose, make_target())
    assert str(caught.value) == (
        "kapitel.md:7: unknown cross-reference label 'tab:saknas': no table or figure has it"
    )


def test_forward_reference_in_the_same_text() -> None:
    md = "Se tabell {ref:tab:x}.\n\n" + TABLE.format(title="Senare", label="tab:x")
    first, caption, _ = render_prose(Prose(md), make_target())
    assert text(first) == "Se tabell 1."
    assert text(caption) == "Tabell 1 Senare"


def test_a_label_used_twice_is_an_error() -> None:
    md = TABLE.format(title="A", label="tab:x") + "\n" + TABLE.format(title="B", label="tab:x")
    with pytest.raises(MarkdownError) as caught:
        render_prose(Prose(md, origin=Origin("kapitel.md", 1)), make_target())
    assert str(caught.value) == "kapitel.md:6: label 'tab:x' is used twice"


def test_template_can_show_the_list_of_figures(
    figures_project: Path, styled_library: TemplateLibrary
) -> None:
    template = styled_library.get("rapport", "2.0.0").docx
    document = docx.Document(str(template))
    document.add_paragraph("{{p list_of_figures }}")
    document.save(str(template))
    rendered = render_report(figures_project, styled_library)
    assert [p.text for p in rendered.paragraphs][-2:] == [
        "Figur 4.1 Stödtelefonens placering",
        "Figur 4.2 Andel ärenden från skolan",
    ]


def test_references_in_captions_are_resolved() -> None:
    md = (
        'Tabell: Som tabell {ref:tab:b} {#tab:a source="SCB"}\n'
        "| a |\n|---|\n| 1 |\n\n" + TABLE.format(title="Andra", label="tab:b")
    )
    caption, _, source, *_ = render_prose(Prose(md), make_target())
    assert text(caption) == "Tabell 1 Som tabell 2"
    assert text(source) == "Källa: SCB"
