"""Every released Word template: styles, language, fonts, tags, layout and the generator."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml.ns import qn
from docx.text.paragraph import Paragraph
from docxtpl import DocxTemplate
from lxml import etree

from strukturer.render.context import CONTEXT
from strukturer.render.docx import LISTINGS
from strukturer.render.jinja import make_environment

ROOT = Path(__file__).resolve().parents[2]
TEMPLATES = ROOT / "templates"
SCRIPT = ROOT / "tools" / "make_templates.py"
#: The first released version, which every template has, and the one the generator makes.
VERSION = "1.0.0"
CURRENT = "2.0.0"
NAMES = ("regeringsbeslut", "rapport", "missiv", "pressmeddelande")
RENDERS = {
    "regeringsbeslut": "assignment",
    "rapport": "report",
    "missiv": "cover_letter",
    "pressmeddelande": "press_release",
    "kommunbrev": "record",
}
CONTEXT_NAMES = set(CONTEXT) | set(LISTINGS)  # the renderer adds the lists
REQUIRED_STYLES = (
    "Normal",
    "Heading 1",
    "Heading 2",
    "Heading 3",
    "Title",
    "Subtitle",
    "List Bullet",
    "List Bullet 2",
    "List Number",
    "List Number 2",
    "Quote",
    "Footnote Text",
    "Footnote Reference",
    "Hyperlink",
)
TOC_STYLES = ("TOC Heading", "TOC 1", "TOC 2", "TOC 3")
FONTS = {"Liberation Serif", "Liberation Sans"}
THEME_FONT_ATTRS = ("asciiTheme", "hAnsiTheme", "eastAsiaTheme", "cstheme")
W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


#: Every released version: the structural tests hold for all of them, not only 1.0.0.
FOLDERS = sorted(path.parent for path in TEMPLATES.glob("*/*/template.docx"))


def template_path(name: str, version: str = CURRENT) -> Path:
    return TEMPLATES / name / version / "template.docx"


def part_xml(path: Path, member: str) -> etree._Element:
    with zipfile.ZipFile(path) as package:
        return etree.fromstring(package.read(member))


def part_names(path: Path) -> list[str]:
    with zipfile.ZipFile(path) as package:
        return package.namelist()


def header_footer_parts(document: Any) -> list[Any]:
    kinds = (RT.HEADER, RT.FOOTER)
    return [rel.target_part for rel in document.part.rels.values() if rel.reltype in kinds]


def all_paragraphs(document: Any) -> list[Any]:
    """Paragraphs of the body (tables included), headers and footers, in order."""
    body = [Paragraph(p, document.part) for p in document.element.body.iter(qn("w:p"))]
    others = [
        Paragraph(p, part)
        for part in header_footer_parts(document)
        for p in part.element.iter(qn("w:p"))
    ]
    return body + others


@pytest.fixture(params=NAMES)
def name(request: pytest.FixtureRequest) -> str:
    return str(request.param)


@pytest.fixture(params=FOLDERS, ids=lambda folder: f"{folder.parent.name}/{folder.name}")
def folder(request: pytest.FixtureRequest) -> Path:
    """A released template version, e.g. ``templates/rapport/1.0.0``."""
    return Path(request.param)


def test_every_template_has_version_1_0_0() -> None:
    assert {(f.parent.name, f.name) for f in FOLDERS} >= {(n, VERSION) for n in NAMES}


# --- structure -----------------------------------------------------------------------


def test_opens_with_python_docx_and_has_required_styles(folder: Path) -> None:
    name = folder.parent.name
    document = docx.Document(str(folder / "template.docx"))
    names = {style.name for style in document.styles}
    required = REQUIRED_STYLES + (TOC_STYLES if name == "rapport" else ())
    missing = [style for style in required if style not in names]
    assert not missing, f"{name} lacks styles {missing}"
    assert document.styles["Footnote Reference"].type == WD_STYLE_TYPE.CHARACTER
    assert document.styles["Footnote Reference"].font.superscript is True
    assert document.styles["Hyperlink"].type == WD_STYLE_TYPE.CHARACTER


def test_headings_keep_with_next(folder: Path) -> None:
    document = docx.Document(str(folder / "template.docx"))
    for level in (1, 2, 3):
        assert document.styles[f"Heading {level}"].paragraph_format.keep_with_next is True


def test_language_is_swedish(folder: Path) -> None:
    name = folder.parent.name
    path = folder / "template.docx"
    styles = part_xml(path, "word/styles.xml")
    lang = styles.find("w:docDefaults/w:rPrDefault/w:rPr/w:lang", NS)
    assert lang is not None
    assert lang.get(qn("w:val")) == "sv-SE"
    assert lang.get(qn("w:eastAsia")) == "sv-SE"
    settings = part_xml(path, "word/settings.xml")
    assert settings.find("w:themeFontLang", NS).get(qn("w:val")) == "sv-SE"
    assert settings.find("w:autoHyphenation", NS) is not None
    update = settings.find("w:updateFields", NS)
    assert (update is not None) == (name == "rapport")


def test_footnotes_part_has_word_separators(folder: Path) -> None:
    path = folder / "template.docx"
    document = docx.Document(str(path))
    footnotes = document.part.part_related_by(RT.FOOTNOTES)
    assert str(footnotes.partname) == "/word/footnotes.xml"
    assert footnotes.content_type.endswith("wordprocessingml.footnotes+xml")
    root = part_xml(path, "word/footnotes.xml")
    notes = {n.get(qn("w:id")): n.get(qn("w:type")) for n in root.findall("w:footnote", NS)}
    assert notes == {"-1": "separator", "0": "continuationSeparator"}
    content_types = part_xml(path, "[Content_Types].xml")
    overrides = {o.get("PartName") for o in content_types}
    assert "/word/footnotes.xml" in overrides


def test_only_declared_fonts_and_no_theme_fonts(folder: Path) -> None:
    path = folder / "template.docx"
    members = [
        m
        for m in part_names(path)
        if m.startswith("word/")
        and m.endswith(".xml")
        and m.split("/")[-1].startswith(("styles", "document", "header", "footer", "numbering"))
    ]
    assert "word/styles.xml" in members
    seen: set[str] = set()
    for member in members:
        for rfonts in part_xml(path, member).iter(qn("w:rFonts")):
            for attr in THEME_FONT_ATTRS:
                assert rfonts.get(qn(f"w:{attr}")) is None, f"{member}: theme font {attr}"
            for attr in ("ascii", "hAnsi", "cs", "eastAsia"):
                value = rfonts.get(qn(f"w:{attr}"))
                if value is not None:
                    seen.add(value)
    manifest = tomllib.loads((path.parent / "manifest.toml").read_text(encoding="utf-8"))
    declared = set(manifest["fonts"])
    assert seen <= declared, f"fonts not in the manifest: {seen - declared}"
    assert declared == FONTS
    defaults = part_xml(path, "word/styles.xml").find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    rfonts = defaults.find("w:rFonts", NS)
    body = {rfonts.get(qn(f"w:{a}")) for a in ("ascii", "hAnsi", "cs", "eastAsia")}
    assert len(body) == 1
    assert body <= declared


def test_page_is_a4(folder: Path) -> None:
    document = docx.Document(str(folder / "template.docx"))
    for section in document.sections:
        assert (section.page_width.twips, section.page_height.twips) == (11906, 16838)


def test_manifest_matches_folder(folder: Path) -> None:
    name = folder.parent.name
    manifest = tomllib.loads((folder / "manifest.toml").read_text(encoding="utf-8"))
    assert manifest["name"] == name
    assert manifest["version"] == folder.name
    assert manifest["renders"] == RENDERS[name]
    assert manifest["description"].strip()
    assert manifest["changelog"][0] == "1.0.0: första versionen"
    assert manifest["changelog"][-1].startswith(f"{folder.name}: ")


def test_core_properties_have_no_tags(folder: Path) -> None:
    props = docx.Document(str(folder / "template.docx")).core_properties
    for value in (props.title, props.author, props.subject, props.comments):
        assert "{" not in (value or "")
    assert not props.title
    assert not props.author


def test_rapport_has_toc_field_and_page_numbers() -> None:
    path = template_path("rapport")
    document = docx.Document(str(path))
    instructions = [t.text for t in document.element.body.iter(qn("w:instrText"))]
    assert any(i.strip().startswith('TOC \\o "1-3"') for i in instructions)
    begin = [
        f
        for f in document.element.body.iter(qn("w:fldChar"))
        if f.get(qn("w:fldCharType")) == "begin"
    ]
    assert begin[0].get(qn("w:dirty")) == "true"
    footers = [p for p in header_footer_parts(document) if "footer" in str(p.partname)]
    assert footers
    footer_instructions = [
        t.text.strip() for p in footers for t in p.element.iter(qn("w:instrText"))
    ]
    assert "PAGE" in footer_instructions
    formats = [s._sectPr.find(qn("w:pgNumType")) for s in document.sections]
    assert [f.get(qn("w:fmt")) if f is not None else None for f in formats] == [
        None,
        "lowerRoman",
        "decimal",
    ]


@pytest.mark.parametrize("name", ["regeringsbeslut", "missiv"])
def test_letters_number_pages_of_total(name: str) -> None:
    document = docx.Document(str(template_path(name)))
    footer = document.sections[0].footer
    instructions = [t.text.strip() for t in footer._element.iter(qn("w:instrText"))]
    assert instructions == ["PAGE", "NUMPAGES"]


def test_no_tag_is_split_across_runs(folder: Path) -> None:
    document = docx.Document(str(folder / "template.docx"))
    for paragraph in all_paragraphs(document):
        runs = [r.text for r in paragraph.runs]
        for run in runs:
            for opening, closing in (("{{", "}}"), ("{%", "%}")):
                assert run.count(opening) == run.count(closing), f"split tag in {run!r}"
        text = "".join(runs)
        for delimiter in ("{{", "}}", "{%", "%}"):
            assert text.count(delimiter) == sum(r.count(delimiter) for r in runs), text


def test_paragraph_tags_stand_alone(folder: Path) -> None:
    """``{{p …}}`` and ``{%p …%}`` are the only text of their paragraph."""
    document = docx.Document(str(folder / "template.docx"))
    for paragraph in all_paragraphs(document):
        text = paragraph.text
        if "{{p " in text or "{%p " in text:
            assert text.strip().startswith(("{{p ", "{%p ")), text
            assert text.count("{{") + text.count("{%") == 1, text


def test_prose_fields_use_paragraph_tags(folder: Path) -> None:
    prose = (
        "assignment.decision",
        "section.body",
        "report.foreword",
        "report.summary",
        "chapter.body",
        "appendix.body",
        "press_release.body",
        "cover_letter.body",
    )
    document = docx.Document(str(folder / "template.docx"))
    for paragraph in all_paragraphs(document):
        for field in prose:
            if re.search(r"\{\{-?\s*" + re.escape(field) + r"(?![\w.])", paragraph.text):
                pytest.fail(f"{field} must be a {{{{p …}}}} paragraph tag: {paragraph.text!r}")


def test_undeclared_variables_are_context_names(folder: Path) -> None:
    name = folder.parent.name
    template = DocxTemplate(str(folder / "template.docx"))
    undeclared = template.get_undeclared_template_variables(jinja_env=make_environment())
    allowed = CONTEXT_NAMES | ({"record"} if RENDERS[name] == "record" else set())
    assert undeclared <= allowed, undeclared - allowed
    assert RENDERS[name] in undeclared


def rendered_text(document: Any) -> str:
    return "\n".join(p.text for p in all_paragraphs(document))


# --- the generator is deterministic ---------------------------------------------------


def canonical_parts(path: Path) -> dict[str, bytes]:
    """Every XML part of a DOCX in canonical form (C14N), keyed by part name."""
    parts = {}
    with zipfile.ZipFile(path) as package:
        for member in package.namelist():
            data = package.read(member)
            parts[member] = etree.tostring(etree.fromstring(data), method="c14n")
    return parts


def test_regenerating_gives_identical_text_and_styles(tmp_path: Path) -> None:
    for run in ("first", "second"):
        result = subprocess.run(
            [sys.executable, str(SCRIPT), "--out", str(tmp_path / run)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    for name in NAMES:
        committed = template_path(name)
        for run in ("first", "second"):
            fresh = tmp_path / run / name / CURRENT / "template.docx"
            fresh_doc, committed_doc = docx.Document(str(fresh)), docx.Document(str(committed))
            assert rendered_text(fresh_doc) == rendered_text(committed_doc)
            assert canonical_parts(fresh) == canonical_parts(committed)
            fresh_manifest = fresh.parent / "manifest.toml"
            assert fresh_manifest.read_text() == (committed.parent / "manifest.toml").read_text()


def test_generator_refuses_to_overwrite_a_release(tmp_path: Path) -> None:
    args = [sys.executable, str(SCRIPT), "--out", str(tmp_path)]
    assert subprocess.run(args, capture_output=True, check=False).returncode == 0
    again = subprocess.run(args, capture_output=True, text=True, check=False)
    assert again.returncode == 1
    assert "never edited" in again.stderr


def test_rapport_recommendations_are_their_own_list() -> None:
    """The recommendations start at 1, not where a numbered list in the prose ended."""
    document = docx.Document(str(template_path("rapport")))
    (item,) = [p for p in document.paragraphs if "{{ rec.text }}" in p.text]
    assert item.style.name == "List Number"
    num_id = item._p.pPr.numPr.numId.val
    style_num_id = item.style.element.pPr.numPr.numId.val
    assert num_id != style_num_id
    numbering = document.part.numbering_part.element
    num = numbering.num_having_numId(num_id)
    assert num.abstractNumId.val == numbering.num_having_numId(style_num_id).abstractNumId.val
    start = num.find(qn("w:lvlOverride")).find(qn("w:startOverride"))
    assert start.get(qn("w:val")) == "1"


# --- 2.0.0: layout without tables, a real headline --------------------------------------


@pytest.mark.parametrize("name", ["regeringsbeslut", "missiv"])
def test_header_blocks_are_not_tables(name: str) -> None:
    """A layout table is tagged as a data table in the PDF and fails PDF/UA-1."""
    body = part_xml(template_path(name), "word/document.xml")
    assert body.findall(".//w:tbl", NS) == []
    document = docx.Document(str(template_path(name)))
    header = [p for p in document.paragraphs if p.style.name == "Brevhuvud"]
    assert header
    stops = document.styles["Brevhuvud"].paragraph_format.tab_stops
    assert [stop.position.twips for stop in stops] == [4252]


def test_press_release_headline_is_a_heading() -> None:
    document = docx.Document(str(template_path("pressmeddelande")))
    (headline,) = [p for p in document.paragraphs if p.text == "{{ document.title }}"]
    assert headline.style.name == "Heading 1"
