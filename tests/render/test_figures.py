"""Figures: inline drawings with alt text, decorative images, captions, and their errors."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml.ns import qn

from strukturer import TemplateLibrary, load_project
from strukturer.model import Origin, Prose
from strukturer.render.docx import render_docx
from strukturer.render.markdown import MarkdownError, render_prose
from strukturer.render.writer import Job
from tests.render.conftest import FIXTURES, W, make_target, text

WP = "{http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing}"
ADEC = "{http://schemas.microsoft.com/office/drawing/2017/decorative}"
SVG = "http://schemas.microsoft.com/office/drawing/2016/SVG/main"
TEXT_WIDTH = 8504 * 635


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    shutil.copytree(FIXTURES / "figurer", tmp_path / "figurer")
    return tmp_path


def render(md: str, folder: Path, line: int = 1) -> list:  # type: ignore[type-arg]
    document = docx.Document()
    target = make_target(part=document.part, text_width=TEXT_WIDTH, project_dir=folder)
    return render_prose(Prose(md, origin=Origin("kapitel.md", line)), target)


def test_figure_is_an_inline_drawing_with_alt_text_and_caption_below(folder: Path) -> None:
    md = '![Karta över länet](figurer/karta.png "Länet"){#fig:k source="Lantmäteriet"}'
    picture, caption, source = render(md, folder)
    doc_pr = picture.find(f".//{W}drawing/{WP}inline/{WP}docPr")
    assert doc_pr.get("descr") == "Karta över länet"
    extent = picture.find(f".//{WP}inline/{WP}extent")
    assert int(extent.get("cx")) == TEXT_WIDTH
    assert int(extent.get("cy")) == TEXT_WIDTH * 360 // 600
    assert picture.find(f"{W}pPr/{W}pStyle").get(qn("w:val")) == "Figur"
    assert text(caption) == "Figur 1 Länet"
    assert text(source) == "Källa: Lantmäteriet"


def test_width_option_scales_the_figure(folder: Path) -> None:
    (picture, _) = render('![Karta](figurer/karta.png "K"){width="50%"}', folder)
    assert int(picture.find(f".//{WP}inline/{WP}extent").get("cx")) == TEXT_WIDTH // 2


def test_decorative_image_has_the_decorative_mark_and_no_caption(folder: Path) -> None:
    (picture,) = render("![](figurer/karta.png){.decorative}", folder)
    doc_pr = picture.find(f".//{WP}docPr")
    assert doc_pr.get("descr") == ""
    assert doc_pr.find(f".//{ADEC}decorative").get("val") == "1"


def test_missing_image_file_names_file_and_line(folder: Path) -> None:
    with pytest.raises(MarkdownError) as caught:
        render("Text.\n\n![Karta](figurer/saknas.png)\n", folder, line=20)
    assert str(caught.value) == (
        "kapitel.md:22: image file 'figurer/saknas.png' not found (paths are relative to "
        "the project folder, where strukturer.toml is)"
    )


def test_figure_without_alt_text_is_an_error(folder: Path) -> None:
    with pytest.raises(MarkdownError) as caught:
        render("![](figurer/karta.png)", folder)
    assert str(caught.value) == (
        "kapitel.md:1: figure 'figurer/karta.png' has no alt text: describe it in ![…] "
        "or mark it {.decorative} (WCAG 1.1.1)"
    )


def test_image_inside_running_text_is_an_error(folder: Path) -> None:
    with pytest.raises(MarkdownError) as caught:
        render("Se ![karta](figurer/karta.png) här.", folder)
    assert str(caught.value) == (
        "kapitel.md:1: an image must stand alone in its own paragraph (a figure); "
        "put a blank line before and after it"
    )


def test_image_outside_the_project_folder_is_refused(folder: Path) -> None:
    with pytest.raises(MarkdownError) as caught:
        render("![x](../etc/passwd.png)", folder)
    assert (
        str(caught.value) == "kapitel.md:1: image '../etc/passwd.png' is outside the project folder"
    )


def test_svg_figure_is_the_svg_with_a_blank_fallback_of_its_proportions(folder: Path) -> None:
    (picture, _) = render('![Tre staplar](figurer/stapel.svg "Staplar")', folder)
    extent = picture.find(f".//{WP}inline/{WP}extent")
    assert int(extent.get("cx")) == TEXT_WIDTH
    assert int(extent.get("cy")) == TEXT_WIDTH // 2
    svg_blip = picture.find(f".//{{{SVG}}}svgBlip")
    assert svg_blip is not None


def test_unsupported_image_type_is_refused(folder: Path) -> None:
    with pytest.raises(MarkdownError) as caught:
        render("![x](figurer/karta.gif)", folder)
    assert str(caught.value) == (
        "kapitel.md:1: image 'figurer/karta.gif': use a PNG, JPEG or SVG file "
        "(.png, .jpg, .jpeg, .svg)"
    )


def test_svg_without_size_is_an_error(folder: Path) -> None:
    (folder / "figurer" / "tom.svg").write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    with pytest.raises(MarkdownError) as caught:
        render("![x](figurer/tom.svg)", folder)
    assert str(caught.value) == (
        "kapitel.md:1: image 'figurer/tom.svg': the SVG gives no size: it needs a viewBox "
        "or a width and height"
    )


def test_svg_entities_are_not_resolved(folder: Path) -> None:
    (folder / "figurer" / "xxe.svg").write_text(
        '<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
        '<svg xmlns="http://www.w3.org/2000/svg" width="&e;" height="10"/>'
    )
    with pytest.raises(MarkdownError) as caught:
        render("![x](figurer/xxe.svg)", folder)
    assert str(caught.value) == (
        "kapitel.md:1: image 'figurer/xxe.svg': not a readable SVG file: "
        "Attribute references external entity 'e', line 1, column 130"
    )


def test_a_file_that_is_not_an_image_is_an_error(folder: Path) -> None:
    (folder / "figurer" / "trasig.png").write_bytes(b"not a png")
    with pytest.raises(MarkdownError) as caught:
        render("![x](figurer/trasig.png)", folder)
    assert str(caught.value) == (
        "kapitel.md:1: image 'figurer/trasig.png': not a PNG or JPEG image that can be read"
    )


def test_report_with_figures_is_byte_identical_on_rebuild(
    figures_project: Path, styled_library: TemplateLibrary, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    project = load_project(figures_project)
    deliverable = project.deliverable("rapport")
    template = styled_library.get(deliverable.template, deliverable.version)
    job = Job.create(project, deliverable, template)
    first = render_docx(template, job.context, job.info, project=project)
    assert first == render_docx(template, job.context, job.info, project=project)
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    assert sorted(n for n in names if n.startswith("word/media/")) == [
        "word/media/image1.png",  # the map
        "word/media/image1.svg",  # the chart, and its PNG fallback:
        "word/media/image2.png",
    ]
