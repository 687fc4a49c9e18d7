"""Rendering real templates: escaping, no evaluation of content, strict variables."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import attrs
import docx
import pytest
from docx.oxml.ns import nsmap
from lxml import etree

from strukturer import RenderError, TemplateLibrary, load_project
from strukturer.model import Project, Prose
from strukturer.render.docx import NESTED_PARAGRAPHS, render_docx
from strukturer.render.writer import Job


def render(project: Project, name: str, library: TemplateLibrary | None = None) -> docx.Document:
    deliverable = project.deliverable(name)
    template = (library or TemplateLibrary()).get(deliverable.template, deliverable.version)
    job = Job.create(project, deliverable, template)
    return docx.Document(io.BytesIO(render_docx(template, job.context, job.info)))


def all_text(document: docx.Document) -> str:
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def with_report(project: Project, **changes: object) -> Project:
    evaluation = project.evaluation
    report = attrs.evolve(evaluation.report, **changes)
    return attrs.evolve(project, evaluation=attrs.evolve(evaluation, report=report))


def test_markup_characters_render_literally() -> None:
    project = with_report(load_project(), title="A & B <c> \"d\" 'e'")
    text = all_text(render(project, "rapport"))
    assert "A & B <c> \"d\" 'e'" in text


def test_template_syntax_in_content_is_never_evaluated() -> None:
    project = with_report(
        load_project(),
        title="{{ 7*7 }}",
        summary=Prose("Summa {{ 7*7 }} och {% if 1 %}x{% endif %}"),
    )
    text = all_text(render(project, "rapport"))
    assert "{{ 7*7 }}" in text
    assert "Summa {{ 7*7 }} och {% if 1 %}x{% endif %}" in text
    assert "49" not in text


def test_document_properties_are_set() -> None:
    document = render(load_project(), "rapport")
    props = document.core_properties
    assert props.title.startswith("Strukturer för stöd – Utvärdering")
    assert props.author == "Myndigheten för vård- och omsorgsanalys"
    assert props.language == "sv-SE"


def _template_copy(tmp_path: Path, name: str, extra: str) -> TemplateLibrary:
    source = TemplateLibrary().get(name, "2.0.0")
    folder = tmp_path / name / "2.0.0"
    shutil.copytree(source.path, folder)
    document = docx.Document(str(folder / "template.docx"))
    document.add_paragraph(extra)
    document.save(str(folder / "template.docx"))
    return TemplateLibrary([tmp_path])


def test_unknown_variable_names_template_and_variable(tmp_path: Path) -> None:
    library = _template_copy(tmp_path, "missiv", "{{ cover_letter.datum }}")
    with pytest.raises(RenderError, match=r"^template missiv 2\.0\.0: unknown variable: .*'datum'"):
        render(load_project(), "missiv", library)


def test_prose_used_inside_a_paragraph_is_refused(tmp_path: Path) -> None:
    library = _template_copy(tmp_path, "missiv", "Text: {{ cover_letter.body }}")
    with pytest.raises(RenderError, match=r"a prose field is used inside a paragraph"):
        render(load_project(), "missiv", library)


def test_sandbox_blocks_private_attributes(tmp_path: Path) -> None:
    library = _template_copy(tmp_path, "missiv", "{{ cover_letter.__class__.__mro__ }}")
    with pytest.raises(RenderError) as refused:
        render(load_project(), "missiv", library)
    assert str(refused.value) == (
        "template missiv 2.0.0: access to attribute '__class__' of 'CoverLetter' object is unsafe."
    )


@pytest.mark.parametrize(
    ("inner", "nested"),
    [
        ("<w:p><w:r><w:t>a</w:t></w:r></w:p><w:p/>", 0),
        ("<w:p><w:p><w:r><w:t>prose</w:t></w:r></w:p></w:p>", 1),
        ("<w:p><w:r><w:p/></w:r><w:p><w:p/></w:p></w:p>", 3),
        (
            "<w:p><w:r><w:pict><w:txbxContent><w:p/><w:p/></w:txbxContent></w:pict></w:r></w:p>",
            0,
        ),
        (
            "<w:tbl><w:tr><w:tc><w:p/><w:p><w:p/></w:p></w:tc></w:tr></w:tbl>",
            1,
        ),
    ],
)
def test_nested_paragraphs_are_those_within_a_paragraph_outside_text_boxes(
    inner: str, nested: int
) -> None:
    body = etree.fromstring(f'<w:body xmlns:w="{nsmap["w"]}">{inner}</w:body>')
    found = NESTED_PARAGRAPHS(body)
    assert isinstance(found, list)
    assert len(found) == nested
    # the same paragraphs as the expression it replaced, which was slower on long bodies
    assert found == body.xpath(".//w:p//w:p[not(ancestor::w:txbxContent)]", namespaces=nsmap)
